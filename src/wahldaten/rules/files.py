"""F: the file itself – encoding, BOM, blank lines, separators, quoting, file names.

These problems are found while reading (see `csvtable` and `formats.owd`); the rules here
report what the reader recorded, so they can be selected, ignored and documented like any other.
"""

from __future__ import annotations

from collections.abc import Iterator

from wahldaten.core.findings import Severity, Yielded
from wahldaten.rules.context import Context
from wahldaten.rules.registry import ANY_FORMAT, rule

ANY_FILE = ("Datei",)
# Problems of the file itself, found while reading any format.
EVERY_FORMAT = (ANY_FORMAT,)


@rule(
    "F01",
    "not-utf8",
    Severity.ERROR,
    ANY_FILE,
    example="A file saved as Windows-1252: `M\\xfcller` instead of `Müller`.",
    formats=EVERY_FORMAT,
)
def not_utf8(ctx: Context) -> Iterator[Yielded]:
    """The file is not valid UTF-8 (OWD requires UTF-8). The finding names the first bad byte;
    the rest of the file is read as Windows-1252 so that the other checks can still run, but its
    text values should not be trusted until the file is re-exported as UTF-8."""
    yield from ctx.reader_issues("F01")


@rule(
    "F02",
    "byte-order-mark",
    Severity.WARNING,
    ANY_FILE,
    example="The file starts with the bytes EF BB BF.",
    formats=EVERY_FORMAT,
)
def byte_order_mark(ctx: Context) -> Iterator[Yielded]:
    """The file starts with a UTF-8 byte order mark. OWD asks for UTF-8 without BOM; many readers
    take the BOM as part of the first column name (`\\ufeffversion`). It is removed before
    reading."""
    yield from ctx.reader_issues("F02")


@rule(
    "F04",
    "blank-line",
    Severity.WARNING,
    ANY_FILE,
    example="version;…\n0.3;…\n\n0.3;…",
    formats=EVERY_FORMAT,
)
def blank_line(ctx: Context) -> Iterator[Yielded]:
    """A blank line inside or at the end of the file. The standard says to avoid them; naive
    readers turn them into empty records. Blank lines are skipped."""
    yield from ctx.reader_issues("F04")


@rule(
    "F05",
    "lines-before-header",
    Severity.ERROR,
    ANY_FILE,
    example="Export vom 13.09.2020\nversion;wahl-behoerde-gs;…",
)
def lines_before_header(ctx: Context) -> Iterator[Yielded]:
    """Lines before the header row. OWD files have exactly one header row and no comments; the
    header is found by its column names and the lines above it are ignored."""
    yield from ctx.reader_issues("F05")


@rule(
    "F06",
    "wrong-separator",
    Severity.ERROR,
    ANY_FILE,
    example="version,wahl-behoerde-gs,wahl-datum,…",
    formats=EVERY_FORMAT,
)
def wrong_separator(ctx: Context) -> Iterator[Yielded]:
    """The header has a single column that contains commas, tabs or pipes: the file uses another
    separator than `;`. The file is not read further."""
    yield from ctx.reader_issues("F06")


@rule(
    "F07",
    "field-count",
    Severity.ERROR,
    ANY_FILE,
    example="version;wahl-name;bezirk-nr\n0.3;Ratswahl",
    formats=EVERY_FORMAT,
)
def field_count(ctx: Context) -> Iterator[Yielded]:
    """A row has more or fewer fields than the header. Values shift into the wrong columns, or a
    truncated export lost its last values. Missing fields are read as empty, surplus fields are
    dropped."""
    yield from ctx.reader_issues("F07")


@rule(
    "F08",
    "broken-quoting",
    Severity.ERROR,
    ANY_FILE,
    example='0.3;"Rathaus;…  (quote never closed)',
    formats=EVERY_FORMAT,
)
def broken_quoting(ctx: Context) -> Iterator[Yielded]:
    """A quoted field is never closed, or a closing quote is followed by something other than a
    separator. Everything after that point cannot be read reliably, so reading stops there."""
    yield from ctx.reader_issues("F08")


@rule(
    "F09",
    "file-name-disagrees",
    Severity.WARNING,
    ANY_FILE,
    example="…_Wahlergebnisse_V0-2_….csv holding version 0.3",
)
def file_name_disagrees(ctx: Context) -> Iterator[Yielded]:
    """The file name follows the OWD naming convention but says something else than the content:
    another file type, version, date or authority key. A mix-up of packages is likely. (A Kreis
    package named after the Kreis whose rows carry their municipality is accepted.)"""
    yield from ctx.reader_issues("F09")


@rule(
    "F10",
    "no-data-rows",
    Severity.WARNING,
    ANY_FILE,
    example="version;wahl-behoerde-gs;… (header only)",
    formats=EVERY_FORMAT,
)
def no_data_rows(ctx: Context) -> Iterator[Yielded]:
    """The file has a header but no data rows. Normal before an election; odd in a release."""
    yield from ctx.reader_issues("F10")


@rule("F11", "empty-file", Severity.ERROR, ANY_FILE, example="(0 bytes)", formats=EVERY_FORMAT)
def empty_file(ctx: Context) -> Iterator[Yielded]:
    """The file is empty or holds only whitespace: not even a header row."""
    yield from ctx.reader_issues("F11")


@rule(
    "F12",
    "binary-file",
    Severity.ERROR,
    ANY_FILE,
    example="A spreadsheet (.xlsx) or a PDF saved under a .csv name.",
    formats=EVERY_FORMAT,
)
def binary_file(ctx: Context) -> Iterator[Yielded]:
    """The file contains NUL bytes: it is not a text file (a spreadsheet, an archive or a
    damaged file). It is not read further."""
    yield from ctx.reader_issues("F12")


@rule(
    "F13",
    "file-name-convention",
    Severity.INFO,
    ANY_FILE,
    example="ergebnisse.csv instead of 05111000_20200913_Ratswahl-NRW_Wahlergebnisse_V0-3_….csv",
)
def file_name_convention(ctx: Context) -> Iterator[Yielded]:
    """The file name does not follow the observed OWD convention
    `<gs>_<datum>_<wahl-name>_<Dateityp>_V<major>-<minor>_<zeitstempel>.csv`. No normative text
    prescribes it, but consumers rely on it; the file was recognised by its header."""
    yield from ctx.reader_issues("F13")
