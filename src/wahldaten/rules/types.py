"""T: the values of each column – types and formats, derived from the standard's JSON Schemas.

Each schema definition (`$defs`) names the rule that owns it (`x-wahldaten-rule`): `anzahl` →
T05, `datum` → T03 and so on. A value violates its column's definition if it breaks one of
the keywords `const`, `enum`, `minLength` or `pattern`; an empty cell where the definition does
not allow empty text belongs to T12 (required value missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import (
    CELLS,
    COLUMN,
    LINE,
    LINES,
    SHOWN_LINES,
    Finding,
    Location,
    RowFindings,
    Severity,
    Yielded,
    per_cause,
)
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import BEZIRK_NR, GS, KANDIDATEN, STIMMZETTEL, WAHLERGEBNISSE
from wahldaten.core.standard import ColumnCheck
from wahldaten.formats.source import SourceContext
from wahldaten.io import csvfacts
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import Context, column_hits, read_tables, valid_value
from wahldaten.rules.registry import ANY_FORMAT, rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

REQUIRED_VALUE = Code.T12
KEY_COLUMNS = (
    BEZIRK_NR,
    "kandidat-gebiet-nr",
    "stimmzettel-gebiet-nr",
    "gebiet-ebene-5-nr",
    "gebiet-ebene-4-nr",
    "gebiet-ebene-3-nr",
    "gebiet-ebene-2-nr",
    "BRIEFWAHLBEZIRK-NR",
)
# Spreadsheet damage: 1E+05, 1,2E+3 anywhere; 1.0 only where every id of the column ends in .0
# (ids such as 01.0 beside 01.1 are legitimate).
SCIENTIFIC_ID = r"^[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$"
FLOAT_ID = r"^[1-9][0-9]*[.,]0$"
TITLES = r"^(?:Dr|Prof|Dipl|Mag)\.|^(?:Dr|Prof)\b"
MIN_CANDIDATE_AGE = 16
EARLIEST_BIRTH_YEAR = 1900

EVERY_FORMAT = (ANY_FORMAT,)
_NO_CHECK = ColumnCheck(definition="", rule=None, description="")


def schema_violations(ctx: Context, code: Code) -> Iterator[Yielded]:
    """Cells that break the schema definitions owned by `code`.

    Reads the shared per-table violation flags; rows are filtered only for columns with a hit.
    """
    for file_type, table in ctx.tables():
        spec = ctx.file_spec(file_type)
        frame = table.frame
        flags = ctx.violations(file_type)
        owned = [c for c in flags.columns if (spec.check_for(c) or _NO_CHECK).rule == code]
        hit = flags.select(pl.col(owned).any()).row(0) if owned else ()
        for column, any_hit in zip(owned, hit, strict=True):
            if any_hit:
                hits = frame.filter(flags[column])
                yield ctx.rows(table.display, hits, column=column, value=pl.col(column))


def _lines(lines: list[int], total: int) -> str:
    shown = ", ".join(str(line) for line in lines)
    return shown + (f", … (+{total - len(lines)})" if total > len(lines) else "")


@rule(
    Code.T01,
    "gemeindeschluessel-format",
    Severity.ERROR,
    (Input.TABLES,),
    example="wahl-behoerde-gs `5111000` (7 digits) or `99111000` (no Land 99)",
)
def gemeindeschluessel_format(ctx: Context) -> Iterator[Yielded]:
    """A municipality key is not an 8-digit AGS or a 12-digit ARS starting with a Land number
    01–16. No check digit exists, so the syntax is what can be tested."""
    yield from schema_violations(ctx, Code.T01)


@rule(
    Code.T03,
    "date-format",
    Severity.ERROR,
    (Input.TABLES,),
    example="wahl-datum `2020-09-13` or `31.02.2020`",
)
def date_format(ctx: Context) -> Iterator[Yielded]:
    """A date is not `dd.mm.yyyy` or does not exist in the calendar (31.02., 29.02. outside leap
    years)."""
    yield from schema_violations(ctx, Code.T03)


@rule(
    Code.T04,
    "timestamp-format",
    Severity.WARNING,
    (Input.WAHLERGEBNISSE,),
    example="zeitstempel-erfassung `2020-09-13T18:47:37`",
)
def timestamp_format(ctx: Context) -> Iterator[Yielded]:
    """A timestamp is not `dd.mm.yyyy hh:mm:ss`. The forms seen in real files are accepted too:
    without seconds (`hh:mm`) and with milliseconds (`hh:mm:ss mmm`)."""
    yield from schema_violations(ctx, Code.T04)


@rule(
    Code.T05,
    "count-format",
    Severity.ERROR,
    (Input.WAHLERGEBNISSE, Input.RESULTS),
    example="B `1.234`, `-3`, `007` or `12,0`",
)
def count_format(ctx: Context) -> Iterator[Yielded]:
    """A count is not a non-negative integer written without sign, decimals, thousands separator
    or leading zeros. `1.234` usually means a locale mix-up. The value is left out of all sums
    (never guessed), so arithmetic rules skip the row. So is a count too large for a 64-bit
    integer."""
    yield from schema_violations(ctx, Code.T05)
    results, table = ctx.results_of(), ctx.table_of(WAHLERGEBNISSE)
    for column in results.too_large:
        value = pl.col(column).cast(pl.Int64, strict=False)
        hits = table.frame.filter(pl.col(column).is_not_null() & value.is_null())
        yield ctx.rows(table.display, hits, column=column, value=pl.col(column))


@rule(
    Code.T06,
    "mangled-id",
    Severity.WARNING,
    (Input.TABLES,),
    example="bezirk-nr `1E+05`, or every bezirk-nr of a file written as `101.0`, `102.0` …",
)
def mangled_id(ctx: Context) -> Iterator[Yielded]:
    """An identifier looks damaged by a spreadsheet: written in scientific notation (`1E+05`), or a
    whole column of ids turned into decimals (`101.0`, `102.0`). Ids are text and must be kept as
    entered (`0101` stays `0101`; `01.0` beside `01.1` is a legitimate id)."""
    for _, table in ctx.tables():
        columns = [
            c
            for c in KEY_COLUMNS
            if table.has(c) and table.frame[c].null_count() < table.frame.height
        ]
        if not columns:
            continue

        # Literal searches (no regex) rule most columns out in one pass: scientific notation
        # needs an e, a column of decimals a point or comma in every id. The exact patterns
        # then decide for the few columns left.
        def has(column: str, *chars: str) -> pl.Expr:
            value = pl.col(column)
            return pl.any_horizontal(value.str.contains(c, literal=True) for c in chars)

        maybe = table.frame.select(
            *(has(c, "e", "E").any().alias(f"s{i}") for i, c in enumerate(columns)),
            *(has(c, ".", ",").drop_nulls().all().alias(f"f{i}") for i, c in enumerate(columns)),
        ).row(0, named=True)
        floats = [c for i, c in enumerate(columns) if maybe[f"f{i}"]]
        whole = (
            table.frame.select(
                pl.col(c).drop_nulls().str.contains(FLOAT_ID).all() for c in floats
            ).row(0, named=True)
            if floats
            else {}
        )
        conditions = {
            c: pl.col(c).str.contains(
                f"{SCIENTIFIC_ID}|{FLOAT_ID}" if whole.get(c) else SCIENTIFIC_ID
            )
            for i, c in enumerate(columns)
            if maybe[f"s{i}"] or whole.get(c)
        }
        for column, hits in column_hits(table.frame, conditions):
            yield ctx.rows(table.display, hits, column=column, value=pl.col(column))


@rule(
    Code.T07,
    "code-list",
    Severity.ERROR,
    (),
    optional=(Input.WAHLGEBIETSEINTEILUNGEN, Input.STIMMZETTEL),
    example="bezirk-art `Brief` or partei-typ `X`",
)
def code_list(ctx: Context) -> Iterator[Yielded]:
    """A value outside its code list: `bezirk-art` must be W (urn) or B (postal; U is read as an
    urn district), `partei-typ` P or E. Postal and candidate logic depend on them."""
    yield from schema_violations(ctx, Code.T07)


@rule(
    Code.T08,
    "display-value",
    Severity.WARNING,
    (),
    optional=(Input.WAHLGEBIETSEINTEILUNGEN, Input.STIMMZETTEL, Input.KANDIDATEN),
    example="partei-rgb-wert `red`, kandidat-geschlecht `x`, bezirk-repräsentativ `ja`",
)
def display_value(ctx: Context) -> Iterator[Yielded]:
    """A value outside an enumeration that only affects display or statistics:
    `bezirk-repräsentativ` J/N, `kandidat-geschlecht` M/W/D, `partei-rgb-wert` #rrggbb."""
    yield from schema_violations(ctx, Code.T08)


