"""R: the ballot – the positions the results use, and the ballot area of each Bezirk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    STIMMZETTEL,
    STIMMZETTEL_GEBIET,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import ART, GEBIET, NUMBERED, Context, column_hits, option_number
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

POSITION = "stimmzettel-position"


def _positions(ctx: Context) -> pl.DataFrame | None:
    """Ballot areas and their positions (area "" = one ballot for all), as integers."""
    stimmzettel = ctx.frame_of(STIMMZETTEL)
    if POSITION not in stimmzettel.columns:
        return None
    area = (
        pl.col(STIMMZETTEL_GEBIET).fill_null("")
        if STIMMZETTEL_GEBIET in stimmzettel.columns
        else pl.lit("")
    )
    return stimmzettel.select(
        area.alias(GEBIET),
        pl.col(POSITION).cast(pl.Int64, strict=False).alias("position"),
        pl.col(LINE_COLUMN),
    ).filter(pl.col("position").is_not_null())


@rule(
    Code.R09,
    "votes-without-ballot-position",
    Severity.ERROR,
    (Input.RESULTS, Input.STIMMZETTEL, Input.WAHLGEBIETSEINTEILUNGEN),
    example="`D7` holds votes, but the Bezirk's ballot has no position 7.",
)
def votes_without_ballot_position(ctx: Context) -> Iterator[Yielded]:
    """A result column `D<n>` or `F<n>` holds votes in a Bezirk whose ballot (its
    `stimmzettel-gebiet-nr` in Stimmzettel) has no position n: votes for an unnamed option."""
    results = ctx.results_of()
    positions = _positions(ctx)
    if positions is None:
        return
    frame = results.frame.filter(pl.col(ART).is_not_null())  # Bezirke placed in the hierarchy
    # Per position, the ballot areas of these Bezirke whose ballot lacks it; usually none, and a
    # column whose votes all fall in areas with that position needs no check at all.
    used = set(frame[GEBIET].unique().to_list())
    areas_of = positions.group_by("position").agg(pl.col(GEBIET).unique())
    offered = dict(zip(areas_of["position"].to_list(), areas_of[GEBIET].to_list(), strict=True))
    conditions = {}
    for column in (*results.d_columns, *results.f_columns):
        lacking = sorted(used - set(offered.get(option_number(column), [])))
        if lacking:
            conditions[column] = pl.col(column).is_not_null() & pl.col(GEBIET).is_in(lacking)
    for column, hits in column_hits(frame, conditions):
        yield ctx.rows(
            results.display,
            hits,
            column=column,
            value=pl.col(column),
            area=pl.when(pl.col(GEBIET) != "").then(pl.col(GEBIET)),
            position=option_number(column),
        )


@rule(
    Code.R10,
    "ballot-position-without-results",
    Severity.WARNING,
    (Input.STIMMZETTEL, Input.WAHLERGEBNISSE),
    example="Stimmzettel position 9, but Wahlergebnisse has neither `D9` nor `F9`.",
)
def ballot_position_without_results(ctx: Context) -> Iterator[Yielded]:
    """A ballot position has no result column `D<n>` or `F<n>`: its votes are missing from the
    results, or the nomination was withdrawn and should leave the ballot."""
    results = ctx.frame_of(WAHLERGEBNISSE)
    positions = _positions(ctx)
    if positions is None:
        return
    numbers = {option_number(c) for c in results.columns if NUMBERED.match(c)}
    hits = positions.filter(~pl.col("position").is_in(sorted(numbers)))
    if hits.height:
        yield ctx.rows(
            ctx.display(STIMMZETTEL),
            hits,
            column=POSITION,
            bezirk=None,
            position=pl.col("position"),
        )


@rule(
    Code.R11,
    "duplicate-ballot-position",
    Severity.ERROR,
    (Input.STIMMZETTEL,),
    example="Two Stimmzettel rows with position 3 for the same ballot area.",
)
def duplicate_ballot_position(ctx: Context) -> Iterator[Yielded]:
    """Two ballot entries share a position within one ballot area: results cannot be joined to a
    single option."""
    positions = _positions(ctx)
    if positions is None:
        return
    first = pl.col(LINE_COLUMN).min().over([GEBIET, "position"])
    hits = positions.with_columns(first.alias("first")).filter(
        pl.col(LINE_COLUMN) != pl.col("first")
    )
    if hits.height:
        yield ctx.rows(
            ctx.display(STIMMZETTEL),
            hits,
            column=POSITION,
            bezirk=None,
            position=pl.col("position"),
            first_line=pl.col("first"),
        )


@rule(
    Code.R12,
    "unknown-ballot-area",
    Severity.ERROR,
    (Input.WAHLGEBIETSEINTEILUNGEN, Input.STIMMZETTEL),
    example="A Bezirk with stimmzettel-gebiet-nr `3`; Stimmzettel only has area `1` and `2`.",
)
def unknown_ballot_area(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk's `stimmzettel-gebiet-nr` has no entries in Stimmzettel, so its ballot is unknown.
    An empty area refers to the entries with an empty area (one ballot for all). Not checked while
    the ballot is still empty (a file exported before nominations were loaded). Reported once
    per unknown area, with the number of its Bezirke."""
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    positions = _positions(ctx)
    if positions is None or positions.height == 0:
        return
    area = (
        pl.col(STIMMZETTEL_GEBIET).fill_null("")
        if STIMMZETTEL_GEBIET in gebiete.columns
        else pl.lit("")
    )
    known = positions[GEBIET].unique().to_list()
    hits = gebiete.filter(~area.is_in(known))
    if hits.height:
        found = ctx.rows(
            ctx.display(WAHLGEBIETSEINTEILUNGEN), hits, column=STIMMZETTEL_GEBIET, area=area
        )
        yield per_cause(found, ["area"])
