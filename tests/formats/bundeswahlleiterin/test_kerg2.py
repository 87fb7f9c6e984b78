"""kerg2.csv of the Bundeswahlleiterin: one package per Land, each Wahlkreis a Bezirk."""

from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest

import wahldaten
from support import ROOT, realdata
from wahldaten.api.conversion import ConversionReport, convert, detect, inspect
from wahldaten.core.findings import Severity
from wahldaten.core.model import Election
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect

VALID = ROOT / "fixtures" / "kerg2" / "valid" / "bundestagswahl"
INVALID = ROOT / "fixtures" / "kerg2" / "invalid"


@cache
def builder() -> ModuleType:
    """The fixture builder (fixtures/builders/bundeswahlleiterin.py), imported from its folder."""
    sys.path.insert(0, str(ROOT / "fixtures"))
    return importlib.import_module("builders.bundeswahlleiterin")


def codes(report: ConversionReport) -> dict[str, int]:
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def by_land(elections: list[Election]) -> dict[str, Election]:
    return {e.gs: e for e in elections}


def row(election: Election, bezirk: str) -> dict[str, object]:
    return election.results.filter(pl.col("bezirk-nr") == bezirk).row(0, named=True)


def ballot(election: Election) -> dict[str, str]:
    frame = election.tables["Stimmzettel"]
    return dict(zip(frame["stimmzettel-position"], frame["partei-kurzname"], strict=True))


def test_detected_and_one_package_per_land() -> None:
    (source,) = collect([VALID])
    assert detect(source) == "kerg2"
    report, elections = inspect([VALID])
    assert report.exit_code == 0
    lands = by_land(elections)
    assert sorted(lands) == ["010000000000", "130000000000"]
    assert lands["010000000000"].results["bezirk-nr"].to_list() == ["001", "002"]
    assert lands["130000000000"].results["bezirk-nr"].to_list() == ["012"]
    gebiete = lands["010000000000"].tables["Wahlgebietseinteilungen"]
    assert set(gebiete["bezirk-art"]) == {"W"}
    assert set(gebiete["gebiet-ebene-3-nr"]) == {"01"}
    assert set(gebiete["gebiet-ebene-3-name"]) == {"Schleswig-Holstein"}
    assert set(gebiete["stimmzettel-gebiet-nr"]) == {"01"}
    assert set(gebiete["wahl-behoerde-gs"]) == {"010000000000"}
    parameter = lands["010000000000"].wahlparameter
    assert parameter["wahl-name"] == "Bundestagswahl"
    assert parameter["wahl-datum"] == "26.09.2021"
    assert parameter["wahl-behoerde-name"] == "Schleswig-Holstein"


def test_counts_map_to_owd_letters_and_land_ballot_positions() -> None:
    _, elections = inspect([VALID])
    lands = by_land(elections)
    sh, mv = lands["010000000000"], lands["130000000000"]
    first = row(sh, "001")
    assert (first["A"], first["B"], first["C"], first["D"], first["E"], first["F"]) == (
        1000,
        700,
        10,
        690,
        8,
        692,
    )
    assert first["zeitstempel-erfassung"] == "14.10.2021 15:11"
    # Positions follow the Land's ballot, not the Wahlkreis's Erststimme order.
    assert ballot(sh) == {"1": "CDU", "2": "SPD", "3": "FDP", "4": "GRÜNE", "5": "SSW"}
    assert (first["D1"], first["F1"], first["D4"], first["F4"]) == (250, 220, 120, 100)
    assert ballot(mv) == {"1": "SPD", "2": "CDU", "3": "AfD", "4": "GRÜNE"}
    assert row(mv, "012")["D3"] == 180


