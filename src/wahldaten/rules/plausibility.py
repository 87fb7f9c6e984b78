"""P: plausibility – figures that are probably wrong, although legitimate exceptions exist.

Thresholds are module constants, in one place, so that documentation and code agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import BRIEFWAHLBEZIRK_NR, WAHLGEBIETSEINTEILUNGEN
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import BEZIRK_NR, MALFORMED, REPORTED, Context, is_postal, is_urn
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# P01: an invalid share at least INVALID_SHARE and INVALID_FACTOR times the median share of the
# election's Bezirke with INVALID_MIN_VOTERS voters; with fewer than INVALID_MIN_BEZIRKE such
# Bezirke the median says little, and only INVALID_FALLBACK is reported.
INVALID_SHARE = 0.03
INVALID_FACTOR = 5.0
INVALID_MIN_VOTERS = 100
INVALID_MIN_BEZIRKE = 5
INVALID_FALLBACK = 0.15
# P02: urn turnout below the election's median turnout divided by this factor.
TURNOUT_FACTOR = 3.0
TURNOUT_MIN_BEZIRKE = 5
# P08: identical count vectors are only suspicious above this many voters.
DUPLICATE_MIN_VOTERS = 10


@rule(
    Code.P01,
    "invalid-share",
    Severity.WARNING,
    (Input.RESULTS,),
    example="B = 400, C = 40 (10 %) where the median Bezirk of the election has 1 % invalid votes",
    values={
        "share": f"{INVALID_SHARE:.0%}",
        "factor": INVALID_FACTOR,
        "voters": INVALID_MIN_VOTERS,
        "bezirke": INVALID_MIN_BEZIRKE,
        "fallback": f"{INVALID_FALLBACK:.0%}",
    },
)
def invalid_share(ctx: Context) -> Iterator[Yielded]:
    """The share of invalid votes (C/B, and E/B for the second vote where the election has two) of
    a Bezirk with at least {voters} voters is at least {share} and at least {factor:g} times the
    median share of the election's Bezirke of that size (with fewer than {bezirke} of them: at
    least {fallback}).
    Swapped columns (C and D) or a mistyped count are the usual causes. The comparison is with
    the election's own distribution, not a fixed bound: invalid shares differ by election and
    Land (a median of 0.15 % to 1.6 % per Land in the Europawahl 2024, 4.6 % in a
    Bürgermeisterwahl), and shares of 3–5 % are common in small Bezirke; {factor:g} times the
    median is rarely chance in a Bezirk of {voters} voters."""
    results = ctx.results_of()
    frame = results.frame
    # E is the invalid second vote only where the election has two (in a Baden-Württemberg
    # council export it counts valid votes).
    for invalid in ("C", "E") if ctx.structure.votes == 2 else ("C",):
        if not results.has(invalid, "B"):
            continue
        share = pl.col(invalid) / pl.col("B")
        sized = frame.filter(pl.col(invalid).is_not_null() & (pl.col("B") >= INVALID_MIN_VOTERS))
        if sized.height == 0:
            continue
        median = float(sized.select(share.median()).item() or 0)
        bound = (
            max(INVALID_SHARE, INVALID_FACTOR * median)
            if sized.height >= INVALID_MIN_BEZIRKE
            else INVALID_FALLBACK
        )
        hits = sized.filter(share >= bound)
        if hits.height:
            yield ctx.rows(
                results.display,
                hits,
                column=invalid,
                share=share * 100,
                median=pl.lit(median * 100),
                found=pl.col(invalid),
            )


@rule(
    Code.P02,
    "turnout-outlier",
    Severity.WARNING,
    (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN),
    example="A = 1200, B = 30 (2.5 %) where the median urn Bezirk has 29 %",
    values={"factor": TURNOUT_FACTOR, "bezirke": TURNOUT_MIN_BEZIRKE},
)
def turnout_outlier(ctx: Context) -> Iterator[Yielded]:
    """The turnout B/A of an urn Bezirk is below 1/{factor:g} of the median turnout of the
    election's urn Bezirke (needs at least {bezirke}). Urn turnout is low wherever
    many vote by post, so the comparison is with the election itself, not a fixed bound; swapped
    A and B or a unit error are the usual causes. Not checked in an election held entirely by
    post, whose urn rows hold no voters."""
    results = ctx.results_of()
    if not results.has("A", "B") or ctx.structure.postal_only:
        return
    urn = results.frame.filter(is_urn() & (pl.col("A") > 0) & pl.col("B").is_not_null())
    if urn.height < TURNOUT_MIN_BEZIRKE:
        return
    turnout = pl.col("B") / pl.col("A")
    median = float(urn.select(turnout.median()).item() or 0)
    if not median:
        return
    hits = urn.filter(turnout < median / TURNOUT_FACTOR)
    if hits.height:
        yield ctx.rows(
            results.display, hits, column="B", turnout=turnout * 100, median=pl.lit(median * 100)
        )


@rule(
    Code.P03,
    "no-voters",
    Severity.WARNING,
    (Input.RESULTS,),
    example="an urn Bezirk with A = 980 and B = 0",
)
def no_voters(ctx: Context) -> Iterator[Yielded]:
    """A reported urn Bezirk has an electorate but no voters (B = 0). Legal in an election held
    entirely by post (the structure says so: the electorate stands on a pseudo-row with B = 0),
    which is not checked; otherwise usually zeros written for a Bezirk that has not reported."""
    results = ctx.results_of()
    if not results.has("A", "B") or ctx.structure.postal_only:
        return
    hits = results.frame.filter(is_urn() & (pl.col("A") > 0) & (pl.col("B") == 0))
    if hits.height:
        yield ctx.rows(results.display, hits, column="B", electorate=pl.col("A"))


@rule(
    Code.P04,
    "postal-with-electorate",
    Severity.WARNING,
    (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN),
    example="a postal Bezirk (bezirk-art B) with A = 1500",
)
def postal_with_electorate(ctx: Context) -> Iterator[Yielded]:
    """A postal Bezirk (bezirk-art B) has an electorate A > 0. Postal Bezirke have no register of
    their own; their voters are counted in the urn Bezirke, so A must be 0."""
    results = ctx.results_of()
    if not results.has("A"):
        return
    hits = results.frame.filter(is_postal() & (pl.col("A") > 0))
    if hits.height:
        yield ctx.rows(results.display, hits, column="A", expected=0, found=pl.col("A"))


@rule(
    Code.P05,
    "voters-without-electorate",
    Severity.WARNING,
    (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN),
    example="an urn Bezirk with A = 0 (or A1–A3 and A empty) and B = 250",
)
def voters_without_electorate(ctx: Context) -> Iterator[Yielded]:
    """An urn Bezirk has voters but an electorate of 0 or none at all: a pseudo-row, a special
    district without a register of its own, or a postal Bezirk marked as urn (bezirk-art W)."""
    results = ctx.results_of()
    if not results.has("A", "B"):
        return
    no_electorate = (pl.col("A") == 0) | pl.col("A").is_null()
    # A malformed A (T05) is unknown, not missing.
    hits = results.frame.filter(is_urn() & no_electorate & (pl.col("B") > 0) & ~pl.col(MALFORMED))
    if hits.height:
        yield ctx.rows(results.display, hits, column="A", voters=pl.col("B"))


@rule(
    Code.P06,
    "more-voters-than-electorate",
    Severity.WARNING,
    (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN),
    example="an urn Bezirk with A = 900 and B = 950",
)
def more_voters_than_electorate(ctx: Context) -> Iterator[Yielded]:
    """An urn Bezirk has more voters than electorate (B > A). Only slightly possible, through
    voters with a Wahlschein from elsewhere; usually A and B are swapped or mistyped."""
    results = ctx.results_of()
    if not results.has("A", "B"):
        return
    hits = results.frame.filter(is_urn() & (pl.col("A") > 0) & (pl.col("B") > pl.col("A")))
    if hits.height:
        yield ctx.rows(results.display, hits, column="B", found=pl.col("B"), electorate=pl.col("A"))


@rule(
    Code.P07,
    "postal-exceeds-wahlscheine",
    Severity.WARNING,
    (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN),
    example="postal Bezirk 901 with B = 800; the urn Bezirke linked to it have A2 = 650 in all",
)
def postal_exceeds_wahlscheine(ctx: Context) -> Iterator[Yielded]:
    """A postal Bezirk has more voters than the urn Bezirke linked to it by `BRIEFWAHLBEZIRK-NR`
    hold electors with a Wahlschein (ΣA2). Postal voters need a Wahlschein, so B ≤ ΣA2 is
    expected (checked only where the extension is present)."""
    results = ctx.results_of()
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    if BRIEFWAHLBEZIRK_NR not in gebiete.columns or not results.has("A2", "B"):
        return
    key = [c for c in ctx.bezirk_key if c in results.frame.columns and c in gebiete.columns]
    served_key = [c if c != BEZIRK_NR else BRIEFWAHLBEZIRK_NR for c in key]
    links = gebiete.filter(pl.col(BRIEFWAHLBEZIRK_NR).is_not_null()).select(
        *key, *([BRIEFWAHLBEZIRK_NR] if BRIEFWAHLBEZIRK_NR not in key else [])
    )
    urn = results.frame.filter(is_urn()).join(links, on=key, how="inner", nulls_equal=True)
    wahlscheine = urn.group_by(served_key).agg(
        pl.col("A2").sum().alias("wahlscheine"), pl.col("A2").is_null().any().alias("incomplete")
    )
    postal = results.frame.filter(is_postal() & pl.col("B").is_not_null())
    joined = postal.join(
        wahlscheine, left_on=key, right_on=served_key, how="inner", nulls_equal=True
    )
    hits = joined.filter(~pl.col("incomplete") & (pl.col("B") > pl.col("wahlscheine")))
    if hits.height:
        yield ctx.rows(
            results.display, hits, column="B", found=pl.col("B"), wahlscheine=pl.col("wahlscheine")
        )


@rule(
    Code.P08,
    "identical-results",
    Severity.WARNING,
    (Input.RESULTS,),
    example="Bezirk 0102 repeats every count of Bezirk 0101",
    values={"voters": DUPLICATE_MIN_VOTERS},
)
def identical_results(ctx: Context) -> Iterator[Yielded]:
    """Two Bezirke have exactly the same counts in every column (with at least {voters} voters): a
    copy-and-paste error is far likelier than chance."""
    results = ctx.results_of()
    if not results.count_columns or not results.has("B"):
        return
    columns = list(results.count_columns)
    counted = results.frame.filter(pl.col(REPORTED) & (pl.col("B") >= DUPLICATE_MIN_VOTERS))
    # Row hashes find the few candidates in one pass; the exact comparison runs on those only,
    # so a hash collision can never become a finding.
    counted = counted.filter(counted.select(columns).hash_rows().is_duplicated())
    if counted.height == 0:
        return
    vector = pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in columns], separator=";"
    )
    counted = counted.with_columns(vector.alias("__vektor"))
    first = pl.col(LINE_COLUMN).min().over("__vektor")
    first_bezirk = (
        pl.col(BEZIRK_NR).sort_by(LINE_COLUMN).first().over("__vektor")
        if BEZIRK_NR in counted.columns
        else pl.lit(None)
    )
    hits = counted.with_columns(first.alias("first"), first_bezirk.alias("same_as")).filter(
        pl.col(LINE_COLUMN) != pl.col("first")
    )
    if hits.height:
        yield ctx.rows(results.display, hits, same_as=pl.col("same_as"), first_line=pl.col("first"))
