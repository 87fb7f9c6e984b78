"""What the Bundeswahlleiterin readers record besides what every vendor reader records.

The shared fields (`formats/facts.py`: layout, header, refused rows, raw counts, totals,
columns not carried, values written, repeated keys) serve the shared K rules; the fields here
serve the rules of `rules/bundeswahlleiterin.py` (K20–K29, K35). Where a check decides whether a file
can be converted at all (malformed area keys), the reader and the rule apply the same predicate
to the frame recorded here, so that the check is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.bundeswahlleiterin.common import Preamble
from wahldaten.formats.facts import AREA, LINE, WHAT, Rows, SourceFacts

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


def refusal(line: int | None, what: str, column: str | None = None) -> Rows:
    """One refused place of the file that is not a row of values (a header, a whole file)."""
    frame = pl.DataFrame(
        {LINE: [line], AREA: [None], WHAT: [what]},
        schema={LINE: pl.Int64, AREA: pl.String, WHAT: pl.String},
    )
    return Rows(frame, column)


@dataclass
class WahlkreisFacts(SourceFacts):
    """kerg2 and kerg: the preamble's status and the long frame.

    `raw` carries the area key columns of `wahlkreise.py` (art, nr, parent; stripped) beside
    the source's; `long` is the frame of one row per area, group and vote, once every value
    could be read (totals are checked against it: K05, K06; kerg2's percentages: K20).
    """

    # The source column that holds the area number, and whether the source writes the art.
    KEY_COLUMN: ClassVar[str] = "Nr"
    ART_WRITTEN: ClassVar[bool] = False
    # The column findings on the electorate point to.
    ELECTORATE_COLUMN: ClassVar[str] = "Wahlberechtigte"

    status: Preamble | None = None
    long: pl.DataFrame | None = None


@dataclass
class Kerg2Facts(WahlkreisFacts):
    """kerg2.csv: counts in `Anzahl`, percentages beside them (kept in the long frame)."""

    KEY_COLUMN: ClassVar[str] = "Gebietsnummer"
    ART_WRITTEN: ClassVar[bool] = True
    ELECTORATE_COLUMN: ClassVar[str] = "Anzahl"


@dataclass(frozen=True)
class VotePair:
    """A group kerg.csv writes under both votes: its Erst- and its Zweitstimmen column."""

    group: str
    first: str
    second: str


@dataclass
class KergFacts(WahlkreisFacts):
    """kerg.csv: the groups written under both votes (Wahlberechtigte, Wählende: K29)."""

    electorate: list[VotePair] = field(default_factory=list)
    encoding: str = "utf-8"
    votes: int = 2  # how many votes the header distinguishes (1: the 1949 election)


@dataclass
class WbzFacts(SourceFacts):
    """The Wahlbezirksstatistik: `raw` holds the precinct rows with the reader's internal
    column names (`wbz_header.py`) and the counts as written; `precincts` the converted rows
    (counts as integers, only the rows `--gs` selected) with the columns that say how each was
    numbered and linked (`wbz_numbers.py`)."""

    precincts: pl.DataFrame | None = None
