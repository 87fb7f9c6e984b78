"""F: the file itself – encoding, BOM, blank lines, separators, quoting, file names.

What is wrong with a file is seen while reading it: the CSV reader records typed facts per
table (io/csvfacts.py), the OWD reader what a file's name and header say (formats/owd.py). The
rules here detect their codes from those facts, so they can be selected, ignored and
documented like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import LINE, Finding, Location, RowFindings, Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import DATUM, GS, VERSION
from wahldaten.formats.owd import OwdFile
from wahldaten.formats.source import SourceContext
from wahldaten.io import csvfacts
from wahldaten.io.csvtable import CsvTable
from wahldaten.rules.context import Context, read_tables
from wahldaten.rules.registry import ANY_FORMAT, rule
from wahldaten.rules.short_rows import rows_cut

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

READING = (Input.READING,)
# Problems of the file itself, found while reading any format.
EVERY_FORMAT = (ANY_FORMAT,)
# F09: what a file name says that its content can contradict.
GS_PART, DATUM_PART, VERSION_PART, TYPE_PART = "Gemeindeschlüssel", "Datum", "Version", "Dateityp"


def _at(table: CsvTable, line: int | None = None, **params: object) -> Finding:
    return Finding(params=params, location=Location(table.display, line))


@rule(
    Code.F01,
    "not-utf8",
    Severity.ERROR,
    READING,
    example="A file saved as Windows-1252: `M\\xfcller` instead of `Müller`.",
    formats=EVERY_FORMAT,
)
def not_utf8(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """The file is not valid UTF-8 (OWD requires UTF-8). The finding names the first bad byte;
    the rest of the file is read as Windows-1252 so that the other checks can still run, but its
    text values should not be trusted until the file is re-exported as UTF-8."""
    for table in read_tables(ctx):
        bad = table.facts.misencoding
        if bad is not None:
            yield _at(table, bad.line, encoding=bad.encoding, byte=bad.byte, position=bad.position)


@rule(
    Code.F02,
    "byte-order-mark",
    Severity.WARNING,
    READING,
    example="The file starts with the bytes EF BB BF.",
    formats=EVERY_FORMAT,
)
def byte_order_mark(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """The file starts with a UTF-8 byte order mark. OWD asks for UTF-8 without BOM; many readers
    take the BOM as part of the first column name (`\\ufeffversion`). It is removed before
    reading."""
    for table in read_tables(ctx):
        if table.facts.bom:
            yield _at(table, 1)


@rule(
    Code.F04,
    "blank-line",
    Severity.WARNING,
    READING,
    example="version;…\n0.3;…\n\n0.3;…",
    formats=EVERY_FORMAT,
)
def blank_line(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """A blank line inside or at the end of the file. The standard says to avoid them; naive
    readers turn them into empty records. Blank lines are skipped."""
    for table in read_tables(ctx):
        blank = table.facts.blank_lines
        if blank:
            yield RowFindings(table.display, pl.DataFrame({LINE: blank}, schema={LINE: pl.Int64}))


@rule(
    Code.F05,
    "lines-before-header",
    Severity.ERROR,
    READING,
    example="Export vom 13.09.2020\nversion;wahl-behoerde-gs;…",
)
def lines_before_header(ctx: Context) -> Iterator[Yielded]:
    """Lines before the header row. OWD files have exactly one header row and no comments; the
    header is found by its column names and the lines above it are ignored."""
    for owd_file in ctx.read_files():
        if owd_file.lines_before_header:
            yield _at(owd_file.table, 1, header_line=owd_file.lines_before_header + 1)


@rule(
    Code.F06,
    "wrong-separator",
    Severity.ERROR,
    READING,
    example="version,wahl-behoerde-gs,wahl-datum,…",
    formats=EVERY_FORMAT,
)
def wrong_separator(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """The header has a single column that contains commas, tabs or pipes: the file uses another
    separator than `;`. The file is not read further."""
    for table in read_tables(ctx):
        if table.facts.separator is not None:
            yield _at(table, table.header_line, found=table.facts.separator)


@rule(
    Code.F07,
    "field-count",
    Severity.ERROR,
    READING,
    example="version;wahl-name;bezirk-nr\n0.3;Ratswahl",
    formats=EVERY_FORMAT,
)
def field_count(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """A row has more or fewer fields than the header. Values shift into the wrong columns, or a
    truncated export lost its last values. Missing fields are read as empty, surplus fields are
    dropped."""
    for table in read_tables(ctx):
        ragged = rows_cut(ctx, table)  # without the rows that end after their ballot (F14)
        if ragged is not None and ragged.height:
            yield RowFindings(
                table.display,
                ragged.select(
                    pl.col(csvfacts.LINE).alias(LINE),
                    pl.col(csvfacts.FOUND).alias("found"),
                    pl.lit(table.facts.width).alias("expected"),
                ),
            )


@rule(
    Code.F08,
    "broken-quoting",
    Severity.ERROR,
    READING,
    example='0.3;"Rathaus;…  (quote never closed)',
    formats=EVERY_FORMAT,
)
def broken_quoting(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """A quoted field is never closed, or a closing quote is followed by something other than a
    separator. Everything after that point cannot be read reliably, so reading stops there."""
    for table in read_tables(ctx):
        broken = table.facts.broken_quoting
        if broken is not None:
            yield _at(table, broken.line, detail=broken.detail)


def _type_disagrees(owd_file: OwdFile) -> Iterator[Finding]:
    """The file name says another file type than the header shows."""
    info, shown = owd_file.name_info, owd_file.header_type
    if info is not None and shown is not None and info.file_type != shown:
        yield _at(owd_file.table, part=TYPE_PART, in_name=info.file_type, in_content=shown)


def _content_disagrees(owd_file: OwdFile, version: str | None) -> Iterator[Finding]:
    """The file name says another authority, date or version than the first row."""
    info = owd_file.name_info
    if info is None:
        return
    checks = [
        (GS_PART, info.gs, owd_file.first(GS)),
        (DATUM_PART, info.datum, owd_file.first(DATUM)),
    ]
    if version is not None:
        checks.append((VERSION_PART, info.version, owd_file.first(VERSION)))
    for part, in_name, in_content in checks:
        if in_content is None or in_name == in_content:
            continue
        if (
            part == GS_PART
            and in_name.endswith("000")  # the name is a Kreis (or higher), not a municipality
            and in_content.startswith(in_name.rstrip("0")[:5])
        ):
            continue  # a Kreis package names the Kreis; its rows carry their municipality
        yield _at(owd_file.table, part=part, in_name=in_name, in_content=in_content)


@rule(
    Code.F09,
    "file-name-disagrees",
    Severity.WARNING,
    READING,
    example="…_Wahlergebnisse_V0-2_….csv holding version 0.3",
)
def file_name_disagrees(ctx: Context) -> Iterator[Yielded]:
    """The file name follows the OWD naming convention but says something else than the content:
    another file type, version, date or authority key. A mix-up of packages is likely. (A Kreis
    package named after the Kreis whose rows carry their municipality is accepted.)"""
    package = ctx.package
    for owd_file in package.files.values():
        yield from _type_disagrees(owd_file)
        yield from _content_disagrees(owd_file, package.declared_version)
    for owd_file in package.duplicates:  # not checked (R21): only the type is compared
        yield from _type_disagrees(owd_file)


@rule(
    Code.F10,
    "no-data-rows",
    Severity.WARNING,
    READING,
    example="version;wahl-behoerde-gs;… (header only)",
    formats=EVERY_FORMAT,
)
def no_data_rows(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """The file has a header but no data rows. Normal before an election; odd in a release."""
    for table in read_tables(ctx):
        if table.facts.header_only:
            yield _at(table, table.header_line)


@rule(Code.F11, "empty-file", Severity.ERROR, READING, example="(0 bytes)", formats=EVERY_FORMAT)
def empty_file(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """The file is empty or holds only whitespace: not even a header row."""
    for table in read_tables(ctx):
        if table.facts.empty:
            yield _at(table)


@rule(
    Code.F12,
    "binary-file",
    Severity.ERROR,
    READING,
    example="A spreadsheet (.xlsx) or a PDF saved under a .csv name.",
    formats=EVERY_FORMAT,
)
def binary_file(ctx: Context | SourceContext) -> Iterator[Yielded]:
    """The file contains NUL bytes: it is not a text file (a spreadsheet, an archive or a
    damaged file). It is not read further."""
    for table in read_tables(ctx):
        binary = table.facts.binary
        if binary is not None:
            yield _at(table, binary.line, offset=binary.offset)


@rule(
    Code.F13,
    "file-name-convention",
    Severity.INFO,
    READING,
    example="ergebnisse.csv instead of 05111000_20200913_Ratswahl-NRW_Wahlergebnisse_V0-3_….csv",
)
def file_name_convention(ctx: Context) -> Iterator[Yielded]:
    """The file name does not follow the observed OWD convention
    `<gs>_<datum>_<wahl-name>_<Dateityp>_V<major>-<minor>_<zeitstempel>.csv`. No normative text
    prescribes it, but consumers rely on it; the file was recognised by its header."""
    for owd_file in ctx.read_files():
        if owd_file.csv_file and owd_file.name_info is None:
            yield _at(owd_file.table, file_name=owd_file.source.name)
