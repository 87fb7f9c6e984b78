"""The structure of an election: how many votes, on which ballots, what the letters count.

German elections fill the same result letters (A–F, D<n>, F<n>) with different meanings: in a
Bundestag export B = C + D = E + F; on Bavaria's two separate papers only B ≥ C + D; in a
Baden-Württemberg council election D counts valid *ballots* and E valid *votes*. An
`ElectionStructure` states these facts once per package, with the source of each, and lists the
identities that hold (`identities()`), so that rules read them instead of guessing from columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from wahldaten.core import structure_identities as ids
from wahldaten.core.structure_identities import VALID_BALLOTS, Identity


class Source(StrEnum):
    """Where an attribute of the structure comes from, so that the report can say why."""

    COLUMNS = "columns"  # the columns of Wahlergebnisse
    AREAS = "areas"  # the values of stimmzettel-gebiet-nr
    BALLOT = "ballot"  # the options of the Stimmzettel (Ja/Nein)
    COUNTS = "counts"  # the counts (votes only on postal Bezirke)
    WAHLPARAMETER = "wahlparameter"  # wahl-bezeichnung
    STATED = "stated"  # the structure columns of Wahlparameter (OWD 0.4)
    WAHL_NAME = "wahl-name"
    LAND = "land"  # the Land of wahl-behoerde-gs with the kind of election
    STATUS = "status"  # a counting status the source states (kerg: vorläufig, endgültig)
    USER = "user"  # stated in config or on the command line
    DEFAULT = "default"  # nothing told otherwise


class Stage(StrEnum):
    """Which result is checked: election night (counting may be incomplete) or the final one."""

    ELECTION_NIGHT = "election-night"
    FINAL = "final"


class Scheme(StrEnum):
    """The voting scheme, the part of the structure that decides the identities."""

    ONE_VOTE = "one-vote"
    TWO_VOTES = "two-votes"  # two votes on one ballot (Bundestag)
    TWO_BALLOTS = "two-ballots"  # two votes on separate ballot papers (Bavarian Landtag)
    CUMULATIVE = "cumulative"  # several votes per ballot (kumulieren/panaschieren)
    REFERENDUM = "referendum"  # Ja/Nein as two ballot positions


# The single letters in the order of the Schnellmeldung form.
LETTER_ORDER = ("A1", "A2", "A3", "A", "B", "B1", "B2", "C", VALID_BALLOTS, "D", "E", "F")
ATTRIBUTES = (
    "votes",
    "separate_ballots",
    "votes_per_ballot",
    "ballots_column",
    "votes_column",
    "list_only_votes",
    "b1_b2_distinct",
    "ballot_areas",
    "several_ballots",
    "postal_only",
    "referendum",
    "stage",
)


@dataclass(frozen=True)
class ElectionStructure:
    """The structure of one election. The defaults describe the plain one-vote election.

    - `votes`: votes per voter, 1 or 2 (Erst- and Zweitstimme: C/D and E/F).
    - `separate_ballots`: the two votes are cast on separate ballot papers.
    - `votes_per_ballot`: 1; or several (cumulative voting, N = seats); None = several, number
      unknown.
    - `ballots_column`: the column counting valid ballots (`D`; `GUELTIGE-STIMMZETTEL` in Lower
      Saxony; None where the export does not give it: then it is B − C).
    - `votes_column`: the column counting valid votes (`D`; `E` in Baden-Württemberg council
      exports; None where the export does not give it). Equal to `ballots_column` where a
      ballot carries one vote.
    - `list_only_votes`: votes for a list as a whole, `D<n>_liste` (Lower Saxony).
    - `b1_b2_distinct`: B1 and B2 are two different counts (Baden-Württemberg), not synonyms.
    - `ballot_areas`: the distinct `stimmzettel-gebiet-nr` values; `several_ballots`: the
      Bezirke vote on different ballots (Bezirksvertretung), so a result row may end after the
      last option of its own ballot.
    - `postal_only`: held entirely by post: the electorate on a pseudo-row, the votes on postal
      Bezirke with A = 0.
    - `stage`: election night or final result.
    - `sources`: per attribute name (see ATTRIBUTES), where it comes from.
    """

    votes: int = 1
    separate_ballots: bool = False
    votes_per_ballot: int | None = 1
    ballots_column: str | None = "D"
    votes_column: str | None = "D"
    list_only_votes: bool = False
    b1_b2_distinct: bool = False
    ballot_areas: tuple[str, ...] = ()
    several_ballots: bool = False
    postal_only: bool = False
    referendum: bool = False
    stage: Stage = Stage.ELECTION_NIGHT
    sources: tuple[tuple[str, Source], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.votes not in (1, 2):
            raise ValueError(f"votes per voter must be 1 or 2, not {self.votes}")
        if self.separate_ballots and self.votes != 2:
            raise ValueError("separate ballot papers need two votes")
        if self.votes_per_ballot is not None and self.votes_per_ballot < 1:
            raise ValueError(f"votes per ballot must be at least 1, not {self.votes_per_ballot}")
        if not self.cumulative and self.ballots_column != self.votes_column:
            raise ValueError(
                "with one vote per ballot, valid ballots and valid votes are one count"
            )
        unknown = {name for name, _ in self.sources} - set(ATTRIBUTES)
        if unknown:
            raise ValueError(f"sources for unknown attributes: {sorted(unknown)}")

    # --- facts ---------------------------------------------------------------------------

    @property
    def cumulative(self) -> bool:
        """Several votes per ballot (kumulieren/panaschieren)."""
        return self.votes_per_ballot != 1

    @property
    def scheme(self) -> Scheme:
        if self.cumulative:
            return Scheme.CUMULATIVE
        if self.votes == 2:
            return Scheme.TWO_BALLOTS if self.separate_ballots else Scheme.TWO_VOTES
        return Scheme.REFERENDUM if self.referendum else Scheme.ONE_VOTE

    @property
    def final(self) -> bool:
        return self.stage is Stage.FINAL

    @property
    def rows_may_end_early(self) -> bool:
        """Result rows may end after the last option of their own ballot (several ballots)."""
        return self.several_ballots

    def source(self, attribute: str) -> Source:
        """Where an attribute comes from; DEFAULT where nothing was recorded."""
        if attribute not in ATTRIBUTES:
            raise KeyError(attribute)
        return dict(self.sources).get(attribute, Source.DEFAULT)

    # --- identities ----------------------------------------------------------------------

    def identities(self) -> tuple[Identity, ...]:
        """The identities that hold in this structure, in the order of the letters."""
        found = [ids.electorate(), ids.wahlschein(b2_is_synonym=not self.b1_b2_distinct)]
        if self.b1_b2_distinct:
            found.append(ids.wahlschein_b2())
        if self.cumulative:
            if self.ballots_column is not None:
                found.append(ids.ballots(self.ballots_column))
            if self.votes_column is not None:
                found.append(ids.valid_votes(self.votes_column))
            found.append(ids.list_votes(list_only_votes=self.list_only_votes))
            if self.votes_column is not None:
                found.append(ids.votes_min(self.votes_column, self.ballots_column))
                if self.votes_per_ballot is not None:
                    found.append(
                        ids.votes_max(self.votes_column, self.ballots_column, self.votes_per_ballot)
                    )
        else:
            found += [ids.ballots(separate=self.separate_ballots), ids.valid_votes()]
        if self.votes == 2:
            found += [ids.second_ballots(separate=self.separate_ballots), ids.valid_second_votes()]
            if self.separate_ballots:
                found.append(ids.second_list_votes())
        return tuple(found)

    @property
    def letters(self) -> tuple[str, ...]:
        """The single count columns (no option columns) that a complete result row carries in
        this structure, in the order of the form: what completeness rules expect."""
        names = {
            t.name
            for i in self.identities()
            for t in i.terms
            if isinstance(t, ids.Column) and "{" not in t.name
        }
        return tuple(sorted(names, key=lambda n: LETTER_ORDER.index(n)))

    def identity(self, name: str) -> Identity | None:
        """The identity of that name in this structure (None: it does not hold here)."""
        return next((i for i in self.identities() if i.name == name), None)


IDENTITY_NAMES = (
    "electorate",
    "wahlschein",
    "wahlschein-b2",
    "ballots",
    "valid-votes",
    "list-votes",
    "votes-min",
    "votes-max",
    "second-ballots",
    "valid-second-votes",
    "second-list-votes",
)

# Examples of each structure, by name: the documentation and the fixtures show these.
EXAMPLES: dict[str, ElectionStructure] = {
    "one-vote": ElectionStructure(),
    "two-votes": ElectionStructure(votes=2),
    "two-ballots": ElectionStructure(votes=2, separate_ballots=True),
    "council-bw": ElectionStructure(
        votes_per_ballot=48, ballots_column="D", votes_column="E", b1_b2_distinct=True
    ),
    "council-nds": ElectionStructure(
        votes_per_ballot=3, ballots_column=VALID_BALLOTS, votes_column="D", list_only_votes=True
    ),
    "council-hessen": ElectionStructure(votes_per_ballot=71, ballots_column=None),
    "referendum": ElectionStructure(referendum=True),
    "postal-only": ElectionStructure(postal_only=True),
    "several-ballots": ElectionStructure(ballot_areas=("1", "2", "3"), several_ballots=True),
}
