"""A layout as the reader uses it: the TOML file, checked against its schema, as dataclasses.

`load` reads a layout file (a shipped one or a user's own): TOML syntax, then the JSON Schema
(`layout.schema.json`, shipped in the package), then what a schema cannot say (regexes that
compile, a name row within the header rows). Every problem is a `LayoutError` naming the file
and the key (`columns.A`), never a traceback.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

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


@functools.cache
def schema() -> dict[str, Any]:
    """The layout format's JSON Schema, as shipped in the package."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _where(path: Sequence[object]) -> str:
    return ".".join(str(p) for p in path)


def validate(document: Mapping[str, Any], display: str) -> None:
    """Raise LayoutError for the first place where the document breaks the schema."""
    import jsonschema  # a dependency; loaded only when a layout is read

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: (len(e.path), _where(e.path)))
    if errors:
        error = jsonschema.exceptions.best_match(errors) or errors[0]
        raise LayoutError(display, _where(error.absolute_path), error.message)


class _Builder:
    """Turns a schema-valid document into a Layout; regexes are compiled with their key."""

    def __init__(self, document: Mapping[str, Any], display: str) -> None:
        self.document = document
        self.display = display

    def regex(self, value: str, where: str) -> re.Pattern[str]:
        try:
            return re.compile(value)
        except re.error as error:
            raise LayoutError(self.display, where, f"{value!r}: {error}") from None

    def column(self, value: str | Mapping[str, str], where: str) -> Column:
        if isinstance(value, str):
            return Column(name=value)
        if "column" in value:
            return Column(name=value["column"])
        return Column(pattern=self.regex(value["pattern"], f"{where}.pattern"))

    def part(self, value: Mapping[str, Any], where: str) -> KeyPart:
        cut = value.get("slice")
        if cut is not None and cut[0] >= cut[1]:
            raise LayoutError(self.display, f"{where}.slice", f"{cut}: start ≥ stop")
        column = (
            self.column({k: v for k, v in value.items() if k in ("column", "pattern")}, where)
            if "column" in value or "pattern" in value
            else None
        )
        return KeyPart(
            column,
            (int(cut[0]), int(cut[1])) if cut is not None else None,
            value.get("pad"),
            value.get("const"),
            bool(value.get("ordinal", False)),
        )

    def key(self, value: Mapping[str, Any] | None, where: str) -> Key | None:
        if value is None:
            return None
        if "parts" in value:
            parts = tuple(self.part(p, f"{where}.parts.{i}") for i, p in enumerate(value["parts"]))
            return Key(parts, value.get("join", "-"))
        return Key((self.part(value, where),))

    def matcher(self, values: Sequence[str], where: str) -> Matcher:
        exact = frozenset(v for v in values if not v.startswith(REGEX_PREFIX))
        regexes = tuple(
            self.regex(v.removeprefix(REGEX_PREFIX), f"{where}.{i}")
            for i, v in enumerate(values)
            if v.startswith(REGEX_PREFIX)
        )
        return Matcher(exact, regexes)

    def value(self, value: str | Mapping[str, str] | None, where: str) -> Value | None:
        if value is None:
            return None
        if isinstance(value, str):
            return Value(constant=value)
        if "title" in value:
            pattern = self.regex(value["title"], f"{where}.title")
            if not pattern.groupindex:
                raise LayoutError(self.display, f"{where}.title", "no named group (?P<…>)")
            return Value(title=pattern)
        return Value(column=self.column(value, where))

    def options(self, blocks: Sequence[Mapping[str, Any]], rows: int) -> tuple[Options, ...]:
        built = []
        for i, block in enumerate(blocks):
            where = f"options.{i}"
            pattern = self.regex(block["pattern"], f"{where}.pattern")
            name_row, group = block.get("name_row"), block.get("name_group")
            if name_row is not None and name_row > rows:
                raise LayoutError(self.display, f"{where}.name_row", f"{name_row} > header.rows")
            if group is not None and group not in pattern.groupindex:
                raise LayoutError(self.display, f"{where}.name_group", f"no group {group!r}")
            built.append(Options(block["vote"], pattern, name_row, group, block.get("occurrence")))
        return tuple(built)

    def art(self, value: Mapping[str, Any] | None) -> Art:
        if value is None:
            return Art()
        column = None
        if "column" in value or "pattern" in value:
            column = self.column(
                {k: v for k, v in value.items() if k in ("column", "pattern")}, "keys.art"
            )
        name_pattern = value.get("name_pattern")
        return Art(
            column,
            tuple(value.get("urn", ())),
            tuple(value.get("postal", ())),
            self.regex(name_pattern, "keys.art.name_pattern") if name_pattern else None,
        )

    def build(self) -> Layout:
        d = self.document
        meta, recognise = d["layout"], d["recognise"]
        file, header, values = d.get("file", {}), d.get("header", {}), d.get("values", {})
        columns, keys, rows = d["columns"], d.get("keys", {}), d.get("rows", {})
        election = d.get("election", {})
        header_rows = header.get("rows", 1)
        name_rows = tuple(header.get("names", [1]))
        if max(name_rows) > header_rows:
            raise LayoutError(self.display, "header.names", f"{list(name_rows)} > header.rows")
        title = recognise.get("title")
        skip_until = file.get("skip_until")
        return Layout(
            name=meta["name"],
            title=meta["title"],
            example=meta["example"],
            path=self.display,
            description=meta.get("description", ""),
            columns_required=tuple(recognise.get("columns", ())),
            patterns_required=tuple(
                self.regex(p, f"recognise.patterns.{i}")
                for i, p in enumerate(recognise.get("patterns", ()))
            ),
            title_line=self.regex(title, "recognise.title") if title else None,
            priority=recognise.get("priority", 0),
            encodings=tuple(file.get("encodings", ["utf-8"])),
            separator=file.get("separator", ";"),
            skip=file.get("skip", 0),
            skip_until=self.regex(skip_until, "file.skip_until") if skip_until else None,
            header_rows=header_rows,
            name_rows=name_rows,
            join=header.get("join", " "),
            fill=header.get("fill", False),
            not_standing=frozenset(values.get("not_standing", ())),
            empty=frozenset(values.get("empty", ())),
            thousands="thousands" in values,
            letters={
                letter: self.column(columns[letter], f"columns.{letter}")
                for letter in LETTERS
                if letter in columns
            },
            ignore=tuple(
                Ignore(self.regex(p, f"columns.ignore.{i}"))
                if isinstance(p, str)
                else Ignore(
                    self.regex(p["pattern"], f"columns.ignore.{i}.pattern"), p.get("occurrence")
                )
                for i, p in enumerate(columns.get("ignore", ()))
            ),
            options=self.options(d.get("options", ()), header_rows),
            gs=self.key(keys.get("gs"), "keys.gs"),
            bezirk=self.key(keys.get("bezirk"), "keys.bezirk"),
            bezirk_name=self.column(keys["name"], "keys.name") if "name" in keys else None,
            art=self.art(keys.get("art")),
            row_column=self.column(rows["column"], "rows.column") if "column" in rows else None,
            bezirk_rows=self.matcher(rows["bezirk"], "rows.bezirk") if "bezirk" in rows else None,
            skip_rows=self.matcher(rows.get("skip", ()), "rows.skip"),
            totals=tuple(
                Total(
                    self.matcher(t["values"], f"rows.total.{i}.values"),
                    t.get("members", "all")
                    if isinstance(t.get("members", "all"), str)
                    else self.part(t["members"], f"rows.total.{i}.members"),
                )
                for i, t in enumerate(rows.get("total", ()))
            ),
            date=self.value(election.get("date"), "election.date"),
            wahl_name=self.value(election.get("name"), "election.name"),
            authority=self.value(election.get("authority"), "election.authority"),
            authority_gs=election.get("authority_gs"),
        )


def parse(text: str, display: str) -> Layout:
    """A layout from its TOML text; LayoutError (file, key, reason) for anything wrong."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(display, "", str(error)) from None
    validate(document, display)
    return _Builder(document, display).build()


def load(path: str | Path) -> Layout:
    """A user's layout file; LayoutError if it cannot be read or used."""
    display = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LayoutError(display, "", str(error)) from None
    return parse(text, display)


def shipped_files() -> dict[str, str]:
    """The shipped layouts: name (the file's stem) → TOML text."""
    folder = resources.files(__package__).joinpath(SHIPPED)
    return {
        entry.name.removesuffix(".toml"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


@functools.cache
def shipped(name: str) -> Layout:
    """A shipped layout by name, parsed once."""
    return parse(shipped_files()[name], f"{SHIPPED}/{name}.toml")
