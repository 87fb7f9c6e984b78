"""The exact path of the CSV reader: files whose structure the fast paths cannot confirm.

Every record gets its true line number: quoted files are scanned by Python's csv module (a
quoted field may span lines), unquoted ones are split into lines by polars. Blank lines, rows
with another number of fields and broken quoting are recorded as facts.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvfacts import FOUND, LINE, LINE_COLUMN, BrokenQuoting, CsvTable, set_header

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

SEPARATOR = ";"


@contextmanager
def gc_paused() -> Iterator[None]:
    """The csv module makes a list per record: millions of objects that the cyclic garbage
    collector would scan again and again (twice the time of the scan), though none can form a
    cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _frame_from_records(names: list[str], records: list[list[str]]) -> pl.DataFrame:
    width = len(names)
    padded = [(record + [""] * width)[:width] for record in records]
    columns = list(zip(*padded, strict=True)) if padded else [() for _ in names]
    frame = pl.DataFrame(
        {
            name: pl.Series(name, list(values), dtype=pl.String)
            for name, values in zip(names, columns, strict=True)
        }
    )
    return frame.with_columns(pl.col(names).replace("", None)) if names else frame


# One record of a file whose quotes all close: unquoted runs and quoted fields (which may hold
# line breaks), up to a line break or the end. Possessive, so that it never backtracks.
_RECORD = re.compile(rb'(?:[^"\n]++|"[^"]*+")*+(?:\n|\Z)')
Scanned = tuple[list[str], int, list[list[str]], list[int]]


class _NotCleanError(Exception):
    """The file cannot be cut into whole records: the line-by-line scan reads (and reports) it."""


def _by_record(raw: bytes, offset: int) -> Iterator[tuple[int, list[str]]]:
    """Records with their start lines, the file cut into whole records first.

    A record is handed to the csv module whole, so a quoted field of millions of lines costs
    one step, not one per line. Raises _NotCleanError for anything the cut cannot vouch for.
    """
    start = [1 + offset]

    def chunks() -> Iterator[str]:
        position, line = 0, 1 + offset
        while position < len(raw):
            match = _RECORD.match(raw, position)
            if match is None or match.end() == position:
                raise _NotCleanError
            chunk = match.group()
            start[0] = line
            line += chunk.count(b"\n")
            position = match.end()
            yield chunk.decode("utf-8")

    reader = csv.reader(chunks(), delimiter=SEPARATOR, quotechar='"', strict=True)
    try:
        for record in reader:
            yield start[0], record
    except csv.Error:
        raise _NotCleanError from None


def _by_line(table: CsvTable, raw: bytes, offset: int) -> Iterator[tuple[int, list[str]]]:
    """Records with their start lines, read line by line; broken quoting stops the reading.

    The bytes are decoded while they are read, a few KiB at a time: a decoded copy of the whole
    file (and StringIO's buffer of four bytes per character) would cost several times its size.
    """
    lines_read = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", newline="")
    reader = csv.reader(lines_read, delimiter=SEPARATOR, quotechar='"', strict=True)
    previous = 0
    try:
        for record in reader:
            start = previous + 1 + offset
            previous = reader.line_num
            yield start, record
    except csv.Error as error:
        table.facts.broken_quoting = BrokenQuoting(previous + 1 + offset, str(error))


def _collect(table: CsvTable, records: Iterator[tuple[int, list[str]]]) -> Scanned | None:
    """Header, data records and their start lines; blank lines are recorded, not kept."""
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    header_line = 0
    for start, record in records:
        if all(not value.strip() for value in record) and len(record) <= 1:
            if header is not None:
                table.facts.blank_lines.append(start)
            continue
        if header is None:
            header = record
            header_line = start
            continue
        rows.append(record)
        lines.append(start)
    if header is None:
        return None
    return header, header_line, rows, lines


def _scan(table: CsvTable, raw: bytes, offset: int) -> Scanned | None:
    """Quote-aware scan with Python's csv module: header, records and their start lines.

    Files whose quotes all close are cut into records first; the others, and files with a lone
    carriage return (which the csv module takes as a line break), are read line by line.
    """
    limit = csv.field_size_limit()
    # The limit is a C long: sys.maxsize overflows it on Windows.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        if raw.count(b"\r") == raw.count(b"\r\n"):
            try:
                return _collect(table, _by_record(raw, offset))
            except _NotCleanError:
                table.facts.blank_lines.clear()
        return _collect(table, _by_line(table, raw, offset))
    finally:
        csv.field_size_limit(limit)


def _ragged_rows(table: CsvTable, width: int, counts: pl.Series, lines: pl.Series) -> None:
    bad = pl.DataFrame({LINE: lines, FOUND: counts}).filter(pl.col(FOUND) != width)
    if bad.height:
        table.facts.ragged = bad
        table.facts.width = width


def exact_path(table: CsvTable, raw: bytes, offset: int) -> None:
    """Read the file line by line (records of quoted files may span lines)."""
    if b'"' in raw:
        with gc_paused():
            scanned = _scan(table, raw, offset)
        if scanned is None:
            table.usable = False
            return
        header, header_line, records, starts = scanned
        names = set_header(table, header, header_line)
        frame = _frame_from_records(names, records)
        counts = pl.Series([len(r) for r in records], dtype=pl.UInt32)
        lines = pl.Series(starts, dtype=pl.UInt32)
    else:
        text = raw.decode("utf-8")
        all_lines = pl.Series(text.split("\n"), dtype=pl.String).str.strip_suffix("\r")
        if text.endswith("\n"):
            all_lines = all_lines.head(all_lines.len() - 1)
        numbered = pl.DataFrame({"text": all_lines}).with_row_index(LINE_COLUMN, offset=1 + offset)
        is_blank = pl.col("text").str.strip_chars() == ""
        first = numbered.filter(~is_blank).head(1)
        if first.height == 0:
            table.usable = False
            return
        header_line = int(first[LINE_COLUMN][0])
        names = set_header(table, str(first["text"][0]).split(SEPARATOR), header_line)
        body = numbered.filter(pl.col(LINE_COLUMN) > header_line)
        table.facts.blank_lines.extend(body.filter(is_blank)[LINE_COLUMN].to_list())
        body = body.filter(~is_blank)
        fields = body.select(
            pl.col("text")
            .str.split_exact(SEPARATOR, max(len(names) - 1, 0))
            .struct.rename_fields(names)
        ).unnest("text")
        frame = fields.with_columns(pl.col(names).replace("", None))
        counts = body["text"].str.count_matches(SEPARATOR, literal=True).cast(pl.UInt32) + 1
        lines = body[LINE_COLUMN].cast(pl.UInt32)
    table.frame = pl.concat([lines.alias(LINE_COLUMN).to_frame(), frame], how="horizontal")
    _ragged_rows(table, len(table.header), counts, lines)
