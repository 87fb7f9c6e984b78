"""F14: result rows that end after the last option of their own ballot (several ballots).

In an election with several ballots (Bezirksvertretungen: one per Stadtbezirk, told by
`stimmzettel-gebiet-nr` in Wahlgebietseinteilungen and Stimmzettel), Wahlergebnisse has a column
for every option of every ballot, and exports end a row after the last option of the Bezirk's
own ballot. The CSV reader records every row with another number of fields than the header and
reads the missing cells as empty, never 0 (io/csvexact.py); the decision is taken here, with the
ballot areas: a short row whose missing cells all belong to options that are not on its ballot
is whole. Such rows are one warning per file (F14) and no F07; any other short row (a cut off
option of its own ballot, a missing count or text column) stays an F07 error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import STIMMZETTEL, STIMMZETTEL_GEBIET, WAHLERGEBNISSE
from wahldaten.core.names import WAHLGEBIETSEINTEILUNGEN as GEBIETE
from wahldaten.formats.source import SourceContext
from wahldaten.io import csvfacts
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable
from wahldaten.rules.context import GEBIET, Context
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

POSITION = "stimmzettel-position"
# A column of one option: its votes (D<n>, F<n>) or a part of them (D<n>_<k>, D<n>_liste …).
OPTION = re.compile(r"^[DF]([1-9][0-9]*)(?:_.+)?$")
SHOWN_LINES = 10
_INDEX, _NUMBER, _NEEDED = "__index", "__number", "__needed"


def _several_ballots(ctx: Context) -> bool:
    """The Bezirke vote on different ballots: more than one ballot area in
    Wahlgebietseinteilungen (as core/structure derives `several_ballots`)."""
    gebiete = ctx.frame(GEBIETE)
    if gebiete is None or STIMMZETTEL_GEBIET not in gebiete.columns:
        return False
    areas = gebiete[STIMMZETTEL_GEBIET].cast(pl.String).str.strip_chars().drop_nulls()
    return areas.filter(areas != "").n_unique() > 1


def _needed_fields(ctx: Context, columns: list[str]) -> pl.DataFrame | None:
    """Per ballot area, how many fields a row must have: up to its last column that is no
    option or is an option of that area's ballot (GEBIET, _NEEDED). None without ballots."""
    stimmzettel = ctx.frame(STIMMZETTEL)
    if stimmzettel is None or not {POSITION, STIMMZETTEL_GEBIET} <= set(stimmzettel.columns):
        return None
    positions = stimmzettel.select(
        pl.col(STIMMZETTEL_GEBIET).cast(pl.String).str.strip_chars().alias(GEBIET),
        pl.col(POSITION)
        .cast(pl.String)
        .str.strip_chars()
        .cast(pl.Int64, strict=False)
        .alias(_NUMBER),
    ).filter((pl.col(GEBIET) != "") & pl.col(_NUMBER).is_not_null())
    header = pl.DataFrame(
        {
            _INDEX: pl.Series(range(len(columns)), dtype=pl.Int64),
            _NUMBER: pl.Series(columns, dtype=pl.String).str.extract(OPTION.pattern).cast(pl.Int64),
        }
    )
    # Fields every row needs: up to the last column that is no option.
    fixed = header.filter(pl.col(_NUMBER).is_null())[_INDEX].max()
    base = -1 if fixed is None else int(fixed)  # type: ignore[arg-type]
    own = (
        positions.unique()
        .join(header.drop_nulls(_NUMBER), on=_NUMBER, how="left")
        .group_by(GEBIET)
        .agg(pl.col(_INDEX).max())
    )
    return own.select(
        GEBIET, (pl.max_horizontal(pl.col(_INDEX).fill_null(-1), pl.lit(base)) + 1).alias(_NEEDED)
    )


def ended_after_ballot(ctx: Context, table: CsvTable) -> pl.DataFrame | None:
    """The short rows of Wahlergebnisse whose missing cells are all options not on their
    Bezirk's ballot (csvfacts LINE and FOUND); None where there are none."""
    short = table.facts.short_rows()
    if short is None or table is not ctx.table(WAHLERGEBNISSE) or not _several_ballots(ctx):
        return None
    needed = _needed_fields(ctx, table.columns)
    results = ctx.results
    if needed is None or results is None:
        return None
    areas = results.frame.select(pl.col(LINE_COLUMN).alias(csvfacts.LINE), GEBIET)
    whole = (
        short.join(areas, on=csvfacts.LINE, how="left")
        .join(needed, on=GEBIET, how="inner")  # a row of no known ballot stays F07
        .filter(pl.col(csvfacts.FOUND) >= pl.col(_NEEDED))
        .select(csvfacts.LINE, csvfacts.FOUND)
        .sort(csvfacts.LINE)
    )
    return whole if whole.height else None


def rows_cut(ctx: Context | SourceContext, table: CsvTable) -> pl.DataFrame | None:
    """The rows F07 reports: another number of fields than the header, except the rows that end
    after their ballot's last option (F14)."""
    ragged = table.facts.ragged
    whole = (
        None if ragged is None or isinstance(ctx, SourceContext) else ended_after_ballot(ctx, table)
    )
    if ragged is None or whole is None:
        return ragged
    return ragged.join(whole.select(csvfacts.LINE), on=csvfacts.LINE, how="anti")


def _lines(lines: list[int], limit: int = SHOWN_LINES) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f", … (+{len(lines) - limit})" if len(lines) > limit else "")


@rule(
    Code.F14,
    "rows-end-after-ballot",
    Severity.WARNING,
    (Input.READING, Input.RESULTS, Input.STIMMZETTEL, Input.WAHLGEBIETSEINTEILUNGEN),
    example="Bezirk 0201 votes on ballot 2 (positions 1–4): its row ends after D4, the header "
    "goes on to D5.",
)
def rows_end_after_ballot(ctx: Context) -> Iterator[Yielded]:
    """In an election with several ballots (`stimmzettel-gebiet-nr`), result rows end after the
    last option of their own ballot: the header has the columns of every ballot, a row only
    those of its own. The missing cells belong to options that are not on the Bezirk's ballot
    and are read as empty (not reported, never 0). One finding per file, with the number of
    such rows and their first lines. A short row that cuts off an option of its own ballot, or
    a column that is no option, stays F07."""
    table = ctx.table_of(WAHLERGEBNISSE)
    whole = ended_after_ballot(ctx, table)
    if whole is not None:
        lines = whole[csvfacts.LINE].to_list()
        yield Finding(
            params={"rows": len(lines), "lines": _lines(lines)},
            location=Location(table.display, lines[0]),
        )