def test_empty_stays_empty_never_zero() -> None:
    _, elections = inspect([VALID])
    lands = by_land(elections)
    first = row(lands["010000000000"], "001")
    assert first["D3"] is None  # FDP had no direct candidate in 001
    assert first["F3"] == 80
    assert row(lands["010000000000"], "002")["D5"] is None  # SSW
    # No electorate breakdown in kerg2: A1–A3 empty, never 0 (K26 says so).
    assert (first["A1"], first["A2"], first["A3"]) == (None, None, None)
    # The FDP stood in Mecklenburg-Vorpommern with neither candidate nor list: not on its ballot.
    mv = lands["130000000000"]
    assert "5" not in ballot(mv)
    assert not {"D5", "F5"} & set(mv.results.columns)


def test_valid_fixture_reports_totals_status_and_columns_not_carried() -> None:
    report, _ = inspect([VALID])
    found = codes(report)
    assert found == {"K05": 3, "K09": 1, "K21": 1, "K26": 1}
    status = next(r for r in report.source_results if r.code == "K21")
    assert status.examples[0].params == {"status": "endgültig"}
    assert status.examples[0].location.line == 5
    # The columns not carried and the `Übrige` rows holding previous-election figures only.
    (dropped,) = next(r for r in report.source_results if r.code == "K09").examples
    assert dropped.params["columns"].startswith("Prozent, VorpAnzahl")
    assert dropped.params["columns"].endswith("Bemerkung, Übrige (nur Vorperiode)")


def test_aggregate_differing_from_its_wahlkreise_is_k06() -> None:
    report, _ = inspect([INVALID / "K06"])
    (result,) = [r for r in report.source_results if r.code == "K06"]
    assert result.severity is Severity.ERROR
    assert result.count == 2  # the Land row and the Bund row above it
    params = {
        (e.location.bezirk, e.location.column, e.params["found"], e.params["expected"])
        for e in result.examples
    }
    assert params == {("01", "CDU (2)", 461, 460), ("99", "CDU (2)", 600, 601)}
    assert report.exit_code == 1


def test_percentage_check_status_and_keys() -> None:
    assert "K20" in codes(inspect([INVALID / "K20"])[0])
    assert "K20" not in codes(inspect([VALID])[0])
    report, _ = inspect([INVALID / "K22"])
    assert codes(report)["K22"] == 1 and "K21" not in codes(report)
    report, elections = inspect([INVALID / "K28"])
    assert codes(report)["K28"] >= 1 and elections == [] and report.exit_code == 1


def test_einzelbewerber_get_positions_after_the_parties(tmp_path: Path) -> None:
    path = tmp_path / "kerg2.csv"
    path.write_bytes(builder().kerg2(einzelbewerber=True))
    report, elections = inspect([path])
    assert "K06" not in codes(report)  # the Land's one Einzelbewerber row = Σ Wahlkreise
    sh = by_land(elections)["010000000000"]
    frame = sh.tables["Stimmzettel"]
    entry = frame.filter(pl.col("partei-kurzname") == "EB: Kerkhoff").row(0, named=True)
    assert entry["stimmzettel-position"] == "6"
    assert entry["partei-typ"] == "E"
    assert row(sh, "002")["D6"] == 14
    assert row(sh, "001")["D6"] is None
    assert "F6" not in sh.results.columns
    # OWD asks for a Kandidaten file when there are Einzelbewerber: a warning, not an error.
    assert {r.code for p in report.packages for r in p.results} == {"R02"}


def test_gs_keeps_one_land() -> None:
    _, elections = inspect([VALID], meta=Meta(gs="13000000"))
    assert [e.gs for e in elections] == ["130000000000"]
    with pytest.raises(SourceError):
        inspect([VALID], meta=Meta(gs="01001000"))


def test_converted_packages_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert([VALID], out, stamp="20211014T151100")
    assert report.exit_code == 0
    folders = sorted(p.name for p in out.iterdir())
    assert folders == [
        "010000000000_20210926_Bundestagswahl",
        "130000000000_20210926_Bundestagswahl",
    ]
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0
    assert {r.code for p in check.packages for r in p.results} == set()


# --- the real file ------------------------------------------------------------------------------


