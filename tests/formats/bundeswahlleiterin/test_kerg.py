"""kerg.csv of the Bundeswahlleiterin: the wide format with three header rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import wahldaten
from support import ROOT
from wahldaten.api.conversion import ConversionReport, convert, detect, inspect
from wahldaten.core.findings import Severity
from wahldaten.core.model import Election
from wahldaten.io.sources import collect

VALID = ROOT / "fixtures" / "kerg" / "valid" / "bundestagswahl"
INVALID = ROOT / "fixtures" / "kerg" / "invalid"
FILE = VALID / "btw21_kerg.csv"


def codes(report: ConversionReport) -> dict[str, int]:
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def by_land(elections: list[Election]) -> dict[str, Election]:
    return {e.gs: e for e in elections}


def row(election: Election, bezirk: str) -> dict[str, object]:
    return election.results.filter(pl.col("bezirk-nr") == bezirk).row(0, named=True)


def test_detected_and_converted_like_kerg2() -> None:
    (source,) = collect([VALID])
    assert detect(source) == "kerg"
    report, elections = inspect([VALID])
    assert report.exit_code == 0
    # C07: the source gives no counting time, one finding per Land package (3 rows in all).
    assert codes(report) == {"K05": 3, "K09": 1, "K10": 1, "K21": 1, "K26": 1, "C07": 2}
    lands = by_land(elections)
    assert sorted(lands) == ["010000000000", "130000000000"]
    first = row(lands["010000000000"], "001")
    assert [first[c] for c in ("A", "B", "C", "D", "E", "F")] == [1000, 700, 10, 690, 8, 692]
    assert (first["A1"], first["A2"], first["A3"]) == (None, None, None)
    assert lands["010000000000"].wahlparameter["wahl-datum"] == "26.09.2021"  # from the title


def test_column_order_is_the_ballot_and_uebrige_follows_the_parties() -> None:
    _, elections = inspect([VALID])
    sh = by_land(elections)["010000000000"]
    frame = sh.tables["Stimmzettel"]
    names = dict(zip(frame["stimmzettel-position"], frame["partei-langname"], strict=True))
    # AfD (column 3) did not stand in Schleswig-Holstein: not on its ballot, a gap.
    assert names == {
        "1": "Christlich Demokratische Union Deutschlands",
        "2": "Sozialdemokratische Partei Deutschlands",
        "4": "Freie Demokratische Partei",
        "5": "BÜNDNIS 90/DIE GRÜNEN",
        "6": "Südschleswigscher Wählerverband",
        "7": "Übrige",
    }
    assert row(sh, "002")["D7"] == 14
    assert row(sh, "001")["D7"] is None
    assert row(sh, "001")["D4"] is None  # FDP: no direct candidate in 001, never 0
    assert row(sh, "001")["F4"] == 80


def test_separator_lines_and_header_rows_keep_line_numbers() -> None:
    report, _ = inspect([VALID])
    assert not {"F04", "F07", "S04"} & set(codes(report))
    k05 = next(r for r in report.source_results if r.code == "K05")
    lines = {e.location.bezirk: e.location.line for e in k05.examples}
    text = FILE.read_text(encoding="utf-8-sig").split("\n")
    assert {b: text[line - 1].split(";")[0] for b, line in lines.items()} == {
        "01": "01",
        "13": "13",
        "99": "99",
    }


def test_status_from_the_third_header_row(tmp_path: Path) -> None:
    text = FILE.read_text(encoding="utf-8")
    path = tmp_path / "kerg.csv"
    path.write_text(text.replace("Endgültiges Ergebnis;\n", ";\n"), encoding="utf-8")
    report, _ = inspect([path])
    status = next(r for r in report.source_results if r.code == "K21")
    assert status.examples[0].params == {"status": "endgültig"}
    assert status.examples[0].location.line == 8


def test_electorate_differing_between_votes_is_k29() -> None:
    report, _ = inspect([INVALID / "K29"])
    (k29,) = [r for r in report.source_results if r.code == "K29"]
    assert k29.severity is Severity.ERROR
    assert k29.examples[0].params["found"] == 1000
    assert k29.examples[0].params["expected"] == 999
    assert report.exit_code == 1


def test_land_total_differing_is_k06(tmp_path: Path) -> None:
    lines = FILE.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("01;Schleswig-Holstein;"))
    cells = lines[index].split(";")
    cells[4] = cells[6] = "1801"
    lines[index] = ";".join(cells)
    path = tmp_path / "kerg.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report, _ = inspect([path])
    k06 = next(r for r in report.source_results if r.code == "K06")
    assert {(e.params["found"], e.params["expected"]) for e in k06.examples} == {
        (1801, 1800),
        (2700, 2701),
    }


def test_converted_packages_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert convert([VALID], out, stamp="20211014T151100").exit_code == 0
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0
    assert {r.code for p in check.packages for r in p.results} <= {"C07"}


def test_spreadsheet_resave_gives_the_numbers_of_the_original(tmp_path: Path) -> None:
    """kerg.csv saved again by a spreadsheet (Tab, Windows-1252, CRLF): read as the original,
    the re-save reported (F15, F16)."""
    text = FILE.read_text(encoding="utf-8-sig")
    path = tmp_path / "kerg.csv"
    path.write_bytes(text.replace(";", "\t").replace("\n", "\r\n").encode("cp1252"))
    report, elections = inspect([path])
    assert report.exit_code == 0
    assert {"F15", "F16"} <= set(codes(report))
    _, originals = inspect([VALID])
    assert [e.results.equals(o.results) for e, o in zip(elections, originals, strict=True)] == [
        True,
        True,
    ]


def test_the_archive_encoding_is_no_resave() -> None:
    report, _ = inspect([ROOT / "fixtures" / "kerg" / "valid" / "archiv-1990"])
    assert not {"F01", "F15", "F16"} & set(codes(report))
