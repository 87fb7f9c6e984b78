"""Deriving the structure of an election from plain facts of its package.

The columns of Wahlergebnisse tell most (E/F: two votes; `GUELTIGE-STIMMZETTEL`, `D<n>_<k>`:
several votes per ballot); the Land of `wahl-behoerde-gs` with the kind of election (from
`wahl-name` or `wahl-bezeichnung`) tells what the letters mean where exports differ by law
(Baden-Württemberg councils, Bavaria's two ballot papers); the ballot areas, the options and the
counts tell the rest. What the user states wins. No dependency above core: callers hand plain
values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import GS, NAME
from wahldaten.core.structure_identities import VALID_BALLOTS
from wahldaten.core.structure_model import ATTRIBUTES, ElectionStructure, Source, Stage
from wahldaten.core.structure_statement import StructureStatement

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

DATUM = "wahl-datum"
BEZEICHNUNG = "wahl-bezeichnung"
# The structure columns of Wahlparameter in OWD 0.4.
VOTES = "stimmen-anzahl"
SEPARATE = "stimmzettel-getrennt"
VOTES_PER_BALLOT = "stimmen-je-stimmzettel"
RESULT_STATUS = "ergebnis-status"
SECOND_OPTION = re.compile(r"^F[1-9][0-9]*$")
CANDIDATE = re.compile(r"^D[1-9][0-9]*_[1-9][0-9]*$")
LIST_BALLOTS = re.compile(r"^D[1-9][0-9]*_(?:unveraendert|veraendert)$")
LIST_ONLY = re.compile(r"^D[1-9][0-9]*_liste$")
KEY = re.compile(r"^[0-9]{8}(?:[0-9]{4})?$")

# Words of wahl-name / wahl-bezeichnung (lower case, umlauts written out) per kind of election.
WORDS = {
    "council": (
        "gemeinderat",
        "stadtrat",
        "kreistag",
        "kreiswahl",
        "kreisrat",
        "ortschaftsrat",
        "ortsrat",
        "ortsbeirat",
        "stadtverordnet",
        "gemeindevertret",
        "regionsversammlung",
        "regionalversammlung",
        "regionswahl",
        "gemeindewahl",
        "ratswahl",
        "des rates",
    ),
    "parliament": ("landtag", "bezirkstag", "bezirkswahl"),
    "referendum": ("entscheid", "abstimmung"),
    "district-councils": ("bezirksvertretung",),
    "runoff": ("stichwahl",),
    "head": ("buergermeister", "landrat", "oberbuergermeister"),
}
# Länder whose council elections give several votes per ballot, with their number where the
# law fixes it (3 in Lower Saxony and the eastern Länder); None: as many as seats.
COUNCIL_VOTES: dict[str, int | None] = {
    "03": 3,
    "06": None,
    "07": None,
    "08": None,
    "09": None,
    "12": 3,
    "13": 3,
    "14": 3,
    "15": 3,
    "16": 3,
}
BADEN_WUERTTEMBERG = "08"
BAVARIA = "09"
# Bavaria held the run-offs of 29 March 2020 entirely by post (pandemic).
POSTAL_RUNOFF_DATE = "29.03.2020"
POSTAL_ARTS = ("B",)
FINAL_STATUS = ("endg", "final", "amtlich")
NIGHT_STATUS = ("vorl", "provisional", "preliminary", "schnellmeldung", "zwischen")


def _plain(text: str) -> str:
    lowered = text.lower()
    for umlaut, written in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, written)
    return lowered


def _parameters(wahlparameter: Mapping[str, Any] | pl.DataFrame | None) -> dict[str, str]:
    if wahlparameter is None:
        return {}
    if isinstance(wahlparameter, Mapping):
        row = dict(wahlparameter)
    else:
        row = wahlparameter.row(0, named=True) if wahlparameter.height else {}
    return {str(k): str(v) for k, v in row.items() if v is not None}


class _Facts:
    """What the plain inputs say, and where each fact comes from."""

    def __init__(self, columns: Sequence[str], params: Mapping[str, str]) -> None:
        self.present = set(columns)
        name, title = _plain(params.get(NAME, "")), _plain(params.get(BEZEICHNUNG, ""))
        self.kinds: dict[str, Source] = {}
        for kind, words in WORDS.items():
            if any(w in name for w in words):
                self.kinds[kind] = Source.WAHL_NAME
            elif any(w in title for w in words):
                self.kinds[kind] = Source.WAHLPARAMETER
        authority = params.get(GS, "").strip()
        self.land = authority[:2] if KEY.match(authority) else None
        self.datum = params.get(DATUM, "").strip()
        self.candidates = any(CANDIDATE.match(c) or LIST_BALLOTS.match(c) for c in columns)
        self.second = "F" in self.present or any(SECOND_OPTION.match(c) for c in columns)

    @property
    def council(self) -> bool:
        return "council" in self.kinds and not {"head", "runoff"} & set(self.kinds)


def derive(
    columns: Sequence[str],
    *,
    wahlparameter: Mapping[str, Any] | pl.DataFrame | None = None,
    wahl_name: str | None = None,
    gs: str | None = None,
    wahl_datum: str | None = None,
    ballot_areas: Iterable[str | None] = (),
    options: Iterable[str | None] = (),
    voters_by_art: Mapping[str, int | None] | None = None,
    status: str | None = None,
    statement: StructureStatement | None = None,
    final: bool | None = None,
) -> ElectionStructure:
    """The structure of an election from plain inputs.

    `columns`: the column names of Wahlergebnisse. `wahlparameter`: its one row (mapping or
    frame); `wahl_name`, `gs`, `wahl_datum` override its values. `ballot_areas`: the values of
    `stimmzettel-gebiet-nr` in Wahlgebietseinteilungen. `options`: the `partei-kurzname` values of
    the Stimmzettel. `voters_by_art`: Σ B per `bezirk-art` over reported rows (None where no row
    of that kind reported). `status`: a counting status the source states (kerg's
    "vorläufig"/"endgültig"). `statement`, `final`: what the user stated, which wins.
    """
    params = _parameters(wahlparameter)
    for key, value in ((NAME, wahl_name), (GS, gs), (DATUM, wahl_datum)):
        if value is not None:
            params[key] = value
    facts = _Facts(columns, params)
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}

    def put(attribute: str, value: Any, source: Source) -> None:
        values[attribute] = value
        sources[attribute] = source

    _derive_counting(facts, put)
    _derive_votes(facts, values, put)
    _derive_ballots(facts, ballot_areas, options, values, put)
    _derive_postal(facts, voters_by_art, put)
    # A converted source's status first, else the package's own (OWD 0.4 `ergebnis-status`).
    if status is None and params.get(RESULT_STATUS):
        _derive_stage(params[RESULT_STATUS], final, put, Source.STATED)
    else:
        _derive_stage(status, final, put)
    stated = _stated(params)
    if stated is not None:  # OWD 0.4 states the structure; the user still wins
        _apply_statement(stated, values, put, Source.STATED)
    if statement is not None:
        _apply_statement(statement, values, put)
    return ElectionStructure(**values, sources=tuple((a, sources[a]) for a in ATTRIBUTES))


Put = Callable[[str, Any, Source], None]  # records an attribute with its source


def _counting(put: Put, source: Source, per_ballot: int | None, ballots: Any, votes: Any) -> None:
    put("votes_per_ballot", per_ballot, source)
    put("ballots_column", ballots, source)
    put("votes_column", votes, source)


def _derive_counting(facts: _Facts, put: Put) -> None:
    """Several votes per ballot, and which columns count valid ballots and valid votes."""
    land_votes = COUNCIL_VOTES.get(facts.land or "") if facts.council else None
    by_land = facts.council and facts.land in COUNCIL_VOTES
    if VALID_BALLOTS in facts.present:  # Lower Saxony's extension column
        per_ballot_source = Source.LAND if land_votes is not None else Source.COLUMNS
        _counting(put, Source.COLUMNS, land_votes, VALID_BALLOTS, "D")
        put("votes_per_ballot", land_votes, per_ballot_source)
    elif facts.land == BADEN_WUERTTEMBERG and facts.council:
        # D = valid ballots, E = valid votes (= Σ D<n>), no F.
        votes = "E" if "E" in facts.present else None
        _counting(put, Source.LAND, None, "D", votes)
    elif facts.candidates or by_land:
        source = Source.COLUMNS if facts.candidates else Source.LAND
        ballots, votes = None, "D"
        # E without F beside candidate votes counts the votes (in Bavaria: the ballots cast).
        if facts.candidates and "E" in facts.present and not facts.second and facts.land != BAVARIA:
            ballots, votes = "D", "E"
        _counting(put, source, land_votes, ballots, votes)
        if land_votes is not None:
            put("votes_per_ballot", land_votes, Source.LAND)
    else:
        _counting(put, Source.COLUMNS, 1, "D", "D")
    put("list_only_votes", any(LIST_ONLY.match(c) for c in facts.present), Source.COLUMNS)
    distinct = {"B1", "B2"} <= facts.present and facts.land == BADEN_WUERTTEMBERG and facts.council
    put("b1_b2_distinct", distinct, Source.LAND if distinct else Source.COLUMNS)


def _derive_votes(facts: _Facts, values: Mapping[str, Any], put: Put) -> None:
    if facts.land == BAVARIA and "parliament" in facts.kinds:
        put("votes", 2, Source.LAND)
        put("separate_ballots", True, Source.LAND)
        return
    cumulative = values["votes_per_ballot"] != 1
    second = facts.second or ("E" in facts.present and not cumulative)
    put("votes", 2 if second else 1, Source.COLUMNS)
    put("separate_ballots", False, Source.DEFAULT)


def _derive_ballots(
    facts: _Facts,
    ballot_areas: Iterable[str | None],
    options: Iterable[str | None],
    values: Mapping[str, Any],
    put: Put,
) -> None:
    areas = tuple(sorted({a.strip() for a in ballot_areas if a and a.strip()}, key=_natural))
    put("ballot_areas", areas, Source.AREAS)
    if len(areas) > 1:
        put("several_ballots", True, Source.AREAS)
    elif "district-councils" in facts.kinds:
        put("several_ballots", True, facts.kinds["district-councils"])
    else:
        put("several_ballots", False, Source.AREAS)
    answers = {_plain(o.strip()) for o in options if o and o.strip()}
    plain_vote = values["votes"] == 1 and values["votes_per_ballot"] == 1
    if plain_vote and answers == {"ja", "nein"}:
        put("referendum", True, Source.BALLOT)
    elif plain_vote and "referendum" in facts.kinds:
        put("referendum", True, facts.kinds["referendum"])
    else:
        put("referendum", False, Source.BALLOT if answers else Source.DEFAULT)


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (1 << 62, text)


def _derive_postal(facts: _Facts, voters_by_art: Mapping[str, int | None] | None, put: Put) -> None:
    if voters_by_art:
        postal = sum(v or 0 for a, v in voters_by_art.items() if a in POSTAL_ARTS)
        urn = [v for a, v in voters_by_art.items() if a not in POSTAL_ARTS and v is not None]
        if postal > 0 and urn and sum(urn) == 0:
            put("postal_only", True, Source.COUNTS)
            return
    if facts.land == BAVARIA and "runoff" in facts.kinds and facts.datum == POSTAL_RUNOFF_DATE:
        put("postal_only", True, Source.LAND)
        return
    put("postal_only", False, Source.COUNTS if voters_by_art else Source.DEFAULT)


def _derive_stage(
    status: str | None, final: bool | None, put: Put, by: Source = Source.STATUS
) -> None:
    if final is not None:
        put("stage", Stage.FINAL if final else Stage.ELECTION_NIGHT, Source.USER)
        return
    text = _plain(status or "")
    if any(word in text for word in FINAL_STATUS):
        put("stage", Stage.FINAL, by)
    elif any(word in text for word in NIGHT_STATUS):
        put("stage", Stage.ELECTION_NIGHT, by)
    else:
        put("stage", Stage.ELECTION_NIGHT, Source.DEFAULT)


def _stated(params: Mapping[str, str]) -> StructureStatement | None:
    """The structure the Wahlparameter of an OWD 0.4 package states (empty = not stated; a
    value the schema rejects is T07's/T09's and ignored here)."""
    votes = params.get(VOTES, "").strip()
    per_ballot = params.get(VOTES_PER_BALLOT, "").strip()
    stated = StructureStatement(
        votes=int(votes) if votes in ("1", "2") else None,
        separate_ballots={"J": True, "N": False}.get(params.get(SEPARATE, "").strip()),
        votes_per_ballot=int(per_ballot) if per_ballot.isdigit() and int(per_ballot) else None,
    )
    return None if stated.empty else stated


def _apply_statement(
    statement: StructureStatement, values: dict[str, Any], put: Put, by: Source = Source.USER
) -> None:
    if statement.votes is not None:
        put("votes", statement.votes, by)
        if statement.votes == 1:
            put("separate_ballots", False, by)
    if statement.separate_ballots is not None:
        put("separate_ballots", statement.separate_ballots, by)
        if statement.separate_ballots:
            put("votes", 2, by)
    per_ballot = statement.votes_per_ballot
    if per_ballot == 1:
        _counting(put, by, 1, "D", "D")
        put("list_only_votes", False, by)
    elif per_ballot is not None:
        if values["votes_per_ballot"] == 1:  # the data showed one vote: D counts the votes
            _counting(put, by, per_ballot, None, "D")
        put("votes_per_ballot", per_ballot, by)
    if statement.postal_only is not None:
        put("postal_only", statement.postal_only, by)
    if statement.several_ballots is not None:
        put("several_ballots", statement.several_ballots, by)
    if values["votes_per_ballot"] != 1 or values["votes"] == 2:
        values["referendum"] = False


def with_stage(structure: ElectionStructure, final: bool) -> ElectionStructure:
    """The same structure with the stage stated by the user (`--final`)."""
    sources = {**dict(structure.sources), "stage": Source.USER}
    stage = Stage.FINAL if final else Stage.ELECTION_NIGHT
    return replace(structure, stage=stage, sources=tuple(sources.items()))
