"""The real legacy votemanager files (Köln, BTW 2013): every count of the source, read here with
the plain csv module, is in the written OWD; rows not reported on election night are empty.

Skipped where ../shared/realdata is absent. Nothing here names a municipality: the files are
taken as the class they stand for (one file per level, date and authority given as options).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import realdata

FOLDER = ("votemanager",)
FINAL = [
    "koeln-btw2013-legacy__result_stimmbezirk.csv",
    "koeln-btw2013-legacy__result_stadtteil.csv",
    "koeln-btw2013-legacy__result_wahlkreis.csv",
]
NIGHT = "koeln-btw2013-legacy-zwischenstand-2059__result_stimmbezirk.csv"
OPTIONS = ("--datum", "22.09.2013", "--gs", "05315000")
TOTALS = {"Wahlberechtigte": "A", "abgegeben": "B", "ungültig": "C", "gültig": "D"}
SECOND = {"ungültig2": "E", "gültig2": "F"}
NOT_COUNTS = {"Nr", "Name", "MaxSchnellmeldungen", "AnzSchnellmeldungen", "Wahlbeteiligung"}


def source_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = rows[0]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:] if row]


def owd_rows(folder: Path, file_type: str) -> list[dict[str, str]]:
    (path,) = folder.glob(f"*_{file_type}_*.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def source_columns(header: list[str], positions: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(source column, OWD column) for every count of the source."""
    yield from TOTALS.items()
    if "gültig2" in header:
        yield from SECOND.items()
    for column in header:
        if column in NOT_COUNTS or column in TOTALS or column in SECOND or not column:
            continue
        if column.endswith("_Proz") or column.endswith("Stimmzettel"):
            continue
        if column.startswith("Z_"):
            yield column, f"F{positions[column[2:]]}"
        else:
            yield column, f"D{positions[column]}"


def convert(tmp_path: Path, name: str) -> Path:
    out = tmp_path / "owd"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "convert",
            str(realdata(*FOLDER, name)),
            "-o",
            str(out),
            *OPTIONS,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "wahldaten", "validate", str(out)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    return out


def summed(rows: list[dict[str, str]], column: str) -> int:
    return sum(int(row[column]) for row in rows if row.get(column))


@pytest.mark.parametrize("name", FINAL)
def test_every_count_of_the_final_files_is_in_the_owd(tmp_path: Path, name: str) -> None:
    header, rows = source_rows(realdata(*FOLDER, name))
    out = convert(tmp_path, name)
    results = owd_rows(out, "Wahlergebnisse")
    positions = {
        r["partei-kurzname"]: r["stimmzettel-position"] for r in owd_rows(out, "Stimmzettel")
    }
    # Each file holds one level: its rows are the areas of that level, none is a total of others.
    assert len(results) == len(rows)
    pairs = list(source_columns(header, positions))
    assert len(pairs) > len(TOTALS) + len(SECOND)
    for source, target in pairs:
        assert summed(results, target) == summed(rows, source), (source, target)
    # Nothing turned into 0, nothing empty filled: cell by cell, row by row.
    for row, written in zip(rows, results, strict=True):
        for source, target in pairs:
            assert written[target] == row[source], (row["Nr"] or row["Name"], source)
        assert written["A1"] == written["A2"] == written["A3"] == ""


def test_the_levels_add_up_to_the_same_city(tmp_path: Path) -> None:
    _, bezirke = source_rows(realdata(*FOLDER, FINAL[0]))
    areas = owd_rows(convert(tmp_path, FINAL[1]), "Wahlergebnisse")
    for source, target in TOTALS.items():
        assert summed(areas, target) == summed(bezirke, source)


def test_election_night_rows_not_reported_are_empty_never_zero(tmp_path: Path) -> None:
    header, rows = source_rows(realdata(*FOLDER, NIGHT))
    out = convert(tmp_path, NIGHT)
    results = {r["bezirk-nr"]: r for r in owd_rows(out, "Wahlergebnisse")}
    positions = {
        r["partei-kurzname"]: r["stimmzettel-position"] for r in owd_rows(out, "Stimmzettel")
    }
    pairs = list(source_columns(header, positions))
    waiting = [r for r in rows if r["AnzSchnellmeldungen"] == "0"]
    reported = [r for r in rows if r["AnzSchnellmeldungen"] != "0"]
    assert waiting and reported and len(results) == len(rows)
    for row in waiting:
        written = results[row["Nr"]]
        assert all(written[target] == "" for _, target in pairs), row["Nr"]
    for row in reported:
        written = results[row["Nr"]]
        assert all(written[target] == row[source] for source, target in pairs), row["Nr"]
    for source, target in pairs:
        assert summed(list(results.values()), target) == summed(reported, source)
