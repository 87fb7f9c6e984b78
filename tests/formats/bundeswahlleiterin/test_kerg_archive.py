"""kerg.csv of the archive (1949–2013) and the provisional 2017 file: the example election in
each generation's form (fixtures/builders/bundeswahlleiterin_archive.py)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import ROOT
from wahldaten.api.conversion import ConversionReport, convert, detect, inspect
from wahldaten.core.model import Election
from wahldaten.io.sources import collect

KERG = ROOT / "fixtures" / "kerg"
ARCHIVE = {
    "archiv-1949": ("btw49_kerg.csv", "14.08.1949"),
    "archiv-1990": ("btw90_kerg.csv", "02.12.1990"),
    "archiv-2013": ("btw13_kerg.csv", "22.09.2013"),
}


def codes(report: ConversionReport) -> dict[str, int]:
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def row(election: Election, bezirk: str) -> dict[str, object]:
    return election.results.filter(pl.col("bezirk-nr") == bezirk).row(0, named=True)


def ballot(election: Election) -> dict[str, str]:
    frame = election.tables["Stimmzettel"]
    return dict(zip(frame["stimmzettel-position"], frame["partei-kurzname"], strict=True))


@pytest.mark.parametrize("folder", sorted(ARCHIVE))
def test_archive_generations_convert_with_their_day_and_status(folder: str) -> None:
    name, day = ARCHIVE[folder]
    assert (KERG / "valid" / folder / name).is_file()
    (source,) = collect([KERG / "valid" / folder])
    assert detect(source) == "kerg"
    report, elections = inspect([KERG / "valid" / folder])
    assert report.exit_code == 0
    found = codes(report)
    # The Länder's total rows agree with their Wahlkreise (K05 only, no K06): 901/902 were read
    # as the Länder they close, the Bund as 99.
    assert found["K05"] == 3 and "K06" not in found and found["K35"] == 1
    assert found["K21"] == 1 and "K22" not in found
    assert sorted(e.gs for e in elections) == ["010000000000", "130000000000"]
    assert {e.wahlparameter["wahl-datum"] for e in elections} == {day}
    sh = next(e for e in elections if e.gs == "010000000000")
    assert row(sh, "001")["A"] == 1000 and row(sh, "001")["B"] == 700
    # The archive names parties by their short names.
    assert ballot(sh)["1"] == "CDU"


def test_two_votes_of_1990_and_its_zeros() -> None:
    _, elections = inspect([KERG / "valid" / "archiv-1990"])
    sh = next(e for e in elections if e.gs == "010000000000")
    first = row(sh, "001")
    assert [first[c] for c in ("C", "D", "E", "F")] == [10, 690, 8, 692]
    # FDP had no direct candidate in 001: the 1990 file writes 0, and 0 it stays.
    fdp = next(p for p, n in ballot(sh).items() if n == "FDP")
    assert (first[f"D{fdp}"], first[f"F{fdp}"]) == (0, 80)
    assert row(sh, "002")["D7"] == 14  # Übrige: Erststimmen only


def test_one_vote_of_1949_fills_c_and_d_only() -> None:
    report, elections = inspect([KERG / "valid" / "archiv-1949"])
    sh = next(e for e in elections if e.gs == "010000000000")
    assert not {"E", "F", "F1"} & set(sh.results.columns)
    first = row(sh, "001")
    assert [first[c] for c in ("C", "D", "D1", "D2")] == [10, 690, 250, 230]
    assert report.exit_code == 0


def test_2013_previous_period_left_out_and_empty_stays_empty() -> None:
    report, elections = inspect([KERG / "valid" / "archiv-2013"])
    assert codes(report)["K09"] == 1
    sh = next(e for e in elections if e.gs == "010000000000")
    fdp = next(p for p, n in ballot(sh).items() if n == "FDP")
    assert row(sh, "001")[f"D{fdp}"] is None  # empty in the source: not 0
    assert row(sh, "001")["A"] == 1000  # written under Erststimmen only


def test_provisional_2017_keys_without_zeros() -> None:
    report, elections = inspect([KERG / "invalid" / "K35"])
    assert report.exit_code == 0
    (k35,) = [r for r in report.source_results if r.code == "K35"]
    example = k35.examples[0]
    assert (example.params["value"], example.params["padded"]) == ("1 / 1", "001 / 01")
    assert example.params["rows"] == 4  # 001, 002, 012 and the Land 01; 13 and 99 are written
    assert "K28" not in codes(report)
    status = next(r for r in report.source_results if r.code == "K21")
    assert status.examples[0].params == {"status": "vorläufig"}
    assert {e.wahlparameter["wahl-datum"] for e in elections} == {"24.09.2017"}
    assert sorted(b for e in elections for b in e.results["bezirk-nr"]) == ["001", "002", "012"]


@pytest.mark.parametrize("code", ["K06", "K28"])
def test_invalid_archive_files_give_their_code(code: str) -> None:
    report, elections = inspect([KERG / "invalid" / code])
    assert report.exit_code == 1 and code in codes(report)
    if code == "K28":  # a Land no key names: nothing is guessed
        assert elections == []
        (k28,) = [r for r in report.source_results if r.code == "K28"]
        assert k28.examples[0].params == {"value": "012 / XY"}
    else:  # 1949: the Land's CDU one more than its Wahlkreise, the Bund one less than its Länder
        (k06,) = [r for r in report.source_results if r.code == "K06"]
        assert {(e.params["found"], e.params["expected"]) for e in k06.examples} == {
            (497, 496),
            (646, 647),
        }


def test_archive_packages_validate(tmp_path: Path) -> None:
    for folder in ARCHIVE:
        out = tmp_path / folder
        assert convert([KERG / "valid" / folder], out, stamp="20211014T151100").exit_code == 0
        check = wahldaten.validate(out, recursive=True)
        assert check.exit_code == 0
        assert {r.code for p in check.packages for r in p.results} <= {"C07"}


def test_without_land_rows_the_bund_sums_the_wahlkreise(tmp_path: Path) -> None:
    text = (KERG / "valid" / "archiv-1990" / "btw90_kerg.csv").read_bytes().decode("cp1252")
    lines = [line for line in text.split("\r\n") if not line.startswith("90")]
    path = tmp_path / "kerg.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    report, elections = inspect([path])
    assert report.exit_code == 0 and len(elections) == 2
    found = codes(report)
    assert found["K05"] == 1 and "K06" not in found


def test_a_comma_in_the_comment_preamble_is_no_resave() -> None:
    # `# (c) Der Bundeswahlleiter, Wiesbaden 2016`: the first line has a comma and no `;`.
    report, _ = inspect([KERG / "valid" / "archiv-1990"])
    assert not {"F07", "F15"} & set(codes(report))
