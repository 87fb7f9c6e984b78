"""Reading one `;`-separated CSV file robustly into a polars frame of text columns.

Every value stays text (ids such as `0001` keep their zeros); an empty cell is null, which
later means "not reported", never 0. Problems with the file itself (encoding, BOM, blank
lines, ragged rows, broken quotes, odd header names, padded values) are recorded as findings
with their line, and reading goes on wherever the rest of the file can still be trusted.

Two paths: files without any `"` are parsed by polars directly after cheap byte-level checks
(the common case, at parse speed); files with quotes, or whose structure the checks cannot
confirm, are scanned exactly, line by line, so that every record gets its true line number.
"""

from __future__ import annotations

import csv
import gc
import io
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wahldaten.core.findings import COLUMN, LINE, Finding, Location, RowFindings, Yielded
from wahldaten.core.lazy import polars as _pl

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

LINE_COLUMN = "__zeile"
SEPARATOR = ";"
UTF8_BOM = b"\xef\xbb\xbf"
# A byte of every whitespace character but the space, and the quote (values may span lines).
_NOT_ONLY_SPACES = (b"\t", b"\x0b", b"\x0c", b"\x85", b"\xa0", b"\xe1", b"\xe2", b"\xe3", b'"')


@dataclass
class CsvTable:
    """One CSV file as read: its frame, its raw header and the findings about the file."""

    display: str
    frame: pl.DataFrame
    header: list[str]
    header_line: int = 1
    usable: bool = True
    issues: dict[str, list[Yielded]] = field(default_factory=lambda: defaultdict(list))

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != LINE_COLUMN]

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def add(self, code: str, item: Yielded) -> None:
        self.issues[code].append(item)

    def note(
        self, code: str, line: int | None = None, column: str | None = None, **params: Any
    ) -> None:
        self.add(code, Finding(params=params, location=Location(self.display, line, column)))


@contextmanager
def _gc_paused() -> Iterator[None]:
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


def _numbered(frame: pl.DataFrame, first: int) -> pl.DataFrame:
    """The frame with its line numbers in front. A row index keeps the parse's chunks (a
    computed column would be one chunk, and every later select or filter would then copy the
    whole frame to align them)."""
    return frame.with_row_index(LINE_COLUMN, offset=first)


def _empty_frame() -> pl.DataFrame:
    return pl.DataFrame({LINE_COLUMN: pl.Series([], dtype=pl.UInt32)})


def _line_of(data: bytes, position: int) -> tuple[int, int]:
    """1-based line and column of a byte position."""
    line_start = data.rfind(b"\n", 0, position) + 1
    return data.count(b"\n", 0, position) + 1, position - line_start + 1


def _decode(table: CsvTable, data: bytes) -> bytes | None:
    """Return UTF-8 bytes without BOM, recording encoding problems; None if not text at all."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        table.note("F01", line=1, encoding="UTF-16", byte=data[:2].hex(" "), position=1)
        # A truncated or damaged UTF-16 file must not raise: bad code units become U+FFFD.
        return data.decode("utf-16", errors="replace").encode("utf-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, _ = _line_of(data, nul)
        table.note("F12", line=line, offset=nul)
        return None
    if data.startswith(UTF8_BOM):
        table.note("F02", line=1)
        data = data[len(UTF8_BOM) :]
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _line_of(data, error.start)
        try:
            text = data.decode("cp1252")
            fallback = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            fallback = "ISO-8859-1"
        table.note(
            "F01",
            line=line,
            encoding=fallback,
            byte=data[error.start : error.start + 1].hex(),
            position=col,
        )
        return text.encode("utf-8")
    return data


def _internal_names(
    header: list[str], header_line: int
) -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
    """Canonical, unique frame column names for a raw header, and the header's problems."""
    names: list[str] = []
    notes: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for index, raw in enumerate(header, start=1):
        name = raw.strip()
        if not name:
            notes.append(("S04", {"line": header_line, "position": index}))
            name = f"#{index}"
        elif name != raw:
            notes.append(("S05", {"line": header_line, "column": name, "raw": raw, "known": name}))
        if name in seen:
            notes.append(("S03", {"line": header_line, "column": name, "position": index}))
            name = f"{name}#{index}"
        seen.add(name)
        names.append(name)
    return names, notes


