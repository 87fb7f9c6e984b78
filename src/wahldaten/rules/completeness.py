"""C: completeness and counting status – what is reported, what is not yet, what is half-done.

OWD has no status field: a Bezirk whose counts are all empty is "not reported", never 0. On
election night that is expected; in the final result (`--final`) every Bezirk must have a
complete row, so C02 and C05 are errors there (`final_severity`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import DATUM, WAHLERGEBNISSE, WAHLGEBIETSEINTEILUNGEN
from wahldaten.rules.context import (
    BEZIRK_NR,
    MALFORMED,
    REPORTED,
    TIMESTAMP,
    Context,
    Results,
)
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


ELECTORATE = ("A1", "A2", "A3", "A")
POLLS_CLOSE_HOUR = 18


def _empty_names(columns: tuple[str, ...]) -> pl.Expr:
    return pl.concat_str(
        [pl.when(pl.col(c).is_null()).then(pl.lit(c)) for c in columns],
        separator=", ",
        ignore_nulls=True,
    )


def _partly_reported(results: Results) -> pl.Expr:
    """True for a reported row that is half filled (see C01). The voters with Wahlschein (B1)
    are a detail of a complete row: their absence alone is C08, not a half-entered row."""
    letters = results.required_letters
    electorate = [c for c in letters if c in ELECTORATE]
    votes = [c for c in letters if c not in ELECTORATE]
    some_empty = pl.any_horizontal([pl.col(c).is_null() for c in votes]) if votes else pl.lit(False)
    if electorate:
        nulls = [pl.col(c).is_null() for c in electorate]
        partial = pl.any_horizontal(nulls) & ~pl.all_horizontal(nulls)
        parts = [c for c in electorate if c != "A"]
        if parts and "A" in electorate:
            # A given with A1–A3 all empty: the source has no breakdown (kerg2), not half entered.
            only_a = pl.col("A").is_not_null() & pl.all_horizontal(
                [pl.col(c).is_null() for c in parts]
            )
            partial = partial & ~only_a
        some_empty = some_empty | partial
    condition = pl.col(REPORTED) & some_empty
    for total, options in (("D", results.d_columns), ("F", results.f_columns)):
        if options and total in letters:
            none = pl.all_horizontal([pl.col(o).is_null() for o in options])
            condition = condition | ((pl.col(total) > 0) & none)
    # Rows with a malformed count are reported by T05; the bad cell is not "empty".
    return condition & ~pl.col(MALFORMED)


@rule(
    Code.C01,
    "partly-reported",
    Severity.ERROR,
    (Input.RESULTS,),
    example="A, B, C filled, D empty; or D = 348 with every D<n> empty",
)
def partly_reported(ctx: Context) -> Iterator[Yielded]:
    """A result row is half filled: some of the vote counts (B, C, D, E, F) are empty while
    others are not, the electorate (A1–A3, A) is given only in part, or valid votes are given
    without any votes per option. Such a row is neither "not yet reported" nor a result. (A row
    whose whole electorate block is empty but whose votes are counted is a special district: P05.
    A row with A but none of A1–A3 is complete: its source has no breakdown of the electorate.
    A row that lacks only B1, the voters with a Wahlschein, is complete but for a detail: C08.)"""
    results = ctx.results_of()
    if not results.letters:
        return
    hits = results.frame.filter(_partly_reported(results))
    if hits.height:
        letters = results.letters
        option_note = (
            pl.when(_empty_names(letters) == "")
            .then(pl.lit("D<n>/F<n>"))
            .otherwise(_empty_names(letters))
        )
        yield ctx.rows(results.display, hits, empty=option_note)


@rule(
    Code.C08,
    "wahlschein-voters-not-reported",
    Severity.WARNING,
    (Input.RESULTS,),
    example="every count of the row filled, B1 empty",
)
def wahlschein_voters_not_reported(ctx: Context) -> Iterator[Yielded]:
    """A result row is complete except for `B1` (the voters with a Wahlschein; `B2` where the
    file writes it so): the result stands, a detail is not reported. Reported once per file and
    column, with the number of such rows and their first lines."""
    results = ctx.results_of()
    optional = results.optional_letters
    if not optional:
        return
    complete = pl.col(REPORTED) & ~_partly_reported(results)
    for letter in optional:
        hits = results.frame.filter(complete & pl.col(letter).is_null())
        if hits.height:
            shown = results.b1_source or letter if letter == "B1" else letter
            yield per_cause(ctx.rows(results.display, hits, column=shown))


@rule(
    Code.C02,
    "not-reported",
    Severity.INFO,
    (Input.RESULTS,),
    example="a row with bezirk-nr and name but every count empty",
    final_severity=Severity.ERROR,
)
def not_reported(ctx: Context) -> Iterator[Yielded]:
    """Every count of a result row is empty: the Bezirk has not reported yet. It is kept as "not
    reported" and never turned into 0. Expected on election night; an error in the final
    result, which must have a complete row for every Bezirk."""
    results = ctx.results_of()
    hits = results.frame.filter(~pl.col(REPORTED))
    if hits.height:
        yield ctx.rows(results.display, hits)


@rule(
    Code.C05,
    "coverage",
    Severity.INFO,
    (Input.RESULTS,),
    optional=(Input.WAHLGEBIETSEINTEILUNGEN,),
    example="120 of 454 Bezirke reported",
    final_severity=Severity.ERROR,
)
def coverage(ctx: Context) -> Iterator[Yielded]:
    """The counting status of the package while counting is going on (some result rows are still
    empty): how many Bezirke have reported, out of how many that Wahlgebietseinteilungen lists.
    OWD has no status field; this is it. (A Bezirk missing once all rows are counted is R07.)
    In the final result counting must be complete, so there it is an error."""
    results = ctx.results_of()
    if ctx.counting_complete:
        return
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    expected = (
        gebiete.filter(pl.col(BEZIRK_NR).is_not_null()).height
        if gebiete is not None and BEZIRK_NR in gebiete.columns
        else results.frame.height
    )
    reported = int(results.frame[REPORTED].sum())
    if reported < max(expected, results.frame.height):
        yield Finding(
            params={"reported": reported, "expected": expected},
            location=Location(results.display),
        )


@rule(
    Code.C07,
    "timestamp-not-count-time",
    Severity.INFO,
    (Input.RESULTS,),
    example="zeitstempel-erfassung empty, or 09.06.2024 17:12:13 on election day",
)
def timestamp_not_count_time(ctx: Context) -> Iterator[Yielded]:
    """`zeitstempel-erfassung` of a reported row is empty, or lies before 18:00 on election day,
    when polls were still open: the field then holds an export time, not the time of counting.
    Reported once per file and cause (empty, or before 18:00), with the number of rows, the
    first value and the first lines: an export writes the same time into every row."""
    results = ctx.results_of()
    if not ctx.table_of(WAHLERGEBNISSE).has(TIMESTAMP):
        return
    datum = ctx.package.identity().get(DATUM)
    frame = results.frame.filter(pl.col(REPORTED))
    stamp = pl.col(TIMESTAMP)
    hour = stamp.str.slice(11, 2).cast(pl.Int64, strict=False)
    early = (stamp.str.slice(0, 10) == (datum or "")) & (hour < POLLS_CLOSE_HOUR)
    hits = frame.filter(stamp.is_null() | early)
    if hits.height:
        found = ctx.rows(results.display, hits, column=TIMESTAMP, value=stamp)
        yield per_cause(found, [pl.col("value").is_null()])
