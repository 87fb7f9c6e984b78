"""The Wahlbezirksstatistik: every precinct of a Land in one package, with the postal links."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import ROOT, realdata
from wahldaten.api.conversion import ConversionReport, convert, detect, inspect
from wahldaten.core.findings import Severity
from wahldaten.core.model import Election
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect

FIXTURES = ROOT / "fixtures" / "wbz"
VALID = FIXTURES / "valid" / "europawahl"
AMT = FIXTURES / "valid" / "europawahl-amt"
INVALID = FIXTURES / "invalid"
PARTIES = ["CDU", "GRÜNE", "SPD", "AfD", "CSU", "FDP"]


def codes(report: ConversionReport) -> dict[str, int]:
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def by_land(elections: list[Election]) -> dict[str, Election]:
    return {e.gs: e for e in elections}


def gebiet(election: Election, gs: str, nr: str) -> dict[str, object]:
    frame = election.tables["Wahlgebietseinteilungen"]
    return frame.filter((pl.col("wahl-behoerde-gs") == gs) & (pl.col("bezirk-nr") == nr)).row(
        0, named=True
    )


def result(election: Election, gs: str, nr: str) -> dict[str, object]:
    frame = election.results
    return frame.filter((pl.col("wahl-behoerde-gs") == gs) & (pl.col("bezirk-nr") == nr)).row(
        0, named=True
    )


def test_both_files_are_detected_as_wbz() -> None:
    assert sorted(detect(s) or "" for s in collect([VALID])) == ["wbz", "wbz"]


def test_one_package_per_land_rows_carry_their_municipality() -> None:
    report, elections = inspect([VALID])
    assert report.exit_code == 0
    lands = by_land(elections)
    assert sorted(lands) == ["010000000000", "020000000000"]
    sh = lands["010000000000"]
    assert set(sh.results["wahl-behoerde-gs"]) == {"010010000000"}
    parameter = sh.wahlparameter
    assert parameter["wahl-behoerde-name"] == "Schleswig-Holstein"
    assert (parameter["wahl-name"], parameter["wahl-datum"]) == ("Europawahl", "09.06.2024")
    first = gebiet(sh, "010010000000", "000001")
    assert first["bezirk-art"] == "W"
    assert first["bezirk-name"] == "Flensburg, Stadt 000001"  # no long name: Leitband + number
    assert (first["gebiet-ebene-4-nr"], first["gebiet-ebene-4-name"]) == (
        "01001",
        "Flensburg, Stadt",
    )
    assert first["gebiet-ebene-2-nr"] == "010010000000"
    assert first["gebiet-ebene-3-nr"] is None  # kreisfreie Stadt: no Verbandsgemeinde
    assert first["BRIEFWAHLBEZIRK-NR"] == "000901"
    assert gebiet(sh, "010010000000", "000901")["bezirk-art"] == "B"


def test_counts_map_to_owd_letters_and_header_parties() -> None:
    _, elections = inspect([VALID])
    sh = by_land(elections)["010000000000"]
    first = result(sh, "010010000000", "000001")
    letters = ["A", "A1", "A2", "A3", "B", "B1", "C", "D"]
    assert [first[c] for c in letters] == [1708, 1358, 350, 0, 718, 4, 6, 712]
    assert [first[f"D{n}"] for n in range(1, 7)] == [144, 196, 135, 55, 0, 182]
    frame = sh.tables["Stimmzettel"]
    assert frame["partei-kurzname"].to_list() == PARTIES
    assert frame["stimmzettel-position"].to_list() == [str(n) for n in range(1, 7)]


def test_long_names_keep_their_quoted_separator() -> None:
    _, elections = inspect([VALID])
    hh = by_land(elections)["020000000000"]
    assert gebiet(hh, "020000000000", "000102")["bezirk-name"] == "Bürgerhaus; Saal 2"


def test_thousands_separators_are_read_and_reported() -> None:
    report, elections = inspect([INVALID / "K07"])
    (k07,) = [r for r in report.source_results if r.code == "K07"]
    assert k07.severity is Severity.WARNING and k07.count == 1
    assert k07.examples[0].params == {"value": "1.708", "read": 1708, "rows": 1, "lines": "2"}
    assert k07.examples[0].location.line == 2
    first = result(by_land(elections)["010000000000"], "010010000000", "000001")
    assert (first["A"], first["A1"]) == (1708, 1358)


def test_repeated_keys_get_suffixes() -> None:
    report, elections = inspect([INVALID / "K08"])
    (k08,) = [r for r in report.source_results if r.code == "K08"]
    assert k08.examples[0].params == {"value": "000901", "renamed": "000901-2"}
    numbers = by_land(elections)["010000000000"].results["bezirk-nr"].to_list()
    assert numbers == ["000001", "000002", "000901", "000901-2"]


def test_postal_numbers_shared_with_urn_districts_get_b() -> None:
    report, elections = inspect([INVALID / "K25"])
    assert codes(report)["K25"] == 1
    sh = by_land(elections)["010000000000"]
    assert gebiet(sh, "010510044044", "000001-B")["bezirk-art"] == "B"
    assert gebiet(sh, "010510044044", "000001")["BRIEFWAHLBEZIRK-NR"] == "000001-B"


def test_postal_districts_of_an_amt_are_not_linked_and_counted() -> None:
    report, elections = inspect([INVALID / "K23"])
    (k23,) = [r for r in report.source_results if r.code == "K23"]
    assert k23.examples[0].params == {"land": "01", "linked": 2, "several": 0, "elsewhere": 2}
    sh = by_land(elections)["010000000000"]
    assert gebiet(sh, "010515163003", "000001")["BRIEFWAHLBEZIRK-NR"] is None
    assert gebiet(sh, "010515163003", "000001")["gebiet-ebene-3-name"] == "Burg-St. Michaelisdonn"
    assert gebiet(sh, "010515163963", "000001")["bezirk-art"] == "B"


def test_special_and_merged_districts_are_kept_and_reported() -> None:
    report, elections = inspect([AMT])
    assert {"K24", "K27"} <= set(codes(report))
    hh = by_land(elections)["020000000000"]
    assert gebiet(hh, "020000000000", "015001")["bezirk-art"] == "W"
    merged = result(by_land(elections)["010000000000"], "010515163010", "000001")
    assert (merged["A"], merged["B"], merged["D"]) == (0, 0, 0)


def test_malformed_key_refuses_the_file() -> None:
    report, elections = inspect([INVALID / "K28"])
    assert codes(report)["K28"] == 1
    assert elections == [] and report.exit_code == 1


def test_without_leitband_names_are_numbers(tmp_path: Path) -> None:
    path = tmp_path / "Wbz_EW24_Ergebnisse.csv"
    path.write_bytes((VALID / "Wbz_EW24_Ergebnisse.csv").read_bytes())
    report, elections = inspect([path])
    assert report.exit_code == 0
    sh = by_land(elections)["010000000000"]
    assert gebiet(sh, "010010000000", "000001")["bezirk-name"] == "000001"
    assert sh.wahlparameter["wahl-behoerde-name"] == "Schleswig-Holstein"
    assert "K10" in codes(report)


def test_gs_selects_one_land(tmp_path: Path) -> None:
    _, elections = inspect([VALID], meta=Meta(gs="020000000000"))
    assert [e.gs for e in elections] == ["020000000000"]
    with pytest.raises(SourceError):
        inspect([VALID], meta=Meta(gs="030000000000"))


def test_converted_packages_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert([AMT], out, stamp="20240610T120000")
    assert report.exit_code == 0
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0
    found = {r.code for p in check.packages for r in p.results}
    assert found <= {"C07", "R19", "S13"}, found


# --- the real file ------------------------------------------------------------------------------


def _source_totals(path: Path) -> tuple[int, dict[str, int]]:
    """Rows and sums per count column of the real precinct file, read without the reader."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("Wbz_EW24_Ergebnisse.csv")
    frame = pl.read_csv(data, separator=";", infer_schema=False, quote_char='"')
    counts = frame.columns[9:52]
    owd = ["A", "A1", "A2", "A3", "B", "B1", "C", "D"] + [f"D{n}" for n in range(1, 36)]
    sums = frame.select(
        pl.col(c).str.replace_all(".", "", literal=True).cast(pl.Int64).sum().alias(o)
        for c, o in zip(counts, owd, strict=True)
    )
    return frame.height, {k: int(v) for k, v in sums.row(0, named=True).items()}


