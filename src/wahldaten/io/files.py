"""One input file: what it is, how to read it safely, and what is skipped.

Only regular files are read. Files are opened without blocking and checked again once open
(`fstat`), so that neither a FIFO, socket or device nor a path swapped for one between the
listing and the read can hang a run or feed it endless bytes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from wahldaten.core import catalog
from wahldaten.io.errors import InputError
from wahldaten.io.limits import Budget, check_size, read_limited

HEAD_BYTES = 65536


@dataclass(frozen=True)
class SourceFile:
    """One file to read: how to show it, its base name, and how to get its bytes.

    `read()` returns the whole file, counted against the run's limits; `head(n)` only its
    first bytes (enough to recognise a format).
    """

    display: str
    name: str
    size: int
    read: Callable[[], bytes]
    read_head: Callable[[int], bytes] | None = field(default=None, repr=False, compare=False)

    def head(self, size: int = HEAD_BYTES) -> bytes:
        if self.read_head is not None:
            return self.read_head(size)
        return self.read()[:size]


@dataclass(frozen=True)
class Skipped:
    """An entry of a folder or archive that is not read, and why (a catalog key and params)."""

    path: str
    key: str
    params: Mapping[str, Any]

    def message(self, language: str) -> str:
        return catalog.text(self.key, language, **self.params)


@dataclass
class Collected:
    """What `gather` found: the files to read and the entries skipped on the way."""

    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def reason(error: OSError) -> str:
    return error.strerror or str(error)


def unreadable(path: str, error: OSError) -> Skipped:
    return Skipped(path, "input.unreadable", {"path": path, "reason": reason(error)})


def not_regular(path: str, mode: int) -> InputError:
    """The error for a path that is no regular file, by what it is."""
    if stat.S_ISFIFO(mode):
        kind = "fifo"
    elif stat.S_ISSOCK(mode):
        kind = "socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "device"
    elif stat.S_ISDIR(mode):
        kind = "folder"
    else:
        kind = "other"
    return InputError(f"input.not_regular_{kind}", path=path)


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else is refused without blocking on it."""
    try:
        # O_NONBLOCK: opening a FIFO that no one writes to returns at once instead of hanging.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError("input.unreadable", path=str(path), reason=reason(error)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(str(path), mode)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def plain_file(path: Path, size: int, budget: Budget) -> SourceFile:
    """A regular file of `size` bytes (as listed); refused at once above the file limit."""
    display = str(path)
    check_size(display, size, budget.limits)
    # Opened once here so that a file without read permission is found before any parsing.
    open_regular(path).close()

    def read_some(at_most: int | None) -> bytes:
        try:
            with open_regular(path) as stream:
                return read_limited(stream, display, budget, at_most=at_most, size=size)
        except OSError as error:
            raise InputError("input.unreadable", path=display, reason=reason(error)) from None

    return SourceFile(
        display=display,
        name=path.name,
        size=size,
        read=lambda: read_some(None),
        read_head=read_some,
    )
