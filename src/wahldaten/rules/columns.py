"""S: the columns of each file – required, unknown, duplicate, misspelt, and the result letters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.formats.facts import HeaderForm, SourceFacts
from wahldaten.formats.owd import WAHLERGEBNISSE
from wahldaten.formats.source import SourceContext
from wahldaten.rules.context import NUMBERED, Context
from wahldaten.rules.registry import ANY_FORMAT, rule
from wahldaten.rules.types import schema_violations

# Result columns written by vendors that OWD cannot express (C1/C2, D1_liste, D1_3, H_1_Name …).
RESULT_LIKE = re.compile(r"^(?:[A-H][0-9]*(?:_.+)?|[A-H][0-9]+)$")

EVERY_FORMAT = (ANY_FORMAT,)


def _real_columns(columns: list[str]) -> list[str]:
    """Frame columns that stand for a header name (not placeholders for empty or duplicate ones)."""
    return [c for c in columns if not c.startswith("#") and "#" not in c]


def _header_form(ctx: object) -> HeaderForm:
    """What a source format's header has by design (an OWD package: nothing)."""
    facts = ctx.facts_as(SourceFacts) if isinstance(ctx, SourceContext) else None
    return facts.header_form if facts is not None else HeaderForm()


def _header_finding(ctx: Context, file_type: str, column: str, **params: object) -> Finding:
    table = ctx.table(file_type)
    line = table.header_line if table is not None else None
    return Finding(params=params, location=Location(ctx.display(file_type), line, column))


def _case_match(ctx: Context, file_type: str, column: str) -> str | None:
    spec = ctx.file_spec(file_type)
    folded = column.casefold()
    for known in spec.known_names:
        if known.casefold() == folded and known != column:
            return known
    if (
        spec.is_standard(column.upper())
        and column.upper() != column
        and file_type == WAHLERGEBNISSE
    ):
        return column.upper()
    return None


@rule(
    "S01",
    "required-column-missing",
    Severity.ERROR,
    ("Alle Dateien",),
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
    "S02",
    "unknown-column",
    Severity.WARNING,
    ("Alle Dateien",),
    example="Wahlergebnisse with a column `Bemerkung`.",
)
def unknown_column(ctx: Context) -> Iterator[Yielded]:
    """A column that is neither part of the standard nor a registered extension. Typos and private
    columns must be visible to the publisher; the column is otherwise ignored."""
    for file_type, table in ctx.tables():
        spec = ctx.file_spec(file_type)
        for column in _real_columns(table.columns):
            if spec.is_standard(column) or spec.is_extension(column):
                continue
            if _case_match(ctx, file_type, column) is not None:
                continue
            if file_type == WAHLERGEBNISSE and RESULT_LIKE.match(column):
                continue
            yield _header_finding(ctx, file_type, column)


@rule(
    "S03",
    "duplicate-column",
    Severity.ERROR,
    ("Alle Dateien",),
    example="bezirk-nr;bezirk-name;bezirk-nr",
    formats=EVERY_FORMAT,
)
def duplicate_column(ctx: Context) -> Iterator[Yielded]:
    """A column name occurs twice in the header. Readers that build a dictionary per row keep the
    last value silently; here the first occurrence is used and the later ones are ignored."""
    form = _header_form(ctx)
    for item in ctx.reader_issues("S03"):
        if not (isinstance(item, Finding) and form.allows_repeated(item.location.column)):
            yield item


@rule(
    "S04",
    "empty-column-name",
    Severity.WARNING,
    ("Alle Dateien",),
    example="version;wahl-name;;bezirk-nr",
    formats=EVERY_FORMAT,
)
def empty_column_name(ctx: Context) -> Iterator[Yielded]:
    """A header field is empty, usually from a trailing separator. Values in that column are lost."""
    form = _header_form(ctx)
    for item in ctx.reader_issues("S04"):
        if not (isinstance(item, Finding) and form.allows_empty(item.params.get("position"))):
            yield item


@rule(
    "S05",
    "column-name-spelling",
    Severity.WARNING,
    ("Alle Dateien",),
    example="`bezirk-nr ` (trailing space) or `Bezirk-Nr`",
)
def column_name_spelling(ctx: Context) -> Iterator[Yielded]:
    """A column name matches a known one only after removing surrounding spaces or ignoring case.
    Names padded with spaces are mapped to the standard name (padding is unambiguous); names that
    differ in case are not mapped (that would be a guess), so the column counts as missing."""
    yield from ctx.reader_issues("S05")
    for file_type, table in ctx.tables():
        for column in _real_columns(table.columns):
            known = _case_match(ctx, file_type, column)
            if known is not None:
                yield _header_finding(ctx, file_type, column, known=known, raw=column)


