"""Finding the input files: single files, folders and zip archives.

A path given directly that cannot be read is an `InputError` (exit code 3). Inside a folder,
what cannot be read (an unreadable file or sub-folder, a FIFO, socket or device, a dangling
link) is skipped and reported in `Collected.skipped`, and the rest is still read. Every read is
counted against the run's `Limits` (`limits.py`); zip archives are read by `archives.py`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from wahldaten.io.archives import hidden, zip_members
from wahldaten.io.errors import InputError
from wahldaten.io.files import (
    HEAD_BYTES,
    Collected,
    Skipped,
    SourceFile,
    not_regular,
    plain_file,
    reason,
    unreadable,
)
from wahldaten.io.limits import DEFAULT_LIMITS, Budget, Limits

__all__ = [
    "CONVERSION_SUFFIXES",
    "DATA_SUFFIXES",
    "HEAD_BYTES",
    "Budget",
    "Collected",
    "InputError",
    "Limits",
    "Skipped",
    "SourceFile",
    "collect",
    "gather",
]

DATA_SUFFIXES = (".csv", ".txt")
# Conversions also read metadata (open_data.json) and OWD JSON documents.
CONVERSION_SUFFIXES = (*DATA_SUFFIXES, ".json")


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return list(entries)


def _walk(root: Path, recursive: bool, suffixes: tuple[str, ...], found: Collected) -> list[Path]:
    """The regular files below `root` worth reading (data files and zip archives), sorted."""
    candidates: list[Path] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            listed = _listing(folder)
        except OSError as error:
            if folder == root:
                raise InputError("input.unreadable", path=str(root), reason=reason(error)) from None
            found.skipped.append(unreadable(str(folder), error))
            continue
        for entry in listed:
            if hidden([entry.name]):
                continue
            child = folder / entry.name
            # Symlinked folders are not followed (no loops); symlinked files are.
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError as error:
                found.skipped.append(unreadable(str(child), error))
                continue
            if is_folder:
                if recursive:
                    folders.append(child)
                continue
            if child.suffix.lower() not in (*suffixes, ".zip"):
                continue
            try:
                mode = child.stat().st_mode
            except OSError as error:
                found.skipped.append(unreadable(str(child), error))
                continue
            if stat.S_ISREG(mode):
                candidates.append(child)
            elif not stat.S_ISDIR(mode):  # a symlink to a folder is not followed
                refused = not_regular(str(child), mode)
                found.skipped.append(Skipped(str(child), refused.key, refused.params))
    return sorted(candidates)


def _folder(
    path: Path, recursive: bool, suffixes: tuple[str, ...], budget: Budget, found: Collected
) -> None:
    for child in _walk(path, recursive, suffixes, found):
        if child.suffix.lower() == ".zip":
            found.files.extend(zip_members(child, budget, suffixes, found.skipped))
            continue
        try:
            found.files.append(plain_file(child, child.stat().st_size, budget))
        except OSError as error:
            found.skipped.append(unreadable(str(child), error))
        except InputError as error:
            if error.key == "input.file_too_large":
                raise
            # Unreadable, or swapped for a FIFO since the listing: reported, the rest is read.
            found.skipped.append(Skipped(str(child), error.key, error.params))


def gather(
    paths: Iterable[str | Path],
    *,
    recursive: bool = False,
    suffixes: tuple[str, ...] = DATA_SUFFIXES,
    limits: Limits | None = None,
    budget: Budget | None = None,
) -> Collected:
    """Every data file named by the paths, and what was skipped in their folders.

    A path given directly that cannot be read (missing, no permission, not a regular file,
    above a limit) raises `InputError`; so does a zip archive or file above a limit anywhere.
    Inside a folder, unreadable entries, FIFOs, sockets, devices, dangling links and
    unreadable sub-folders are skipped and listed in `Collected.skipped`. Sizes known from the
    file system and the zip directories are checked here, before anything is read; the files'
    `read()` enforces the limits again on the bytes actually read. Calls that pass the same
    `budget` (instead of `limits`) share one run limit.
    """
    if budget is None:
        budget = Budget(limits or DEFAULT_LIMITS)
    elif limits is not None and limits != budget.limits:
        raise ValueError("give limits or a budget, not both")
    found = Collected()
    for given in paths:
        path = Path(given)
        try:
            status = path.stat()
        except FileNotFoundError:
            raise InputError("input.missing", path=str(path)) from None
        except OSError as error:
            raise InputError("input.unreadable", path=str(path), reason=reason(error)) from None
        if stat.S_ISDIR(status.st_mode):
            _folder(path, recursive, suffixes, budget, found)
        elif not stat.S_ISREG(status.st_mode):
            raise not_regular(str(path), status.st_mode)
        elif path.suffix.lower() == ".zip":
            # A damaged archive is refused as in a folder, not read as one CSV file.
            found.files.extend(zip_members(path, budget, suffixes, found.skipped))
        else:
            found.files.append(plain_file(path, status.st_size, budget))
    # The run limit on the sizes known before reading, so that a batch is refused at once.
    for source in found.files:
        budget.plan(source.display, source.size)
    return found


def collect(
    paths: Iterable[str | Path],
    *,
    recursive: bool = False,
    suffixes: tuple[str, ...] = DATA_SUFFIXES,
    limits: Limits | None = None,
    budget: Budget | None = None,
) -> list[SourceFile]:
    """Every data file named by the paths: files as given, folders' CSV files, zip members.

    The files of `gather`, without the list of what was skipped.
    """
    return gather(paths, recursive=recursive, suffixes=suffixes, limits=limits, budget=budget).files
