"""Writing an election in a layout's shape, for the layouts whose description can be inverted.

A layout is writable when every column it reads has an exact name (letters, keys, the row
column, election values), its option blocks are `^<prefix>(?P<position>[0-9]+)$` with their
names in a header row or nowhere, and it asks for no title line. The writer is what proves
the reader: `write` then `read` gives the election back (a property test holds it).
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import STIMMZETTEL, WAHLERGEBNISSE, Election
from wahldaten.core.names import BEZIRK_NAME, BEZIRK_NR, DATUM, GS, NAME
from wahldaten.formats.layouts.model import Column, Key, Layout, Value

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

TEMPLATE = re.compile(r"^\^([A-Za-z_ ]*)\(\?P<position>\[0-9\]\+\)([A-Za-z_ ]*)\$$")


def _exact(column: Column | None) -> str | None:
    return column.name if column is not None else None


def _key_column(key: Key | None) -> str | None:
    if key is None or len(key.parts) != 1:
        return None
    part = key.parts[0]
    plain = part.slice is None and part.pad is None and part.const is None and not part.ordinal
    return _exact(part.column) if plain else None


def _value_column(value: Value | None) -> tuple[bool, str | None]:
    """(writable, the column it is read from: None for a constant or nothing)."""
    if value is None or value.constant is not None:
        return True, None
    return (value.column is not None and value.column.name is not None), _exact(value.column)


def not_writable(layout: Layout) -> str | None:
    """Why the layout cannot be written (None: it can)."""
    if layout.title_line is not None or layout.header_rows > 2 or layout.name_rows != (1,):
        return "title line or header rows"
    if any(c.name is None for c in layout.letters.values()):
        return "a letter by pattern"
    for block in layout.options:
        if TEMPLATE.match(block.pattern.pattern) is None or block.name_group is not None:
            return f"option pattern {block.pattern.pattern}"
    if _key_column(layout.bezirk) is None or (
        layout.gs is not None and _key_column(layout.gs) is None
    ):
        return "composed keys"
    if layout.bezirk_name is not None and layout.bezirk_name.name is None:
        return "keys.name by pattern"
    if layout.row_column is not None and (
        layout.row_column.name is None or layout.bezirk_rows is None or not layout.bezirk_rows.exact
    ):
        return "rows without an exact Bezirk value"
    values = (layout.date, layout.wahl_name, layout.authority)
    if not all(_value_column(v)[0] for v in values):
        return "election values from a title"
    if layout.areas or layout.kandidat or layout.time or layout.merged or layout.counted:
        return "areas, times or row marks"
    return None


def write(election: Election, layout: Layout) -> bytes:
    """The election as a file in the layout's shape (UTF-8); ValueError if not writable."""
    reason = not_writable(layout)
    if reason is not None:
        raise ValueError(f"layout {layout.name} cannot be written: {reason}")
    results = election.tables[WAHLERGEBNISSE]
    parameter = election.wahlparameter
    counts = [c for c in election.counts() if c in layout.letters or c[:1] in "DF"]
    names = {
        int(p): n
        for p, n in election.tables[STIMMZETTEL]
        .select("stimmzettel-position", "partei-kurzname")
        .iter_rows()
    }
    header: list[str] = []
    second: list[str] = []
    cells: list[pl.Expr] = []

    def add(name: str | None, expr: pl.Expr, below: str = "") -> None:
        if name is not None and name not in header:
            header.append(name)
            second.append(below)
            cells.append(expr.cast(pl.String).alias(name))

    constant = {DATUM: layout.date, NAME: layout.wahl_name, "wahl-behoerde-name": layout.authority}
    for field, value in constant.items():
        add(_value_column(value)[1], pl.lit(parameter.get(field)))
    if layout.row_column is not None and layout.bezirk_rows is not None:
        add(layout.row_column.name, pl.lit(sorted(layout.bezirk_rows.exact)[0]))
    if layout.gs is not None:
        add(_key_column(layout.gs), pl.col(GS))
    add(_key_column(layout.bezirk), pl.col(BEZIRK_NR))
    add(_exact(layout.bezirk_name), pl.col(BEZIRK_NAME))
    for letter, column in layout.letters.items():
        if letter in counts:
            add(column.name, pl.col(letter))
    for block in layout.options:
        match = TEMPLATE.match(block.pattern.pattern)
        assert match is not None
        for owd in (c for c in counts if c[:1] == block.vote and c[1:].isdigit()):
            position = int(owd[1:])
            below = (names.get(position) or "") if block.name_row == 2 else ""
            add(f"{match.group(1)}{position}{match.group(2)}", pl.col(owd), below)
    frame = results.select(cells)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=layout.separator, lineterminator="\n")
    out.write("\n" * layout.skip)
    writer.writerow(header)
    if layout.header_rows == 2:
        writer.writerow(second)
    out.write(frame.write_csv(separator=layout.separator, include_header=False))
    return out.getvalue().encode("utf-8")
