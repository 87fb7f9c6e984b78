"""T: the values of each column – types and formats, derived from the standard's JSON Schemas.

Each schema definition (`$defs`) names the rule that owns it (`x-wahldaten-rule`): `anzahl` →
T05, `datum` → T03 and so on. A value violates its column's definition if it breaks one of
the keywords `const`, `enum`, `minLength` or `pattern`; an empty cell where the definition does
not allow empty text belongs to T12 (required value missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten._lazy import polars as _pl
from wahldaten.findings import Severity, Yielded
from wahldaten.formats.owd import KANDIDATEN
from wahldaten.registry import ANY_FORMAT, rule
from wahldaten.rules.context import Context
from wahldaten.standard import ColumnCheck

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

REQUIRED_VALUE = "T12"
KEY_COLUMNS = (
    "bezirk-nr",
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


def valid_value(column: str, check: ColumnCheck) -> pl.Expr:
    """True where a non-empty value satisfies the schema definition of its column."""
    value = pl.col(column)
    conditions: list[pl.Expr] = []
    if check.min_length:
        conditions.append(value.str.len_chars() >= check.min_length)
    if check.const is not None:
        conditions.append(value == check.const)
    if check.enum is not None:
        conditions.append(value.is_in(list(check.enum)))
    if check.pattern is not None:
        conditions.append(value.str.contains(check.pattern))
    return pl.all_horizontal(conditions) if conditions else pl.lit(True)


def violation(column: str, check: ColumnCheck) -> pl.Expr:
    """True where a cell (empty = null) violates the schema definition of its column."""
    empty_ok = check.accepts_empty
    return (
        pl.when(pl.col(column).is_null())
        .then(pl.lit(not empty_ok))
        .otherwise(~valid_value(column, check))
    )


def schema_violations(ctx: Context, code: str) -> Iterator[Yielded]:
    """Cells that break the schema definitions owned by `code` (or, for T12, empty required ones)."""
    for file_type, table in ctx.tables():
        spec = ctx.file_spec(file_type)
        checks = [(c, spec.check_for(c)) for c in table.columns]
        frame = table.frame
        for column, check in checks:
            if check is None or not check.constrained:
                continue
            if code == REQUIRED_VALUE:
                if check.accepts_empty:
                    continue
                hits = frame.filter(pl.col(column).is_null())
            elif check.rule == code:
                hits = frame.filter(pl.col(column).is_not_null() & ~valid_value(column, check))
            else:
                continue
            if hits.height:
                yield ctx.rows(table.display, hits, column=column, value=pl.col(column))


@rule(
    "T01",
    "gemeindeschluessel-format",
    Severity.ERROR,
    ("Alle Dateien",),
    example="wahl-behoerde-gs `5111000` (7 digits) or `99111000` (no Land 99)",
)
def gemeindeschluessel_format(ctx: Context) -> Iterator[Yielded]:
    """A municipality key is not an 8-digit AGS or a 12-digit ARS starting with a Land number
    01–16. No check digit exists, so the syntax is what can be tested."""
    yield from schema_violations(ctx, "T01")


@rule(
    "T03",
    "date-format",
    Severity.ERROR,
    ("Alle Dateien",),
    example="wahl-datum `2020-09-13` or `31.02.2020`",
)
def date_format(ctx: Context) -> Iterator[Yielded]:
    """A date is not `dd.mm.yyyy` or does not exist in the calendar (31.02., 29.02. outside leap
    years)."""
    yield from schema_violations(ctx, "T03")


@rule(
    "T04",
    "timestamp-format",
    Severity.WARNING,
    ("Wahlergebnisse",),
    example="zeitstempel-erfassung `2020-09-13T18:47:37`",
)
def timestamp_format(ctx: Context) -> Iterator[Yielded]:
    """A timestamp is not `dd.mm.yyyy hh:mm:ss`. The forms seen in real files are accepted too:
    without seconds (`hh:mm`) and with milliseconds (`hh:mm:ss mmm`)."""
    yield from schema_violations(ctx, "T04")


@rule(
    "T05",
    "count-format",
    Severity.ERROR,
    ("Wahlergebnisse",),
    example="B `1.234`, `-3`, `007` or `12,0`",
)
def count_format(ctx: Context) -> Iterator[Yielded]:
    """A count is not a non-negative integer written without sign, decimals, thousands separator
    or leading zeros. `1.234` usually means a locale mix-up. The value is left out of all sums
    (never guessed), so arithmetic rules skip the row."""
    yield from schema_violations(ctx, "T05")


@rule(
    "T06",
    "mangled-id",
    Severity.WARNING,
    ("Alle Dateien",),
    example="bezirk-nr `1E+05`, or every bezirk-nr of a file written as `101.0`, `102.0` …",
)
def mangled_id(ctx: Context) -> Iterator[Yielded]:
    """An identifier looks damaged by a spreadsheet: written in scientific notation (`1E+05`), or a
    whole column of ids turned into decimals (`101.0`, `102.0`). Ids are text and must be kept as
    entered (`0101` stays `0101`; `01.0` beside `01.1` is a legitimate id)."""
    for _, table in ctx.tables():
        for column in KEY_COLUMNS:
            if not table.has(column):
                continue
            values = table.frame[column].drop_nulls()
            all_float = values.len() > 0 and bool(values.str.contains(FLOAT_ID).all())
            mangled = pl.col(column).str.contains(SCIENTIFIC_ID)
            if all_float:
                mangled = mangled | pl.col(column).str.contains(FLOAT_ID)
            hits = table.frame.filter(mangled)
            if hits.height:
                yield ctx.rows(table.display, hits, column=column, value=pl.col(column))


@rule(
    "T07",
    "code-list",
    Severity.ERROR,
    ("Wahlgebietseinteilungen", "Stimmzettel"),
    example="bezirk-art `Brief` or partei-typ `X`",
)
def code_list(ctx: Context) -> Iterator[Yielded]:
    """A value outside its code list: `bezirk-art` must be W (urn) or B (postal; U is read as an
    urn district), `partei-typ` P or E. Postal and candidate logic depend on them."""
    yield from schema_violations(ctx, "T07")


@rule(
    "T08",
    "display-value",
    Severity.WARNING,
    ("Wahlgebietseinteilungen", "Stimmzettel", "Kandidaten"),
    example="partei-rgb-wert `red`, kandidat-geschlecht `x`, bezirk-repräsentativ `ja`",
)
def display_value(ctx: Context) -> Iterator[Yielded]:
    """A value outside an enumeration that only affects display or statistics:
    `bezirk-repräsentativ` J/N, `kandidat-geschlecht` M/W/D, `partei-rgb-wert` #rrggbb."""
    yield from schema_violations(ctx, "T08")


