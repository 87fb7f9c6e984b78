"""The election date of a votemanager file as a spreadsheet may have re-spelt it.

votemanager writes `datum` as `dd.mm.yyyy`. A spreadsheet that read the column as a date writes
it back in its own spelling: without leading zeros (`3.9.2023`), with a two-digit year
(`23.02.25`) or in ISO form (`2025-02-23`). Each of these has one reading: votemanager exists
since the 2000s, so a two-digit year is 20yy. Day and month in another order (`2/23/2025`) are
not guessed. Each repair is a fact (K40).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.facts import AREA, LINE, VALUE, Rows

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

DATUM, NR = "datum", "gebiet-nr"
READ = "__read"  # the date as written into OWD
GERMAN = r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{2}|[0-9]{4})$"
ISO = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"


def repaired_dates(frame: pl.DataFrame) -> tuple[pl.DataFrame, Rows | None]:
    """The frame with every `datum` in the form `dd.mm.yyyy` where it has one reading, and the
    rows repaired (LINE, AREA, VALUE as read, READ as written), or None where none needed it."""
    if DATUM not in frame.columns:
        return frame, None
    raw = pl.col(DATUM).str.strip_chars()
    german = raw.str.extract_groups(GERMAN)
    iso = raw.str.extract_groups(ISO)
    day = pl.coalesce(german.struct.field("1"), iso.struct.field("3")).str.zfill(2)
    month = pl.coalesce(german.struct.field("2"), iso.struct.field("2")).str.zfill(2)
    year = pl.coalesce(german.struct.field("3"), iso.struct.field("1"))
    year = pl.when(year.str.len_chars() == 2).then(pl.lit("20") + year).otherwise(year)
    spelt = pl.concat_str([day, month, year], separator=".")
    marked = frame.with_columns(
        pl.when(spelt.is_not_null() & (spelt != pl.col(DATUM))).then(spelt).alias(READ)
    )
    rows = marked.filter(pl.col(READ).is_not_null())
    if not rows.height:
        return frame, None
    found = rows.select(LINE, pl.col(NR).alias(AREA), pl.col(DATUM).alias(VALUE), READ)
    repaired = marked.with_columns(pl.coalesce(READ, DATUM).alias(DATUM)).drop(READ)
    return repaired, Rows(found, column=DATUM)
