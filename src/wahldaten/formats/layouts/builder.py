"""Turning a schema-valid layout document into a `Layout` (regexes compiled with their key)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from wahldaten.formats.layouts.model import (
    LETTERS,
    REGEX_PREFIX,
    Area,
    Art,
    Column,
    Ignore,
    Key,
    KeyPart,
    Layout,
    LayoutError,
    Matcher,
    Options,
    Time,
    Total,
    Value,
)


class Builder:
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
        for kind in ("title", "file_name"):
            if kind in value:
                pattern = self.regex(value[kind], f"{where}.{kind}")
                if not pattern.groupindex:
                    raise LayoutError(self.display, f"{where}.{kind}", "no named group (?P<…>)")
                return Value(title=pattern) if kind == "title" else Value(file_name=pattern)
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

    def time(self, value: Mapping[str, str] | None) -> Time | None:
        if value is None:
            return None
        column = self.column({k: v for k, v in value.items() if k != "format"}, "keys.time")
        return Time(column, value.get("format", Time.format))

    def areas(self, blocks: Sequence[Mapping[str, Any]]) -> tuple[Area, ...]:
        built = []
        for i, block in enumerate(blocks):
            where = f"areas.{i}"
            key = self.key(block["key"], f"{where}.key")
            assert key is not None
            name = self.column(block["name"], f"{where}.name") if "name" in block else None
            built.append(Area(block["level"], key, name, block.get("label")))
        levels = [a.level for a in built]
        if len(levels) != len(set(levels)):
            raise LayoutError(self.display, "areas", f"a level twice: {levels}")
        return tuple(built)

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
            optional=frozenset(columns.get("optional", ())),
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
            kandidat=self.key(keys.get("kandidat"), "keys.kandidat"),
            kandidat_name=self.column(keys["kandidat_name"], "keys.kandidat_name")
            if "kandidat_name" in keys
            else None,
            time=self.time(keys.get("time")),
            areas=self.areas(d.get("areas", ())),
            merged=self.column(rows["merged"], "rows.merged") if "merged" in rows else None,
            counted=(rows["counted"]["column"], rows["counted"]["of"])
            if "counted" in rows
            else None,
        )