def _set_header(table: CsvTable, header: list[str], header_line: int) -> list[str]:
    names, notes = _internal_names(header, header_line)
    table.header = header
    table.header_line = header_line
    for code, params in notes:
        table.note(code, **params)
    return names


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


def _scan_exact(
    table: CsvTable, text: str, offset: int
) -> tuple[list[str], int, list[list[str]], list[int]] | None:
    """Quote-aware scan with Python's csv module: header, records and their start lines."""
    limit = csv.field_size_limit()
    # The limit is a C long: sys.maxsize overflows it on Windows.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    records: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    header_line = 0
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=SEPARATOR, quotechar='"', strict=True
    )
    previous = 0
    try:
        for record in reader:
            start = previous + 1 + offset
            previous = reader.line_num
            if all(not value.strip() for value in record) and len(record) <= 1:
                if header is not None:
                    table.note("F04", line=start)
                continue
            if header is None:
                header = record
                header_line = start
                continue
            records.append(record)
            lines.append(start)
    except csv.Error as error:
        table.note("F08", line=previous + 1 + offset, detail=str(error))
    finally:
        csv.field_size_limit(limit)
    if header is None:
        return None
    return header, header_line, records, lines


def _ragged_rows(table: CsvTable, width: int, counts: pl.Series, lines: pl.Series) -> None:
    bad = pl.DataFrame({LINE: lines, "found": counts}).filter(pl.col("found") != width)
    if bad.height:
        table.add("F07", RowFindings(table.display, bad.with_columns(expected=pl.lit(width))))


def _parse(body: bytes, schema: dict[str, Any]) -> pl.DataFrame:
    return pl.read_csv(
        body, has_header=False, skip_lines=1, separator=SEPARATOR, quote_char=None, schema=schema
    )


# Above this, a count's digits are not computed exactly in float arithmetic: such files take
# the text path (no real count comes near it).
_LARGEST_PROVABLE = 10**15
_WIDE = 200  # integer columns from which their sums run over one unpivoted column


def _typed(
    body: bytes, names: list[str], integer: Callable[[str], bool], breaks: int
) -> pl.DataFrame | None:
    """Parse integer columns as Int64 right away, if that loses nothing; else None.

    polars accepts `+5`, `-5`, `007` and ` 5` as integers, where the text path would report
    them (T05, T11). Every such spelling is longer than the number's plain digits, and a
    text cell is as long as it is, so the data lines are canonical exactly when their total
    length equals the sum of those lengths plus the separators: one sum over the parsed
    columns, no second look at the bytes. Half the memory of text, and no pattern check of
    every count later.
    """
    numbers = [n for n in names if integer(n)]
    if not numbers:
        return None
    schema = {n: (pl.Int64 if n in numbers else pl.String) for n in names}
    try:
        frame = _parse(body, schema)
    except pl.exceptions.PolarsError:
        return None  # a cell that is not an integer at all: the text path reports it
    if frame.height == 0:
        return None  # no rows: nothing to gain
    texts = [n for n in names if n not in numbers]
    # Many narrow columns (a council election's candidates) are summed as one long column;
    # a few dozen are cheaper column by column.
    wide = len(numbers) >= _WIDE
    values = frame.select(numbers).unpivot().lazy() if wide else frame.lazy()
    column = pl.col("value") if wide else pl.col(numbers)
    low, high = (
        values.select(
            pl.min_horizontal(column.min()).alias("low"),
            pl.max_horizontal(column.max()).alias("high"),
        )
        .collect()
        .row(0)
    )
    if (low is not None and low < 0) or (high is not None and high >= _LARGEST_PROVABLE):
        return None
    # Digits of a number: 1, plus 1 for each power of ten it reaches.
    powers = range(1, len(str(high or 0)))
    digits = pl.sum_horizontal(
        column.is_not_null().sum(), *((column >= 10**k).sum() for k in powers)
    )
    expected = int(values.select(digits.alias("digits")).collect().item())
    if texts:
        expected += int(frame.select(pl.sum_horizontal(pl.col(texts).str.len_bytes().sum())).item())
    expected += frame.height * (len(names) - 1)
    first_break = body.find(b"\n") + 1
    lines = breaks - 1  # `body` ends with a line break: one per line, the header's first
    crlf = body.count(b"\r\n") if b"\r" in body else 0
    crlf -= 1 if body[:first_break].endswith(b"\r\n") else 0
    actual = len(body) - first_break - lines - crlf
    return frame if actual == expected else None


