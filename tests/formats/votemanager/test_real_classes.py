"""Real votemanager files of the classes of issue 11: Hessian council, areas without gebiet-nr,
a spreadsheet re-save. Each converts with exit 0, its output validates, and every count total of
the source, read here with the plain csv module, is in the written OWD: nothing lost, nothing
turned into 0, empty stays empty."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wahldaten
from support import realdata
from wahldaten.cli import app

FIXED = {"datum", "wahl", "ags", "gebiet-nr", "gebiet-name"}
COUNTERS = {"max-schnellmeldungen", "anz-schnellmeldungen"}
REAL = [
    "darmstadt-stvv2021__Open-Data-06411000-Stadtverordnetenwahl-Wahlbezirk.csv",
    "marburgbiedenkopf-kreiswahl2021__kreiswahl_gesamt.csv",
    "marburgbiedenkopf-kreiswahl2021__kreiswahl_gemeinden.csv",
    "leipzig-btw2021__Open-Data-Bundestagswahl-_Land-Sachsen_3-3.csv",
    "heidekreis-btw2025-spreadsheet-augmented__wahlergebnisse_hk.csv",
]
COUNT = re.compile(r"^(?:A[1-3]?|B1?|C|D|E|F|[DF][0-9]+(?:_[0-9]+)?)$")
HESSIAN = re.compile(r"^(unveraendert|veraendert|panasch)_([0-9]+)$")


def source_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the source, with its own separator (`;`, or `,` where a spreadsheet re-saved
    it), without the reader."""
    text = path.read_text(encoding="utf-8")
    separator = ";" if ";" in text.splitlines()[0] else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=separator))


def owd_name(column: str) -> str | None:
    """Where a source count goes in OWD (None: not carried, reported as K09 or K33)."""
    if m := HESSIAN.match(column):
        kind, n = m.groups()
        return None if kind == "panasch" else f"D{n}_{kind}"
    return column if COUNT.match(column) else None


def totals(rows: list[dict[str, str]], columns: list[str]) -> dict[str, tuple[int, int]]:
    """Per column: (Σ of the reported cells, number of empty cells)."""
    out: dict[str, tuple[int, int]] = {}
    for column in columns:
        cells = [r[column].strip() for r in rows]
        out[column] = (sum(int(c) for c in cells if c), sum(1 for c in cells if not c))
    return out


def written(folder: Path) -> list[dict[str, str]]:
    (path,) = folder.glob("*_Wahlergebnisse_*.csv")
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))


@pytest.mark.parametrize("name", REAL, ids=lambda n: n.split("__")[0])
def test_real_file_converts_with_every_total_of_the_source(name: str, tmp_path: Path) -> None:
    source = realdata("votemanager", name)
    out = tmp_path / "owd"
    result = CliRunner().invoke(app, ["convert", str(source), "-o", str(out), "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert wahldaten.validate(out).exit_code == 0

    rows, owd = source_rows(source), written(out)
    assert len(owd) == len(rows)  # every row is a Bezirk or an area: none lost, none added
    carried = {c: owd_name(c) for c in rows[0] if c not in FIXED | COUNTERS and owd_name(c)}
    expected = totals(rows, list(carried))
    found = totals(owd, [str(n) for n in carried.values()])
    assert {carried[c]: v for c, v in expected.items()} == found
    # No cell of the source is lost: a count column is carried, or dropped with its report.
    dropped = {c for c in rows[0] if c not in FIXED | COUNTERS and c not in carried}
    assert all(HESSIAN.match(c) or not COUNT.match(c) for c in dropped)


@pytest.mark.parametrize("name", REAL[:3], ids=lambda n: n.split("__")[0])
def test_hessian_list_rest_is_the_list_minus_its_candidates(name: str, tmp_path: Path) -> None:
    source = realdata("votemanager", name)
    out = tmp_path / "owd"
    assert wahldaten.convert([source], out).exit_code == 0
    rows, owd = source_rows(source), written(out)
    lists = sorted({int(m.group(2)) for c in rows[0] if (m := HESSIAN.match(c))})
    assert lists
    for n in lists:
        candidates = [c for c in rows[0] if re.fullmatch(rf"D{n}_[0-9]+", c)]
        for row, target in zip(rows, owd, strict=True):
            taken = sum(int(row[c]) for c in candidates if row[c])
            assert int(target[f"D{n}_liste"]) == int(row[f"D{n}"]) - taken


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("marburgbiedenkopf-kreiswahl2021__kreiswahl_gemeinden.csv", "ags"),
        ("leipzig-btw2021__Open-Data-Bundestagswahl-_Land-Sachsen_3-3.csv", "gebiet-name"),
    ],
)
def test_areas_without_numbers_are_keyed_from_the_source(
    name: str, source: str, tmp_path: Path
) -> None:
    path = realdata("votemanager", name)
    report, (election,) = wahldaten.inspect([path])
    (finding,) = next(r for r in report.source_results if r.code == "K31").examples
    assert finding.params["source"] == source
    rows = source_rows(path)
    assert all(not r["gebiet-nr"] for r in rows)
    keys = election.results["bezirk-nr"].to_list()
    assert keys == [r[source].strip() for r in rows] and len(set(keys)) == len(keys)
    assert "R05" not in {r.code for r in report.all_results()}


