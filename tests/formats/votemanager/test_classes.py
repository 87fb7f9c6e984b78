"""The classes of votemanager files of issue 11 on synthetic fixtures: the Hessian council
layout, areas without gebiet-nr, a re-save through a spreadsheet (keys, appended columns)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from vendor_support import VM, source_result
from wahldaten.api.conversion import inspect
from wahldaten.formats import votemanager
from wahldaten.formats.facts import AREA, LINE, RENAMED, VALUE
from wahldaten.formats.votemanager.dates import repaired_dates
from wahldaten.formats.votemanager.keys import READ, area_keys, repaired_keys
from wahldaten.formats.votemanager.layouts import appended, normalize

HESSE = VM / "valid" / "kommunalwahl-hessen"
HESSE_CSV = "Open-Data-06999004-Gemeindewahl-Wahlbezirk.csv"
KREIS = VM / "valid" / "gemeinden-kreis"


def codes(report: wahldaten.ConversionReport) -> set[str]:
    return {r.code for r in report.all_results()}


def edited(tmp_path: Path, folder: Path, name: str, line: int, column: str, value: str) -> Path:
    """A copy of a fixture folder with one cell of its CSV changed."""
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    lines = (target / name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    cells = lines[line - 1].split(";")
    cells[header.index(column)] = value
    lines[line - 1] = ";".join(cells)
    (target / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


# --- Hesse ---------------------------------------------------------------------------------------


def test_hessian_header_is_its_own_layout() -> None:
    header = [*votemanager.FIXED, "A", "B", "C", "D", "unveraendert_1", "veraendert_1"]
    header += ["panasch_1", "D1", "D1_1", "D1_2"]
    assert votemanager.layout_of(header) == (votemanager.HESSE, [])
    assert votemanager.layout_of([*header, "D1_summe"]) == (votemanager.HESSE, ["D1_summe"])


def test_hessian_ballot_kinds_map_as_in_bavaria_and_panaschiert_is_dropped() -> None:
    frame = pl.DataFrame({"unveraendert_2": [5], "veraendert_2": [3], "panasch_2": [1], "D2": [9]})
    renamed, counts, dropped = normalize(frame, votemanager.HESSE)
    assert counts == ["D2_unveraendert", "D2_veraendert", "D2"] and dropped == ["panasch_2"]
    assert renamed.columns == counts


def test_hessian_council_converts_with_the_list_rest_derived() -> None:
    report, (election,) = inspect([HESSE])
    assert report.exit_code == 0
    results = election.results
    assert {"D1_unveraendert", "D3_veraendert", "D3_liste", "D2_4"} <= set(results.columns)
    assert not any(c.startswith("panasch") for c in results.columns)
    rest = results.select(
        (pl.col("D3") - pl.col("D3_1") - pl.col("D3_2") == pl.col("D3_liste")).all()
    ).item()
    assert rest and results["D1_liste"].to_list() == [0, 0, 0, 0]
    written = [w for w in report.source_results if w.code == "K10"]
    assert any(f.params["field"] == "D<n>_liste" for r in written for f in r.examples)
    (k09,) = source_result(report, "K09")
    assert k09.params["columns"] == "panasch_1, panasch_2, panasch_3"
    (package,) = report.packages
    assert package.structure.cumulative and package.structure.list_only_votes


def test_hessian_list_below_its_candidates_is_k14_and_no_negative_rest(tmp_path: Path) -> None:
    folder = edited(tmp_path, HESSE, HESSE_CSV, 2, "D3_1", "500")
    report, elections = inspect([folder])
    (finding,) = source_result(report, "K14")
    assert finding.location.column == "D3" and finding.params["expected"] > finding.params["found"]
    assert report.exit_code == 1
    assert all(e.results["D3_liste"][0] is None for e in elections)


def test_hessian_ballot_kinds_beyond_the_valid_ballots_are_k34() -> None:
    report, _ = inspect([VM / "invalid" / "K34"])
    (finding,) = source_result(report, "K34")
    assert finding.params["found"] > finding.params["expected"]
    assert finding.location.line == 2 and report.exit_code == 1


# --- areas without a number ----------------------------------------------------------------------


def test_ortsteile_are_keyed_by_their_names() -> None:
    report, (election,) = inspect([VM / "valid" / "ortsteile"])
    assert election.results["bezirk-nr"].to_list() == ["Altstadt", "Nordviertel", "Am Hafen"]
    (finding,) = source_result(report, "K31")
    assert finding.params == {"count": 3, "source": "gebiet-name"}
    assert not {"K05", "R05"} & codes(report)


def test_gemeinden_of_a_kreis_are_keyed_by_their_ags_beside_the_kreis_total() -> None:
    report, (election,) = inspect([KREIS])
    assert election.results["bezirk-nr"].to_list() == ["06999001", "06999002"]
    assert election.results["wahl-behoerde-gs"].to_list() == ["06999001", "06999002"]
    assert election.gs == "06999000"
    assert election.wahlparameter["wahl-behoerde-name"] == "Landkreis Beispiel"
    assert source_result(report, "K31")[0].params["source"] == "ags"
    assert "K05" in codes(report) and "K06" not in codes(report)


def test_a_kreis_total_that_is_not_the_sum_of_its_gemeinden_is_k06(tmp_path: Path) -> None:
    folder = edited(tmp_path, KREIS, "Open-Data-Bundestagswahl-Gemeinden.csv", 2, "B", "1")
    report, _ = inspect([folder])
    (finding,) = source_result(report, "K06")
    assert finding.location.column == "B" and report.exit_code == 1


def test_a_name_that_repeats_is_kept_under_a_suffix() -> None:
    rows = pl.DataFrame(
        {
            LINE: [2, 3, 4],
            "ags": ["14999000"] * 3,
            "gebiet-nr": [None] * 3,
            "gebiet-name": ["Mitte", "Nord", "Mitte "],
        },
        schema_overrides={"gebiet-nr": pl.String},
    )
    keyed = area_keys(rows, "14999000")
    assert keyed is not None
    frame, source, repeated = keyed
    assert frame["gebiet-nr"].to_list() == ["Mitte", "Nord", "Mitte-2"] and source == "gebiet-name"
    assert repeated is not None
    assert repeated.frame.select(LINE, AREA, RENAMED).row(0) == (4, "Mitte", "Mitte-2")


def test_rows_that_no_column_names_keep_no_key() -> None:
    rows = pl.DataFrame(
        {"ags": ["14999000"] * 2, "gebiet-nr": [None, None], "gebiet-name": ["Mitte", " "]},
        schema={"ags": pl.String, "gebiet-nr": pl.String, "gebiet-name": pl.String},
    )
    assert area_keys(rows, "14999000") is None
    assert area_keys(rows.head(1), "14999000") is None


def test_ortsteile_of_the_same_name_convert_with_k08(tmp_path: Path) -> None:
    name = "Open-Data-Bundestagswahl-Ortsteil.csv"
    folder = edited(tmp_path, VM / "valid" / "ortsteile", name, 3, "gebiet-name", "Altstadt")
    report, (election,) = inspect([folder])
    assert election.results["bezirk-nr"].to_list() == ["Altstadt", "Altstadt-2", "Am Hafen"]
    (finding,) = source_result(report, "K08")
    assert finding.params["renamed"] == "Altstadt-2" and report.exit_code == 0


# --- re-saved through a spreadsheet ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("3358024", "03358024"),  # an AGS without its leading zero
        ("33585403", "033585403000"),  # a Samtgemeinde's Verband key without it
        ("033585403", "033585403000"),  # the Verband key as votemanager writes it
        ("33585403012", "033585403012"),  # an ARS without its leading zero
        ("1001000", "01001000"),  # seven digits: never an AGS as written
        (" 3358024", "03358024"),  # padded too: the finding shows it as written
    ],
)
def test_shortened_municipality_keys_are_repaired(written: str, read: str) -> None:
    frame = pl.DataFrame({LINE: [2], "gebiet-nr": ["1"], "ags": [written]})
    repaired, rows = repaired_keys(frame)
    assert repaired["ags"].to_list() == [read]
    assert rows is not None and rows.column == "ags"
    assert rows.frame.select(LINE, AREA, VALUE, READ).row(0) == (2, "1", written, read)


@pytest.mark.parametrize(
    "key", ["03358024", "033585403012", "14713000", "123", "", None, "99999001", "033581403"]
)
def test_keys_that_are_fine_or_unclear_stay_as_written(key: str | None) -> None:
    frame = pl.DataFrame(
        {LINE: [2], "gebiet-nr": ["1"], "ags": [key]}, schema_overrides={"ags": pl.String}
    )
    repaired, rows = repaired_keys(frame)
    assert rows is None and repaired["ags"].to_list() == [key]


def test_appended_columns_are_the_trailing_run_that_names_no_count() -> None:
    head = [*votemanager.FIXED, "A", "B", "C", "D", "D1"]
    assert appended([*head, "ort_fix", "coord", "x"]) == ["ort_fix", "coord", "x"]
    assert appended([*head, "H_1_Stimmen", "x"]) == ["x"]  # H_1_Stimmen still refuses (K01)
    assert appended([*head, "Bemerkung", "D2"]) == []  # not after the block: K01
    assert appended(head) == []


def test_appended_columns_are_left_out_with_k33_and_keys_with_k32() -> None:
    report, (election,) = inspect([VM / "invalid" / "K33"])
    (finding,) = source_result(report, "K33")
    assert finding.params == {"columns": "ort_fix, coord, x, y, stadt", "count": 5}
    assert not {"ort_fix", "coord", "x", "y", "stadt"} & set(election.results.columns)
    (key,) = source_result(report, "K32")
    assert (key.params["value"], key.params["read"], key.params["rows"]) == (
        "3999012",
        "03999012",
        3,
    )
    assert election.gs == "03999000" and report.exit_code == 0


def test_a_count_like_column_after_the_block_still_refuses_the_file() -> None:
    report, elections = inspect([VM / "invalid" / "K01"])
    assert elections == [] and "K01" in codes(report) and "K33" not in codes(report)


def test_the_comma_separated_resave_gives_the_numbers_of_the_semicolon_file(tmp_path: Path) -> None:
    original = VM / "invalid" / "K33"
    folder = tmp_path / "komma"
    shutil.copytree(original, folder)
    path = folder / "wahlergebnisse_kreis.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_bytes(("\r\n".join(line.replace(";", ",") for line in lines) + "\r\n").encode())
    report, (resaved,) = inspect([folder])
    _, (plain,) = inspect([original])
    assert {"K32", "K33"} <= codes(report)
    assert resaved.results.equals(plain.results)


# --- files of one export given together ----------------------------------------------------------


def city_file(folder: Path, change: int = 0) -> Path:
    """The city's file of the Bundestag example: one row without gebiet-nr, the sum of its
    Bezirke (B changed by `change`)."""
    lines = (VM / "valid" / "bundestagswahl" / "Open-Data-Bundestagswahl1576.csv").read_text(
        encoding="utf-8"
    )
    header, *rows = [line.split(";") for line in lines.splitlines()]
    total = [*rows[0][:3], "", "Gemeinde Beispiel"]
    for position in range(5, len(header)):
        total.append(str(sum(int(r[position]) for r in rows)))
    total[header.index("B")] = str(int(total[header.index("B")]) + change)
    path = folder / "Open-Data-Bundestagswahl1571.csv"
    path.write_text(";".join(header) + "\n" + ";".join(total) + "\n", encoding="utf-8")
    return path


def test_the_city_file_beside_its_bezirke_is_their_checked_total(tmp_path: Path) -> None:
    city = city_file(tmp_path)
    report, (election,) = inspect([VM / "valid" / "bundestagswahl", city])
    assert election.results.height == 5
    assert election.wahlparameter["wahl-behoerde-name"] == "Gemeinde Beispiel"
    (k05,) = [r for r in report.source_results if r.code == "K05"]
    assert k05.examples[0].location.file == str(city) and k05.examples[0].params["count"] == 5
    assert "K06" not in codes(report) and "K10" not in codes(report)


def test_a_city_file_that_is_not_the_sum_of_its_bezirke_is_k06(tmp_path: Path) -> None:
    city = city_file(tmp_path, change=3)
    report, _ = inspect([VM / "valid" / "bundestagswahl", city])
    (finding,) = source_result(report, "K06")
    assert (
        finding.location.column == "B" and finding.params["found"] == finding.params["expected"] + 3
    )
    assert report.exit_code == 1


def test_the_city_file_alone_is_one_bezirk(tmp_path: Path) -> None:
    report, (election,) = inspect([city_file(tmp_path)])
    assert election.results["bezirk-nr"].to_list() == ["0"] and "K05" in codes(report)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("26.9.21", "26.09.2021"),
        ("3.9.2023", "03.09.2023"),
        ("2025-02-23", "23.02.2025"),
        (" 23.02.2025", "23.02.2025"),
    ],
)
def test_respelt_dates_are_read_in_one_way(written: str, read: str) -> None:
    frame = pl.DataFrame({LINE: [2], "gebiet-nr": ["1"], "datum": [written]})
    repaired, rows = repaired_dates(frame)
    assert repaired["datum"].to_list() == [read]
    assert rows is not None and rows.frame[VALUE].to_list() == [written]


@pytest.mark.parametrize("datum", ["23.02.2025", "2/23/2025", "23.02.202", "", None])
def test_dates_as_written_or_unclear_stay_as_they_are(datum: str | None) -> None:
    frame = pl.DataFrame(
        {LINE: [2], "gebiet-nr": ["1"], "datum": [datum]}, schema_overrides={"datum": pl.String}
    )
    repaired, rows = repaired_dates(frame)
    assert rows is None and repaired["datum"].to_list() == [datum]
