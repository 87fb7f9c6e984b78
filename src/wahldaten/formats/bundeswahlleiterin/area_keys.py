"""Area keys of the Wahlkreis files as written in every generation, read as the same keys.

kerg2 and kerg 2021 on write a Wahlkreis `001` in Land `01`, a Land `01` under the Bund `99`.
Other files name the same areas otherwise (O: 1990, 2013, 2017):

- without leading zeros: Wahlkreis `1` in Land `1`, Land `1` under `99` (2013, 2017);
- the Land of a Wahlkreis by its abbreviation (`SH`, `NW`, 1990) or its name;
- the Länder as the archive numbers its total rows, `901`–`916` in the order of the file (not
  the Land's number: 1990 writes Sachsen, Land 14, as `916`), the Bund as `999` under `Bund`
  or nothing.

`keyed` gives every row its kind (Wahlkreis, Land, Bund) and the keys of `wahlkreise.py` in
their one form, and keeps the keys as written beside them (`written_*`): rules report where the
two differ (K35) and where even the read key has not its form (K28). Nothing is guessed beyond
these spellings; a key that fits none of them stays as written and is malformed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.bundeswahlleiterin.common import BUND, LAENDER
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    AREA,
    ART,
    BUND_ART,
    LAND,
    NR,
    PARENT,
    WAHLKREIS,
)

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

WRITTEN_NR, WRITTEN_PARENT = "written_nr", "written_parent"
ABBREVIATIONS = {
    "SH": "01",
    "HH": "02",
    "NI": "03",
    "HB": "04",
    "NW": "05",
    "HE": "06",
    "RP": "07",
    "BW": "08",
    "BY": "09",
    "SL": "10",
    "BE": "11",
    "BB": "12",
    "MV": "13",
    "SN": "14",
    "ST": "15",
    "TH": "16",
}
BUND_NUMBERS = (BUND, "999")
ARCHIVE_LAND = r"^9[0-9]{2}$"


def _land_of(parent: pl.Expr) -> pl.Expr:
    """A Land's number as a Wahlkreis row names it: `01`, `1`, `SH` or `Schleswig-Holstein`."""
    by_name = parent.replace_strict(
        {name: number for number, name in LAENDER.items()}, default=parent
    )
    return (
        pl.when(parent.str.contains(r"^[0-9]{1,2}$"))
        .then(parent.str.zfill(2))
        .otherwise(parent.str.to_uppercase().replace_strict(ABBREVIATIONS, default=by_name))
    )


def keyed(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows (in file order, with NR, PARENT and AREA as written, stripped) with ART, and
    NR and PARENT in their one form; the written keys move to WRITTEN_NR and WRITTEN_PARENT."""
    nr, parent = pl.col(NR), pl.col(PARENT)
    bund = nr.is_in(BUND_NUMBERS) & (parent.is_null() | (parent.str.to_lowercase() == "bund"))
    land = ~bund & ((parent == BUND) | nr.str.contains(ARCHIVE_LAND))
    art = (
        pl.when(bund)
        .then(pl.lit(BUND_ART))
        .when(land)
        .then(pl.lit(LAND))
        .when(nr.is_not_null())
        .then(pl.lit(WAHLKREIS))
    )
    with_art = frame.with_columns(
        art.alias(ART), nr.alias(WRITTEN_NR), parent.alias(WRITTEN_PARENT)
    )
    is_wk, is_land = pl.col(ART) == WAHLKREIS, pl.col(ART) == LAND
    wk_land = _land_of(parent)
    # The archive's Land row closes the block of its Wahlkreise; its name or abbreviation,
    # where it has one of the Länder's, says the same more directly.
    block = pl.when(is_wk).then(wk_land).forward_fill()
    by_name = (
        pl.col(AREA)
        .str.strip_chars()
        .replace_strict({name: number for number, name in LAENDER.items()}, default=None)
    )
    by_abbreviation = parent.str.to_uppercase().replace_strict(ABBREVIATIONS, default=None)
    archive_land = pl.coalesce(by_name, by_abbreviation, block)
    land_nr = (
        pl.when(nr.str.contains(ARCHIVE_LAND))
        .then(archive_land)
        .when(nr.str.contains(r"^[0-9]{1,2}$"))
        .then(nr.str.zfill(2))
        .otherwise(nr)
    )
    wk_nr = pl.when(nr.str.contains(r"^[0-9]{1,3}$")).then(nr.str.zfill(3)).otherwise(nr)
    return with_art.with_columns(
        pl.when(is_wk)
        .then(wk_nr)
        .when(is_land)
        .then(land_nr)
        .when(pl.col(ART) == BUND_ART)
        .then(pl.lit(BUND))
        .otherwise(nr)
        .alias(NR),
        pl.when(is_wk)
        .then(wk_land)
        .when(is_land)
        .then(pl.lit(BUND))
        .when(pl.col(ART) == BUND_ART)
        .then(pl.lit(None, pl.String))
        .otherwise(parent)
        .alias(PARENT),
    )


def padded(frame: pl.DataFrame) -> pl.DataFrame:
    """kerg2, whose rows write their kind (ART): NR and PARENT without leading zeros read
    padded (a spreadsheet drops them: `1` for Wahlkreis `001` and Land `01`); the written
    keys move to WRITTEN_NR and WRITTEN_PARENT."""
    nr, parent, art = pl.col(NR), pl.col(PARENT), pl.col(ART)
    return frame.with_columns(nr.alias(WRITTEN_NR), parent.alias(WRITTEN_PARENT)).with_columns(
        pl.when((art == WAHLKREIS) & nr.str.contains(r"^[0-9]{1,2}$"))
        .then(nr.str.zfill(3))
        .when((art == LAND) & nr.str.contains(r"^[0-9]$"))
        .then(nr.str.zfill(2))
        .otherwise(nr)
        .alias(NR),
        pl.when((art == WAHLKREIS) & parent.str.contains(r"^[0-9]$"))
        .then(parent.str.zfill(2))
        .otherwise(parent)
        .alias(PARENT),
    )


def rewritten() -> pl.Expr:
    """True where a row's key was read in another form than it is written (K35)."""
    nr_changed = pl.col(NR).ne_missing(pl.col(WRITTEN_NR))
    parent_changed = pl.col(PARENT).ne_missing(pl.col(WRITTEN_PARENT))
    return (nr_changed | parent_changed).fill_null(False)


def written_key(with_art: bool = False) -> pl.Expr:
    """A row's key as written, for findings: `1 / 1` (number / parent)."""
    parts = [pl.col(WRITTEN_NR).fill_null(""), pl.lit(" / "), pl.col(WRITTEN_PARENT).fill_null("")]
    return pl.concat_str([pl.col(ART).fill_null("?"), pl.lit(" "), *parts] if with_art else parts)


def read_key(with_art: bool = False) -> pl.Expr:
    """A row's key as read: `001 / 01`."""
    parts = [pl.col(NR).fill_null(""), pl.lit(" / "), pl.col(PARENT).fill_null("")]
    return pl.concat_str([pl.col(ART).fill_null("?"), pl.lit(" "), *parts] if with_art else parts)
