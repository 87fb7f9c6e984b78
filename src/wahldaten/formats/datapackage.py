"""A Frictionless Data Package of an election: the OWD CSV files and `datapackage.json`.

Each file becomes a tabular data resource whose Table Schema is derived from the standard's
schemas (`core.standard`): per column its type (a count is an integer ≥ 0, everything else a
string with the schema's pattern or code list), whether a value is required (a column whose
cells may not be empty), its description; an empty cell is a missing value, never 0. Keys and
joins of the package become primary and foreign keys where the data holds them, so that CKAN
and the frictionless tools can read and validate the package. Beside it the DCAT-AP.de metadata
(`formats.dcat`).

Written by hand rather than with the `frictionless` library: the descriptor is plain JSON
derived from our own schemas, and the library (with its dependencies) would be needed at run
time for nothing it does better; the tests validate the result with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core import standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    FILE_TYPES,
    GS,
    KANDIDATEN,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
)
from wahldaten.formats import dcat, owd

if TYPE_CHECKING:
    import polars as pl

    from wahldaten.core.model import Election
else:
    pl = _pl

DESCRIPTOR = "datapackage.json"
PROFILE = "tabular-data-package"
DIALECT = {"delimiter": ";", "header": True, "quoteChar": '"', "doubleQuote": True}
# (file, its columns) → (file, columns) that must exist there: the joins of package.json.
_JOINS = (
    (WAHLERGEBNISSE, (GS, "bezirk-nr"), WAHLGEBIETSEINTEILUNGEN, (GS, "bezirk-nr")),
    (KANDIDATEN, ("partei-kurzname",), STIMMZETTEL, ("partei-kurzname",)),
)


def resource_name(file_type: str) -> str:
    return file_type.lower()


def _field(spec: standard.FileSpec, column: str) -> dict[str, Any]:
    check = spec.check_for(column)
    field: dict[str, Any] = {"name": column}
    if check is None:
        return {**field, "type": "string"}
    if check.description:
        field["description"] = check.description
    constraints: dict[str, Any] = {}
    if spec.is_count(column):
        field["type"] = "integer"
        constraints["minimum"] = 0
    else:
        field["type"] = "string"
        if check.pattern:
            constraints["pattern"] = check.pattern.removeprefix("^").removesuffix("$")
        if check.enum is not None:
            constraints["enum"] = list(check.enum)
        if check.const is not None:
            constraints["enum"] = [check.const]
    if not check.accepts_empty:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _filled(frame: pl.DataFrame, columns: tuple[str, ...]) -> bool:
    return (
        all(c in frame.columns for c in columns)
        and frame.select(pl.all_horizontal([pl.col(c).is_not_null() for c in columns]).all()).item()
    )


def _primary_key(file_type: str, spec: standard.FileSpec, frame: pl.DataFrame) -> list[str]:
    """The descriptor's key where every row has it and it is unique (a key value may not be
    missing in a Table Schema)."""
    key = spec.key
    if not key or not _filled(frame, key) or frame.select(key).is_duplicated().any():
        return []
    return list(key)


def _foreign_keys(tables: dict[str, pl.DataFrame], file_type: str) -> list[dict[str, Any]]:
    """The joins that hold in the data: every value of the referencing columns (where given)
    is found in the referenced file."""
    keys = []
    for source, columns, target, target_columns in _JOINS:
        frame, other = tables.get(source), tables.get(target)
        if source != file_type or frame is None or other is None:
            continue
        if not all(c in frame.columns for c in columns):
            continue
        if not all(c in other.columns for c in target_columns):
            continue
        given = frame.select(columns).drop_nulls()
        missing = given.join(
            other.select(target_columns).unique(),
            left_on=list(columns),
            right_on=list(target_columns),
            how="anti",
        )
        if missing.height == 0:
            keys.append(
                {
                    "fields": list(columns),
                    "reference": {
                        "resource": resource_name(target),
                        "fields": list(target_columns),
                    },
                }
            )
    return keys


def descriptor(election: Election, paths: dict[str, Path]) -> dict[str, Any]:
    """`datapackage.json` for the election's files written at `paths` (file type → path)."""
    version = standard.load(election.version)
    tables = dict(election.text_tables())
    resources = []
    for file_type in FILE_TYPES:
        if file_type not in paths or file_type not in tables:
            continue
        spec, frame = version.files[file_type], tables[file_type]
        schema: dict[str, Any] = {
            "fields": [_field(spec, c) for c in frame.columns],
            "missingValues": [""],
        }
        if key := _primary_key(file_type, spec, frame):
            schema["primaryKey"] = key
        if foreign := _foreign_keys(tables, file_type):
            schema["foreignKeys"] = foreign
        path = paths[file_type]
        resources.append(
            {
                "name": resource_name(file_type),
                "title": file_type,
                "profile": "tabular-data-resource",
                "path": path.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": path.stat().st_size,
                "dialect": DIALECT,
                "schema": schema,
            }
        )
    meta = dcat.facts(election)
    return {
        "profile": PROFILE,
        "name": _package_name(election),
        "title": meta.title,
        "description": meta.description,
        "homepage": version.descriptor.get("homepage", ""),
        "licenses": [{"name": meta.licence_id, "path": meta.licence_url, "title": meta.licence}],
        "keywords": ["Wahlen", "Wahlergebnisse", "OWD"],
        "resources": resources,
    }


def _package_name(election: Election) -> str:
    # Lower case, digits, "-", "_", "." only (the Data Package's name pattern).
    day, month, year = [*election.wahl_datum.split("."), "", "", ""][:3]
    raw = f"owd-{election.gs}-{year}{month}{day}-{election.wahl_name}".lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        raw = raw.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9._-]+", "-", raw).strip("-")


def write(election: Election, folder: Path, stamp: str | None = None) -> list[Path]:
    """The OWD files, `datapackage.json` and `dcat-ap-de.jsonld` of one election in `folder`."""
    written = owd.write_package(election, folder, stamp=stamp)
    # write_package writes the tables in their order.
    paths = dict(zip(election.tables, written, strict=True))
    package = folder / DESCRIPTOR
    package.write_text(
        json.dumps(descriptor(election, paths), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    metadata = folder / dcat.FILE_NAME
    described = {**paths, DESCRIPTOR: package}
    metadata.write_text(
        json.dumps(dcat.document(election, described), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return [*written, package, metadata]