def test_resaved_keys_and_appended_columns_are_reported(tmp_path: Path) -> None:
    path = realdata("votemanager", REAL[-1])
    report, (election,) = wahldaten.inspect([path])
    codes = {r.code: r for r in report.source_results}
    assert {"K32", "K33"} <= set(codes)
    rows = source_rows(path)
    assert codes["K32"].rows == sum(1 for r in rows if len(r["ags"]) != 8 or r["ags"][0] != "0")
    gs = election.results["wahl-behoerde-gs"].to_list()
    assert all(re.fullmatch(r"0[1-9][0-9]{6}(?:[0-9]{4})?", g) for g in gs)
    assert [g.lstrip("0") for g in gs] == [r["ags"] + "000" * (len(r["ags"]) == 8) for r in rows]
    (ignored,) = codes["K33"].examples
    assert ignored.params["count"] == len(rows[0]) - list(rows[0]).index("F16") - 1


@pytest.mark.parametrize(
    ("folder", "total", "finer"),
    [
        (
            "votemanager",
            "leipzig-btw2021__Open-Data-Bundestagswahl-_Land-Sachsen_3-1.csv",
            "leipzig-btw2021__Open-Data-Bundestagswahl-_Land-Sachsen_36.csv",
        ),
        (
            "votemanager",
            "marburgbiedenkopf-kreiswahl2021__kreiswahl_gesamt.csv",
            "marburgbiedenkopf-kreiswahl2021__kreiswahl_gemeinden.csv",
        ),
        (
            "votemanager",
            "wuerzburg-ew2019__Open-Data-Europawahl203.csv",
            "wuerzburg-ew2019__Open-Data-Europawahl206.csv",
        ),
        (
            "okvote",
            "karlstadt-stadtrat2020__Open-Data-Gemeinderatswahl-Bayern1103.csv",
            "karlstadt-stadtrat2020__Open-Data-Gemeinderatswahl-Bayern1106.csv",
        ),
    ],
    ids=["leipzig", "marburg-biedenkopf", "wuerzburg", "karlstadt"],
)
def test_the_total_file_of_an_export_checks_its_finer_file(
    folder: str, total: str, finer: str
) -> None:
    paths = [realdata(folder, total), realdata(folder, finer)]
    report, (election,) = wahldaten.inspect(paths)
    assert report.exit_code == 0 and "K06" not in {r.code for r in report.source_results}
    (k05,) = [r for r in report.source_results if r.code == "K05"]
    assert k05.examples[0].location.file == str(paths[0])
    (row,) = source_rows(paths[0])
    assert election.wahlparameter["wahl-behoerde-name"] == row["gebiet-name"]
    finer_rows = source_rows(paths[1])
    assert election.results.height == len(finer_rows)
    for column in ("A", "B", "C", "D"):  # the total row, read here, is the sum of the finer rows
        values = [int(r[column]) for r in finer_rows if r[column]]
        assert int(row[column]) == sum(values) == election.results[column].sum()
