"""R: Bezirke – listed once, with a result, with the same name in both files.

A Bezirk without a result row is expected on election night (R20, or R07 once the other rows
are counted) and an error in the final result, which must have a row for every Bezirk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import LINE, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    BEZIRK_NAME,
    BEZIRK_NR,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import LISTED, LISTED_NAME, Context
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


def _key(ctx: Context, frame: pl.DataFrame) -> list[str]:
    return [c for c in ctx.bezirk_key if c in frame.columns]


def _shared_key(ctx: Context) -> list[str]:
    """The Bezirk key columns both Wahlergebnisse and Wahlgebietseinteilungen have; the files
    can be matched only where it holds bezirk-nr."""
    results = ctx.frame_of(WAHLERGEBNISSE)
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    return [c for c in ctx.bezirk_key if c in results.columns and c in gebiete.columns]


@rule(
    Code.R05,
    "duplicate-bezirk",
    Severity.ERROR,
    (),
    optional=(Input.WAHLGEBIETSEINTEILUNGEN, Input.WAHLERGEBNISSE),
    example="Two Wahlergebnisse rows for bezirk-nr `0101`.",
)
def duplicate_bezirk(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk occurs twice in Wahlgebietseinteilungen or Wahlergebnisse. The Bezirk is identified
    by `wahl-behoerde-gs` and `bezirk-nr` (a Kreis package repeats numbers across municipalities)."""
    for file_type in (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE):
        table = ctx.table(file_type)
        if table is None:
            continue
        key = _key(ctx, table.frame)
        if BEZIRK_NR not in key:
            continue
        # Only the columns needed: a filter copies every column it keeps.
        frame = table.frame.select(LINE_COLUMN, *key).filter(pl.col(BEZIRK_NR).is_not_null())
        # One hash pass finds candidates (a hash collision only adds a candidate); the exact
        # keys and first lines are compared for those only.
        frame = frame.filter(frame.select(key).hash_rows().is_duplicated())
        first_line = pl.col(LINE_COLUMN).min().over(key)
        hits = frame.with_columns(first_line.alias("first")).filter(
            pl.col(LINE_COLUMN) != pl.col("first")
        )
        if hits.height:
            yield ctx.rows(table.display, hits, column=BEZIRK_NR, first_line=pl.col("first"))


@rule(
    Code.R06,
    "result-without-bezirk",
    Severity.ERROR,
    (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN),
    example="A Wahlergebnisse row for bezirk-nr `0999`, which Wahlgebietseinteilungen does not list.",
)
def result_without_bezirk(ctx: Context) -> Iterator[Yielded]:
    """A result row's Bezirk is not in Wahlgebietseinteilungen, so it cannot be placed in the area
    hierarchy, its type (urn or postal) is unknown and it drops out of every aggregate."""
    if BEZIRK_NR not in _shared_key(ctx):
        return
    results = ctx.results_of()
    missing = results.frame.filter(pl.col(BEZIRK_NR).is_not_null() & pl.col(LISTED).is_null())
    if missing.height:
        yield ctx.rows(results.display, missing, column=BEZIRK_NR)


def _bezirke_without_results(ctx: Context) -> pl.DataFrame:
    results = ctx.frame_of(WAHLERGEBNISSE)
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    key = _shared_key(ctx)
    if BEZIRK_NR not in key:
        return gebiete.clear()
    facts = ctx.results_of()
    if (
        int(facts.frame[LISTED].sum()) == gebiete.height == results.height
        and gebiete.select(key).n_unique() == gebiete.height
    ):
        # Every result row found its Bezirk, as many rows on each side, no Bezirk listed twice:
        # the join onto the results already proved that none is missing.
        return gebiete.clear()
    return gebiete.filter(pl.col(BEZIRK_NR).is_not_null()).join(
        results.select(key).unique(), on=key, how="anti", nulls_equal=True
    )


