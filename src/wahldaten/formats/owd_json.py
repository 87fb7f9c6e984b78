"""OWD as a single JSON document (`standard/<version>/document.schema.json`).

One object per package: `format`, `version` and, per file type, the list of its rows with the
CSV column names. Counts are integers; an empty cell is `null` (for a count: not reported,
never 0).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core import standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import WAHLERGEBNISSE, Election, ModelError, count_columns
from wahldaten.formats.owd import OwdFile, Package, make_package
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FORMAT = "owd-json"


def _integer_text_columns(version: str, file_type: str) -> set[str]:
    """Text columns of the CSV form that the document holds as integers (positions, years)."""
    row = schema(version)["$defs"][file_type]
    integer = {
        name
        for name, node in row.get("properties", {}).items()
        if "integer"
        in (node.get("type") if isinstance(node.get("type"), list) else [node.get("type")])
    }
    return (
        integer - set(count_columns(list(integer), version))
        if file_type == WAHLERGEBNISSE
        else integer
    )


def _document_frames(election: Election) -> Iterator[tuple[str, pl.DataFrame]]:
    """The tables as the document holds them: integer text columns as numbers."""
    for file_type in standard.FILE_TYPES:
        frame = election.table(file_type)
        if frame is None:
            continue
        numbers = [
            c for c in _integer_text_columns(election.version, file_type) if c in frame.columns
        ]
        yield file_type, frame.with_columns(pl.col(numbers).cast(pl.Int64))


def to_document(election: Election) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": election.version}
    for file_type, frame in _document_frames(election):
        document[file_type] = frame.to_dicts()
    return document


def from_document(document: dict[str, Any]) -> Election:
    """Rebuild an election; raises ModelError for a document that is not the OWD JSON form."""
    if document.get("format") != FORMAT:
        raise ModelError("not an OWD JSON document (format must be 'owd-json')")
    version = str(document.get("version", ""))
    if version not in standard.versions():
        raise ModelError(f"unknown version {version!r}")
    tables: dict[str, pl.DataFrame] = {}
    for file_type in standard.FILE_TYPES:
        rows = document.get(file_type)
        if rows is None:
            continue
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        counts = (
            set(count_columns(list(columns), version)) if file_type == WAHLERGEBNISSE else set()
        )
        numbers = _integer_text_columns(version, file_type) & set(columns)
        types = {c: (pl.Int64 if c in counts | numbers else pl.String) for c in columns}
        try:
            frame = pl.from_dicts(rows, schema=types) if rows else pl.DataFrame(schema=types)
        except (TypeError, pl.exceptions.PolarsError) as error:
            raise ModelError(f"{file_type}: {error}") from None
        tables[file_type] = frame.with_columns(pl.col(sorted(numbers)).cast(pl.String))
    return Election(tables=tables, version=version)


def write_document(election: Election, path: Path) -> None:
    """Write the document with one row object per line.

    polars writes the rows (as `json.dumps(to_document(...))` would, keys in column order):
    seconds for a nationwide election instead of building millions of Python objects first.
    """
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f'{{"format": {json.dumps(FORMAT)}, "version": {json.dumps(election.version)}')
        for file_type, frame in _document_frames(election):
            rows = frame.write_ndjson().rstrip("\n").replace("\n", ",\n")
            out.write(
                f",\n{json.dumps(file_type)}: [\n{rows}\n]"
                if rows
                else f",\n{json.dumps(file_type)}: []"
            )
        out.write("}\n")


def read_document(path: Path) -> Election:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: {error}") from None
    if not isinstance(document, dict):
        raise ModelError(f"{path}: not a JSON object")
    return from_document(document)


def schema(version: str) -> dict[str, Any]:
    return dict(json.loads(standard.read_schema_text(version, standard.DOCUMENT_SCHEMA)))


# --- validation -------------------------------------------------------------------------------


class DocumentError(ValueError):
    """A file that is not an OWD JSON document at all (syntax, top-level shape)."""


def _text_column(
    name: str, values: list[Any], integer: bool, booleans: bool, count: bool = False
) -> pl.Series:
    """One column as text, as the CSV form would hold it: numbers in their JSON spelling,
    null as an empty cell. In a column the document types as integer, a string keeps its
    quotes (`"12"`), so that the count and position checks see it is not a number. A count
    column of integers only stays Int64, as the CSV reader gives it (see csvtable._typed).

    Columns of one JSON type are converted by polars; a column mixing types (a count written
    as "12" beside 13) is converted value by value."""
    try:
        series = pl.Series(name, values, strict=True)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        series = None
    # polars reads true beside numbers as 1 (bool is an int in Python): look at the values.
    if (
        series is not None
        and series.dtype == pl.Int64
        and booleans
        and any(v is True or v is False for v in values)
    ):
        series = None
    if series is not None and series.dtype == pl.Null:
        return series.cast(pl.String)
    if count and series is not None and series.dtype == pl.Int64:
        return series
    if series is not None and series.dtype == pl.String and not integer:
        return series
    if series is not None and series.dtype in (pl.Int64, pl.Boolean):
        return series.cast(pl.String)  # 12 → "12", true → "true" (which no count accepts)
    if series is not None and series.dtype == pl.Float64:
        # JSON Schema counts 1.0 as an integer: so do we; 1.5 stays as written.
        whole = series.is_finite() & (series == series.floor()) & (series.abs() < 2**53)
        return (
            pl.select(
                pl.when(whole)
                .then(series.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(series.cast(pl.String))
            )
            .to_series()
            .alias(name)
        )
    return pl.Series(
        name,
        [
            v
            if v is None or (isinstance(v, str) and not integer)
            else json.dumps(v, ensure_ascii=False)
            for v in values
        ],
        dtype=pl.String,
    )


def _known(version: str) -> str:
    return version if version in standard.versions() else standard.latest()


def text_tables(data: bytes) -> tuple[str | None, dict[str, pl.DataFrame]]:
    """The declared version and, per file type, a frame of text columns (rows in document
    order). Raises DocumentError with the position of a syntax error."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise DocumentError(f"not UTF-8 (byte {error.start + 1})") from None
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"JSON syntax error in line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError('not an OWD JSON document (no "format": "owd-json")')
    version = document.get("version")
    booleans = b"true" in data or b"false" in data  # cheap: OWD documents hold no booleans
    tables: dict[str, pl.DataFrame] = {}
    for file_type in standard.FILE_TYPES:
        rows = document.get(file_type)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DocumentError(f'"{file_type}" is not a list of row objects')
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        # The columns the document holds as integers: counts, and integer text columns.
        known = _known(str(version))
        counts = set(count_columns(list(columns), known)) if file_type == WAHLERGEBNISSE else set()
        integers = counts | (_integer_text_columns(known, file_type) & set(columns))
        frame = pl.DataFrame(
            [
                _text_column(
                    c,
                    [row.get(c) for row in rows],
                    c in integers,
                    booleans,
                    count=c in counts,
                )
                for c in columns
            ]
        )
        texts = [c for c, dtype in frame.schema.items() if dtype == pl.String]
        tables[file_type] = frame.with_columns(pl.col(texts).replace("", None))
    return (str(version) if version is not None else None), tables


def read_package(source: SourceFile) -> Package:
    """An OWD JSON document as a package for validation, with the same rules as the CSV form.

    Each file type becomes a table named `<document> › <file type>`; a finding's line is the
    row's position in its list (1 = the first row), since a document has no fixed lines.
    """
    declared, tables = text_tables(source.read())
    members = []
    for file_type, frame in tables.items():
        display = f"{source.display} › {file_type}"
        table = CsvTable(
            display=display,
            frame=frame.with_row_index(LINE_COLUMN, offset=1),
            header=list(frame.columns),
            header_line=0,
        )
        part = SourceFile(display=display, name=source.name, size=source.size, read=source.read)
        members.append(OwdFile(source=part, file_type=file_type, table=table, name_info=None))
    return make_package(members, declared)
