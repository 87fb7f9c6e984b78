"""R: the area hierarchy – labelled levels, one name per area, links to postal Bezirke."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import BEZIRK, Finding, Location, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.migration_v04 import POSTAL_LINK
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NR,
    BRIEFWAHLBEZIRK_NR,
    GS,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import POSTAL, Context
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

LEVELS = (5, 4, 3, 2)


def _levels(ctx: Context, *, labelled: bool, used: bool) -> Iterator[Yielded]:
    parameter = ctx.frame_of(WAHLPARAMETER)
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    if parameter.height == 0:
        return
    for level in LEVELS:
        label_column = f"gebiet-ebene-{level}-bezeichnung"
        nr_column = f"gebiet-ebene-{level}-nr"
        if label_column not in parameter.columns or nr_column not in gebiete.columns:
            continue
        is_labelled = parameter[label_column][0] is not None
        is_used = bool(gebiete[nr_column].is_not_null().any())
        if (is_labelled, is_used) == (labelled, used):
            yield Finding(
                params={"level": level},
                location=Location(
                    ctx.display(WAHLPARAMETER), int(parameter[LINE_COLUMN][0]), label_column
                ),
            )


@rule(
    Code.R15,
    "level-without-label",
    Severity.WARNING,
    (Input.WAHLPARAMETER, Input.WAHLGEBIETSEINTEILUNGEN),
    example="gebiet-ebene-3-nr filled in Wahlgebietseinteilungen, gebiet-ebene-3-bezeichnung empty in Wahlparameter",
)
def level_without_label(ctx: Context) -> Iterator[Yielded]:
    """An area level is used in Wahlgebietseinteilungen (`gebiet-ebene-N-nr` filled) but
    Wahlparameter gives it no label (`gebiet-ebene-N-bezeichnung`): the hierarchy cannot be shown
    with names."""
    yield from _levels(ctx, labelled=False, used=True)


@rule(
    Code.R23,
    "label-without-level",
    Severity.WARNING,
    (Input.WAHLPARAMETER, Input.WAHLGEBIETSEINTEILUNGEN),
    example="gebiet-ebene-4-bezeichnung `Stadtbezirk`, but no Bezirk has a gebiet-ebene-4-nr",
)
def label_without_level(ctx: Context) -> Iterator[Yielded]:
    """Wahlparameter labels an area level that no Bezirk in Wahlgebietseinteilungen uses: the
    areas of that level are missing."""
    yield from _levels(ctx, labelled=True, used=False)


@rule(
    Code.R16,
    "area-name-differs",
    Severity.WARNING,
    (Input.WAHLGEBIETSEINTEILUNGEN,),
    example="gebiet-ebene-2-nr `041` named `Garath` in one row and `Hellerhof` in another",
)
def area_name_differs(ctx: Context) -> Iterator[Yielded]:
    """The same area number at one level (within one municipality) has different names in different
    rows: the area tree is inconsistent."""
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    for level in LEVELS:
        nr_column, name_column = f"gebiet-ebene-{level}-nr", f"gebiet-ebene-{level}-name"
        if nr_column not in gebiete.columns or name_column not in gebiete.columns:
            continue
        rows = gebiete.filter(pl.col(nr_column).is_not_null())
        # Area numbers are per municipality in Kreis packages.
        scope = [c for c in (GS, nr_column) if c in gebiete.columns]
        names = rows.group_by(scope).agg(pl.col(name_column).n_unique().alias("names"))
        if names.height == 0 or names["names"].max() == 1:
            continue  # every area has one name: the common case, decided per area not per row
        first_name = pl.col(name_column).sort_by(LINE_COLUMN).first().over(scope)
        hits = rows.with_columns(first_name.alias("expected")).filter(
            pl.col(name_column).ne_missing(pl.col("expected"))
        )
        if hits.height:
            yield ctx.rows(
                ctx.display(WAHLGEBIETSEINTEILUNGEN),
                hits,
                column=name_column,
                area=pl.col(nr_column),
                expected=pl.col("expected"),
                found=pl.col(name_column),
            )


@rule(
    Code.R17,
    "postal-link-dangling",
    Severity.WARNING,
    (Input.WAHLGEBIETSEINTEILUNGEN,),
    example="BRIEFWAHLBEZIRK-NR `164`, but the package has no postal Bezirk 164.",
)
def postal_link_dangling(ctx: Context) -> Iterator[Yielded]:
    """The extension `BRIEFWAHLBEZIRK-NR` (in OWD 0.4 the column `briefwahlbezirk-nr`) does not
    point to a postal Bezirk (`bezirk-art` B) of the package, or points to the Bezirk itself.
    Such dangling links occur in real exports. Reported once per missing target (the Bezirke
    that point to it counted), once for all links of a package without postal Bezirke, and
    once for all links of Bezirke to themselves."""
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    link = next((c for c in (BRIEFWAHLBEZIRK_NR, POSTAL_LINK) if c in gebiete.columns), None)
    if link is None or BEZIRK_ART not in gebiete.columns:
        return
    key = [c for c in ctx.bezirk_key if c in gebiete.columns]
    postal = gebiete.filter(pl.col(BEZIRK_ART) == POSTAL).select(*key)
    links = gebiete.filter(pl.col(link).is_not_null())
    target = links.with_columns(pl.col(link).alias("__ziel"))
    on_left = [c if c != BEZIRK_NR else "__ziel" for c in key]
    found = target.join(postal, left_on=on_left, right_on=key, how="semi", nulls_equal=True)
    hits = target.filter(
        ~pl.col(LINE_COLUMN).is_in(found[LINE_COLUMN].implode())
        | (pl.col("__ziel") == pl.col(BEZIRK_NR))
    )
    if hits.height:
        dangling = ctx.rows(
            ctx.display(WAHLGEBIETSEINTEILUNGEN),
            hits,
            column=link,
            value=pl.col(link),
        )
        # The cause: the missing target, or, in a package without postal Bezirke, that; links
        # of Bezirke to themselves are one cause.
        to_itself = pl.col("value") == pl.col(BEZIRK)
        cause = pl.lit("") if postal.height == 0 else pl.col("value")
        yield per_cause(dangling, [pl.when(~to_itself).then(cause)])
