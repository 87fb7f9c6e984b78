"""Reading one `;`-separated CSV file robustly into a polars frame of text columns.

Every value stays text (ids such as `0001` keep their zeros); an empty cell is null, which
later means "not reported", never 0. What is wrong with the file itself (encoding, BOM, blank
lines, ragged rows, broken quotes, odd header names, padded values) is recorded as typed facts
with their lines (`CsvTable.facts`, io/csvfacts.py), and reading goes on wherever the rest of
the file can still be trusted; the rules report the facts.

Two paths: files the fast paths can prove regular are parsed by polars directly (io/csvfast.py,
the common case, at parse speed); files with quoted fields spanning lines, or whose structure
the checks cannot confirm, are scanned exactly, line by line, so that every record gets its
true line number (io/csvexact.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvdecode import decode, other_separator, remove_stray_boms, to_semicolons
from wahldaten.io.csvexact import exact_path
from wahldaten.io.csvfacts import FOUND, LINE, LINE_COLUMN, Ambiguous, CsvFacts, CsvTable
from wahldaten.io.csvfast import fast_path, quoted_fast_path
from wahldaten.io.csvvalues import edge_whitespace

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

SEPARATOR = ";"
_OTHER_SEPARATORS = (",", "\t", "|")


def _empty_frame() -> pl.DataFrame:
    return pl.DataFrame({LINE_COLUMN: pl.Series([], dtype=pl.UInt32)})


def read_csv_table(
    data: bytes,
    display: str,
    *,
    skip_lines: int = 0,
    integer: Callable[[str], bool] | None = None,
    resaved: bool = False,
) -> CsvTable:
    """Read one CSV file; never raises for bad content, records it as facts instead.

    `skip_lines` drops lines before the header (recorded by the caller); line numbers in the
    facts and in the frame's `__zeile` column stay those of the original file. Columns for
    which `integer` says so come as Int64 where every cell is a plain non-negative integer
    (or empty); otherwise every column is text.

    With `resaved` (a vendor export, which a spreadsheet may have saved again) what the
    spreadsheet changed is read as it is and recorded in `facts.resave` (F15-F18): another
    encoding, BOMs inside the file, a tab or comma as the separator. OWD files are read
    without: the standard asks for UTF-8 and `;`, so those are errors there (F01, F06).
    """
    table = CsvTable(display=display, frame=_empty_frame(), header=[])
    raw = decode(table.facts, data)
    if raw is None:
        table.usable = False
        return table
    resave = table.facts.resave
    if resaved:
        resave.encoding, table.facts.misencoding = table.facts.misencoding, None
        raw, resave.stray_boms = remove_stray_boms(raw)
    position = 0
    for _ in range(skip_lines):
        position = raw.find(b"\n", position) + 1 or len(raw)  # past the last line: nothing left
    raw = raw[position:]
    # Checked after decoding, so that a file holding only a BOM counts as empty too.
    if not raw or raw.isspace():  # stops at the first other byte: no copy of the file
        table.facts.empty = True
        table.usable = False
        return table
    if resaved:
        raw = _with_semicolons(table, raw)
    if b'"' in raw:
        if not quoted_fast_path(table, raw, skip_lines):
            exact_path(table, raw, skip_lines)
    elif not fast_path(table, raw, skip_lines, integer):
        exact_path(table, raw, skip_lines)
    if not table.usable:
        return table
    if resave.separator == ",":
        _refuse_ambiguous(table)
        if not table.usable:
            return table
    if len(table.header) == 1 and any(sep in table.header[0] for sep in _OTHER_SEPARATORS):
        table.facts.separator = _guess_separator(table.header[0])
        table.usable = False
        return table
    if table.frame.height == 0:
        table.facts.header_only = True
    edge_whitespace(table, raw)
    return table


def _with_semicolons(table: CsvTable, raw: bytes) -> bytes:
    """The file with `;` for the tabs or commas a spreadsheet separated it with (F15)."""
    head = raw[:65536].decode("utf-8", errors="replace")
    separator = other_separator(head)
    if separator is None:
        return raw
    table.facts.resave.separator = separator
    return to_semicolons(raw.decode("utf-8"), separator).encode("utf-8")


def _refuse_ambiguous(table: CsvTable) -> None:
    """A comma file with rows longer than its header: unquoted commas inside values (decimal
    commas, names) cannot be told from separators, so no value can be trusted (F18)."""
    facts = table.facts
    ragged = facts.ragged
    if ragged is None:
        return
    longer = ragged.filter(pl.col(FOUND) > facts.width)
    if longer.height:
        first = longer.sort(LINE).row(0, named=True)
        facts.resave.ambiguous = Ambiguous(int(first[LINE]), facts.width, int(first[FOUND]))
        facts.ragged = None  # not F07 as well: the file is not read at all
        table.usable = False


def _guess_separator(header: str) -> str:
    return max(_OTHER_SEPARATORS, key=header.count).replace("\t", "Tab")


__all__ = ["LINE_COLUMN", "CsvFacts", "CsvTable", "read_csv_table"]
