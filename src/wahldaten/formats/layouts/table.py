"""A file as the layout reads it: decoded, cut at its header, its rows as a polars frame.

The bytes are decoded with the first of the layout's encodings that reads them and handed to
the CSV layer (`io.csvtable`) as UTF-8, so that line numbers and the F facts are those of
every other reader; a separator other than `;` is read by polars directly. The header rows
after the first are the frame's first rows; the frame's columns are renamed to their labels
(the name, with `#<position>` where names repeat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.layouts.model import Layout
from wahldaten.formats.layouts.plan import Plan, plan
from wahldaten.formats.layouts.recognise import column_names, split_head
from wahldaten.io import csvfacts
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable, read_csv_table

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

LINE = LINE_COLUMN


@dataclass
class Read:
    """A file read with a layout: the CSV table, the plan, the data rows (labels as columns)."""

    table: CsvTable
    encoding: str
    preamble: list[str]
    header_line: int  # 1-based line of the first header row
    plan: Plan | None = None
    frame: pl.DataFrame | None = None


def decode(data: bytes, encodings: tuple[str, ...]) -> tuple[bytes, str, str]:
    """UTF-8 bytes, the encoding that read them, and the text; the bytes as they are if no
    encoding reads them (the CSV layer then records why)."""
    for encoding in encodings:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
        return (data if encoding == "utf-8" else text.encode("utf-8")), encoding, text
    return data, "", data.decode("utf-8", errors="replace")


def _other_separator(data: bytes, display: str, layout: Layout, skip: int) -> CsvTable:
    """A file with `,`, tab or `|`: read by polars (line numbers count records); one polars
    cannot read is an unusable table (its header does not fit: K01)."""
    try:
        frame = pl.read_csv(
            data,
            separator=layout.separator,
            has_header=False,
            infer_schema=False,
            skip_rows=skip,
            truncate_ragged_lines=True,
            encoding="utf8-lossy",
        )
    except pl.exceptions.PolarsError:
        frame = pl.DataFrame()
    header = [str(v or "") for v in frame.row(0)] if frame.height else []
    body = frame.slice(1)
    renamed = body.rename({c: f"__{i}" for i, c in enumerate(body.columns)})
    renamed = renamed.with_row_index(LINE, offset=skip + 2)
    table = CsvTable(display=display, frame=renamed, header=header)
    table.header_line = skip + 1
    return table


def _blank_is_empty(table: CsvTable) -> None:
    """A cell of spaces only is empty for a layout (Sachsen-Anhalt writes ` `), not a value
    with padding (T11): only cells with something besides the spaces stay padded."""
    padded = table.facts.padded_values
    if padded is not None:
        kept = padded.filter(pl.col(csvfacts.VALUE).str.strip_chars() != "")
        table.facts.padded_values = kept if kept.height else None


def read_table(data: bytes, display: str, layout: Layout) -> Read:
    """Decode and cut the file, plan its columns and return its data rows."""
    utf8, encoding, text = decode(data, layout.encodings)
    head = split_head(layout, text)
    start = head.start if head is not None else layout.skip
    if layout.separator == ";":
        table = read_csv_table(utf8, display, skip_lines=start)
    else:
        table = _other_separator(utf8, display, layout, start)
    _blank_is_empty(table)
    preamble = head.preamble if head is not None else []
    read = Read(table, encoding, preamble, start + 1)
    if not table.usable or head is None:
        return read
    extra = layout.header_rows - 1
    frame = table.frame
    rows = [[h.strip() for h in table.header]]
    rows += [
        [str(v or "").strip() for v in frame.row(k)[1:]] for k in range(min(extra, frame.height))
    ]
    names = column_names(layout, rows)
    read.plan = plan(layout, names, rows)
    # The frame's columns after LINE are the header's, in order (the CSV layer renames repeats).
    data_columns = [c for c in frame.columns if c != LINE]
    labels = [read.plan.label(i) for i in range(len(data_columns))]
    body = frame.slice(extra).rename(dict(zip(data_columns, labels, strict=False)))
    filled = pl.any_horizontal(pl.col(labels).str.strip_chars().str.len_chars() > 0)
    read.frame = body.filter(filled.fill_null(False)) if labels else body
    return read
