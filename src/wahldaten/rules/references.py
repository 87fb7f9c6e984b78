"""R: the package and its identity – required files, the election's name, date and authority.

References between the files are in bezirke.py (Bezirke), ballot.py (ballot positions and
areas), candidates.py and areas.py (the area hierarchy).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core import standard
from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import ROWS, Finding, Location, Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    DATUM,
    GS,
    KANDIDATEN,
    NAME,
    STIMMZETTEL,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import Context, column_hits
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

KANDIDAT_GEBIET = "kandidat-gebiet-nr"
SHOWN_KEYS = 5  # municipality keys named in R19


@rule(
    Code.R01,
    "file-missing",
    Severity.ERROR,
    (Input.PACKAGE,),
    example="A package with Wahlparameter, Stimmzettel and Wahlergebnisse but no Wahlgebietseinteilungen.",
)
def file_missing(ctx: Context) -> Iterator[Yielded]:
    """A file type the standard requires is missing from the package (Wahlparameter,
    Wahlgebietseinteilungen, Stimmzettel, Wahlergebnisse). Kandidaten is optional."""
    present = ctx.package.files
    for file_type in standard.FILE_TYPES:
        if ctx.file_spec(file_type).required_file and file_type not in present:
            yield Finding(params={"file_type": file_type})


@rule(
    Code.R02,
    "kandidaten-missing",
    Severity.WARNING,
    (Input.PACKAGE,),
    optional=(Input.WAHLGEBIETSEINTEILUNGEN, Input.STIMMZETTEL),
    example="Candidate areas in Wahlgebietseinteilungen, but no Kandidaten file.",
)
def kandidaten_missing(ctx: Context) -> Iterator[Yielded]:
    """There is no Kandidaten file although the package has candidate areas or Einzelbewerber
    (`partei-typ` E). Referendum packages lack it legitimately."""
    if KANDIDATEN in ctx.package.files:
        return
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    stimmzettel = ctx.frame(STIMMZETTEL)
    areas = (
        gebiete is not None
        and KANDIDAT_GEBIET in gebiete.columns
        and gebiete[KANDIDAT_GEBIET].is_not_null().any()
    )
    einzel = (
        stimmzettel is not None
        and "partei-typ" in stimmzettel.columns
        and (stimmzettel["partei-typ"] == "E").any()
    )
    if areas or einzel:
        yield Finding(params={"reason": "kandidat-gebiet-nr" if areas else "partei-typ E"})


def _reference(ctx: Context, column: str) -> str | None:
    frame = ctx.frame(WAHLPARAMETER)
    if (
        frame is not None
        and column in frame.columns
        and frame.height
        and frame[column][0] is not None
    ):
        return str(frame[column][0])
    counts: dict[str, int] = {}
    for _, table in ctx.tables():
        if table.has(column):
            for value, n in table.frame[column].drop_nulls().value_counts().iter_rows():
                counts[value] = counts.get(value, 0) + n
    return max(counts, key=lambda v: counts[v]) if counts else None


def _within_authority(authority: str) -> pl.Expr:
    """Rows whose gs is a municipality inside the authority: a Land (`LL000000`,
    `LL0000000000`), a Regierungsbezirk (`LLR00000`, `LLR000000000`) or a Kreis (AGS ending in
    000, ARS ending in 0000000)."""
    if len(authority) not in (8, 12) or not authority.isdigit():
        return pl.lit(False)
    if not authority[2:].strip("0"):
        prefix = authority[:2]
    elif not authority[3:].strip("0"):
        prefix = authority[:3]
    elif authority.endswith("000") if len(authority) == 8 else authority.endswith("0000000"):
        prefix = authority[:5]
    else:
        return pl.lit(False)
    return pl.col(GS).str.starts_with(prefix)


@rule(
    Code.R03,
    "identity-differs",
    Severity.ERROR,
    (Input.TABLES,),
    example="Wahlergebnisse rows with wahl-datum 14.09.2020 in a package of the 13.09.2020",
)
def identity_differs(ctx: Context) -> Iterator[Yielded]:
    """`wahl-name`, `wahl-datum` or `wahl-behoerde-gs` differ across rows or files. They identify the
    package; a difference means mixed exports. (Rows of a Kreis, Regierungsbezirk or Land package
    may carry the key of their municipality: see R19.) A wrong `version` is reported by S11."""
    expected = {column: _reference(ctx, column) for column in (NAME, DATUM, GS)}
    for _, table in ctx.tables():
        conditions: dict[str, pl.Expr] = {}
        for column, value in expected.items():
            if value is None or not table.has(column):
                continue
            differs = pl.col(column).is_not_null() & (pl.col(column) != value)
            if column == GS:
                differs = differs & ~_within_authority(value)
            conditions[column] = differs
        for column, hits in column_hits(table.frame, conditions):
            yield ctx.rows(
                table.display, hits, column=column, expected=expected[column], found=pl.col(column)
            )


@rule(
    Code.R04,
    "wahlparameter-rows",
    Severity.ERROR,
    (Input.WAHLPARAMETER,),
    example="A Wahlparameter file with two rows.",
)
def wahlparameter_rows(ctx: Context) -> Iterator[Yielded]:
    """Wahlparameter must hold exactly one row: one election per package."""
    table = ctx.table_of(WAHLPARAMETER)
    if table.frame.height != 1:
        line = int(table.frame[LINE_COLUMN][1]) if table.frame.height > 1 else table.header_line
        yield Finding(params={"count": table.frame.height}, location=Location(table.display, line))


@rule(
    Code.R19,
    "municipality-in-kreis",
    Severity.INFO,
    (Input.TABLES,),
    example="A Kreistagswahl package of Kreis 05366000 whose rows carry 05366004, 05366008 …",
)
def municipality_in_kreis(ctx: Context) -> Iterator[Yielded]:
    """Rows carry the key of a municipality inside the area of the authority that publishes the
    package (a Kreis, a Regierungsbezirk or a Land), not the authority's own key. Normal in such
    packages; the Bezirk is then identified by municipality and number. Reported once per file,
    with the number of municipalities and rows and the first keys."""
    authority = ctx.authority_gs
    if authority is None:
        return
    for _, table in ctx.tables():
        if not table.has(GS):
            continue
        # Grouping first: the conditions then run once per key, not once per row.
        first = (
            table.frame.group_by(GS)
            .agg(pl.col(LINE_COLUMN).min(), pl.len().alias("count"))
            .filter((pl.col(GS) != authority) & _within_authority(authority))
            .sort(LINE_COLUMN)
        )
        if first.height == 0:
            continue
        keys = first[GS].to_list()
        shown = ", ".join(keys[:SHOWN_KEYS]) + (
            f", … (+{len(keys) - SHOWN_KEYS})" if len(keys) > SHOWN_KEYS else ""
        )
        yield Finding(
            params={
                "authority": authority,
                "municipalities": len(keys),
                ROWS: int(first["count"].sum()),
                "value": shown,
            },
            location=Location(table.display, int(first[LINE_COLUMN][0]), GS),
        )


@rule(
    Code.R21,
    "file-type-twice",
    Severity.ERROR,
    (Input.PACKAGE,),
    example="Two Wahlergebnisse files of the same election in one folder (exports of 20:15 and 21:30).",
)
def file_type_twice(ctx: Context) -> Iterator[Yielded]:
    """A package has two files of the same type. The first (in name order) is validated; the
    others are reported here. Put different exports of the same election in separate folders."""
    package = ctx.package
    for duplicate in package.duplicates:
        yield Finding(
            params={
                "file_type": duplicate.file_type,
                "used": package.files[duplicate.file_type].display,
            },
            location=Location(file=duplicate.display),
        )
