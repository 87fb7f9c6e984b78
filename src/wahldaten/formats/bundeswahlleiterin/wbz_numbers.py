"""Numbers and postal links of the precincts: `bezirk-nr` and `BRIEFWAHLBEZIRK-NR`.

`bezirk-nr` is the Wahlbezirk as written. Postal districts numbered like an urn district of the
same municipality get `-B` (K25); rows that repeat a whole key get `-2`, `-3` (K08). The
Kennziffer Briefwahlzugehörigkeit `00` means "the postal districts of this municipality"; any
other Kennziffer `kk` "the postal districts of this Kreis with Kennziffer kk". OWD links a
Bezirk to one postal Bezirk of the same municipality, so the link is written where that group
holds exactly one postal district in the row's own municipality (K23 counts the others).
The columns that say what was decided stay on the frame for the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import BEZIRK_NR, BRIEFWAHLBEZIRK_NR
from wahldaten.formats.bundeswahlleiterin.wbz_header import (
    ARS,
    BEZIRKSART,
    KREIS,
    LAND,
    POSTAL_KEY,
    RB,
    WAHLBEZIRK,
)

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

POSTAL_ART, URN_ART = "5", "0"
SPECIAL_ARTEN = ("6", "8")
# The number after the postal suffix, before the suffix of repeated keys; and the repetition.
NUMBER_B, REPEAT = "__nr0", "__n"
# How an urn district is linked to its postal district.
LINK = "__link"
LINKED, SEVERAL, ELSEWHERE, NONE, POSTAL = "linked", "several", "elsewhere", "none", "postal"


def numbered(frame: pl.DataFrame) -> pl.DataFrame:
    """`bezirk-nr` from the Wahlbezirk, with `-B` and `-2`, `-3` where needed (see above)."""
    postal = pl.col(BEZIRKSART) == POSTAL_ART
    others = frame.filter(~postal).select(ARS, WAHLBEZIRK).unique()
    clashing = frame.filter(postal).join(others, on=[ARS, WAHLBEZIRK], how="semi")[ARS].unique()
    suffix_b = postal & pl.col(ARS).is_in(clashing.implode())
    with_b = frame.with_columns(
        pl.when(suffix_b)
        .then(pl.concat_str(WAHLBEZIRK, pl.lit("-B")))
        .otherwise(pl.col(WAHLBEZIRK))
        .alias(NUMBER_B)
    )
    occurrence = pl.int_range(pl.len()).over(ARS, NUMBER_B)
    return with_b.with_columns(occurrence.alias(REPEAT)).with_columns(
        pl.when(pl.col(REPEAT) > 0)
        .then(pl.concat_str(NUMBER_B, pl.lit("-"), (pl.col(REPEAT) + 1).cast(pl.String)))
        .otherwise(pl.col(NUMBER_B))
        .alias(BEZIRK_NR)
    )


def postal_links(frame: pl.DataFrame) -> pl.DataFrame:
    """BRIEFWAHLBEZIRK-NR where the Kennziffer names exactly one postal district in the row's
    own municipality; LINK says why not otherwise (several, elsewhere, none)."""
    if POSTAL_KEY not in frame.columns:
        return frame.with_columns(
            pl.lit(None, pl.String).alias(BRIEFWAHLBEZIRK_NR), pl.lit(NONE).alias(LINK)
        )
    code = pl.col(POSTAL_KEY).str.strip_chars()
    own = code.is_null() | code.str.contains(r"^0+$")
    group = (
        pl.when(own)
        .then(pl.concat_str(ARS, pl.lit("|")))
        .otherwise(pl.concat_str(LAND, RB, KREIS, pl.lit("|"), code))
        .alias("__group")
    )
    keyed = frame.with_columns(group)
    postal = pl.col(BEZIRKSART) == POSTAL_ART
    targets = (
        keyed.filter(postal)
        .group_by("__group")
        .agg(
            pl.len().alias("__postal"),
            pl.col(ARS).first().alias("__target_ars"),
            pl.col(BEZIRK_NR).first().alias("__target"),
        )
    )
    linked = keyed.join(targets, on="__group", how="left", maintain_order="left")
    single = pl.col("__postal") == 1
    same = pl.col("__target_ars") == pl.col(ARS)
    return linked.with_columns(
        pl.when(~postal & single & same)
        .then(pl.col("__target"))
        .otherwise(pl.lit(None, pl.String))
        .alias(BRIEFWAHLBEZIRK_NR),
        pl.when(postal)
        .then(pl.lit(POSTAL))
        .when(pl.col("__postal").is_null())
        .then(pl.lit(NONE))
        .when(~single)
        .then(pl.lit(SEVERAL))
        .when(~same)
        .then(pl.lit(ELSEWHERE))
        .otherwise(pl.lit(LINKED))
        .alias(LINK),
    ).drop("__group", "__postal", "__target_ars", "__target")
