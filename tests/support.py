"""Paths and small helpers shared by the tests (importable because pytest adds tests/ to the path)."""

from __future__ import annotations

from pathlib import Path

import pytest

import wahldaten

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "owd"
SHARED = ROOT.parent / "shared"
REALDATA = SHARED / "realdata"


def realdata(*parts: str) -> Path:
    """A path in ../shared/realdata, or skip the test where the real data is absent."""
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available at {path}")
    return path


def set_cell(
    folder: Path, file_type: str, bezirk_or_line: str | int, column: str, value: str
) -> None:
    """Set one cell of a package file, addressing the row by bezirk-nr or by line number."""
    path = next(folder.glob(f"*_{file_type}_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    for index, line in enumerate(lines[1:], start=2):
        cells = line.split(";")
        by_bezirk = "bezirk-nr" in header and cells[header.index("bezirk-nr")] == bezirk_or_line
        if index == bezirk_or_line or by_bezirk:
            cells[header.index(column)] = value
            lines[index - 1] = ";".join(cells)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return
    raise KeyError(bezirk_or_line)


def codes(folder: Path) -> dict[str, int]:
    """Code → number of findings for all packages in a folder."""
    report = wahldaten.validate(folder, max_examples=100)
    return {r.code: r.count for p in report.packages for r in p.results}
