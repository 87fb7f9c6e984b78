"""F15-F18: what a spreadsheet changed when it saved a vendor export again, read all the same.

A journalist or an office opens an export in a spreadsheet and saves it: the separator becomes
a comma or a tab, the encoding Windows-1252 (or UTF-16), files are concatenated with a BOM each.
The CSV layer reads what it can read unambiguously and records each repair (`facts.resave`,
io/csvfacts.py); the rules here report every repair, and refuse what cannot be read. Only
vendor formats are read so: an OWD file must be UTF-8 with `;` (F01, F06).
"""

from __future__ import annotations

from collections.abc import Iterator

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.formats.registry import vendor_names
from wahldaten.formats.source import SourceContext
from wahldaten.rules.context import read_tables
from wahldaten.rules.registry import rule

READING = (Input.READING,)
VENDORS = vendor_names()
SHOWN_LINES = 10


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:SHOWN_LINES])
    return shown + (f", … (+{len(lines) - SHOWN_LINES})" if len(lines) > SHOWN_LINES else "")


@rule(
    Code.F15,
    "other-separator-read",
    Severity.WARNING,
    READING,
    example="datum,wahl,ags,gebiet-nr,… (a votemanager export saved again by a spreadsheet)",
    formats=VENDORS,
)
def other_separator_read(ctx: SourceContext) -> Iterator[Yielded]:
    """The file separates its fields with commas or tabs instead of `;`: a spreadsheet saved it
    again. Its header has no `;`, and every row has the header's number of fields when split at
    that separator outside quotes, so the file was read with it. Check that the numbers are
    those of the original export."""
    for table in read_tables(ctx):
        separator = table.facts.resave.separator
        if separator is not None and table.facts.resave.ambiguous is None:  # else F18
            yield Finding(
                params={"found": separator}, location=Location(table.display, table.header_line)
            )


@rule(
    Code.F16,
    "other-encoding-read",
    Severity.WARNING,
    READING,
    example="A file saved as Windows-1252: `g\\xfcltig` instead of `gültig`.",
    formats=VENDORS,
)
def other_encoding_read(ctx: SourceContext) -> Iterator[Yielded]:
    """The file is not UTF-8: a spreadsheet (or an older export) saved it as Windows-1252,
    ISO-8859-1 or UTF-16. It was read in that encoding; the finding names the first byte that
    is not UTF-8. Names with characters outside the encoding may be wrong."""
    for table in read_tables(ctx):
        bad = table.facts.resave.encoding
        if bad is not None:
            yield Finding(
                params={"encoding": bad.encoding, "byte": bad.byte, "position": bad.position},
                location=Location(table.display, bad.line),
            )


@rule(
    Code.F17,
    "stray-byte-order-mark",
    Severity.WARNING,
    READING,
    example="Two exports concatenated: the second starts with EF BB BF in line 178.",
    formats=VENDORS,
)
def stray_byte_order_mark(ctx: SourceContext) -> Iterator[Yielded]:
    """A line inside the file starts with a UTF-8 byte order mark: files were concatenated, each
    with its own BOM. The marks are removed before reading, so that the first value of such a
    line is read as written. One finding per file, with the number of lines and the first
    ones."""
    for table in read_tables(ctx):
        lines = table.facts.resave.stray_boms
        if lines:
            yield Finding(
                params={"rows": len(lines), "lines": _lines(lines)},
                location=Location(table.display, lines[0]),
            )


@rule(
    Code.F18,
    "ambiguous-separator",
    Severity.ERROR,
    READING,
    example="gebiet-nr,Wahlbeteiligung\n0001,45,81 (a decimal comma without quotes)",
    formats=VENDORS,
)
def ambiguous_separator(ctx: SourceContext) -> Iterator[Yielded]:
    """The file separates its fields with commas, and a row has more fields than its header:
    a comma inside a value (a decimal comma such as `45,81`, a name) was written without quotes,
    so no one can tell which comma separates. The file is not read; export it again with `;`
    or with quoted values."""
    for table in read_tables(ctx):
        ambiguous = table.facts.resave.ambiguous
        if ambiguous is not None:
            yield Finding(
                params={
                    "expected": ambiguous.expected,
                    "found": ambiguous.found,
                    "separator": table.facts.resave.separator,
                },
                location=Location(table.display, ambiguous.line),
            )
