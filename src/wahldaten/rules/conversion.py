"""K: converting vendor exports – what the reader decided, assumed or could not carry.

These findings are recorded while a source file is read (see `formats/`); the rules surface
them so that they can be selected, ignored and documented like any other. Format-specific
checks of the source figures live beside them (`rules/votemanager.py` and siblings).
"""

from __future__ import annotations

from collections.abc import Iterator

from wahldaten.core.findings import Severity, Yielded
from wahldaten.formats.source import SourceContext
from wahldaten.rules.registry import rule

SOURCES = ("Quelldatei",)
VENDORS = ("votemanager", "akdb", "kerg2", "kerg", "wbz")


@rule(
    "K01",
    "unknown-layout",
    Severity.ERROR,
    SOURCES,
    example="a votemanager file with a column `H_1_Stimmen` (write-in votes) the converter does not know",
    formats=VENDORS,
)
def unknown_layout(ctx: SourceContext) -> Iterator[Yielded]:
    """The header of a vendor file matches no layout the converter knows, or lacks a column every
    layout has. The meaning of the letters depends on the layout, so the file is refused rather
    than mis-mapped."""
    yield from ctx.reader_issues("K01")


@rule(
    "K02",
    "source-value-not-a-count",
    Severity.ERROR,
    SOURCES,
    example="B `1,234` or `12a` in a votemanager file",
    formats=VENDORS,
)
def source_value_not_a_count(ctx: SourceContext) -> Iterator[Yielded]:
    """A count cell of the source holds something that is not a whole number. Nothing is guessed:
    the file is not converted until the value is corrected."""
    yield from ctx.reader_issues("K02")


@rule(
    "K03",
    "party-names-missing",
    Severity.WARNING,
    SOURCES,
    example="a votemanager CSV converted without open_data.json",
    formats=VENDORS,
)
def party_names_missing(ctx: SourceContext) -> Iterator[Yielded]:
    """The source has no names for some ballot positions (votemanager files carry positions only).
    They are written as `Wahlvorschlag <n>`; give `open_data.json` or a Stimmzettel file with
    `--meta` to name them."""
    yield from ctx.reader_issues("K03")


@rule(
    "K04",
    "bezirk-type-inferred",
    Severity.INFO,
    SOURCES,
    example="postal Bezirk 903 recognised by A = 0 and B > 0",
    formats=VENDORS,
)
def bezirk_type_inferred(ctx: SourceContext) -> Iterator[Yielded]:
    """The source does not say which Bezirke are postal: `bezirk-art` was inferred (postal where
    the electorate is 0 and there are voters, or the name says Briefwahl). Give
    `opendata-wahllokale.csv` with `--meta` to take it from the source."""
    yield from ctx.reader_issues("K04")


@rule(
    "K05",
    "aggregate-rows",
    Severity.INFO,
    SOURCES,
    example="a row `;Stadt Oldenburg` (gebiet-nr empty) beside the Bezirke",
    formats=VENDORS,
)
def aggregate_rows(ctx: SourceContext) -> Iterator[Yielded]:
    """Rows of the source are totals of a larger area, not Bezirke. OWD holds results only per
    Bezirk: totals beside Bezirke are checked against them (K06) and left out; a file of totals
    only becomes one Bezirk for the whole area."""
    yield from ctx.reader_issues("K05")


@rule(
    "K07",
    "thousands-separators",
    Severity.WARNING,
    SOURCES,
    example="Wahlberechtigte `1.413` in a Saarland row of the Europawahl 2024 precinct file",
    formats=VENDORS,
)
def thousands_separators(ctx: SourceContext) -> Iterator[Yielded]:
    """Counts are written with a thousands separator (`1.413`). They are read as whole numbers
    (1413): an integer count with groups of exactly three digits after each dot cannot mean
    anything else."""
    yield from ctx.reader_issues("K07")


@rule(
    "K08",
    "duplicate-source-bezirk",
    Severity.WARNING,
    SOURCES,
    example="two postal districts `000999` of the same municipality in the precinct file",
    formats=VENDORS,
)
def duplicate_source_bezirk(ctx: SourceContext) -> Iterator[Yielded]:
    """Two rows of the source carry the same Bezirk key. Both are kept: the later ones get a
    suffix (`000999-2`) so that every precinct and every vote survives."""
    yield from ctx.reader_issues("K08")


@rule(
    "K09",
    "columns-not-carried",
    Severity.INFO,
    SOURCES,
    example="max-schnellmeldungen, D1_summe_kandidaten, VorpAnzahl",
    formats=VENDORS,
)
def columns_not_carried(ctx: SourceContext) -> Iterator[Yielded]:
    """Columns of the source that OWD does not hold and that lose no result: counters of quick
    reports, sums derivable from other columns (checked before they are dropped), figures of the
    previous election, percentages."""
    yield from ctx.reader_issues("K09")


@rule(
    "K10",
    "metadata-assumed",
    Severity.INFO,
    SOURCES,
    example="wahl-behoerde-name `Behörde 03254003` because the source has no authority name",
    formats=VENDORS,
)
def metadata_assumed(ctx: SourceContext) -> Iterator[Yielded]:
    """A value OWD requires is not in the source and was not given as an option, so a default was
    written (the authority's name, the election's name). Give it with `--behoerde`,
    `--wahl-name`."""
    yield from ctx.reader_issues("K10")


@rule(
    "K13",
    "no-options-yet",
    Severity.INFO,
    SOURCES,
    example="a file exported before election night that ends at `…;B;B1;C;D`",
    formats=VENDORS,
)
def no_options_yet(ctx: SourceContext) -> Iterator[Yielded]:
    """The file has no columns per ballot option yet: a template exported before nominations were
    loaded. The package has an empty ballot and no votes per option."""
    yield from ctx.reader_issues("K13")


@rule(
    "K16",
    "single-candidate-nein",
    Severity.INFO,
    SOURCES,
    example="a Bavarian mayoral election with one candidate: D1 = yes, D2 = Nein",
    formats=VENDORS,
)
def single_candidate_nein(ctx: SourceContext) -> Iterator[Yielded]:
    """Only one candidate stands, so the ballot asks yes or no: `D2` counts the Nein votes and is
    written as the ballot option `Nein`."""
    yield from ctx.reader_issues("K16")
