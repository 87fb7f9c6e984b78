"""A layout as the reader uses it: dataclasses built from a checked layout file (`loading`,
`builder`), and `LayoutError`, the error of a layout file that cannot be used (file, key)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from wahldaten.formats.errors import SourceError

SCHEMA_FILE = "layout.schema.json"
SHIPPED = "shipped"
REGEX_PREFIX = "re:"  # a value of [rows] written as a regex
LETTERS = ("A", "A1", "A2", "A3", "B", "B1", "C", "D", "E", "F")


class LayoutError(SourceError):
    """A layout file that cannot be used: `layouts.invalid` with the file, the key and why."""

    def __init__(self, path: str, where: str, reason: str) -> None:
        super().__init__("layouts.invalid", path=path, where=where or "-", reason=reason)


@dataclass(frozen=True)
class Column:
    """A source column by its exact name or by a regex over the names."""

    name: str | None = None
    pattern: re.Pattern[str] | None = None

    def matches(self, column: str) -> bool:
        if self.name is not None:
            return column == self.name
        assert self.pattern is not None
        return self.pattern.search(column) is not None

    def describe(self) -> str:
        return (
            self.name
            if self.name is not None
            else f"/{self.pattern.pattern if self.pattern else ''}/"
        )


@dataclass(frozen=True)
class KeyPart:
    """A column's value (sliced, padded), a constant, or the row's ordinal among the rows that
    agree on the other parts."""

    column: Column | None = None
    slice: tuple[int, int] | None = None
    pad: int | None = None
    const: str | None = None
    ordinal: bool = False


@dataclass(frozen=True)
class Key:
    parts: tuple[KeyPart, ...]
    join: str = "-"


@dataclass(frozen=True)
class Art:
    """How bezirk-art is found: a column's values, a name pattern, or inferred."""

    column: Column | None = None
    urn: tuple[str, ...] = ()
    postal: tuple[str, ...] = ()
    name_pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Value:
    """A Wahlparameter value: a constant, a column's first filled value, or a title regex."""

    constant: str | None = None
    column: Column | None = None
    title: re.Pattern[str] | None = None
    file_name: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Area:
    """An area above the Bezirk: its OWD level, key, name column and what the level is called."""

    level: int
    key: Key
    name: Column | None = None
    label: str | None = None


@dataclass(frozen=True)
class Time:
    column: Column
    format: str = "%d.%m.%Y %H:%M:%S"


@dataclass(frozen=True)
class Options:
    vote: str  # "D" or "F"
    pattern: re.Pattern[str]
    name_row: int | None = None
    name_group: str | None = None
    occurrence: int | None = None  # only the n-th column of each repeated name


@dataclass(frozen=True)
class Ignore:
    pattern: re.Pattern[str]
    occurrence: int | None = None


@dataclass(frozen=True)
class Matcher:
    """Values of the row column: exact ones and regexes (`re:`)."""

    exact: frozenset[str] = frozenset()
    regexes: tuple[re.Pattern[str], ...] = ()

    def describe(self) -> list[str]:
        return sorted(self.exact) + [REGEX_PREFIX + r.pattern for r in self.regexes]


@dataclass(frozen=True)
class Total:
    values: Matcher
    members: str | KeyPart = "all"  # "all", "unknown" or the key members share with the total


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    example: str
    path: str  # where the layout was read from, for messages
    description: str = ""
    columns_required: tuple[str, ...] = ()
    patterns_required: tuple[re.Pattern[str], ...] = ()
    title_line: re.Pattern[str] | None = None
    priority: int = 0
    encodings: tuple[str, ...] = ("utf-8",)
    separator: str = ";"
    skip: int = 0
    skip_until: re.Pattern[str] | None = None
    header_rows: int = 1
    name_rows: tuple[int, ...] = (1,)
    join: str = " "
    fill: bool = False
    not_standing: frozenset[str] = frozenset()
    empty: frozenset[str] = frozenset()
    thousands: bool = False
    letters: Mapping[str, Column] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()  # letters whose column may be absent
    ignore: tuple[Ignore, ...] = ()
    options: tuple[Options, ...] = ()
    gs: Key | None = None
    bezirk: Key | None = None
    bezirk_name: Column | None = None
    art: Art = Art()
    row_column: Column | None = None
    bezirk_rows: Matcher | None = None
    skip_rows: Matcher = Matcher()
    totals: tuple[Total, ...] = ()
    date: Value | None = None
    wahl_name: Value | None = None
    authority: Value | None = None
    authority_gs: str | None = None
    kandidat: Key | None = None
    kandidat_name: Column | None = None
    time: Time | None = None
    areas: tuple[Area, ...] = ()
    merged: Column | None = None
    counted: tuple[str, str] | None = None  # (areas counted, areas in all)
