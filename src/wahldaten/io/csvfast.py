"""The fast paths of the CSV reader: polars parses the file where cheap checks prove it regular.

Unquoted files are parsed directly (every record is one line); quoted files where no quoted
field spans lines, too. Counts are parsed as Int64 right away where that loses nothing. Where
the checks cannot confirm the structure, the path declines and the exact path reads the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvfacts import LINE_COLUMN, CsvTable, header_names, set_header

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

SEPARATOR = ";"


def one_chunk(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with one chunk per column. `DataFrame.rechunk` copies every column, even
    those in one chunk already: only the columns in several chunks are copied here."""
    columns = frame.get_columns()
    if all(column.n_chunks() == 1 for column in columns):
        return frame
    return pl.DataFrame([c.rechunk() if c.n_chunks() > 1 else c for c in columns])


def numbered_parse(columns: list[pl.Series], first: int) -> pl.DataFrame:
    """The parsed columns as a frame with its line numbers in front, one chunk per column.

    polars parses in chunks; a frame whose columns are chunked differently is copied on every
    filter, and the rules' shared results frame would copy every count to align them.
    Rechunked here, the results frame shares the table's buffers. Each column is rechunked
    and its pieces freed before the next (the caller no longer holds the parse), so the copy
    costs one column, not the table."""
    for index, column in enumerate(columns):
        if column.n_chunks() > 1:
            columns[index] = column.rechunk()
        del column  # the pieces go with the list's last reference
    return pl.DataFrame(columns).with_row_index(LINE_COLUMN, offset=first)


def _parse(body: bytes, schema: dict[str, Any]) -> pl.DataFrame:
    return pl.read_csv(
        body, has_header=False, skip_lines=1, separator=SEPARATOR, quote_char=None, schema=schema
    )


# Above this, a count's digits are not computed exactly in float arithmetic: such files take
# the text path (no real count comes near it).
_LARGEST_PROVABLE = 10**15
_WIDE = 200  # integer columns from which their sums run over one unpivoted column
_TYPED_MAX_COLUMNS = 5_000  # wider headers are read as text (a council election has ~1,200)


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
    if len(names) > _TYPED_MAX_COLUMNS:
        return None  # no real table is that wide; polars' work per column would cost seconds
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
    proven = _digits(frame, numbers)
    if proven is None:
        return None
    expected = proven
    if texts:
        expected += int(frame.select(pl.sum_horizontal(pl.col(texts).str.len_bytes().sum())).item())
    expected += frame.height * (len(names) - 1)
    first_break = body.find(b"\n") + 1
    lines = breaks - 1  # `body` ends with a line break: one per line, the header's first
    crlf = body.count(b"\r\n") if b"\r" in body else 0
    crlf -= 1 if body[:first_break].endswith(b"\r\n") else 0
    actual = len(body) - first_break - lines - crlf
    return frame if actual == expected else None


def _digits(frame: pl.DataFrame, numbers: list[str]) -> int | None:
    """The number of digits the integer columns' plain spelling takes; None where a value is
    negative or too large to prove. Many narrow columns (a council election's candidates) are
    summed as one long column, in groups, so that the unpivoted copy stays small; a few dozen
    are cheaper column by column."""
    if len(numbers) < _WIDE:
        values, column = frame.lazy(), pl.col(numbers)
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
        return int(values.select(digits.alias("digits")).collect().item())
    total = 0
    value = pl.col("value")
    every_power = range(1, len(str(_LARGEST_PROVABLE)) - 1)
    for start in range(0, len(numbers), _WIDE):
        group = frame.select(numbers[start : start + _WIDE]).unpivot()
        low, high, digits = group.select(
            value.min().alias("low"),
            value.max().alias("high"),
            pl.sum_horizontal(
                value.is_not_null().sum(), *((value >= 10**k).sum() for k in every_power)
            ).alias("digits"),
        ).row(0)
        if (low is not None and low < 0) or (high is not None and high >= _LARGEST_PROVABLE):
            return None
        total += int(digits)
    return total


def fast_path(
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
    names = header_names(header)
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
        # The bytes first: a row of nulls matters only where there are blank lines.
        if (b"\n\n" in raw or b"\n\r\n" in raw) and frame.select(
            pl.all_horizontal(pl.all().is_null()).any()
        ).item():
            return False
    set_header(table, header, 1 + offset)
    columns = frame.get_columns()
    del frame  # numbered_parse frees each column's pieces as it goes
    table.frame = numbered_parse(columns, 2 + offset)
    return True


def quoted_fast_path(table: CsvTable, raw: bytes, offset: int) -> bool:
    """Parse a quoted file with polars when every record is one line; False if it is not.

    Quotes usually wrap a few names in an otherwise plain file. When no quoted field spans lines,
    every line has the header's number of fields and no line is blank, polars parses the file
    at full speed; whole-column string operations then prove those conditions. Anything else
    (a line break inside quotes, ragged rows, broken quoting) goes to the exact scan, which
    reports it.
    """
    # polars first: where a quoted field spans lines it finds fewer records than lines, and
    # the file goes to the exact scan before any work per line (a single field of 50 MB with
    # millions of line breaks would otherwise be split into millions of lines first).
    line_count = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if line_count < 2:
        return False
    try:
        frame = pl.read_csv(
            raw, has_header=False, separator=SEPARATOR, quote_char='"', infer_schema=False
        )
    except pl.exceptions.PolarsError:
        return False
    if frame.height != line_count:
        return False
    width = _one_record_per_line(raw)
    if width is None or frame.width != width:
        return False
    header = [value or "" for value in frame.row(0)]
    names = set_header(table, header, 1 + offset)
    columns = frame.slice(1).rename(dict(zip(frame.columns, names, strict=True))).get_columns()
    del frame  # numbered_parse frees each column's pieces as it goes
    for index, column in enumerate(columns):
        # An empty quoted field is empty, as an unquoted one is; most columns have none, and
        # are not copied for it.
        if (column == "").any():
            columns[index] = column.replace("", None)
        del column
    table.frame = numbered_parse(columns, 2 + offset)
    return True


def _one_record_per_line(raw: bytes) -> int | None:
    """The number of fields of every line, where no line is blank, no quote stands inside a
    field and every line has as many fields as the first; else None. The lines and their
    rewritten copies are freed on return, before the table is built."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = pl.Series(text.split("\n"), dtype=pl.String).str.strip_suffix("\r")
    del text
    if raw.endswith(b"\n"):
        lines = lines.head(lines.len() - 1)
    if (lines.str.strip_chars() == "").any():
        return None
    # Remove every quoted field (`"` to `"`, `""` inside); separators are doubled first so
    # that adjacent quoted fields each keep a separator to match against (a second pass over
    # undoubled separators would start matching inside a quoted field the first one skipped).
    doubled = lines.str.replace_all(SEPARATOR, SEPARATOR * 2, literal=True)
    del lines
    unquoted = doubled.str.replace_all(r'(^|;)"(?:[^"]|"")*"(;|$)', "${1}${2}")
    del doubled
    if unquoted.str.contains('"', literal=True).any():
        return None  # a quote inside a field, or a field spanning lines
    fields = unquoted.str.count_matches(SEPARATOR, literal=True) // 2 + 1
    width = int(fields[0])
    return None if (fields != width).any() else width
