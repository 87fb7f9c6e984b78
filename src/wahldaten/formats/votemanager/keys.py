"""The keys of votemanager rows: the municipality key as written, and areas without a number.

`ags` is the 8-digit AGS of the publishing authority (a Samtgemeinde's portal writes its 9-digit
Verband key; in a Kreis file a row may carry its own municipality). A spreadsheet that re-saved
the file took it for a number and dropped the leading zero (`3358024` for 03358024): a key of 7
or 11 digits, or of 8 whose Land is no Land and that is a Verband key with it, has lost it; a
9-digit Verband key (Verband number 5001–5999) is written as the 12-digit ARS of the Verband
(Gemeinde part `000`, which names no municipality). Anything else stays as written (T01 then
refuses it). Each repair is a fact (K32).

Rows without `gebiet-nr` are totals beside numbered Bezirke. A file of such rows only is a
publication level of its own (Ortsteile, Ortsbezirke, the Gemeinden of a Kreis): each row gets a
key from the source, its own `ags` where that tells the rows apart, else its `gebiet-name`
(K31; a name that repeats gets a suffix, K08); a row carrying the authority's key among rows of
its municipalities is their total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.facts import AREA, LINE, RENAMED, VALUE, Rows

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

AGS, NR, GEBIET_NAME = "ags", "gebiet-nr", "gebiet-name"
READ = "__read"  # the key as written into OWD
LAND = r"^(?:0[1-9]|1[0-6])"
# A Gemeindeverband (Samtgemeinde, Verbandsgemeinde, Amt): Land, Regierungsbezirk, Kreis and a
# Verband number 5001–5999.
VERBAND = r"^(?:0[1-9]|1[0-6])[0-9]{3}5[0-9]{3}$"


def repaired_keys(frame: pl.DataFrame) -> tuple[pl.DataFrame, Rows | None]:
    """The frame with every municipality key repaired, and the rows repaired (LINE, AREA, VALUE
    as read, READ as written), or None where no key needed it."""
    raw = pl.col(AGS).str.strip_chars()
    digits = raw.str.contains(r"^[0-9]+$").fill_null(False)
    length = raw.str.len_chars()
    zero = pl.lit("0") + raw
    short = length.is_in([7, 11]) & zero.str.contains(LAND)
    lost = digits & (short | ((length == 8) & ~raw.str.contains(LAND) & zero.str.contains(VERBAND)))
    with_zero = pl.when(lost).then(zero).otherwise(raw)
    verband = digits & with_zero.str.contains(VERBAND)
    fixed = pl.when(verband).then(with_zero + pl.lit("000")).otherwise(with_zero)
    repair = (lost | verband).fill_null(False)
    marked = frame.with_columns(pl.when(repair).then(fixed).alias(READ))
    rows = marked.filter(pl.col(READ).is_not_null())
    if not rows.height:
        return frame, None
    found = rows.select(LINE, pl.col(NR).alias(AREA), pl.col(AGS).alias(VALUE), READ)
    repaired = marked.with_columns(pl.coalesce(READ, AGS).alias(AGS)).drop(READ)
    return repaired, Rows(found, column=AGS)


def area_keys(
    rows: pl.DataFrame, authority: str | None
) -> tuple[pl.DataFrame, str, Rows | None] | None:
    """Keys for rows without a number that are areas of their own: the rows with `gebiet-nr`
    set to the key, the column it comes from, and the rows whose name repeats an earlier one
    (kept under a suffix, `Neustadt-2`: LINE, AREA, VALUE, RENAMED; K08); None where no column
    names every row (they stay totals). A row with the authority's own key beside rows of other
    keys keeps no key: it totals them."""
    if rows.height < 2:
        return None
    keys = rows[AGS]
    if keys.null_count() == 0 and keys.n_unique() == rows.height:
        total = pl.col(AGS) == authority
        return rows.with_columns(pl.when(~total).then(pl.col(AGS)).alias(NR)), AGS, None
    name = pl.col(GEBIET_NAME).str.strip_chars()
    if not rows.select((name.is_not_null() & (name != "")).all()).item():
        return None
    occurrence = pl.int_range(pl.len()).over(name) + 1
    key = pl.when(occurrence == 1).then(name).otherwise(name + "-" + occurrence.cast(pl.String))
    keyed = rows.with_columns(key.alias(NR), (occurrence > 1).alias(RENAMED))
    repeated = keyed.filter(pl.col(RENAMED)).select(
        LINE, name.alias(AREA), name.alias(VALUE), pl.col(NR).alias(RENAMED)
    )
    found = Rows(repeated, column=GEBIET_NAME) if repeated.height else None
    return keyed.drop(RENAMED), GEBIET_NAME, found