@rule(
    Code.R07,
    "bezirk-without-result",
    Severity.WARNING,
    (Input.WAHLGEBIETSEINTEILUNGEN, Input.RESULTS),
    example="Wahlgebietseinteilungen lists Bezirk `0402`; Wahlergebnisse has no row for it, "
    "and every other row is counted.",
    final_severity=Severity.ERROR,
)
def bezirk_without_result(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk of Wahlgebietseinteilungen has no row in Wahlergebnisse although every result row
    is counted: the result is probably lost. While counting is still going on this is expected
    and reported as R20 instead. A warning on election night; an error in the final result,
    which must have a result for every Bezirk."""
    if not ctx.counting_complete:
        return
    missing = _bezirke_without_results(ctx)
    if missing.height:
        yield ctx.rows(ctx.display(WAHLGEBIETSEINTEILUNGEN), missing, column=BEZIRK_NR)


@rule(
    Code.R20,
    "bezirk-not-yet-reported",
    Severity.INFO,
    (Input.WAHLGEBIETSEINTEILUNGEN, Input.RESULTS),
    example="During election night: Bezirk `0402` has no result row yet, other rows are still empty.",
    final_severity=Severity.ERROR,
)
def bezirk_not_yet_reported(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk has no row in Wahlergebnisse while counting is incomplete (some rows carry no
    counts yet). Expected on election night; the Bezirk counts as not reported, never as 0. In
    the final result it is an error: counting must be complete."""
    if ctx.counting_complete:
        return
    missing = _bezirke_without_results(ctx)
    if missing.height:
        yield ctx.rows(ctx.display(WAHLGEBIETSEINTEILUNGEN), missing, column=BEZIRK_NR)


@rule(
    Code.R08,
    "bezirk-name-differs",
    Severity.WARNING,
    (Input.WAHLGEBIETSEINTEILUNGEN, Input.RESULTS),
    example="bezirk-name `0101 Rathaus` in Wahlgebietseinteilungen, `0101 Altes Rathaus` in Wahlergebnisse",
)
def bezirk_name_differs(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk has a different `bezirk-name` in Wahlgebietseinteilungen and Wahlergebnisse, a sign
    of exports from different systems or dates. Names that differ by the same added text (one
    file writes `Stadt Göttingen - 101 Lohberg`, the other `101 Lohberg`) are one cause,
    reported once with the number of rows; other differences once per Bezirk."""
    results = ctx.results_of()
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    if BEZIRK_NR not in _shared_key(ctx):
        return
    if BEZIRK_NAME not in results.frame.columns or BEZIRK_NAME not in gebiete.columns:
        return
    hits = results.frame.filter(
        pl.col(LISTED) & pl.col(BEZIRK_NAME).ne_missing(pl.col(LISTED_NAME))
    )
    if hits.height:
        found = ctx.rows(
            results.display,
            hits,
            column=BEZIRK_NAME,
            expected=pl.col(LISTED_NAME),
            found=pl.col(BEZIRK_NAME),
        )
        yield per_cause(found, [_name_difference(pl.col("expected"), pl.col("found"))])


def _name_difference(expected: pl.Expr, found: pl.Expr) -> pl.Expr:
    """What tells two names apart where one is the other with text added at its start or end
    (`+<text` added in Wahlergebnisse, `-<text` missing there, `…` marking the end); a
    difference of another kind is the row's own (its line)."""
    expected, found = expected.fill_null(""), found.fill_null("")
    longer = expected.str.len_chars() - found.str.len_chars()
    shorter = found.str.len_chars() - expected.str.len_chars()
    return (
        pl.when((found != "") & (longer > 0) & expected.str.ends_with(found))
        .then(pl.concat_str(pl.lit("-"), expected.str.slice(0, longer)))
        .when((found != "") & (longer > 0) & expected.str.starts_with(found))
        .then(pl.concat_str(pl.lit("-…"), expected.str.slice(found.str.len_chars())))
        .when((expected != "") & (shorter > 0) & found.str.ends_with(expected))
        .then(pl.concat_str(pl.lit("+"), found.str.slice(0, shorter)))
        .when((expected != "") & (shorter > 0) & found.str.starts_with(expected))
        .then(pl.concat_str(pl.lit("+…"), found.str.slice(expected.str.len_chars())))
        .otherwise(pl.concat_str(pl.lit("#"), pl.col(LINE).cast(pl.String)))
    )