@rule(
    "T09",
    "position-format",
    Severity.ERROR,
    ("Stimmzettel", "Kandidaten"),
    example="stimmzettel-position `0` or `1a`",
)
def position_format(ctx: Context) -> Iterator[Yielded]:
    """`stimmzettel-position` is not an integer > 0, or `kandidat-listenplatz` not an integer ≥ 0.
    The position is the n of the result columns D<n>/F<n>."""
    yield from schema_violations(ctx, "T09")


@rule(
    "T10",
    "birth-year",
    Severity.WARNING,
    (KANDIDATEN,),
    example="kandidat-geburtsjahr `71` or `2015` for an election in 2020",
    values={"earliest": EARLIEST_BIRTH_YEAR, "age": MIN_CANDIDATE_AGE},
)
def birth_year(ctx: Context) -> Iterator[Yielded]:
    """`kandidat-geburtsjahr` is not a four-digit year, or lies outside {earliest} … (election year
    − {age}): usually swapped or mistyped fields."""
    table = ctx.table(KANDIDATEN)
    column = "kandidat-geburtsjahr"
    if table is None or not table.has(column):
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
    "T13",
    "title-in-surname",
    Severity.WARNING,
    (KANDIDATEN,),
    example="kandidat-name `Dr. Behr`, kandidat-vorname empty",
)
def title_in_surname(ctx: Context) -> Iterator[Yielded]:
    """`kandidat-name` starts with an academic title (`Dr.`, `Prof.`): the full name was put into
    the surname field. The title belongs in `kandidat-akadgrad`, the first name in
    `kandidat-vorname`; sorting and search by surname break otherwise."""
    table = ctx.table(KANDIDATEN)
    column = "kandidat-name"
    if table is None or not table.has(column):
        return
    hits = table.frame.filter(pl.col(column).str.contains(TITLES))
    if hits.height:
        yield ctx.rows(table.display, hits, column=column, bezirk=None, value=pl.col(column))


@rule(
    "T14",
    "party-without-name",
    Severity.ERROR,
    ("Stimmzettel", "Kandidaten"),
    example="a Stimmzettel row with partei-kurzname and partei-langname both empty",
)
def party_without_name(ctx: Context) -> Iterator[Yielded]:
    """A ballot entry or candidacy has neither `partei-kurzname` nor `partei-langname`. One of them
    must be given (real files leave the short name empty for some lists); the name is the only link
    between Kandidaten and Stimmzettel."""
    for file_type in ("Stimmzettel", KANDIDATEN):
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
    "T11",
    "edge-whitespace",
    Severity.WARNING,
    ("Alle Dateien",),
    example="bezirk-nr `00121     ` (padded to a fixed width)",
    formats=EVERY_FORMAT,
)
def edge_whitespace(ctx: Context) -> Iterator[Yielded]:
    """A value has spaces (or tabs, non-breaking spaces) at its start or end. Exact joins between
    files break on them. The value is checked and joined without them."""
    yield from ctx.reader_issues("T11")


@rule(
    "T12",
    "required-value-missing",
    Severity.ERROR,
    ("Alle Dateien",),
    example="a Wahlergebnisse row with an empty `bezirk-nr`",
)
def required_value_missing(ctx: Context) -> Iterator[Yielded]:
    """A cell is empty although its column requires a value (`bezirk-nr`, `wahl-name`,
    `stimmzettel-position`, `bezirk-art` …). Counts are not affected: an empty count means "not
    reported"."""
    yield from schema_violations(ctx, REQUIRED_VALUE)
