"""The specification of one version of the standard as data: what `spec` builds and the
renderers lay out (see `report.spec`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    is_pattern: bool  # a numbered column (`^D[1-9][0-9]*$`), not one name
    required: bool  # the column must be in the file's header (its cells may still be empty)
    definition: str  # the type in `$defs` ("anzahl", "datum", ...), "" for none
    description: str
    description_en: str
    pattern: str | None
    enum: tuple[str, ...] | None
    const: str | None
    min_length: int
    rule: str | None
    example: str


@dataclass(frozen=True)
class TypeDef:
    name: str
    description: str
    description_en: str
    pattern: str | None
    enum: tuple[str, ...] | None
    const: str | None
    min_length: int
    rule: str | None


@dataclass(frozen=True)
class FileSpec:
    file_type: str
    file_name: str
    title: str
    description: str
    description_en: str
    required_file: bool
    rows: str
    key: tuple[str, ...]
    note: str
    columns: tuple[Column, ...]
    dependent_required: tuple[tuple[str, tuple[str, ...]], ...]
    synonyms: tuple[tuple[str, str], ...]
    one_of_filled: tuple[str, ...] = ()  # at least one of these columns is not empty (anyOf)


@dataclass(frozen=True)
class Extension:
    file_type: str
    name: str  # the column's name, or its pattern
    count: bool
    description: str
    description_en: str
    rule: str | None


@dataclass(frozen=True)
class Join:
    source: str
    columns: str
    target: str
    target_columns: str
    description: str
    description_en: str
    rules: tuple[str, ...]
    extension: bool


@dataclass(frozen=True)
class Change:
    """One difference to the previous version: stated in the descriptor or found in the schemas."""

    kind: str  # stated, added, removed, required, optional, type
    file_type: str
    column: str
    text: str
    text_en: str


@dataclass(frozen=True)
class Structure:
    name: str
    description: str
    description_en: str
    identities: tuple[tuple[str, str | None], ...]  # formula, rule code


@dataclass(frozen=True)
class Spec:
    version: str
    status: str  # "released" or "draft"
    previous: str | None
    title: str
    homepage: str
    dialect: dict[str, Any]
    file_name_pattern: str
    file_name_description: str
    file_name_examples: tuple[str, ...]
    common_columns: tuple[str, ...]
    files: tuple[FileSpec, ...]
    types: tuple[TypeDef, ...]
    extensions: tuple[Extension, ...]
    joins: tuple[Join, ...]
    structures: tuple[Structure, ...]
    changes: tuple[Change, ...]

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule code the schemas and the descriptor name, sorted."""
        found = {c.rule for f in self.files for c in f.columns if c.rule}
        found |= {t.rule for t in self.types if t.rule}
        found |= {e.rule for e in self.extensions if e.rule}
        found |= {r for j in self.joins for r in j.rules}
        return tuple(sorted(found))
