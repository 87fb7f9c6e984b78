"""Counts as vendors write them: text cells read as whole numbers, once for every reader.

A count cell is a whole number written with digits only, padding aside (` 12 ` is 12). Empty
stays null ("not reported"), never 0. Where a format writes thousands separators (`1.413` in
the Bundeswahlleiterin's precinct file) they are read too, but only as groups of exactly three
digits after each dot, which cannot mean anything else. Anything else (`12a`, `1,5`, `-3`, a
number too large for Int64) is not a count: `count` gives null for it and `not_a_count` says
where, so that a reader can refuse the file rather than lose the value silently.

A column the CSV layer already read as Int64 (`read_csv_table(integer=…)`, where that is
provably lossless) is a count as it is: the frame functions pass it through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

DIGITS = r"^[0-9]+$"
# A count with thousands separators: `1.413`, `12.345.678`.
THOUSANDS = r"^[0-9]{1,3}(?:\.[0-9]{3})+$"


def count(column: str, *, thousands: bool = False) -> pl.Expr:
    """A text column as Int64 counts (named as the column): null where empty or not a count."""
    value = pl.col(column).str.strip_chars()
    if thousands:
        value = (
            pl.when(value.str.contains(THOUSANDS))
            .then(value.str.replace_all(".", "", literal=True))
            .otherwise(value)
        )
    # strict=False: digits beyond Int64 become null, and so are not a count (see not_a_count).
    return (
        pl.when(value.str.contains(DIGITS)).then(value.cast(pl.Int64, strict=False)).alias(column)
    )


def not_a_count(column: str, *, thousands: bool = False) -> pl.Expr:
    """True where a text cell is filled but `count` cannot read it: the value would be lost."""
    return pl.col(column).is_not_null() & count(column, thousands=thousands).is_null()


def with_thousands(column: str) -> pl.Expr:
    """True where a text cell is a count written with thousands separators (`1.413`)."""
    return pl.col(column).str.strip_chars().str.contains(THOUSANDS).fill_null(False)


def text_columns(frame: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    """The columns still text: those the CSV layer did not already read as integers."""
    schema = frame.schema
    return [c for c in columns if schema[c] == pl.String]


def to_counts(
    frame: pl.DataFrame, columns: Sequence[str], *, thousands: bool = False
) -> pl.DataFrame:
    """The frame with `columns` as Int64 counts (see `count`); integer columns stay as they are."""
    return frame.with_columns(count(c, thousands=thousands) for c in text_columns(frame, columns))


def malformed_counts(
    frame: pl.DataFrame, columns: Sequence[str], *, thousands: bool = False
) -> pl.Expr:
    """True for the rows of `frame` in which some count cell of `columns` is not a count."""
    texts = text_columns(frame, columns)
    if not texts:
        return pl.lit(False)
    return pl.any_horizontal(not_a_count(c, thousands=thousands) for c in texts)


__all__ = [
    "THOUSANDS",
    "count",
    "malformed_counts",
    "not_a_count",
    "text_columns",
    "to_counts",
    "with_thousands",
]
