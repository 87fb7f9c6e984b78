"""Cases for the fuzz harness: a fixture package after its mutations, packed on disk as a
folder, as loose files, as a zip archive (whose structure may be damaged too) or below a batch
root; and the strategies that draw them.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from mutations import MUTATORS, bytes_of, lines_of, safe_name

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
COUNT_HEADER = re.compile(r"^(A\d?|B\d?|C\d?|D\d*|E|F\d*)(_.*)?$")
# Columns that hold keys, codes or dates rather than counts (for "empty a count").
NOT_A_COUNT = re.compile(
    r"nr|nummer|ags|^gs|-gs|schl|kennz|gebiet|datum|zeit|land|kreis|gemeinde|bezirk|art|typ|"
    r"position|version|satz|status|stand|gehört|gewählt|schnellmeld|wahl$|^wahl-|sitz|id$|"
    r"kandidat|jahr|platz|ausbleib|prozent|^stimme$",
    re.IGNORECASE,
)


@cache
def seeds() -> tuple[str, ...]:
    """Every fixture package (valid and invalid) of every format, `<format>/<kind>/<name>`,
    that holds files of its own."""
    return tuple(
        str(folder.relative_to(FIXTURES))
        for folder in sorted(FIXTURES.glob("*/*/*"))
        if folder.is_dir()
        and folder.parent.name in ("valid", "invalid")
        and any(p.is_file() for p in folder.iterdir())
    )


@cache
def load(seed: str) -> tuple[tuple[str, bytes], ...]:
    folder = FIXTURES / seed
    return tuple((p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file())


@dataclass(frozen=True)
class Case:
    seed: str
    files: tuple[tuple[str, bytes], ...]
    steps: tuple[str, ...]
    packing: str = "folder"
    zip_steps: tuple[str, ...] = ()
    emptied: tuple[tuple[str, int, str], ...] = field(default=(), repr=False)

    def __repr__(self) -> str:  # shrunk failures stay readable
        sizes = ", ".join(f"{n!r}:{len(d)}" for n, d in self.files)
        return (
            f"Case({self.seed!r}, packing={self.packing!r}, steps={list(self.steps)}, "
            f"zip={list(self.zip_steps)}, files=[{sizes}])"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints failing arguments with its pretty printer, field by field otherwise.
        printer.text(repr(self))

    def write(self, folder: Path) -> list[Path]:
        """The case on disk below `folder`; returns the paths to give the tool."""
        if self.packing == "zip":
            archive = folder / "paket.zip"
            archive.write_bytes(pack(self.files, self.zip_steps))
            return [archive]
        target = folder / "root" / "a" / "paket" if self.packing == "batch" else folder / "paket"
        target.mkdir(parents=True)
        paths = []
        for name, data in self.files:
            path = target / safe_name(name)
            path.write_bytes(data)
            paths.append(path)
        if self.packing == "files":
            return sorted(set(paths))
        return [folder / "root"] if self.packing == "batch" else [target]


# --- zip structure ------------------------------------------------------------------------------

ZIP_STEPS = (
    "stored",
    "subfolder",
    "macosx",
    "directories",
    "duplicate-member",
    "unsafe-member",
    "symlink-member",
    "nested-zip",
    "encrypted-flag",
    "truncate",
    "flip",
    "comment",
    "unsupported-method",
)


def pack(files: tuple[tuple[str, bytes], ...], steps: tuple[str, ...]) -> bytes:
    """The files as a zip archive, built and then damaged as `steps` say."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if "stored" in steps else zipfile.ZIP_DEFLATED
    prefix = "export/2025/" if "subfolder" in steps else ""
    with (
        warnings.catch_warnings(),  # duplicate names are one of the damages
        zipfile.ZipFile(buffer, "w", compression=method) as archive,
    ):
        warnings.simplefilter("ignore", UserWarning)
        if "directories" in steps:
            archive.writestr("export/", b"")
            archive.writestr("export/2025/", b"")
        for name, data in files:
            archive.writestr(prefix + name, data)
            if "macosx" in steps:
                archive.writestr(f"__MACOSX/._{name}", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
        if "duplicate-member" in steps and files:
            archive.writestr(prefix + files[0][0], files[0][1][: len(files[0][1]) // 2])
        if "unsafe-member" in steps:
            archive.writestr("../../etc/evil.csv", b"a;b\n")
        if "symlink-member" in steps:
            link = zipfile.ZipInfo(prefix + "link.csv")
            link.create_system = 3
            link.external_attr = 0o120777 << 16
            archive.writestr(link, "/etc/passwd")
        if "nested-zip" in steps:
            archive.writestr("inner.zip", pack(files[:1], ()))
        if "comment" in steps:
            archive.comment = b"\x1b]0;pwned\x07\n::error::x"
    data = bytearray(buffer.getvalue())
    if "encrypted-flag" in steps:
        at = data.find(b"PK\x01\x02")
        if at >= 0:
            data[at + 8] |= 0x01
    if "unsupported-method" in steps:
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            at = data.find(signature)
            if at >= 0:
                data[at + offset : at + offset + 2] = (9).to_bytes(2, "little")
    if "flip" in steps and data:
        middle = len(data) // 2
        data[middle] ^= 0xFF
    if "truncate" in steps:
        data = data[: len(data) * 2 // 3]
    return bytes(data)


# --- emptying counts ----------------------------------------------------------------------------


def count_cells(files: tuple[tuple[str, bytes], ...]) -> list[tuple[int, int, int]]:
    """(file, line, column) of every cell that holds a count: digits in a count column."""
    found = []
    for index, (_, data) in enumerate(files):
        lines = lines_of(data)
        header: list[str] | None = None
        for row, line in enumerate(lines):
            cells = line.split(";")
            if header is None:
                if len(cells) >= 5 and sum(bool(re.search(r"[A-Za-z]", c)) for c in cells) >= 3:
                    header = cells
                continue
            for column, cell in enumerate(cells):
                name = header[column].strip() if column < len(header) else ""
                counts = COUNT_HEADER.match(name) or not NOT_A_COUNT.search(name)
                if cell.isdigit() and cell.isascii() and counts:
                    found.append((index, row, column))
    return found


def empty_cells(
    files: tuple[tuple[str, bytes], ...], chosen: list[tuple[int, int, int]]
) -> tuple[tuple[str, bytes], ...]:
    mutable = [(name, lines_of(data)) for name, data in files]
    for index, row, column in chosen:
        cells = mutable[index][1][row].split(";")
        cells[column] = ""
        mutable[index][1][row] = ";".join(cells)
    return tuple((name, bytes_of(lines)) for name, lines in mutable)


# --- the strategies -----------------------------------------------------------------------------

PACKINGS = ("folder", "files", "zip", "batch")


@st.composite
def cases(draw: st.DrawFn, seeds_from: tuple[str, ...] | None = None) -> Case:
    """A fixture package after one to four mutations, packed in one of four ways."""
    seed = draw(st.sampled_from(seeds_from or seeds()))
    files = list(load(seed))
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        mutator = draw(st.sampled_from(MUTATORS))
        steps.append(mutator(draw, files))
    packing = draw(st.sampled_from(PACKINGS))
    zip_steps: tuple[str, ...] = ()
    if packing == "zip":
        zip_steps = tuple(draw(st.lists(st.sampled_from(ZIP_STEPS), max_size=3, unique=True)))
    return Case(seed, tuple(files), tuple(steps), packing, zip_steps)


@st.composite
def zipped(draw: st.DrawFn) -> Case:
    """A valid fixture package in a zip whose structure is damaged or unusual."""
    seed = draw(st.sampled_from([s for s in seeds() if "/valid/" in s]))
    steps = tuple(draw(st.lists(st.sampled_from(ZIP_STEPS), min_size=1, max_size=4, unique=True)))
    return Case(seed, load(seed), (), "zip", steps)


@st.composite
def emptied(draw: st.DrawFn) -> Case:
    """A valid fixture package with count cells emptied (a few, or a whole row), nothing else."""
    candidates = [s for s in seeds() if "/valid/" in s and count_cells(load(s))]
    seed = draw(st.sampled_from(candidates))
    files = load(seed)
    cells = count_cells(files)
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(cells), min_size=1, max_size=5, unique=True))
    else:  # a Bezirk that has not reported yet: every count of its row empty
        first = draw(st.sampled_from(cells))
        chosen = [cell for cell in cells if cell[:2] == first[:2]]
    packing = draw(st.sampled_from(("folder", "zip")))
    steps = tuple(f"empty {files[f][0]}:{r + 1}:{c}" for f, r, c in chosen)
    where = tuple((files[f][0], r, str(c)) for f, r, c in chosen)
    return Case(seed, empty_cells(files, chosen), steps, packing, (), where)
