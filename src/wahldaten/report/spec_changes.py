"""What differs from the previous version: the changes the descriptor states (`changes`) and
those the schemas show (columns added or removed, required or optional, of another type)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wahldaten.core import catalog
from wahldaten.report.spec_model import Change, Column, FileSpec


def _found(kind: str, file_type: str, column: str) -> Change:
    key = f"spec.change.{kind}"
    params = {"file": file_type, "column": column}
    return Change(
        kind,
        file_type,
        column,
        catalog.text(key, "de", **params),
        catalog.text(key, "en", **params),
    )


def _shape(column: Column) -> tuple[object, ...]:
    # The version's own constant changes with every version and is no change of the column.
    const = None if column.definition == "version" else column.const
    return (column.definition, column.pattern, column.enum, const, column.min_length)


def changes(
    descriptor: dict[str, Any], files: Sequence[FileSpec], previous: Sequence[FileSpec] | None
) -> list[Change]:
    """The stated changes first, then per file type what the schemas show; none for the first
    version."""
    found = [
        Change(
            "stated",
            entry.get("file", ""),
            entry.get("column", ""),
            entry.get("text", ""),
            entry.get("x-text-en", ""),
        )
        for entry in descriptor.get("changes", [])
    ]
    if previous is None:
        return found
    before = {f.file_type: {c.name: c for c in f.columns} for f in previous}
    for spec in files:
        old = before.get(spec.file_type, {})
        new = {c.name: c for c in spec.columns}
        for name, column in new.items():
            if name not in old:
                found.append(_found("added", spec.file_type, name))
            elif column.required != old[name].required:
                kind = "required" if column.required else "optional"
                found.append(_found(kind, spec.file_type, name))
            elif _shape(column) != _shape(old[name]):
                found.append(_found("type", spec.file_type, name))
        found += [_found("removed", spec.file_type, n) for n in old if n not in new]
    return found