def _fast_path(
    table: CsvTable, raw: bytes, offset: int, integer: Callable[[str], bool] | None = None
) -> bool:
    """Parse an unquoted file with polars; False if its structure needs the exact scan.

    Without quotes, every record is one line. polars refuses a line with too many fields and
    fills one with too few with nulls, as it fills a blank line. So where the last column has
    no empty cell, no line is short or blank: proven for free. Otherwise the lines are
    well-formed exactly when the total number of separators is (fields - 1) per line, which
    one count over the bytes tells; rows of nulls then send a file with blank lines to the
    exact scan.
    """
    end = raw.find(b"\n")
    header = (raw if end < 0 else raw[:end]).decode("utf-8").rstrip("\r").split(SEPARATOR)
    width = len(header)
    if width < 2:
        # One column: a line of spaces is a blank line, which the separator count cannot see.
        return False
    names, _ = _internal_names(header, 1 + offset)
    # Without a final line break polars drops an empty last field of the last line instead of
    # refusing the extra field.
    body = raw if raw.endswith(b"\n") else raw + b"\n"
    breaks = body.count(b"\n")
    frame = _typed(body, names, integer, breaks) if integer is not None else None
    if frame is None:
        try:
            frame = _parse(body, dict.fromkeys(names, pl.String))
        except pl.exceptions.PolarsError:
            return False
    total_lines = breaks
    if frame.height != total_lines - 1:
        return False
    if frame.height and frame[names[-1]].null_count():
        if raw.count(SEPARATOR.encode()) != total_lines * (width - 1):
            return False
        if frame.select(pl.all_horizontal(pl.all().is_null()).any()).item() and (
            b"\n\n" in raw or b"\n\r\n" in raw
        ):
            return False
    _set_header(table, header, 1 + offset)
    table.frame = _numbered(frame, 2 + offset)
    return True


