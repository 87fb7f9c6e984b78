"""The versioned, machine-readable Standard für Offene Wahldaten, as shipped in `standard/`.

One folder per version holds a JSON Schema per file type (one CSV row as an object of
strings), a package descriptor (`package.json`) and the schema of the single-document JSON
form. These files are the single source of truth: the validator derives its column and type
checks from them, and adding a version means adding a folder (plus a migration and a
changelog entry), nothing else.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILE_TYPES = (
    "Wahlparameter",
    "Wahlgebietseinteilungen",
    "Stimmzettel",
    "Kandidaten",
    "Wahlergebnisse",
)
DOCUMENT_SCHEMA = "document.schema.json"
DESCRIPTOR = "package.json"
# Points at another folder of versions: for trying a new version before it ships (and its test).
STANDARD_DIR_VARIABLE = "WAHLDATEN_STANDARD_DIR"


def standard_dir() -> Path:
    """The folder with one sub-folder per version: $WAHLDATEN_STANDARD_DIR if set, else the
    one inside the wheel or the repository's."""
    chosen = os.environ.get(STANDARD_DIR_VARIABLE)
    return Path(chosen) if chosen else _shipped_dir()


@functools.cache
def _shipped_dir() -> Path:
    here = Path(__file__).resolve().parent
    # In the wheel the schemas sit beside the package (wahldaten/standard); in a checkout at the top.
    for candidate in (here.parent / "standard", here.parents[2] / "standard"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the schemas of the standard are missing from this installation")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def versions() -> list[str]:
    """Every version of the standard that ships with this tool, oldest first."""
    found = [
        p.name
        for p in standard_dir().iterdir()
        if p.is_dir() and re.fullmatch(r"[0-9]+\.[0-9]+", p.name) and (p / DESCRIPTOR).is_file()
    ]
    return sorted(found, key=_version_key)


def status(version: str) -> str:
    """`draft` for a proposed version (`"status": "draft"` in its package.json), else `released`."""
    return _status(standard_dir() / version / DESCRIPTOR)


@functools.cache  # per file: latest() is asked for on every read
def _status(path: Path) -> str:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    return str(descriptor.get("status", "released"))


def latest() -> str:
    """The newest released version: the default of every reader and writer. A draft is used
    only where it is asked for (`--version 0.4`)."""
    released = [v for v in versions() if status(v) != "draft"]
    return (released or versions())[-1]


def schema_file_name(file_type: str) -> str:
    return f"{file_type.lower()}.schema.json"


def schema_files(version: str) -> list[str]:
    """Names of the schema files of a version: one per file type, the descriptor, the document."""
    return [*(schema_file_name(t) for t in FILE_TYPES), DESCRIPTOR, DOCUMENT_SCHEMA]


def read_schema_text(version: str, name: str) -> str:
    if version not in versions():
        raise KeyError(version)
    path = standard_dir() / version / name
    if name not in schema_files(version) or not path.is_file():
        raise KeyError(name)
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class ColumnCheck:
    """The constraints the schema puts on the values of one column (or column pattern)."""

    definition: str
    rule: str | None
    description: str
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    const: str | None = None
    min_length: int = 0

    def accepts(self, value: str) -> bool:
        """Python reference semantics of the JSON Schema keywords used by the standard."""
        if len(value) < self.min_length:
            return False
        if self.const is not None and value != self.const:
            return False
        if self.enum is not None and value not in self.enum:
            return False
        return not (self.pattern is not None and re.search(self.pattern, value) is None)

    @property
    def accepts_empty(self) -> bool:
        return self.accepts("")

    @property
    def constrained(self) -> bool:
        return bool(self.pattern or self.enum or self.const is not None or self.min_length)


@dataclass(frozen=True)
class Extension:
    """A column that is not part of the standard but known from real files (package.json)."""

    name: str | None
    pattern: str | None
    check: ColumnCheck
    count: bool
    description: str

    def matches(self, column: str) -> bool:
        if self.name is not None:
            return column == self.name
        return self.pattern is not None and re.search(self.pattern, column) is not None


@dataclass(frozen=True)
class FileSpec:
    """One file type of one version, derived from its row schema and the descriptor."""

    file_type: str
    schema: dict[str, Any]
    required: tuple[str, ...]
    columns: dict[str, ColumnCheck]
    pattern_columns: tuple[tuple[str, ColumnCheck], ...]
    required_file: bool
    key: tuple[str, ...]
    extensions: tuple[Extension, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    dependent_required: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Lookups by column name, remembered: a council election has 1,200 result columns, and
    # every rule asks about them.
    _lookups: dict[tuple[str, str], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def standard_check(self, column: str) -> ColumnCheck | None:
        """The check for a column of the standard (exact name or numbered result column)."""
        if column in self.columns:
            return self.columns[column]
        key = ("standard", column)
        if key not in self._lookups:
            self._lookups[key] = next(
                (check for pattern, check in self.pattern_columns if re.search(pattern, column)),
                None,
            )
        return self._lookups[key]  # type: ignore[no-any-return]

    def extension(self, column: str) -> Extension | None:
        key = ("extension", column)
        if key not in self._lookups:
            self._lookups[key] = next((e for e in self.extensions if e.matches(column)), None)
        return self._lookups[key]  # type: ignore[no-any-return]

    def check_for(self, column: str) -> ColumnCheck | None:
        """The check for a column of the standard or a registered extension."""
        check = self.standard_check(column)
        if check is not None:
            return check
        extension = self.extension(column)
        return extension.check if extension is not None else None

    def is_standard(self, column: str) -> bool:
        return self.standard_check(column) is not None

    def is_extension(self, column: str) -> bool:
        return self.extension(column) is not None

    def is_count(self, column: str) -> bool:
        """A result count: a standard count column or an extension marked as a count."""
        check = self.standard_check(column)
        if check is not None:
            return check.definition == "anzahl"
        extension = self.extension(column)
        return extension is not None and extension.count

    @property
    def known_names(self) -> tuple[str, ...]:
        return (*self.columns, *(e.name for e in self.extensions if e.name))


@dataclass(frozen=True)
class StandardVersion:
    version: str
    descriptor: dict[str, Any]
    files: dict[str, FileSpec]
    file_name_pattern: re.Pattern[str]
    common_columns: tuple[str, ...]

    @property
    def joins(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("joins", []))


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ref = node.get("$ref")
    if ref is None:
        return "", node
    prefix = "#/$defs/"
    if not ref.startswith(prefix):
        raise ValueError(f"only local $defs references are supported, not {ref}")
    name = ref[len(prefix) :]
    return name, schema["$defs"][name]


def _column_check(schema: dict[str, Any], node: dict[str, Any]) -> ColumnCheck:
    name, definition = _resolve(schema, node)
    merged = {**definition, **{k: v for k, v in node.items() if k != "$ref"}}
    enum = merged.get("enum")
    return ColumnCheck(
        definition=name,
        rule=merged.get("x-wahldaten-rule"),
        description=merged.get("description", ""),
        pattern=merged.get("pattern"),
        enum=tuple(enum) if enum is not None else None,
        const=merged.get("const"),
        min_length=int(merged.get("minLength", 0)),
    )


def _extension(entry: dict[str, Any]) -> Extension:
    node = entry.get("schema", {"type": "string"})
    enum = node.get("enum")
    check = ColumnCheck(
        definition="anzahl" if entry.get("count") else "erweiterung",
        rule=node.get("x-wahldaten-rule"),
        description=entry.get("description", ""),
        pattern=node.get("pattern"),
        enum=tuple(enum) if enum is not None else None,
        const=node.get("const"),
        min_length=int(node.get("minLength", 0)),
    )
    return Extension(
        name=entry.get("name"),
        pattern=entry.get("pattern"),
        check=check,
        count=bool(entry.get("count")),
        description=entry.get("description", ""),
    )


def load(version: str) -> StandardVersion:
    """Read a version's descriptor and schemas; raises KeyError for an unknown version."""
    return _load(standard_dir() / version, version)


@functools.cache  # per folder, so that another standard folder is read anew
def _load(folder: Path, version: str) -> StandardVersion:
    if version not in versions():
        raise KeyError(version)
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    files: dict[str, FileSpec] = {}
    for file_type in FILE_TYPES:
        info = descriptor["files"][file_type]
        schema = json.loads((folder / info["schema"]).read_text(encoding="utf-8"))
        columns = {
            name: _column_check(schema, node) for name, node in schema.get("properties", {}).items()
        }
        patterns = tuple(
            (pattern, _column_check(schema, node))
            for pattern, node in schema.get("patternProperties", {}).items()
        )
        files[file_type] = FileSpec(
            file_type=file_type,
            schema=schema,
            required=tuple(schema.get("required", [])),
            columns=columns,
            pattern_columns=patterns,
            required_file=bool(info.get("required", True)),
            key=tuple(info.get("key", [])),
            extensions=tuple(
                _extension(entry) for entry in descriptor.get("extensions", {}).get(file_type, [])
            ),
            synonyms=dict(descriptor.get("synonyms", {}).get(file_type, {})),
            dependent_required={
                k: tuple(v) for k, v in schema.get("dependentRequired", {}).items()
            },
        )
    return StandardVersion(
        version=version,
        descriptor=descriptor,
        files=files,
        file_name_pattern=re.compile(descriptor["file_name"]["pattern"]),
        common_columns=tuple(descriptor["common_columns"]),
    )
