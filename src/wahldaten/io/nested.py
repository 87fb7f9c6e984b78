"""Zip archives inside zip archives: never opened (`io.sources`), but named to the user.

A publisher's download often wraps one zip per election in another zip; without this, such
an input reads as "no file found".
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

ZIP_SUFFIX = ".zip"


def _inner_zips(archive: Path) -> list[str]:
    try:
        with zipfile.ZipFile(archive) as opened:
            names = opened.namelist()
    except (zipfile.BadZipFile, OSError):
        return []  # a broken archive is reported where it is read
    return [
        n
        for n in names
        if n.lower().endswith(ZIP_SUFFIX) and not PurePosixPath(n).name.startswith(".")
    ]


def nested_archives(given: str | Path, *, recursive: bool = False) -> list[tuple[str, list[str]]]:
    """The zip archives among a path's inputs (the path itself, or a folder's zips, with its
    sub-folders if `recursive`) that hold zip archives: (archive, inner names)."""
    path = Path(given)
    if path.is_dir():
        archives = sorted(
            p
            for p in path.glob("**/*" if recursive else "*")
            if p.is_file() and p.suffix.lower() == ZIP_SUFFIX
        )
    elif path.suffix.lower() == ZIP_SUFFIX and path.is_file():
        archives = [path]
    else:
        archives = []
    found = [(str(archive), _inner_zips(archive)) for archive in archives]
    return [(archive, inner) for archive, inner in found if inner]
