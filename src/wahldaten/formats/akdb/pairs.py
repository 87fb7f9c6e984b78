"""The pair layout: `Gruppenschlüssel;Stimmen` repeated, the group as a cell value.

Each distinct Gruppenschlüssel is a ballot position, in order of first appearance (row by row,
left to right), named by it; a row may list the groups in any order, so the key, not the pair's
place, says whose votes a pair holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.akdb.layouts import GEBIETSNUMMER, KEY, Layout
from wahldaten.formats.facts import AREA, LINE, WHAT, Rows

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


def pairs_long(typed: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The filled pairs of every row: line, Gebietsnummer, pair index, votes column, key, votes."""
    parts = [
        typed.select(
            pl.col(LINE),
            pl.col(GEBIETSNUMMER),
            pl.lit(index, dtype=pl.Int32).alias("pair"),
            pl.lit(votes).alias("column"),
            pl.col(key).str.strip_chars().alias("key"),
            pl.col(votes).alias("votes"),
        )
        for index, (key, votes) in enumerate(layout.pairs)
    ]
    if not parts:
        return pl.DataFrame(
            schema={
                LINE: pl.UInt32,
                GEBIETSNUMMER: pl.String,
                "pair": pl.Int32,
                "column": pl.String,
                "key": pl.String,
                "votes": pl.Int64,
            }
        )
    return pl.concat(parts).filter(pl.col("key").is_not_null() | pl.col("votes").is_not_null())


def pair_keys(typed: pl.DataFrame, layout: Layout) -> list[str]:
    """The distinct Gruppenschlüssel in order of first appearance (row by row, left to right)."""
    long = pairs_long(typed, layout).filter(pl.col("key").is_not_null())
    keys = long.sort(LINE, "pair")["key"].unique(maintain_order=True)
    return [str(k) for k in keys.to_list()]


def unplaceable(typed: pl.DataFrame, layout: Layout) -> list[Rows]:
    """Pairs that cannot be placed: votes without a Gruppenschlüssel, a key twice in a row."""
    long = pairs_long(typed, layout)
    orphans = long.filter(pl.col("key").is_null())
    twice = long.filter(pl.col("key").is_not_null() & (pl.len().over(LINE, "key") > 1)).unique(
        subset=[LINE, "key"], keep="first", maintain_order=True
    )
    found = [
        (orphans, pl.format("{} ({})", pl.col("column"), pl.lit(KEY))),
        (twice, pl.format("{} {}", pl.lit(KEY), pl.col("key"))),
    ]
    return [
        Rows(rows.select(LINE, pl.col(GEBIETSNUMMER).alias(AREA), what.alias(WHAT)))
        for rows, what in found
        if rows.height
    ]


def votes_by_key(layout: Layout, keys: list[str]) -> list[pl.Expr]:
    """`D<n>`: the votes of the n-th key, from whichever pair of a row holds it."""
    return [
        pl.coalesce(
            [pl.when(pl.col(k).str.strip_chars() == key).then(pl.col(v)) for k, v in layout.pairs]
        ).alias(f"D{position}")
        for position, key in enumerate(keys, start=1)
    ]
