"""The columns of votemanager's result CSV until 2017 (`result_<ebene>.csv`), and their roles.

The header is `Nr;Name;MaxSchnellmeldungen;AnzSchnellmeldungen;Wahlberechtigte;abgegeben;
Wahlbeteiligung;gültigeStimmzettel;gültig;ungültigeStimmzettel;ungültig;gültig2;ungültig2`
followed by one column per party, named by the party (`CDU`), its percentage (`CDU_Proz`) and,
where there is a second vote, `Z_CDU` and `Z_CDU_Proz` (VOTEMANAGER.md, set 2). Percentages
are derived (and written with decimal commas): they are not carried. The file has no date, no
authority key and no election name; every line ends with `;` (an empty last header field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.facts import Rows
from wahldaten.formats.votemanager.facts import VotemanagerFacts

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "votemanager-legacy"
TITLE = "vote iT votemanager Ergebnis-CSV bis 2017 (Nr;Name;MaxSchnellmeldungen;…)"
LAYOUT = "votemanager-legacy"
LAYOUT_TITLE = "Parteien als Spaltennamen (<Partei>, <Partei>_Proz, Z_<Partei>)"

NR, AREA_NAME = "Nr", "Name"
MAX, ANZ = "MaxSchnellmeldungen", "AnzSchnellmeldungen"
FIXED = [NR, AREA_NAME, MAX, ANZ]
# The totals, by their OWD letter: C/D the (first) vote, E/F the second.
LETTERS = {
    "Wahlberechtigte": "A",
    "abgegeben": "B",
    "ungültig": "C",
    "gültig": "D",
    "ungültig2": "E",
    "gültig2": "F",
}
REQUIRED = [*FIXED, "Wahlberechtigte", "abgegeben", "gültig", "ungültig"]
TURNOUT = "Wahlbeteiligung"
# Ballot papers as distinct from votes: empty in every file seen; carried nowhere (K09).
BALLOTS = ("gültigeStimmzettel", "ungültigeStimmzettel")
PERCENT_SUFFIX = "_Proz"
SECOND = "Z_"


def _canonical(name: str) -> str:
    """A column name as exports spell it in any case, `ü` also as `ue` (a re-save's ASCII)."""
    return name.strip().lower().replace("ü", "ue")


_KNOWN = {_canonical(c): c for c in [*FIXED, *LETTERS, TURNOUT, *BALLOTS]}


def spelled(columns: list[str]) -> dict[str, str]:
    """The columns this layout knows that a file spells otherwise (`nr`, `gueltig`) → the
    spelling used here."""
    found = {c: _KNOWN.get(_canonical(c)) for c in columns}
    return {c: known for c, known in found.items() if known is not None and known != c}


def sniff(header: list[str]) -> bool:
    return [_canonical(h) for h in header[:4]] == [_canonical(c) for c in FIXED]


def sniff_text(lines: list[str]) -> bool:
    return bool(lines) and sniff(lines[0].split(";"))


def is_count(column: str) -> bool:
    """Columns the CSV layer may read as integers: every column but names and percentages."""
    known = _KNOWN.get(_canonical(column))
    return known not in (NR, AREA_NAME, TURNOUT) and not column.endswith(PERCENT_SUFFIX)


@dataclass(frozen=True)
class Columns:
    """The roles of a header's columns: OWD name of each count, what is not carried, the
    parties in ballot order, and what no role fits (K01)."""

    rename: dict[str, str]
    dropped: list[str]
    parties: list[str]
    unknown: list[str]
    missing: list[str]
    ballots: list[str]  # read as counts; dropped where empty once "not reported" is applied


def columns_of(names: list[str], empty: set[str]) -> Columns:
    """Assign every column a role. `empty` are the columns without any value.

    A party is a column that is no total, no percentage and no second vote; its position is the
    order of first appearance, shared by its second vote `Z_<party>`. The ballot-paper columns
    are dropped only while empty (the reader decides): a filled one would count something this
    layout cannot place.
    """
    present = set(names)
    two_votes = "gültig2" in present
    rename: dict[str, str] = {c: LETTERS[c] for c in names if c in LETTERS}
    dropped: list[str] = []
    unknown: list[str] = []
    parties: list[str] = []
    for column in names:
        if column in FIXED or column in LETTERS:
            continue
        if column == TURNOUT or column.endswith(PERCENT_SUFFIX):
            dropped.append(column)
        elif column in BALLOTS:
            continue
        elif column.startswith("#"):
            # `#<n>`: a header field without a name (the `;` that ends every line), empty.
            (dropped if column in empty else unknown).append(column)
        elif column.startswith(SECOND):
            party = column[len(SECOND) :]
            if not two_votes:
                unknown.append(column)
            elif party not in parties:
                parties.append(party)
        elif column not in parties:
            parties.append(column)
    position = {party: n for n, party in enumerate(parties, start=1)}
    for column in names:
        if column.startswith(SECOND) and two_votes and column[len(SECOND) :] in position:
            rename[column] = f"F{position[column[len(SECOND) :]]}"
        elif column in position:
            rename[column] = f"D{position[column]}"
    return Columns(
        rename=rename,
        dropped=[c for c in dropped if not c.startswith("#")],
        parties=parties,
        unknown=unknown,
        missing=[c for c in REQUIRED if c not in present],
        ballots=[c for c in BALLOTS if c in present],
    )


@dataclass
class LegacyFacts(VotemanagerFacts):
    """What the legacy reader records, besides what the votemanager reader records (K04):
    the rows not reported yet whose zeros were read as empty (K37), and whether the electorate
    came without its parts A1-A3, left empty (K38)."""

    not_reported: Rows | None = None
    electorate_only: bool = False
    # The source column each OWD count came from, for locating findings.
    sources: dict[str, str] = field(default_factory=dict)
