"""Finding the input files: single files, folders and zip archives.

Zip members are read into memory, never extracted, and an archive whose member names could
escape a folder (`../`, absolute paths) is refused as a whole: such an archive is either
broken or hostile, and its other members cannot be trusted either.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

# A zip that inflates beyond this is refused (protection against zip bombs).
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
DATA_SUFFIXES = (".csv", ".txt")
# Conversions also read metadata (open_data.json) and OWD JSON documents.
CONVERSION_SUFFIXES = (*DATA_SUFFIXES, ".json")


class InputError(Exception):
    """An input that cannot be read at all (exit code 3). Carries a catalog key and params."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class SourceFile:
    """One file to read: how to show it, its base name, and how to get its bytes."""

    display: str
    name: str
    size: int
    read: Callable[[], bytes]


def _file(path: Path) -> SourceFile:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(
            "input.unreadable", path=str(path), reason=error.strerror or str(error)
        ) from None

    def read() -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise InputError(
                "input.unreadable", path=str(path), reason=error.strerror or str(error)
            ) from None

    return SourceFile(display=str(path), name=path.name, size=size, read=read)


def _hidden(parts: Iterable[str]) -> bool:
    # `__MACOSX/._name.csv` members are macOS resource forks, binary, under the data's names.
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _unsafe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def _zip_members(path: Path, suffixes: tuple[str, ...] = DATA_SUFFIXES) -> list[SourceFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError("input.zip_broken", path=str(path), reason=str(error)) from None
    with archive:
        infos = archive.infolist()
        for info in infos:
            if _unsafe_member(info.filename):
                raise InputError("input.zip_unsafe", path=str(path), member=info.filename)
            if info.flag_bits & 0x1:
                raise InputError("input.zip_encrypted", path=str(path), member=info.filename)
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
            raise InputError("input.zip_too_large", path=str(path), limit=MAX_UNCOMPRESSED_BYTES)
    members = []
    for info in sorted(infos, key=lambda i: i.filename):
        if info.is_dir() or not info.filename.lower().endswith(suffixes):
            continue
        if _hidden(PurePosixPath(info.filename).parts):
            continue
        member = info.filename

        def read(member: str = member) -> bytes:
            try:
                with zipfile.ZipFile(path) as archive:
                    return archive.read(member)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise InputError("input.zip_broken", path=str(path), reason=str(error)) from None

        members.append(
            SourceFile(
                display=f"{path}:{member}",
                name=PurePosixPath(member).name,
                size=info.file_size,
                read=read,
            )
        )
    return members


def _folder(
    path: Path, recursive: bool, suffixes: tuple[str, ...] = DATA_SUFFIXES
) -> list[SourceFile]:
    pattern = "**/*" if recursive else "*"
    found: list[SourceFile] = []
    for child in sorted(path.glob(pattern)):
        if not child.is_file() or _hidden(child.relative_to(path).parts):
            continue
        suffix = child.suffix.lower()
        if suffix in suffixes:
            found.append(_file(child))
        elif suffix == ".zip":
            found.extend(_zip_members(child, suffixes))
    return found


def collect(
    paths: Iterable[str | Path],
    *,
    recursive: bool = False,
    suffixes: tuple[str, ...] = DATA_SUFFIXES,
) -> list[SourceFile]:
    """Every data file named by the paths: files as given, folders' CSV files, zip members."""
    found: list[SourceFile] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError("input.missing", path=str(path))
        if path.is_dir():
            found.extend(_folder(path, recursive, suffixes))
        elif path.suffix.lower() == ".zip":
            # A damaged archive is refused as in a folder, not read as one CSV file.
            found.extend(_zip_members(path, suffixes))
        else:
            found.append(_file(path))
    return found
