"""How much one run may read: limits that hold on the bytes actually read.

Sizes declared by a file system or a zip directory are checked early, but the limits are
enforced while reading: every file and zip member is counted as it is read and inflates
(a plain file's listed size in one piece, whatever follows and every zip member in chunks),
per file and per run, so that neither a zip bomb nor a file that grows while it is read (or a
device posing as one) can take more than the limits allow.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Protocol

from wahldaten.io.errors import InputError

KIB = 1024
MIB = 1024**2
GIB = 1024**3
# Read in pieces this large: a typical export is one piece, and a bomb stops within one.
CHUNK = 16 * MIB

_UNITS = {"": 1, "K": KIB, "M": MIB, "G": GIB, "T": 1024 * GIB}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", re.IGNORECASE)


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Limits:
    """The bounds of one run. The defaults fit a nationwide package with room to spare: the
    Europawahl 2024 precinct archive of all of Germany inflates to 14 MB, the benchmark's
    nationwide Bundestag package takes 40 MB."""

    # All files and zip members of one run together (one library call or command).
    max_bytes: int = 1 * GIB
    # One file or one zip member (never more than `max_bytes`).
    max_file_bytes: int = 512 * MIB
    # Inflated to compressed size of a zip member, checked once the member exceeds
    # `ratio_from_bytes`: CSV exports compress 3 to 30 times, zeros a thousand times.
    max_ratio: float = 200.0
    ratio_from_bytes: int = 4 * MIB
    # Data files in one zip archive (each one is parsed, so their number bounds the time too).
    max_members: int = 10_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_file_bytes", "ratio_from_bytes", "max_members"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer, not {value!r}")
        if not self.max_ratio > 0:
            raise ValueError(f"max_ratio must be positive, not {self.max_ratio!r}")

    @property
    def file_limit(self) -> int:
        return min(self.max_file_bytes, self.max_bytes)


DEFAULT_LIMITS = Limits()


def parse_size(value: str | int) -> int:
    """A size as a user writes it: `1073741824`, `512M`, `1G`, `1.5 GiB` (binary units)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"negative size: {value}")
        return value
    match = _SIZE.fullmatch(str(value))
    if match is None:
        raise ValueError(f"not a size: {value!r} (e.g. 500M, 2G)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def format_size(size: int) -> str:
    """`512 MiB`, `1 GiB`, `1000 B`: the same in every language."""
    for unit, factor in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    if size >= MIB:
        return f"{size / MIB:.1f} MiB"
    return f"{size} B"


@dataclass
class Budget:
    """The bytes of one run: planned (sizes known before reading) and read so far.

    A source planned or read twice is counted once. Share one budget between several calls of
    `collect`/`gather` to hold the run limit across them.
    """

    limits: Limits = DEFAULT_LIMITS
    used: int = 0
    planned: int = 0
    _counted: dict[str, int] = field(default_factory=dict, repr=False)
    _plans: set[str] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _refuse(self, display: str) -> InputError:
        return InputError(
            "input.run_too_large", path=display, limit=format_size(self.limits.max_bytes)
        )

    def plan(self, display: str, size: int) -> None:
        """Account for a source of `size` bytes before it is read; refuse beyond the run limit."""
        with self._lock:
            if display in self._plans:
                return
            self._plans.add(display)
            self.planned += size
            if self.planned > self.limits.max_bytes:
                raise self._refuse(display)

    def charge(self, display: str, read_so_far: int) -> None:
        """Account for `read_so_far` bytes of the source `display`; stop beyond the run limit."""
        with self._lock:
            before = self._counted.get(display, 0)
            if read_so_far <= before:
                return
            self._counted[display] = read_so_far
            self.used += read_so_far - before
            if self.used > self.limits.max_bytes:
                raise self._refuse(display)


def check_ratio(display: str, inflated: int, compressed: int, limits: Limits) -> None:
    """Refuse a zip member that inflates more than `max_ratio` times (once it is large)."""
    if inflated > limits.ratio_from_bytes and inflated > limits.max_ratio * compressed:
        ratio = inflated / compressed if compressed else float("inf")
        raise InputError(
            "input.zip_ratio",
            path=display,
            ratio=f"{ratio:.0f}" if compressed else "∞",
            limit=f"{limits.max_ratio:g}",
        )


def check_size(display: str, size: int, limits: Limits) -> None:
    if size > limits.file_limit:
        raise InputError("input.file_too_large", path=display, limit=format_size(limits.file_limit))


def read_limited(
    stream: Readable,
    display: str,
    budget: Budget,
    *,
    compressed: int | None = None,
    at_most: int | None = None,
    size: int | None = None,
) -> bytes:
    """Read `stream` to its end (or `at_most` bytes), counting every byte against the limits.

    `compressed` is the size a zip member takes in its archive: the inflated bytes are
    compared with it as they come, so that a bomb stops after its first megabytes.

    `size` is the size a plain file was listed with (checked against the file limit and
    planned in the run's budget then): it is read in one piece, so that the file's bytes are
    one buffer and never joined by a copy (a second file's worth of memory at the peak).
    Whatever follows it (a file that grew since it was listed) is read in chunks and counted
    as it comes, as a stream of unknown size is. A zip member is always read in chunks.
    """
    limits = budget.limits
    chunks: list[bytes] = []
    total = 0
    wanted = at_most if at_most is not None else limits.file_limit + 1
    piece = size if size and compressed is None else CHUNK
    while total < wanted:
        chunk = stream.read(min(piece, wanted - total))
        if not chunk:
            break
        total += len(chunk)
        if at_most is None:
            check_size(display, total, limits)
        if compressed is not None:
            check_ratio(display, total, compressed, limits)
        budget.charge(display, total)
        chunks.append(chunk)
        piece = CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
