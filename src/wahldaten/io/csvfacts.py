"""One CSV file as read (`CsvTable`) and what reading it found about the file, as typed facts.

The reader does not report: it records what it saw (an encoding it had to fall back from, a
BOM, blank lines, rows with another number of fields, header names that are empty, padded or
repeated, values with whitespace at an edge), and the rules turn these facts into findings
(rules/reading.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

LINE_COLUMN = "__zeile"  # the physical line of each row of a table's frame
# Columns of the fact frames (the physical line of a row, and what it holds).
LINE = "line"
FOUND = "found"
COLUMN = "column"
VALUE = "value"


@dataclass(frozen=True)
class Misencoding:
    """The file is not UTF-8: the first bad byte, and what the rest was read as."""

    encoding: str  # "UTF-16", "Windows-1252" or "ISO-8859-1"
    byte: str  # the bad bytes in hex
    line: int
    position: int  # 1-based column of the byte in its line


@dataclass(frozen=True)
class Binary:
    """The file holds a NUL byte: not a text file."""

    line: int
    offset: int  # byte offset of the first NUL


@dataclass(frozen=True)
class BrokenQuoting:
    """The exact scan stopped at a quote it could not read past."""

    line: int
    detail: str


@dataclass(frozen=True)
class HeaderName:
    """A header field that is empty, padded with whitespace or repeated."""

    position: int  # 1-based
    raw: str  # as written
    name: str  # as used (stripped)


@dataclass(frozen=True)
class Ambiguous:
    """A file separated by commas whose row has more fields than its header: unquoted decimal
    commas (`45,81`) or commas in names cannot be told from separators, so it is not read."""

    line: int
    expected: int
    found: int


@dataclass
class Resave:
    """What a spreadsheet changed when it saved the file, and how it was read all the same.
    Recorded only where a reader asked for it (`read_csv_table(resaved=True)`)."""

    separator: str | None = None  # F15: the separator read instead of `;` ("," or "Tab")
    encoding: Misencoding | None = None  # F16: not UTF-8; read as `encoding.encoding`
    stray_boms: list[int] = field(default_factory=list)  # F17: lines starting with a BOM
    ambiguous: Ambiguous | None = None  # F18: a comma file whose rows cannot be split


@dataclass
class CsvFacts:
    """Everything the CSV reader noticed about one file."""

    misencoding: Misencoding | None = None  # F01
    bom: bool = False  # F02
    blank_lines: list[int] = field(default_factory=list)  # F04
    separator: str | None = None  # F06: the separator the header seems to use instead of `;`
    # F07: rows with another number of fields than the header: LINE and FOUND, and the width.
    ragged: pl.DataFrame | None = None
    width: int = 0
    broken_quoting: BrokenQuoting | None = None  # F08
    header_only: bool = False  # F10: a header, no data rows
    empty: bool = False  # F11
    binary: Binary | None = None  # F12
    empty_names: list[HeaderName] = field(default_factory=list)  # S04
    padded_names: list[HeaderName] = field(default_factory=list)  # S05
    repeated_names: list[HeaderName] = field(default_factory=list)  # S03: the later ones
    # T11: values with whitespace at an edge (stripped in the frame): LINE, COLUMN, VALUE.
    padded_values: pl.DataFrame | None = None
    resave: Resave = field(default_factory=Resave)  # F15-F18

    def short_rows(self) -> pl.DataFrame | None:
        """The rows with fewer fields than the header (LINE, FOUND), None if there are none.
        Their missing cells are read as empty; whether a row may end early is for the rules
        to decide (F07, F14)."""
        if self.ragged is None:
            return None
        short = self.ragged.filter(pl.col(FOUND) < self.width)
        return short if short.height else None


@dataclass
class CsvTable:
    """One CSV file as read: its frame (text columns, Int64 where proven plain integers, the
    line numbers in `__zeile`), its raw header, and the facts about the file."""

    display: str
    frame: pl.DataFrame
    header: list[str]
    header_line: int = 1
    usable: bool = True
    facts: CsvFacts = field(default_factory=CsvFacts)
    # The column names of `frame`, remembered for the frame they were read from: polars builds
    # the list anew on each access, which costs milliseconds for a header of 100,000 names.
    _names: tuple[object, list[str], frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _frame_names(self) -> tuple[list[str], frozenset[str]]:
        if self._names is None or self._names[0] is not self.frame:
            names = self.frame.columns
            self._names = (self.frame, [c for c in names if c != LINE_COLUMN], frozenset(names))
        return self._names[1], self._names[2]

    @property
    def columns(self) -> list[str]:
        return list(self._frame_names()[0])

    def has(self, column: str) -> bool:
        return column in self._frame_names()[1]


def header_names(header: list[str]) -> list[str]:
    """Canonical, unique frame column names for a raw header: an empty name becomes
    `#<position>`, a repeated one `<name>#<position>`, a padded one is used stripped."""
    return _classified(header)[0]


def set_header(table: CsvTable, header: list[str], header_line: int) -> list[str]:
    """Record the header, its line and what is odd about its names; the frame's column names."""
    names, empty, padded, repeated = _classified(header)
    table.header = header
    table.header_line = header_line
    facts = table.facts
    facts.empty_names, facts.padded_names, facts.repeated_names = empty, padded, repeated
    return names


def _classified(
    header: list[str],
) -> tuple[list[str], list[HeaderName], list[HeaderName], list[HeaderName]]:
    names: list[str] = []
    empty: list[HeaderName] = []
    padded: list[HeaderName] = []
    repeated: list[HeaderName] = []
    seen: set[str] = set()
    for index, raw in enumerate(header, start=1):
        name = raw.strip()
        if not name:
            empty.append(HeaderName(index, raw, name))
            name = f"#{index}"
        elif name != raw:
            padded.append(HeaderName(index, raw, name))
        if name in seen:
            repeated.append(HeaderName(index, raw, name))
            name = f"{name}#{index}"
        seen.add(name)
        names.append(name)
    return names, empty, padded, repeated
