"""What a vendor reader records about a source file: typed facts, from which the K rules detect.

Readers parse and assemble; they do not report. Each format keeps one dataclass of facts per
file (a subclass of `SourceFacts`, stored in `SourceContext.observed`): the rows as read, the
layout it found, the columns it did not carry, where each value it wrote into Wahlparameter came
from, the total rows it left out. The shared K rules (`rules/conversion.py`) read the fields of
`SourceFacts`; a format's own rules read its subclass. Where a reader has to decide whether it
can go on (a layout it does not know, rows it cannot place), the decision is a fact here too, and
the rule reports it.

Frames in facts keep the reader's `__zeile` column (LINE), so that findings point to the
physical line of the source; `AREA` is how a finding names the row (its Bezirk).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvtable import LINE_COLUMN

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

LINE = LINE_COLUMN
AREA = "__area"  # how a finding names a row: its Bezirk, area key or Gebietsnummer
TOTAL = "__total"  # the key of the total a row belongs to (null: the file does not say)
WHAT = "__what"  # what a refused row holds that no layout places
VALUE = "__value"  # a value as the source writes it
RENAMED = "__renamed"  # the key a repeated Bezirk is written under
ELECTORATE = "__electorate"  # the electorate a row carries (K30)
BESIDE = "__beside"  # how many Bezirke without an electorate a row stands beside (K30)


class Origin(StrEnum):
    """Where a value written into OWD comes from."""

    USER = "user"  # an option or metadata file (--datum, --gs, --meta …)
    SOURCE = "source"  # the file's content
    FILE_NAME = "file-name"  # the file or folder name (`…_20250223.csv`)
    DERIVED = "derived"  # computed from other columns of the source (A = A1 + A2 + A3)
    DEFAULT = "default"  # nothing says it: a default was written


@dataclass(frozen=True)
class Written:
    """A value the reader wrote into OWD, and where it comes from (K10 for the assumed ones)."""

    field: str  # the OWD column or Wahlparameter field (`wahl-datum`, `A`)
    value: str  # as written (a formula for derived columns)
    origin: Origin
    column: str | None = None  # the source column it stands for, for the finding's location

    @property
    def assumed(self) -> bool:
        """Neither the file's content nor the user says it."""
        return self.origin not in (Origin.USER, Origin.SOURCE)


@dataclass(frozen=True)
class Rows:
    """Rows of the source a fact is about: a frame with LINE and AREA (and what the fact
    adds), and the source column the fact is about, if one."""

    frame: pl.DataFrame
    column: str | None = None


@dataclass(frozen=True)
class Totals:
    """Total rows of the source left out of OWD, and the rows they total (K05, K06).

    `rows`: one row per total row with LINE, AREA, TOTAL (the key its members carry; null
    where the file does not say which rows it totals: counted as unknown, not checked) and the
    `counts`. `members`: TOTAL and the `counts`, one row per member and total it belongs to (a
    precinct appears under its municipality, its Kreis and its Wahlkreis). `columns` names the
    source column of each count for findings. With `complete`, a total is compared only where
    every member is reported (AKDB writes totals of final results); otherwise with the sum of
    the members reported so far (votemanager adds up the quick reports as they come in).
    """

    rows: pl.DataFrame
    members: pl.DataFrame
    counts: Sequence[str]
    columns: Mapping[str, str] = field(default_factory=dict)
    complete: bool = True


@dataclass(frozen=True)
class HeaderForm:
    """Header fields a format has by design, which are not defects there (no S03, S04): an
    empty name at the end of every line (a trailing `;`), names repeated per pair."""

    empty: frozenset[int] = frozenset()  # 1-based positions of empty names
    repeated: frozenset[str] = frozenset()  # names that repeat

    def allows_empty(self, position: object) -> bool:
        return position in self.empty

    def allows_repeated(self, column: str | None) -> bool:
        return column in self.repeated


@dataclass
class SourceFacts:
    """What every vendor reader records about one source file, for the shared K rules.

    A field left at its default means the reader did not get that far (a refused file has no
    ballot) or the format has no such thing (no total rows).
    """

    display: str
    layout: str = ""  # the title of the layout found
    header_line: int = 1
    header_form: HeaderForm = field(default_factory=HeaderForm)
    # The header: columns every layout has that are missing, columns no layout places (K01).
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # Rows no layout can place (LINE, AREA, WHAT): the file is refused (K01).
    refused: list[Rows] = field(default_factory=list)
    # The rows as read, and which of their columns hold counts (K02, K07).
    raw: pl.DataFrame | None = None
    count_columns: list[str] = field(default_factory=list)
    thousands: bool = False  # `1.413` is a count in this format
    area: str | None = None  # the column of `raw` that names a row in findings
    dropped: list[str] = field(default_factory=list)  # source columns not carried (K09)
    written: list[Written] = field(default_factory=list)  # Wahlparameter and derived (K10)
    totals: Totals | None = None  # total rows beside Bezirke (K05, K06)
    promoted: Rows | None = None  # totals taken as Bezirke, nothing finer (K05)
    # A postal-only election's row of the electorate (A, no votes), kept as a Bezirk (K30).
    electorate_row: Rows | None = None
    # Rows repeating a Bezirk key, written under a suffix (K08): LINE, AREA, VALUE, RENAMED.
    repeated: Rows | None = None
    # The ballot positions found and the name each got (None: none), where names came from.
    names: dict[int, str | None] | None = None
    names_file: str | None = None

    def wrote(self, field: str, value: str, origin: Origin, column: str | None = None) -> str:
        """Record a value written into OWD with its origin; returns the value."""
        self.written.append(Written(field, value, origin, column))
        return value


__all__ = [
    "AREA",
    "BESIDE",
    "ELECTORATE",
    "LINE",
    "RENAMED",
    "TOTAL",
    "VALUE",
    "WHAT",
    "HeaderForm",
    "Origin",
    "Rows",
    "SourceFacts",
    "Totals",
    "Written",
]
