"""The real KRZN export of Krefeld: every count total of the source, read independently with
the csv module, equals the written OWD's; cells that were `---` or empty stay empty."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import wahldaten
from support import realdata
from wahldaten.formats.source import Meta

COUNT = re.compile(r"^(A[123]?|B1?|C|D|E|F|[DF][0-9]+)$")


def source_totals(path: Path) -> tuple[dict[str, int], dict[str, int], int]:
    """Sums and empty cells per count column over the Wahlbezirk rows, and their number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("WAHLDATUM;"))
    rows = list(csv.reader(lines[start:], delimiter=";"))
    header = rows[0]
    data = [r for r in rows[2:] if r and r[header.index("EBENE")] == "Wahlbezirk"]
    sums: dict[str, int] = {}
    empty: dict[str, int] = {}
    for column in (c for c in header if COUNT.match(c)):
        cells = [row[header.index(column)].strip() for row in data]
        sums[column] = sum(int(c) for c in cells if c.isdigit())
        empty[column] = sum(1 for c in cells if not c.isdigit())
    return sums, empty, len(data)


def written_totals(folder: Path) -> tuple[dict[str, int], dict[str, int], int]:
    path = next(folder.glob("*_Wahlergebnisse_*.csv"))
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter=";"))
    columns = [c for c in rows[0] if COUNT.match(c)]
    sums = {c: sum(int(r[c]) for r in rows if r[c]) for c in columns}
    empty = {c: sum(1 for r in rows if not r[c]) for c in columns}
    return sums, empty, len(rows)


def test_krefeld_totals_match_the_written_owd(tmp_path: Path) -> None:
    path = realdata("other", "krefeld-btw2025-krzn__wahlergebnis.csv")
    report = wahldaten.convert([path], tmp_path / "owd", meta=Meta(gs="05114000"))
    assert report.exit_code == 0
    assert report.detected.startswith("Layout krzn")
    sums, empty, bezirke = source_totals(path)
    written_sums, written_empty, written_rows = written_totals(tmp_path / "owd")
    assert written_rows == bezirke == 196
    assert written_sums == sums  # nothing lost, every column
    assert written_empty == empty  # `---` stays empty, nothing turned into 0
    assert (sums["A"], sums["B"], sums["F"], empty["D12"]) == (155_024, 122_051, 121_282, 100)
    assert wahldaten.validate(tmp_path / "owd").exit_code == 0