def _quoted_fast_path(table: CsvTable, raw: bytes, offset: int) -> bool:
    """Parse a quoted file with polars when every record is one line; False if it is not.

    Quotes usually wrap a few names in an otherwise plain file. When no quoted field spans lines,
    every line has the header's number of fields and no line is blank, polars parses the file
    at full speed; whole-column string operations prove those conditions first. Anything else
    (a line break inside quotes, ragged rows, broken quoting) goes to the exact scan, which
    reports it.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    lines = pl.Series(text.split("\n"), dtype=pl.String).str.strip_suffix("\r")
    if text.endswith("\n"):
        lines = lines.head(lines.len() - 1)
    if lines.len() < 2 or (lines.str.strip_chars() == "").any():
        return False
    # Remove every quoted field (`"` to `"`, `""` inside); separators are doubled first so
    # that adjacent quoted fields each keep a separator to match against.
    doubled = lines.str.replace_all(SEPARATOR, SEPARATOR * 2, literal=True)
    unquoted = doubled.str.replace_all(r'(^|;)"(?:[^"]|"")*"(;|$)', "${1}${2}")
    if unquoted.str.contains('"', literal=True).any():
        return False  # a quote inside a field, or a field spanning lines
    fields = unquoted.str.count_matches(SEPARATOR, literal=True) // 2 + 1
    width = int(fields[0])
    if (fields != width).any():
        return False
    try:
        frame = pl.read_csv(
            raw, has_header=False, separator=SEPARATOR, quote_char='"', infer_schema=False
        )
    except pl.exceptions.PolarsError:
        return False
    if frame.height != lines.len() or frame.width != width:
        return False
    header = [value or "" for value in frame.row(0)]
    names = _set_header(table, header, 1 + offset)
    rows = frame.slice(1).rename(dict(zip(frame.columns, names, strict=True)))
    table.frame = _numbered(rows.with_columns(pl.col(names).replace("", None)), 2 + offset)
    return True


def _exact_path(table: CsvTable, raw: bytes, offset: int) -> None:
    text = raw.decode("utf-8")
    if '"' in text:
        with _gc_paused():
            scanned = _scan_exact(table, text, offset)
        if scanned is None:
            table.usable = False
            return
        header, header_line, records, starts = scanned
        names = _set_header(table, header, header_line)
        frame = _frame_from_records(names, records)
        counts = pl.Series([len(r) for r in records], dtype=pl.UInt32)
        lines = pl.Series(starts, dtype=pl.UInt32)
    else:
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
        names = _set_header(table, str(first["text"][0]).split(SEPARATOR), header_line)
        body = numbered.filter(pl.col(LINE_COLUMN) > header_line)
        for line in body.filter(is_blank)[LINE_COLUMN].to_list():
            table.note("F04", line=int(line))
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


def _only_spaces_possible(raw: bytes) -> bool:
    """True if no value can have whitespace other than a plain space at an edge.

    Every other whitespace character (tab, vertical tab, form feed, a lone carriage return,
    NEL, no-break space, the Unicode spaces from U+1680 up) contains one of these bytes; the
    search for a single byte is cheap. Quoted files keep line breaks in values: checked fully.
    """
    if any(marker in raw for marker in _NOT_ONLY_SPACES):
        return False
    return b"\r" not in raw or raw.count(b"\r") == raw.count(b"\r\n")


def _edge_whitespace(table: CsvTable, raw: bytes) -> None:
    """Report values with whitespace at an edge, then strip them so joins still work."""
    # Integer columns were proven free of padding when they were parsed (see `_typed`).
    schema = table.frame.schema
    columns = [c for c in table.columns if schema[c] == pl.String]
    if not columns or table.frame.height == 0:
        return

    # Two prefix/suffix tests are cheaper than stripping every cell, where they are enough.
    def edge(column: str) -> pl.Expr:
        value = pl.col(column)
        if only_spaces:
            return value.str.starts_with(" ") | value.str.ends_with(" ")
        return value.str.len_bytes() != value.str.strip_chars().str.len_bytes()

    only_spaces = _only_spaces_possible(raw)
    hit_row = table.frame.lazy().select(edge(c).any().alias(c) for c in columns).collect().row(0)
    hit_columns = [c for c, hit in zip(columns, hit_row, strict=True) if hit]
    if not hit_columns:
        return
    parts = [
        table.frame.filter(edge(c)).select(
            pl.col(LINE_COLUMN).alias(LINE), pl.lit(c).alias(COLUMN), pl.col(c).alias("value")
        )
        for c in hit_columns
    ]
    table.add("T11", RowFindings(table.display, pl.concat(parts)))
    stripped = [pl.col(c).str.strip_chars() for c in hit_columns]
    table.frame = table.frame.with_columns(stripped).with_columns(
        pl.col(hit_columns).replace("", None)
    )


def read_csv_table(
    data: bytes,
    display: str,
    *,
    skip_lines: int = 0,
    integer: Callable[[str], bool] | None = None,
) -> CsvTable:
    """Read one CSV file; never raises for bad content, records it as findings instead.

    `skip_lines` drops lines before the header (reported elsewhere); line numbers in findings
    and in the frame's `__zeile` column stay those of the original file. Columns for which
    `integer` says so come as Int64 where every cell is a plain non-negative integer (or
    empty); otherwise every column is text.
    """
    table = CsvTable(display=display, frame=_empty_frame(), header=[])
    raw = _decode(table, data)
    if raw is None:
        table.usable = False
        return table
    position = 0
    for _ in range(skip_lines):
        position = raw.find(b"\n", position) + 1 or len(raw)  # past the last line: nothing left
    raw = raw[position:]
    # Checked after decoding, so that a file holding only a BOM counts as empty too.
    if not raw or raw.isspace():  # stops at the first other byte: no copy of the file
        table.note("F11")
        table.usable = False
        return table
    if b'"' in raw:
        if not _quoted_fast_path(table, raw, skip_lines):
            _exact_path(table, raw, skip_lines)
    elif not _fast_path(table, raw, skip_lines, integer):
        _exact_path(table, raw, skip_lines)
    if not table.usable:
        return table
    if len(table.header) == 1 and any(sep in table.header[0] for sep in (",", "\t", "|")):
        table.note("F06", line=table.header_line, found=_guess_separator(table.header[0]))
        table.usable = False
        return table
    if table.frame.height == 0:
        table.note("F10", line=table.header_line)
    _edge_whitespace(table, raw)
    return table


def _guess_separator(header: str) -> str:
    return max((",", "\t", "|"), key=header.count).replace("\t", "Tab")


__all__ = ["LINE_COLUMN", "CsvTable", "read_csv_table"]
