"""S: the columns of each file – required, unknown, misspelt, the result letters, the version.

Header names that are empty or repeated (S03, S04) are in rules/header.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from wahldaten.core import standard
from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.core.names import WAHLERGEBNISSE
from wahldaten.rules.context import NUMBERED, Context
from wahldaten.rules.registry import rule
from wahldaten.rules.types import schema_violations

# Result columns written by vendors that OWD cannot express (C1/C2, D1_liste, D1_3, H_1_Name …).
RESULT_LIKE = re.compile(r"^(?:[A-H][0-9]*(?:_.+)?|[A-H][0-9]+)$")
# Columns named in a finding that stands for many (S02).
SHOWN_COLUMNS = 10


def _real_columns(columns: list[str]) -> list[str]:
    """Frame columns that stand for a header name (not placeholders for empty or duplicate ones)."""
    return [c for c in columns if not c.startswith("#") and "#" not in c]


def _header_finding(ctx: Context, file_type: str, column: str, **params: object) -> Finding:
    table = ctx.table(file_type)
    line = table.header_line if table is not None else None
    return Finding(params=params, location=Location(ctx.display(file_type), line, column))


def _case_matcher(ctx: Context, file_type: str) -> Callable[[str], str | None]:
    """For a column name, the known name it matches only in letter case (or None).

    One lookup per column: a header may have thousands of columns."""
    spec = ctx.file_spec(file_type)
    by_fold: dict[str, list[str]] = {}
    for known in spec.known_names:
        by_fold.setdefault(known.casefold(), []).append(known)
    results = file_type == WAHLERGEBNISSE

    def match(column: str) -> str | None:
        for known in by_fold.get(column.casefold(), ()):
            if known != column:
                return known
        upper = column.upper()
        if results and upper != column and spec.is_standard(upper):
            return upper
        return None

    return match


def _unknown(spec: standard.FileSpec, column: str) -> bool:
    return not (spec.is_standard(column) or spec.is_extension(column))


@rule(
    Code.S01,
    "required-column-missing",
    Severity.ERROR,
    (Input.TABLES,),
    example="Wahlergebnisse without the column `B`.",
)
def required_column_missing(ctx: Context) -> Iterator[Yielded]:
    """A column the standard requires for this file type is missing. Consumers address columns by
    name, and the checks that need the column cannot run. Required columns come from the
    `required` list of the file type's JSON Schema."""
    for file_type, table in ctx.tables():
        present = set(table.columns)
        for column in ctx.file_spec(file_type).required:
            if column not in present:
                yield _header_finding(ctx, file_type, column)


@rule(
    Code.S02,
    "unknown-column",
    Severity.WARNING,
    (Input.TABLES,),
    example="Wahlergebnisse with a column `Bemerkung`.",
)
def unknown_column(ctx: Context) -> Iterator[Yielded]:
    """Columns that are neither part of the standard nor a registered extension. Typos and
    private columns must be visible to the publisher; the columns are otherwise ignored.
    Reported once per file, with the number of such columns and the first of them."""
    for file_type, table in ctx.tables():
        spec = ctx.file_spec(file_type)
        case_match = _case_matcher(ctx, file_type)
        results = file_type == WAHLERGEBNISSE
        unknown = [
            column
            for column in _real_columns(table.columns)
            if _unknown(spec, column)
            and case_match(column) is None
            and not (results and RESULT_LIKE.match(column))
        ]
        if unknown:
            yield _header_finding(
                ctx,
                file_type,
                unknown[0],
                count=len(unknown),
                columns=_short_list(unknown, SHOWN_COLUMNS),
            )


@rule(
    Code.S05,
    "column-name-spelling",
    Severity.WARNING,
    (Input.TABLES,),
    example="`bezirk-nr ` (trailing space) or `Bezirk-Nr`",
)
def column_name_spelling(ctx: Context) -> Iterator[Yielded]:
    """A column name matches a known one only after removing surrounding spaces or ignoring case.
    Names padded with spaces are mapped to the standard name (padding is unambiguous); names that
    differ in case are not mapped (that would be a guess), so the column counts as missing."""
    for owd_file in ctx.read_files():
        table = owd_file.table
        for name in table.facts.padded_names:
            yield Finding(
                params={"raw": name.raw, "known": name.name},
                location=Location(table.display, table.header_line, name.name),
            )
    for file_type, table in ctx.tables():
        case_match = _case_matcher(ctx, file_type)
        for column in _real_columns(table.columns):
            known = case_match(column)
            if known is not None:
                yield _header_finding(ctx, file_type, column, known=known, raw=column)


@rule(
    Code.S06,
    "result-column-outside-owd",
    Severity.WARNING,
    (Input.WAHLERGEBNISSE,),
    example="Wahlergebnisse with `C1;C2;D1_liste;D1_1` (a Lower Saxony council layout).",
)
def result_column_outside_owd(ctx: Context) -> Iterator[Yielded]:
    """Wahlergebnisse has a column that looks like a result letter but is not one OWD knows
    (`A1–A3, A, B, B1/B2, C, D, D<n>, E, F, F<n>`): a vendor layout OWD cannot express, such as
    multi-vote council elections. Its values are not checked and would be lost by consumers."""
    table = ctx.table_of(WAHLERGEBNISSE)
    spec = ctx.file_spec(WAHLERGEBNISSE)
    case_match = _case_matcher(ctx, WAHLERGEBNISSE)
    for column in _real_columns(table.columns):
        if RESULT_LIKE.match(column) and _unknown(spec, column) and case_match(column) is None:
            yield _header_finding(ctx, WAHLERGEBNISSE, column)