def _source_totals(path: Path) -> dict[tuple[str, str], int]:
    """Sums over the Wahlkreis rows of the real file, computed without the reader: per letter,
    and per party (or Einzelbewerber) and vote."""
    frame = pl.read_csv(path, separator=";", skip_rows=9, infer_schema=False).filter(
        pl.col("Gebietsart") == "Wahlkreis", pl.col("Anzahl").is_not_null()
    )
    letters = {
        ("Wahlberechtigte", None): "A",
        ("Wählende", None): "B",
        ("Ungültige", "1"): "C",
        ("Gültige", "1"): "D",
        ("Ungültige", "2"): "E",
        ("Gültige", "2"): "F",
    }
    totals: dict[tuple[str, str], int] = {}
    sums = frame.group_by("Gruppenart", "Gruppenname", "Stimme").agg(
        pl.col("Anzahl").cast(pl.Int64).sum()
    )
    for kind, group, vote, count in sums.iter_rows():
        option = (group, "D" if vote == "1" else "F")
        key = ("", letters[group, vote]) if kind == "System-Gruppe" else option
        totals[key] = totals.get(key, 0) + count
    return totals


def _package_totals(elections: list[Election]) -> dict[tuple[str, str], int]:
    """The same sums over the packages' Wahlergebnisse, options named by each Land's ballot."""
    totals: dict[tuple[str, str], int] = {}
    for election in elections:
        ballot = election.tables["Stimmzettel"]
        names = dict(zip(ballot["stimmzettel-position"], ballot["partei-kurzname"], strict=True))
        for column, value in election.totals().items():
            if value is None:
                continue
            numbered = column[0] in "DF" and column[1:].isdigit()
            key = (names[column[1:]], column[0]) if numbered else ("", column)
            totals[key] = totals.get(key, 0) + value
    return totals


@pytest.mark.parametrize("name", ["btw2021_endgueltig_kerg2.csv"])
def test_real_kerg2_converts_per_land_and_keeps_every_vote(tmp_path: Path, name: str) -> None:
    path = realdata("bundeswahlleiterin", name)
    out = tmp_path / "out"
    report = convert([path], out)
    assert report.exit_code == 0
    assert not [r for r in report.all_results() if r.severity is Severity.ERROR]
    assert len([p for p in out.iterdir() if p.is_dir()]) == 16
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0
    assert not [r for p in check.packages for r in p.results if r.severity is Severity.ERROR]
    assert sum(p.summary.bezirke for p in check.packages) == 299
    _, elections = inspect([path])
    assert _package_totals(elections) == _source_totals(path)
    # No percentage of the real file is off by more than the rounding of its six decimals.
    assert "K20" not in codes(report) and "K06" not in codes(report)


def test_spreadsheet_resave_gives_the_numbers_of_the_original(tmp_path: Path) -> None:
    """kerg2.csv saved again by a spreadsheet: Tab, Windows-1252 and keys without leading
    zeros (`1` for Wahlkreis `001`); read as the original, each change reported."""
    text = (VALID / "btw21_kerg2.csv").read_text(encoding="utf-8-sig")
    rows = [line.split(";") for line in text.split("\n")]
    for cells in rows[10:]:
        for column in (3, 6):
            if len(cells) > column and cells[column].isdigit() and cells[column] != "99":
                cells[column] = str(int(cells[column]))
    path = tmp_path / "kerg2.csv"
    path.write_bytes("\n".join("\t".join(cells) for cells in rows).encode("cp1252"))
    report, elections = inspect([path])
    assert report.exit_code == 0
    assert {"F15", "F16", "K35"} <= set(codes(report)) and "K28" not in codes(report)
    _, originals = inspect([VALID])
    assert len(elections) == len(originals) == 2
    for resaved, original in zip(elections, originals, strict=True):
        assert resaved.results.equals(original.results)
        assert resaved.tables["Stimmzettel"].equals(original.tables["Stimmzettel"])