@rule(
    Code.T09,
    "position-format",
    Severity.ERROR,
    (),
    optional=(Input.STIMMZETTEL, Input.KANDIDATEN),
    example="stimmzettel-position `0` or `1a`",
)
def position_format(ctx: Context) -> Iterator[Yielded]:
    """`stimmzettel-position` is not an integer > 0, or `kandidat-listenplatz` not an integer ≥ 0.
    The position is the n of the result columns D<n>/F<n>."""
    yield from schema_violations(ctx, Code.T09)


@rule(
    Code.T10,
    "birth-year",
    Severity.WARNING,
    (Input.KANDIDATEN,),
    example="kandidat-geburtsjahr `71` or `2015` for an election in 2020",
    values={"earliest": EARLIEST_BIRTH_YEAR, "age": MIN_CANDIDATE_AGE},
)
def birth_year(ctx: Context) -> Iterator[Yielded]:
    """`kandidat-geburtsjahr` is not a four-digit year, or lies outside {earliest} … (election year
    − {age}): usually swapped or mistyped fields."""
    table = ctx.table_of(KANDIDATEN)
    column = "kandidat-geburtsjahr"
    if not table.has(column):
        return
    check = ctx.file_spec(KANDIDATEN).check_for(column)
    well_formed = valid_value(column, check) if check is not None else pl.lit(True)
    latest = (ctx.election_year or 9999) - MIN_CANDIDATE_AGE
    born = pl.col(column).cast(pl.Int64, strict=False)
    implausible = ~well_formed | born.is_null() | (born < EARLIEST_BIRTH_YEAR) | (born > latest)
    hits = table.frame.filter(pl.col(column).is_not_null() & implausible)
    if hits.height:
        yield ctx.rows(
            table.display,
            hits,
            column=column,
            bezirk=None,
            value=pl.col(column),
            earliest=EARLIEST_BIRTH_YEAR,
            latest=latest,
        )


