"""Zip archives: their members as sources, read in memory and never extracted.

An archive whose member names could escape a folder (`../`, absolute paths) is refused as a
whole: such an archive is either broken or hostile, and its other members cannot be trusted
either. zipfile never yields more than a member's declared size nor reads more than its
compressed size, so declared sizes above a limit are refused before anything inflates; the
bytes are counted as they inflate all the same.
"""

from __future__ import annotations

import lzma
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from wahldaten.io.errors import InputError
from wahldaten.io.files import Skipped, SourceFile, open_regular
from wahldaten.io.limits import Budget, check_ratio, check_size, read_limited

# Anything that a damaged or unsupported member can raise inside zipfile and its codecs.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


def hidden(parts: Iterable[str]) -> bool:
    # `__MACOSX/._name.csv` members are macOS resource forks, binary, under the data's names.
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _unsafe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def _special_member(info: zipfile.ZipInfo) -> bool:
    """A member stored as a symlink, FIFO or device (Unix mode in its external attributes)."""
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR)


def zip_members(
    path: Path, budget: Budget, suffixes: tuple[str, ...], skipped: list[Skipped]
) -> list[SourceFile]:
    """The data members of the archive at `path`; symlinks and special files are skipped."""
    limits = budget.limits
    try:
        with open_regular(path) as raw, zipfile.ZipFile(raw) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as error:
        raise InputError("input.zip_broken", path=str(path), reason=str(error)) from None
    for info in infos:
        if _unsafe_member(info.filename):
            raise InputError("input.zip_unsafe", path=str(path), member=info.filename)
        if info.flag_bits & 0x1:
            raise InputError("input.zip_encrypted", path=str(path), member=info.filename)
    wanted = [
        info
        for info in sorted(infos, key=lambda i: i.filename)
        if not info.is_dir()
        and info.filename.lower().endswith(suffixes)
        and not hidden(PurePosixPath(info.filename).parts)
    ]
    if len(wanted) > limits.max_members:
        raise InputError(
            "input.zip_too_many", path=str(path), count=len(wanted), limit=limits.max_members
        )
    members = []
    for info in wanted:
        display = f"{path}:{info.filename}"
        if _special_member(info):
            skipped.append(Skipped(display, "input.zip_member_special", {"path": display}))
            continue
        check_size(display, info.file_size, limits)
        check_ratio(display, info.file_size, info.compress_size, limits)
        members.append(_member(path, info, display, budget))
    # Many small members that each stay below `ratio_from_bytes` are judged together.
    check_ratio(
        str(path),
        sum(info.file_size for info in wanted),
        sum(info.compress_size for info in wanted),
        limits,
    )
    return members


def _member(path: Path, info: zipfile.ZipInfo, display: str, budget: Budget) -> SourceFile:
    member, compressed = info.filename, info.compress_size

    def read_some(at_most: int | None) -> bytes:
        try:
            with (
                open_regular(path) as raw,
                zipfile.ZipFile(raw) as archive,
                archive.open(member) as stream,
            ):
                return read_limited(stream, display, budget, compressed=compressed, at_most=at_most)
        except ZIP_ERRORS as error:
            raise InputError("input.zip_broken", path=display, reason=str(error)) from None

    return SourceFile(
        display=display,
        name=PurePosixPath(member).name,
        size=info.file_size,
        read=lambda: read_some(None),
        read_head=read_some,
    )