def test_real_precinct_file_converts_per_land_and_keeps_everything(tmp_path: Path) -> None:
    path = realdata("bundeswahlleiterin", "ew24_wbz.zip")
    out = tmp_path / "out"
    started = time.perf_counter()
    report = convert([path], out)
    elapsed = time.perf_counter() - started
    assert report.exit_code == 0, [(r.code, r.count) for r in report.all_results()]
    assert not [r for r in report.all_results() if r.severity is Severity.ERROR]
    found = codes(report)
    # One finding per cause, the rows counted: Saarland's thousands separators.
    (k07,) = [r for r in report.all_results() if r.code == "K07"]
    assert k07.count == 1 and k07.examples[0].params["rows"] == 285
    assert sum(found.values()) <= 2000
    assert found["K08"] == 6  # Sachsen's repeated postal districts 000999
    assert found["K24"] == 5  # Bezirksart 6 and 8
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 16
    assert folders[0] == "010000000000_20240609_Europawahl"
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0
    assert not [r for p in check.packages for r in p.results if r.severity is Severity.ERROR]
    rows, source = _source_totals(path)
    assert rows == 91_753
    assert sum(p.summary.bezirke for p in check.packages) == rows
    written = pl.concat(
        [
            pl.read_csv(f, separator=";", infer_schema=False)
            for f in sorted(out.rglob("*_Wahlergebnisse_*.csv"))
        ],
        how="diagonal",
    )
    assert written.height == rows
    assert {c: int(written[c].cast(pl.Int64).sum()) for c in source} == source
    assert elapsed < 120
