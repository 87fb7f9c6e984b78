"""K: checks of votemanager / OK.VOTE figures in the source, before conversion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.findings import Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager import ANZ, BY_COUNCIL, MAX, NAME, NDS_2021, NDS_2026
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FORMATS = (NAME,)
SOURCE = ("votemanager-CSV",)


def _frame(ctx: SourceContext) -> pl.DataFrame | None:
    frame = ctx.facts.get("typed")
    return frame if isinstance(frame, pl.DataFrame) else None


@rule(
    "K06",
    "aggregate-not-sum",
    Severity.ERROR,
    SOURCE,
    example="the total row of a city says B = 72723, its Bezirke add up to 72690",
    formats=(NAME, "akdb", "kerg2", "kerg"),
)
def aggregate_not_sum(ctx: SourceContext) -> Iterator[Yielded]:
    """A total row of the source is not the sum of the Bezirke below it, column by column. Totals
    are left out of OWD, so a difference would go unnoticed; it means a Bezirk is missing, counted
    twice, or a total is stale."""
    yield from ctx.reader_issues("K06")
    aggregates = ctx.facts.get("aggregates")
    if not aggregates:
        return
    totals, bezirke, counts = aggregates
    if totals.height != 1:
        return
    sums = bezirke.select([pl.col(c).sum().alias(c) for c in counts])
    row = totals.row(0, named=True)
    display = str(ctx.facts.get("display", ""))
    for column in counts:
        expected, found = sums[column][0], row[column]
        if found is not None and bezirke[column].is_not_null().any() and expected != found:
            yield ctx.rows(
                display, totals, column=column, bezirk="gebiet-nr", expected=expected, found=found
            )


@rule(
    "K11",
    "more-reports-than-expected",
    Severity.ERROR,
    SOURCE,
    example="max-schnellmeldungen 1, anz-schnellmeldungen 2",
    formats=FORMATS,
)
def more_reports_than_expected(ctx: SourceContext) -> Iterator[Yielded]:
    """`anz-schnellmeldungen` (quick reports received) exceeds `max-schnellmeldungen` (expected):
    the counters contradict each other."""
    frame = ctx.facts.get("frame")
    if not isinstance(frame, pl.DataFrame) or MAX not in frame.columns or ANZ not in frame.columns:
        return
    anz, most = pl.col(ANZ).cast(pl.Int64, strict=False), pl.col(MAX).cast(pl.Int64, strict=False)
    hits = frame.filter(anz > most)
    if hits.height:
        yield ctx.rows(
            str(ctx.facts["display"]),
            hits,
            column=ANZ,
            bezirk="gebiet-nr",
            found=anz,
            expected=most,
        )


@rule(
    "K12",
    "reported-but-empty",
    Severity.WARNING,
    SOURCE,
    example="anz-schnellmeldungen = max-schnellmeldungen = 38, every count empty (“Daten leer!”)",
    formats=FORMATS,
)
def reported_but_empty(ctx: SourceContext) -> Iterator[Yielded]:
    """All expected quick reports are in (`anz` = `max` > 0) but the row's counts are empty: the
    export lost its figures. The Bezirk is converted as not reported."""
    frame = _frame(ctx)
    counts = ctx.facts.get("counts") or []
    if frame is None or not counts or MAX not in frame.columns:
        return
    anz, most = pl.col(ANZ).cast(pl.Int64, strict=False), pl.col(MAX).cast(pl.Int64, strict=False)
    empty = pl.all_horizontal([pl.col(c).is_null() for c in counts])
    hits = frame.filter((most > 0) & (anz == most) & empty)
    if hits.height:
        yield ctx.rows(str(ctx.facts["display"]), hits, column=ANZ, bezirk="gebiet-nr")


def _sum(columns: list[str]) -> pl.Expr:
    return pl.sum_horizontal([pl.col(c) for c in columns])


@rule(
    "K14",
    "council-sums",
    Severity.ERROR,
    SOURCE,
    example="D1_liste 31312 + D1_summe_kandidaten 29720 ≠ D1_summe_liste_kandidaten 61031",
    formats=FORMATS,
)
def council_sums(ctx: SourceContext) -> Iterator[Yielded]:
    """The sums of a Lower Saxony council file do not hold: list votes plus candidate votes must
    make the list's total (`_liste + _summe_kandidaten = _summe_liste_kandidaten`; 2026:
    `_1 + _3 = _4`), and the candidates' votes their sum (`Σ D<n>_<k> = _summe_kandidaten`;
    2026: `Σ _2_<k> = _3`). The sums are dropped in OWD, so they are checked here."""
    frame = _frame(ctx)
    if frame is None or ctx.layout not in (NDS_2021, NDS_2026):
        return
    columns = frame.columns
    lists = sorted({int(m.group(1)) for c in columns if (m := re.match(r"^D([0-9]+)_", c))})
    display = str(ctx.facts["display"])
    for n in lists:
        if ctx.layout == NDS_2021:
            liste, cand_sum, total = (
                f"D{n}_liste",
                f"D{n}_summe_kandidaten",
                f"D{n}_summe_liste_kandidaten",
            )
            candidates = [c for c in columns if re.fullmatch(rf"D{n}_[0-9]+", c)]
        else:
            liste, cand_sum, total = f"D{n}_1", f"D{n}_3", f"D{n}_4"
            candidates = [c for c in columns if re.fullmatch(rf"D{n}_2_[0-9]+", c)]
        checks = []
        if {liste, cand_sum, total} <= set(columns):
            checks.append((total, [liste, cand_sum]))
        if cand_sum in columns and candidates:
            checks.append((cand_sum, candidates))
        for target, parts in checks:
            complete = pl.all_horizontal([pl.col(c).is_not_null() for c in [target, *parts]])
            hits = frame.filter(complete & (pl.col(target) != _sum(parts)))
            if hits.height:
                yield ctx.rows(
                    display,
                    hits,
                    column=target,
                    bezirk="gebiet-nr",
                    expected=_sum(parts),
                    found=pl.col(target),
                    parts=" + ".join(parts[:3]) + (" + …" if len(parts) > 3 else ""),
                )


@rule(
    "K15",
    "ballots-cast-differ",
    Severity.ERROR,
    SOURCE,
    example="a Bavarian council file with B = 12011 and E = 12010",
    formats=FORMATS,
)
def ballots_cast_differ(ctx: SourceContext) -> Iterator[Yielded]:
    """In a Bavarian council file `E` counts the ballots cast, which must equal the voters `B`.
    (`E` is not the second vote there and is not carried into OWD, so it is checked here.)"""
    frame = _frame(ctx)
    if (
        frame is None
        or ctx.layout != BY_COUNCIL
        or "E" not in frame.columns
        or "B" not in frame.columns
    ):
        return
    hits = frame.filter(
        pl.col("B").is_not_null() & pl.col("E").is_not_null() & (pl.col("B") != pl.col("E"))
    )
    if hits.height:
        yield ctx.rows(
            str(ctx.facts["display"]),
            hits,
            column="E",
            bezirk="gebiet-nr",
            expected=pl.col("B"),
            found=pl.col("E"),
        )
