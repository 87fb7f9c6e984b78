"""Where a finding is on disk, for CI formats that point into files (SARIF, GitHub annotations).

Paths are made relative to the repository root (the nearest folder with `.git`, else the
working directory), and the column of a CSV field is turned into a character column by reading
the finding's line: cheap, because only reported examples are located.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from wahldaten.core.findings import Location


@dataclass(frozen=True)
class Place:
    path: str  # POSIX, relative to the root where possible
    line: int | None
    start_column: int | None
    end_column: int | None


def repository_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def on_disk(display: str) -> Path | None:
    """The file behind a display name (`archive.zip:member` → the archive)."""
    candidate = Path(display)
    if candidate.is_file():
        return candidate
    if ":" in display:
        archive = Path(display.split(":", 1)[0])
        if archive.is_file():
            return archive
    return None


@functools.lru_cache(maxsize=64)
def _lines(path: str) -> tuple[str, ...]:
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return ()
    return tuple(text.split("\n"))


def _field_columns(path: Path, line: int, column: str) -> tuple[int | None, int | None]:
    lines = _lines(str(path))
    if len(lines) < line or not lines:
        return None, None
    header = [h.strip() for h in lines[0].rstrip("\r").split(";")]
    text = lines[line - 1].rstrip("\r")
    if column not in header or '"' in text:
        return None, None
    index = header.index(column)
    fields = text.split(";")
    if index >= len(fields):
        return None, None
    start = sum(len(f) + 1 for f in fields[:index]) + 1
    return start, start + max(len(fields[index]), 1)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def place(location: Location, root: Path) -> Place | None:
    if location.file is None:
        return None
    path = on_disk(location.file)
    if path is None:
        # No regular file (a FIFO or unreadable folder that was skipped, a table in memory):
        # still relative to the root where it lies below it, but never looked into.
        name = Path(location.file)
        shown = _relative(name, root) if name.is_absolute() else location.file
        return Place(shown.replace(os.sep, "/"), location.line, None, None)
    relative = _relative(path, root)
    start = end = None
    if location.line is not None and location.column and path.suffix.lower() == ".csv":
        start, end = _field_columns(path, location.line, location.column)
    return Place(relative, location.line, start, end)