@rule(
    Code.T13,
    "title-in-surname",
    Severity.WARNING,
    (Input.KANDIDATEN,),
    example="kandidat-name `Dr. Behr`, kandidat-vorname empty",
)
def title_in_surname(ctx: Context) -> Iterator[Yielded]:
    """`kandidat-name` starts with an academic title (`Dr.`, `Prof.`): the full name was put into
    the surname field. The title belongs in `kandidat-akadgrad`, the first name in
    `kandidat-vorname`; sorting and search by surname break otherwise."""
    table = ctx.table_of(KANDIDATEN)
    column = "kandidat-name"
    if not table.has(column):
        return
    hits = table.frame.filter(pl.col(column).str.contains(TITLES))
    if hits.height:
        yield ctx.rows(table.display, hits, column=column, bezirk=None, value=pl.col(column))


@rule(
    Code.T14,
    "party-without-name",
    Severity.ERROR,
    (),
    optional=(Input.STIMMZETTEL, Input.KANDIDATEN),
    example="a Stimmzettel row with partei-kurzname and partei-langname both empty",
)
def party_without_name(ctx: Context) -> Iterator[Yielded]:
    """A ballot entry or candidacy has neither `partei-kurzname` nor `partei-langname`. One of them
    must be given (real files leave the short name empty for some lists); the name is the only link
    between Kandidaten and Stimmzettel."""
    for file_type in (STIMMZETTEL, KANDIDATEN):
        table = ctx.table(file_type)
        if table is None:
            continue
        names = [
            pl.col(c).is_null() for c in ("partei-kurzname", "partei-langname") if table.has(c)
        ]
        if not names:
            continue
        hits = table.frame.filter(pl.all_horizontal(names))
        if hits.height:
            yield ctx.rows(table.display, hits, column="partei-kurzname", bezirk=None)


@rule(
    Code.T11,
    "edge-whitespace",
    Severity.WARNING,
    (Input.READING,),
    example="bezirk-nr `00121     ` (padded to a fixed width)",
    formats=EVERY_FORMAT,
)
def edge_whitespace(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """A value has spaces (or tabs, non-breaking spaces) at its start or end. Exact joins between
    files break on them. The value is checked and joined without them. Reported once per file
    and column (an export pads a whole column to a fixed width), with the number of such cells,
    the first value and the first lines."""
    for table in read_tables(ctx):
        padded = table.facts.padded_values
        if padded is not None:
            cells = padded.select(
                pl.col(csvfacts.LINE).alias(LINE),
                pl.col(csvfacts.COLUMN).alias(COLUMN),
                pl.col(csvfacts.VALUE).alias("value"),
            )
            yield per_cause(RowFindings(table.display, cells), [COLUMN], count=CELLS)


@rule(
    Code.T12,
    "required-value-missing",
    Severity.ERROR,
    (Input.TABLES,),
    example="a Wahlergebnisse row with an empty `bezirk-nr`",
)
def required_value_missing(ctx: Context) -> Iterator[Yielded]:
    """Cells are empty although their column requires a value (`bezirk-nr`, `wahl-name`,
    `stimmzettel-position`, `bezirk-art` …). Counts are not affected: an empty count means "not
    reported". Reported once per file and column, with the number of empty cells and their
    first lines."""
    for file_type, table in ctx.tables():
        spec = ctx.file_spec(file_type)
        frame = table.frame
        for column in table.columns:
            check = spec.check_for(column)
            if check is None or not check.constrained or check.accepts_empty:
                continue
            empty = frame[column].null_count()  # kept by polars per column: no pass over data
            if not empty:
                continue
            where = [c for c in (LINE_COLUMN, BEZIRK_NR, GS) if c in frame.columns]
            first = frame.lazy().filter(pl.col(column).is_null()).select(where)
            rows = first.head(SHOWN_LINES).collect()
            lines = [int(line) for line in rows[LINE_COLUMN]]
            bezirk = rows[BEZIRK_NR][0] if BEZIRK_NR in rows.columns else None
            gs = rows[GS][0] if GS in rows.columns and ctx.several_municipalities else None
            yield Finding(
                params={CELLS: empty, LINES: _lines(lines, empty)},
                location=Location(table.display, lines[0], column, bezirk, gs if bezirk else None),
            )
