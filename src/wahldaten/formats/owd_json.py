"""OWD as a single JSON document (`standard/<version>/document.schema.json`).

One object per package: `format`, `version` and, per file type, the list of its rows with the
CSV column names. Counts are integers; an empty cell is `null` (for a count: not reported,
never 0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten import standard
from wahldaten._lazy import polars as _pl
from wahldaten.model import WAHLERGEBNISSE, Election, ModelError, count_columns

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


def to_document(election: Election) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": election.version}
    for file_type in standard.FILE_TYPES:
        frame = election.table(file_type)
        if frame is None:
            continue
        numbers = [
            c for c in _integer_text_columns(election.version, file_type) if c in frame.columns
        ]
        document[file_type] = frame.with_columns(pl.col(numbers).cast(pl.Int64)).to_dicts()
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
    path.write_text(
        json.dumps(to_document(election), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


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