@rule(
    Code.S07,
    "b1-and-b2",
    Severity.ERROR,
    (Input.WAHLERGEBNISSE,),
    example="Wahlergebnisse with both `B1` and `B2`.",
    optional=(Input.WAHLPARAMETER,),
)
def b1_and_b2(ctx: Context) -> Iterator[Yielded]:
    """Both `B1` and `B2` are present. They are two spellings of the same figure (voters with a
    Wahlschein), so two columns cannot both be right. Not so where the election's structure
    says they are two counts (Baden-Württemberg council elections write both)."""
    table = ctx.table_of(WAHLERGEBNISSE)
    if table.has("B1") and table.has("B2") and not ctx.structure.b1_b2_distinct:
        yield _header_finding(ctx, WAHLERGEBNISSE, "B2")


@rule(Code.S08, "b2-used", Severity.INFO, (Input.WAHLERGEBNISSE,), example="…;A;B;B2;C;D;…")
def b2_used(ctx: Context) -> Iterator[Yielded]:
    """`B2` is used for the voters with a Wahlschein. It occurs in NRW council exports of both
    versions and means the same as `B1`; it is read as B1, and `B1` is the spelling to write."""
    table = ctx.table_of(WAHLERGEBNISSE)
    if table.has("B2") and not table.has("B1"):
        yield _header_finding(ctx, WAHLERGEBNISSE, "B2")


@rule(
    Code.S09,
    "incomplete-vote-block",
    Severity.ERROR,
    (Input.WAHLERGEBNISSE,),
    example="Wahlergebnisse with `E` and `F1…F5` but no `F`.",
    optional=(Input.WAHLPARAMETER,),
)
def incomplete_vote_block(ctx: Context) -> Iterator[Yielded]:
    """The second vote is only partly there: `E` without `F`, `F` without `E`, or `F<n>` columns
    without `E` and `F`. The identities B = E + F and F = ΣF<n> cannot be checked. Where the
    election's structure says `E` counts the valid votes of a ballot with several votes
    (Baden-Württemberg council elections), `E` is no second vote and needs no `F`."""
    table = ctx.table_of(WAHLERGEBNISSE)
    spec = ctx.file_spec(WAHLERGEBNISSE)
    # Letters the structure gives another meaning than the second vote.
    counted_otherwise = {ctx.structure.votes_column} if ctx.structure.votes == 1 else set()
    for column, needed in spec.dependent_required.items():
        if table.has(column) and column not in counted_otherwise:
            for other in needed:
                if not table.has(other):
                    yield _header_finding(ctx, WAHLERGEBNISSE, other, present=column)
    numbered_f = [c for c in table.columns if NUMBERED.match(c) and c.startswith("F")]
    if numbered_f and not table.has("E") and not table.has("F"):
        yield _header_finding(ctx, WAHLERGEBNISSE, "F", present=numbered_f[0])


@rule(Code.S11, "unknown-version", Severity.ERROR, (Input.PACKAGE,), example="version `0.9`")
def unknown_version(ctx: Context) -> Iterator[Yielded]:
    """The package declares a version of the standard this tool does not know. Rules are
    version-specific; the package is checked against the newest known version instead."""
    package = ctx.package
    known = standard.versions()
    if package.declared_version not in known:
        first = next(iter(package.files.values()), None)
        yield Finding(
            params={
                "version": package.declared_version or "",
                "used": package.version,
                "known": ", ".join(known),
            },
            location=Location(file=first.display if first is not None else None),
        )


@rule(
    Code.S12,
    "version-differs",
    Severity.ERROR,
    (Input.TABLES,),
    example="a Stimmzettel file with version 0.2 in a 0.3 package",
)
def version_differs(ctx: Context) -> Iterator[Yielded]:
    """A row's `version` differs from the version the package declares (in Wahlparameter): files of
    different exports are mixed. Not checked when the declared version itself is unknown (S11)."""
    if ctx.package.declared_version == ctx.package.version:
        yield from schema_violations(ctx, Code.S12)


@rule(
    Code.S13,
    "extension-column",
    Severity.INFO,
    (Input.TABLES,),
    example="Wahlgebietseinteilungen with `BRIEFWAHLBEZIRK-NR`.",
)
def extension_column(ctx: Context) -> Iterator[Yielded]:
    """Registered extension columns are present, such as `BRIEFWAHLBEZIRK-NR` (written by the
    fhswf/wahlkarte converters) or the columns of cumulative-voting council elections
    (`GUELTIGE-STIMMZETTEL`, `D<n>_liste`, `D<n>_<k>`). They are not part of the standard but are
    known and checked. Reported once per file and extension."""
    for file_type, table in ctx.tables():
        spec = ctx.file_spec(file_type)
        seen: dict[int, list[str]] = {}
        for column in table.columns:
            extension = spec.extension(column)
            if extension is not None:
                seen.setdefault(spec.extensions.index(extension), []).append(column)
        for columns in seen.values():
            yield _header_finding(
                ctx, file_type, columns[0], count=len(columns), columns=_short_list(columns)
            )


def _short_list(columns: list[str], limit: int = 4) -> str:
    shown = ", ".join(columns[:limit])
    return shown + (f", … (+{len(columns) - limit})" if len(columns) > limit else "")
