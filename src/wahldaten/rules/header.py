"""S03, S04: header fields that are repeated or have no name, in the files of every format.

The CSV reader records such names (`CsvFacts.repeated_names`, `empty_names`); a vendor format
whose header has them by design says so in its facts (`HeaderForm`), and they are not reported
there. Each is reported once per cause: a repeated name once, an empty run once per file.
"""

from __future__ import annotations

from collections.abc import Iterator

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.formats.facts import HeaderForm, SourceFacts
from wahldaten.formats.source import SourceContext
from wahldaten.io.csvfacts import HeaderName
from wahldaten.rules.context import Context, read_tables
from wahldaten.rules.registry import ANY_FORMAT, rule

EVERY_FORMAT = (ANY_FORMAT,)
SHOWN_POSITIONS = 10


def _header_form(ctx: Context | SourceContext) -> HeaderForm:
    """What a source format's header has by design (an OWD package: nothing)."""
    facts = ctx.facts_as(SourceFacts) if isinstance(ctx, SourceContext) else None
    return facts.header_form if facts is not None else HeaderForm()


def positions(names: list[HeaderName], limit: int = SHOWN_POSITIONS) -> str:
    shown = ", ".join(str(n.position) for n in names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


@rule(
    Code.S03,
    "duplicate-column",
    Severity.ERROR,
    (Input.READING,),
    example="bezirk-nr;bezirk-name;bezirk-nr",
    formats=EVERY_FORMAT,
)
def duplicate_column(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """A column name occurs twice in the header. Readers that build a dictionary per row keep the
    last value silently; here the first occurrence is used and the later ones are ignored.
    Reported once per name, with the fields of its later occurrences."""
    form = _header_form(ctx)
    for table in read_tables(ctx):
        by_name: dict[str, list[HeaderName]] = {}
        for name in table.facts.repeated_names:
            if not form.allows_repeated(name.name):
                by_name.setdefault(name.name, []).append(name)
        for column, later in by_name.items():
            yield Finding(
                params={"count": len(later) + 1, "positions": positions(later)},
                location=Location(table.display, table.header_line, column),
            )


@rule(
    Code.S04,
    "empty-column-name",
    Severity.WARNING,
    (Input.READING,),
    example="version;wahl-name;;bezirk-nr",
    formats=EVERY_FORMAT,
)
def empty_column_name(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """Header fields are empty, usually from a trailing separator. Values in those columns are
    lost. Reported once per file, with the number of such fields and the first of them."""
    form = _header_form(ctx)
    for table in read_tables(ctx):
        empty = [n for n in table.facts.empty_names if not form.allows_empty(n.position)]
        if empty:
            yield Finding(
                params={"count": len(empty), "positions": positions(empty)},
                location=Location(table.display, table.header_line),
            )
