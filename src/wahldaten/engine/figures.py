"""Distributions over a package's Bezirke for the HTML report's pictures: turnout and the
invalid share, binned, with the Bezirke named by a finding and the far outliers counted per bin.

Computed once per package from the shared results frame, as whole-frame polars expressions;
only the bins (a few dozen numbers) go into the report, never a value per Bezirk.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import BEZIRK_NR, GS
from wahldaten.engine.results import CodeResult, Distribution
from wahldaten.rules.context import Context
from wahldaten.rules.results import MALFORMED, is_urn

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# At most about this many bins; their width is a round number (1, 2, 2.5 or 5 × 10^k).
BINS = 24
# Far outside the rest: beyond this many interquartile ranges from the quartiles.
OUTLIER_IQR = 3.0
MIN_STEP = 0.001
_SHARE = "__share"
_FLAGGED = "__flagged"
_SEP = "\x00"


def _step(span: float) -> float:
    # Bins narrower than a tenth of a percentage point say nothing a reader could use.
    raw = max(span / BINS, MIN_STEP)
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9)))


def _named(results: Sequence[CodeResult]) -> tuple[list[str], list[str]]:
    """The Bezirke the findings' examples name: by number alone, and as municipality + number."""
    alone: set[str] = set()
    pairs: set[str] = set()
    for result in results:
        for finding in result.examples:
            location = finding.location
            if location.bezirk is None:
                continue
            if location.gs:
                pairs.add(f"{location.gs}{_SEP}{location.bezirk}")
            else:
                alone.add(location.bezirk)
    return sorted(alone), sorted(pairs)


def _flagged(frame: pl.DataFrame, results: Sequence[CodeResult]) -> pl.Expr:
    alone, pairs = _named(results)
    if BEZIRK_NR not in frame.columns:
        return pl.lit(False)
    number = pl.col(BEZIRK_NR).cast(pl.String)
    flagged = number.is_in(alone)
    if pairs and GS in frame.columns:
        pair = pl.concat_str([pl.col(GS).cast(pl.String), pl.lit(_SEP), number])
        flagged = flagged | pair.is_in(pairs)
    return flagged.fill_null(False)


def _distribution(
    kind: str, frame: pl.DataFrame, share: pl.Expr, flagged: pl.Expr
) -> Distribution | None:
    values = frame.select(share.cast(pl.Float64).alias(_SHARE), flagged.alias(_FLAGGED))
    values = values.filter(pl.col(_SHARE).is_finite())
    if values.height == 0:
        return None
    stats = values.select(
        pl.col(_SHARE).min().alias("min"),
        pl.col(_SHARE).max().alias("max"),
        pl.col(_SHARE).median().alias("median"),
        pl.col(_SHARE).quantile(0.25).alias("q1"),
        pl.col(_SHARE).quantile(0.75).alias("q3"),
    ).row(0, named=True)
    low, high = float(stats["min"]), float(stats["max"])
    step = _step(high - low)
    lower = math.floor(low / step + 1e-9) * step
    bins = max(1, math.floor((high - lower) / step + 1e-9) + 1)
    q1, q3 = float(stats["q1"]), float(stats["q3"])
    iqr = q3 - q1
    outlier = (
        (pl.col(_SHARE) < q1 - OUTLIER_IQR * iqr) | (pl.col(_SHARE) > q3 + OUTLIER_IQR * iqr)
        if iqr > 0
        else pl.lit(False)
    )
    index = ((pl.col(_SHARE) - lower) / step + 1e-9).floor().cast(pl.Int64).clip(0, bins - 1)
    grouped = (
        values.group_by(index.alias("bin"))
        .agg(
            pl.len().alias("n"),
            pl.col(_FLAGGED).sum().alias("found"),
            (outlier & ~pl.col(_FLAGGED)).sum().alias("far"),
        )
        .sort("bin")
    )
    counts, found, far = [0] * bins, [0] * bins, [0] * bins
    for position, n, with_finding, outside in grouped.iter_rows():  # one row per bin
        counts[position], found[position], far[position] = n, with_finding, outside
    return Distribution(
        kind=kind,
        lower=lower,
        upper=lower + bins * step,
        counts=tuple(counts),
        with_findings=tuple(found),
        outliers=tuple(far),
        median=float(stats["median"]),
    )


def _numeric(frame: pl.DataFrame, *columns: str) -> bool:
    return all(c in frame.columns and frame.schema[c].is_numeric() for c in columns)


def distributions(context: Context, results: Sequence[CodeResult]) -> tuple[Distribution, ...]:
    """Turnout B/A of the urn Bezirke (not where the election was held by post alone) and the
    invalid share C/B of every Bezirk with voters; rows the reader flagged as malformed are
    left out."""
    found = context.results
    if found is None:
        return ()
    frame = found.frame
    if MALFORMED in frame.columns:
        frame = frame.filter(~pl.col(MALFORMED).fill_null(False))
    flagged = _flagged(frame, results)
    out: list[Distribution | None] = []
    if _numeric(frame, "A", "B") and not context.structure.postal_only:
        urn = frame.filter(is_urn() & (pl.col("A") > 0) & pl.col("B").is_not_null())
        out.append(_distribution("turnout", urn, pl.col("B") / pl.col("A"), flagged))
    if _numeric(frame, "B", "C"):
        voted = frame.filter((pl.col("B") > 0) & pl.col("C").is_not_null())
        out.append(_distribution("invalid", voted, pl.col("C") / pl.col("B"), flagged))
    return tuple(d for d in out if d is not None)
