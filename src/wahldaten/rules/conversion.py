"""K: converting vendor exports – what the reader decided, assumed or could not carry.

Every vendor reader records typed facts about each source file (`formats/facts.py`,
`SourceFacts`); the rules here detect the shared codes from them: a layout the reader could
not place, counts that are not numbers, totals that do not add up, values that had to be
supplied. Format-specific checks of the source figures live beside them
(`rules/votemanager.py`, `rules/akdb.py` and siblings).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats import registry
from wahldaten.formats.counts import malformed_counts, text_columns, with_thousands
from wahldaten.formats.facts import AREA, LINE, RENAMED, TOTAL, VALUE, WHAT, SourceFacts
from wahldaten.formats.source import SourceContext
from wahldaten.rules.identities import group_sum
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# Every rule here detects its code from the typed facts the reader recorded.
FACTS = (Input.SOURCE_FACTS,)
# The layouts (formats/layouts) are vendor formats too: each shipped one and a user's own.
LAYOUTS = registry.layout_rule_names()
VENDORS = ("votemanager", "votemanager-legacy", "akdb", "kerg2", "kerg", "wbz", *LAYOUTS)
COUNT, SUM = "__count", "__sum_"


def _facts(ctx: SourceContext) -> SourceFacts | None:
    return ctx.facts_as(SourceFacts)


@rule(
    Code.K01,
    "unknown-layout",
    Severity.ERROR,
    FACTS,
    example="a votemanager file with a column `H_1_Stimmen` (write-in votes) the converter does not know",
    formats=VENDORS,
)
def unknown_layout(ctx: SourceContext) -> Iterator[Yielded]:
    """The header of a vendor file matches no layout the converter knows, or lacks a column every
    layout has. The meaning of the letters depends on the layout, so the file is refused rather
    than mis-mapped."""
    facts = _facts(ctx)
    if facts is not None:
        columns = facts.missing or facts.unknown
        if columns:
            yield Finding(
                params={"columns": ", ".join(columns), "layout": facts.layout},
                location=Location(facts.display, facts.header_line, columns[0]),
            )
        for refused in facts.refused:
            yield ctx.rows(
                facts.display,
                refused.frame,
                column=refused.column,
                bezirk=AREA,
                columns=pl.col(WHAT),
                layout=facts.layout,
            )


@rule(
    Code.K02,
    "source-value-not-a-count",
    Severity.ERROR,
    FACTS,
    example="B `1,234` or `12a` in a votemanager file",
    formats=VENDORS,
)
def source_value_not_a_count(ctx: SourceContext) -> Iterator[Yielded]:
    """A count cell of the source holds something that is not a whole number. Nothing is guessed:
    the file is not converted until the value is corrected."""
    facts = _facts(ctx)
    if facts is not None and facts.raw is not None:
        raw = facts.raw
        bad = raw.filter(malformed_counts(raw, facts.count_columns, thousands=facts.thousands))
        if bad.height:
            yield ctx.rows(facts.display, bad, bezirk=facts.area)


@rule(
    Code.K03,
    "party-names-missing",
    Severity.WARNING,
    FACTS,
    example="a votemanager CSV converted without open_data.json",
    formats=VENDORS,
)
def party_names_missing(ctx: SourceContext) -> Iterator[Yielded]:
    """The source has no names for some ballot positions (votemanager files carry positions only).
    They are written as `Wahlvorschlag <n>`; give `open_data.json` or a Stimmzettel file with
    `--meta` to name them."""
    facts = _facts(ctx)
    if facts is not None and facts.names:
        unnamed = [position for position, name in facts.names.items() if name is None]
        if unnamed:
            yield Finding(
                params={"positions": ", ".join(map(str, unnamed))},
                location=Location(facts.names_file or facts.display),
            )


@rule(
    Code.K05,
    "aggregate-rows",
    Severity.INFO,
    FACTS,
    example="a row `;Stadt Oldenburg` (gebiet-nr empty) beside the Bezirke",
    formats=VENDORS,
)
def aggregate_rows(ctx: SourceContext) -> Iterator[Yielded]:
    """Rows of the source are totals of a larger area, not Bezirke. OWD holds results only per
    Bezirk: totals beside Bezirke are checked against them (K06) and left out; a file of totals
    only becomes one Bezirk for the whole area."""
    facts = _facts(ctx)
    if facts is not None and facts.promoted is not None:
        one = pl.lit(1, dtype=pl.Int64)
        yield ctx.rows(facts.display, facts.promoted.frame, bezirk=AREA, count=one)
    if facts is not None and facts.totals is not None:
        totals = facts.totals
        members = totals.members.group_by(TOTAL).agg(pl.len().alias(COUNT))
        rows = totals.rows.join(members, on=TOTAL, how="left", maintain_order="left")
        # A total whose members the file does not name: their number is unknown.
        count = pl.when(pl.col(TOTAL).is_not_null()).then(pl.col(COUNT).fill_null(0))
        yield ctx.rows(facts.display, rows.sort(LINE), bezirk=AREA, count=count)


@rule(
    Code.K06,
    "aggregate-not-sum",
    Severity.ERROR,
    FACTS,
    example="the total row of a city says B = 72723, its Bezirke add up to 72690",
    formats=("votemanager", "votemanager-legacy", "akdb", "kerg2", "kerg", *LAYOUTS),
)
def aggregate_not_sum(ctx: SourceContext) -> Iterator[Yielded]:
    """A total row of the source is not the sum of the Bezirke below it, column by column. Totals
    are left out of OWD, so a difference would go unnoticed; it means a Bezirk is missing, counted
    twice, or a total is stale."""
    facts = _facts(ctx)
    totals = facts.totals if facts is not None else None
    if facts is not None and totals is not None:
        sums = totals.members.group_by(TOTAL).agg(
            pl.len().alias(COUNT),
            *[group_sum(c, complete=totals.complete).alias(SUM + c) for c in totals.counts],
        )
        rows = totals.rows.filter(pl.col(TOTAL).is_not_null())
        joined = rows.join(sums, on=TOTAL, how="left", maintain_order="left")
        for column in totals.counts:
            # No member at all: the total's votes are in no Bezirk, the sum is 0.
            expected = (
                pl.when(pl.col(COUNT).is_null())
                .then(pl.lit(0, dtype=pl.Int64))
                .otherwise(pl.col(SUM + column))
            )
            found = pl.col(column)
            hits = joined.filter(found.is_not_null() & expected.is_not_null() & (found != expected))
            if hits.height:
                yield ctx.rows(
                    facts.display,
                    hits,
                    column=totals.columns.get(column, column),
                    bezirk=AREA,
                    found=found,
                    expected=expected,
                )


@rule(
    Code.K07,
    "thousands-separators",
    Severity.WARNING,
    FACTS,
    example="Wahlberechtigte `1.413` in a Saarland row of the Europawahl 2024 precinct file",
    formats=VENDORS,
)
def thousands_separators(ctx: SourceContext) -> Iterator[Yielded]:
    """Counts are written with a thousands separator (`1.413`). They are read as whole numbers
    (1413): an integer count with groups of exactly three digits after each dot cannot mean
    anything else. Reported once per file, with the number of rows that have such counts and
    the first of them."""
    facts = _facts(ctx)
    if facts is not None and facts.raw is not None and facts.thousands:
        raw = facts.raw
        columns = text_columns(raw, facts.count_columns)
        grouped = [pl.when(with_thousands(c)).then(pl.col(c).str.strip_chars()) for c in columns]
        separated = raw.with_columns(pl.coalesce(grouped).alias(VALUE)).filter(
            pl.col(VALUE).is_not_null()
        )
        if separated.height:
            read = pl.col(VALUE).str.replace_all(".", "", literal=True).cast(pl.Int64)
            found = ctx.rows(
                facts.display, separated, bezirk=facts.area, value=pl.col(VALUE), read=read
            )
            yield per_cause(found)


@rule(
    Code.K08,
    "duplicate-source-bezirk",
    Severity.WARNING,
    FACTS,
    example="two postal districts `000999` of the same municipality in the precinct file",
    formats=VENDORS,
)
def duplicate_source_bezirk(ctx: SourceContext) -> Iterator[Yielded]:
    """Two rows of the source carry the same Bezirk key. Both are kept: the later ones get a
    suffix (`000999-2`) so that every precinct and every vote survives."""
    facts = _facts(ctx)
    if facts is not None and facts.repeated is not None and facts.repeated.frame.height:
        yield ctx.rows(
            facts.display,
            facts.repeated.frame,
            column=facts.repeated.column,
            bezirk=AREA,
            value=pl.col(VALUE),
            renamed=pl.col(RENAMED),
        )


@rule(
    Code.K09,
    "columns-not-carried",
    Severity.INFO,
    FACTS,
    example="max-schnellmeldungen, D1_summe_kandidaten, VorpAnzahl",
    formats=VENDORS,
)
def columns_not_carried(ctx: SourceContext) -> Iterator[Yielded]:
    """Columns of the source that OWD does not hold and that lose no result: counters of quick
    reports, sums derivable from other columns (checked before they are dropped), figures of the
    previous election, percentages, counts of a kind of ballot OWD has no column for (Hesse's
    `panasch_<n>`, checked before it is dropped)."""
    facts = _facts(ctx)
    if facts is not None and facts.dropped:
        yield Finding(
            params={"columns": ", ".join(facts.dropped)},
            location=Location(facts.display, facts.header_line, facts.dropped[0]),
        )


@rule(
    Code.K10,
    "metadata-assumed",
    Severity.INFO,
    FACTS,
    example="wahl-behoerde-name `Behörde 03254003` because the source has no authority name",
    formats=VENDORS,
)
def metadata_assumed(ctx: SourceContext) -> Iterator[Yielded]:
    """A value OWD requires is not in the source and was not given as an option, so a default was
    written (the authority's name, the election's name). Give it with `--behoerde`,
    `--wahl-name`."""
    facts = _facts(ctx)
    written = facts.written if facts is not None else []
    display = facts.display if facts is not None else None
    for value in (w for w in written if w.assumed):
        yield Finding(
            params={"field": value.field, "value": value.value},
            location=Location(display, None, value.column),
        )


@rule(
    Code.K13,
    "no-options-yet",
    Severity.INFO,
    FACTS,
    example="a file exported before election night that ends at `…;B;B1;C;D`",
    formats=VENDORS,
)
def no_options_yet(ctx: SourceContext) -> Iterator[Yielded]:
    """The file has no columns per ballot option yet: a template exported before nominations were
    loaded. The package has an empty ballot and no votes per option."""
    facts = _facts(ctx)
    if facts is not None and facts.names is not None and not facts.names:
        yield Finding(location=Location(facts.display, facts.header_line))