@rule(
    "S06",
    "result-column-outside-owd",
    Severity.WARNING,
    (WAHLERGEBNISSE,),
    example="Wahlergebnisse with `C1;C2;D1_liste;D1_1` (a Lower Saxony council layout).",
)
def result_column_outside_owd(ctx: Context) -> Iterator[Yielded]:
    """Wahlergebnisse has a column that looks like a result letter but is not one OWD knows
    (`A1–A3, A, B, B1/B2, C, D, D<n>, E, F, F<n>`): a vendor layout OWD cannot express, such as
    multi-vote council elections. Its values are not checked and would be lost by consumers."""
    table = ctx.table(WAHLERGEBNISSE)
    if table is None:
        return
    spec = ctx.file_spec(WAHLERGEBNISSE)
    for column in _real_columns(table.columns):
        if (
            spec.is_standard(column)
            or spec.is_extension(column)
            or _case_match(ctx, WAHLERGEBNISSE, column)
        ):
            continue
        if RESULT_LIKE.match(column):
            yield _header_finding(ctx, WAHLERGEBNISSE, column)


@rule(
    "S07",
    "b1-and-b2",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="Wahlergebnisse with both `B1` and `B2`.",
)
def b1_and_b2(ctx: Context) -> Iterator[Yielded]:
    """Both `B1` and `B2` are present. They are two spellings of the same figure (voters with a
    Wahlschein), so two columns cannot both be right."""
    table = ctx.table(WAHLERGEBNISSE)
    if table is not None and table.has("B1") and table.has("B2"):
        yield _header_finding(ctx, WAHLERGEBNISSE, "B2")


@rule("S08", "b2-used", Severity.INFO, (WAHLERGEBNISSE,), example="…;A;B;B2;C;D;…")
def b2_used(ctx: Context) -> Iterator[Yielded]:
    """`B2` is used for the voters with a Wahlschein. It occurs in NRW council exports of both
    versions and means the same as `B1`; it is read as B1, and `B1` is the spelling to write."""
    table = ctx.table(WAHLERGEBNISSE)
    if table is not None and table.has("B2") and not table.has("B1"):
        yield _header_finding(ctx, WAHLERGEBNISSE, "B2")


@rule(
    "S09",
    "incomplete-vote-block",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="Wahlergebnisse with `E` and `F1…F5` but no `F`.",
)
def incomplete_vote_block(ctx: Context) -> Iterator[Yielded]:
    """The second vote is only partly there: `E` without `F`, `F` without `E`, or `F<n>` columns
    without `E` and `F`. The identities B = E + F and F = ΣF<n> cannot be checked."""
    table = ctx.table(WAHLERGEBNISSE)
    if table is None:
        return
    spec = ctx.file_spec(WAHLERGEBNISSE)
    for column, needed in spec.dependent_required.items():
        if table.has(column):
            for other in needed:
                if not table.has(other):
                    yield _header_finding(ctx, WAHLERGEBNISSE, other, present=column)
    numbered_f = [c for c in table.columns if NUMBERED.match(c) and c.startswith("F")]
    if numbered_f and not table.has("E") and not table.has("F"):
        yield _header_finding(ctx, WAHLERGEBNISSE, "F", present=numbered_f[0])


@rule("S11", "unknown-version", Severity.ERROR, ("Paket",), example="version `0.9`")
def unknown_version(ctx: Context) -> Iterator[Yielded]:
    """The package declares a version of the standard this tool does not know. Rules are
    version-specific; the package is checked against the newest known version instead."""
    yield from ctx.reader_issues("S11")


@rule(
    "S12",
    "version-differs",
    Severity.ERROR,
    ("Alle Dateien",),
    example="a Stimmzettel file with version 0.2 in a 0.3 package",
)
def version_differs(ctx: Context) -> Iterator[Yielded]:
    """A row's `version` differs from the version the package declares (in Wahlparameter): files of
    different exports are mixed. Not checked when the declared version itself is unknown (S11)."""
    if ctx.package.declared_version == ctx.package.version:
        yield from schema_violations(ctx, "S12")


@rule(
    "S13",
    "extension-column",
    Severity.INFO,
    ("Alle Dateien",),
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
