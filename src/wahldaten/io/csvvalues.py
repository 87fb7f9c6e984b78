"""Values with whitespace at an edge: recorded as a fact (T11), then stripped so joins work."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvfacts import COLUMN, LINE, LINE_COLUMN, VALUE, CsvTable

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# A byte of every whitespace character but the space, and the quote (values may span lines).
_NOT_ONLY_SPACES_ASCII = (b"\t", b"\x0b", b"\x0c", b'"')
_NOT_ONLY_SPACES_HIGH = (b"\x85", b"\xa0", b"\xe1", b"\xe2", b"\xe3")
_LONE_CARRIAGE_RETURN = re.compile(rb"\r(?!\n)")
_WIDE = 200  # columns from which they are searched as one unpivoted column


def _only_spaces_possible(raw: bytes) -> bool:
    """True if no value can have whitespace other than a plain space at an edge.

    Every other whitespace character (tab, vertical tab, form feed, a lone carriage return,
    NEL, no-break space, the Unicode spaces from U+1680 up) contains one of these bytes; the
    search for a single byte is cheap, and an ASCII file has none of the high ones. Quoted
    files keep line breaks in values: checked fully.
    """
    markers = (
        _NOT_ONLY_SPACES_ASCII
        if raw.isascii()
        else (*_NOT_ONLY_SPACES_ASCII, *_NOT_ONLY_SPACES_HIGH)
    )
    if any(marker in raw for marker in markers):
        return False
    # A carriage return not before a line feed (a regular expression finds it three times as
    # fast as two counts would tell).
    return b"\r" not in raw or _LONE_CARRIAGE_RETURN.search(raw) is None


def edge_whitespace(table: CsvTable, raw: bytes) -> None:
    """Record values with whitespace at an edge (T11), then strip them so joins still work."""
    frame = table.frame
    if frame.height == 0:
        return
    only_spaces = _only_spaces_possible(raw)
    # A file whose only whitespace is the space, and that has none, has nothing to find: one
    # byte is searched at memory speed. Otherwise the parsed text columns are searched, not
    # the bytes: polars tests every text cell faster than Python finds the two-byte patterns
    # of a space at an edge (`; `, ` \n`, ...) in the bytes.
    if only_spaces and b" " not in raw:
        return
    # Integer columns were proven free of padding when they were parsed (see `csvfast`);
    # a column without any value has nothing to strip (its null count costs nothing).
    schema = frame.schema
    columns = [
        c for c in table.columns if schema[c] == pl.String and frame[c].null_count() < frame.height
    ]
    if not columns:
        return

    # Two prefix/suffix tests are cheaper than stripping every cell, where they are enough.
    def edge(value: pl.Expr) -> pl.Expr:
        if only_spaces:
            return value.str.starts_with(" ") | value.str.ends_with(" ")
        return value.str.len_bytes() != value.str.strip_chars().str.len_bytes()

    if len(columns) >= _WIDE:
        # Hundreds of columns: one expression over one long column, not one per column; in
        # groups, so that the long copy stays small (a file may have spaces, most have none
        # at an edge).
        hits = pl.concat(
            frame.select(LINE_COLUMN, *columns[start : start + _WIDE])
            .unpivot(index=LINE_COLUMN)
            .filter(edge(pl.col("value")))
            for start in range(0, len(columns), _WIDE)
        )
        found_in = set(hits["variable"].unique().to_list())
        hit_columns = [c for c in columns if c in found_in]
        # In the order of the narrow path: column by column, each by line.
        order = pl.col("variable").replace_strict(
            {c: i for i, c in enumerate(columns)}, return_dtype=pl.UInt32
        )
        found = hits.sort(order, pl.col(LINE_COLUMN)).select(
            pl.col(LINE_COLUMN).alias(LINE),
            pl.col("variable").alias(COLUMN),
            pl.col("value").alias(VALUE),
        )
    else:
        hit_row = frame.lazy().select(edge(pl.col(c)).any().alias(c) for c in columns)
        flags = hit_row.collect().row(0)
        hit_columns = [c for c, hit in zip(columns, flags, strict=True) if hit]
        if not hit_columns:
            return
        found = pl.concat(
            [
                frame.filter(edge(pl.col(c))).select(
                    pl.col(LINE_COLUMN).alias(LINE),
                    pl.lit(c).alias(COLUMN),
                    pl.col(c).alias(VALUE),
                )
                for c in hit_columns
            ]
        )
    if not hit_columns:
        return
    table.facts.padded_values = found
    stripped = [pl.col(c).str.strip_chars() for c in hit_columns]
    table.frame = frame.with_columns(stripped).with_columns(pl.col(hit_columns).replace("", None))
