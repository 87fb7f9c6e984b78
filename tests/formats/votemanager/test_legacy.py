"""The legacy votemanager reader (until 2017): party names as columns, election-night zeros.

Synthetic files only (fixtures/votemanager-legacy/ and files written here); the real Köln files
are in test_legacy_realdata.py.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from support import ROOT
from wahldaten.api.conversion import inspect
from wahldaten.core.findings import Severity
from wahldaten.core.model import Election
from wahldaten.formats import registry
from wahldaten.formats.source import Meta, SourceError
from wahldaten.formats.votemanager.legacy import gs_from_name
from wahldaten.formats.votemanager.legacy_layout import columns_of, sniff_text

LEGACY = ROOT / "fixtures" / "votemanager-legacy"
VALID = LEGACY / "valid" / "bundestagswahl"
NIGHT = LEGACY / "invalid" / "K37"
NAME = "05999001_20130922_btw_result_stimmbezirk.csv"
HEAD = (
    "Nr;Name;MaxSchnellmeldungen;AnzSchnellmeldungen;Wahlberechtigte;abgegeben;Wahlbeteiligung;"
    "gültigeStimmzettel;gültig;ungültigeStimmzettel;ungültig"
)


def codes_of(
    folder: Path | list[Path], meta: Meta | None = None
) -> tuple[set[str], list[Election]]:
    report, elections = inspect(folder if isinstance(folder, list) else [folder], meta=meta)
    return {r.code for r in report.all_results()}, elections


def results(election: Election) -> pl.DataFrame:
    return election.results.sort("bezirk-nr")


def write(tmp_path: Path, text: str, name: str = NAME) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_recognised_by_its_header_only() -> None:
    assert sniff_text([HEAD + ";gültig2;ungültig2;CDU;CDU_Proz;"])
    assert not sniff_text(["datum;wahl;ags;gebiet-nr"])
    found = registry.detect("anything.csv", (VALID / NAME).read_text(encoding="utf-8"))
    assert found is not None and found.name == "votemanager-legacy"


def test_columns_take_party_names_and_share_positions_with_the_second_vote() -> None:
    names = [*HEAD.split(";"), "gültig2", "ungültig2", "A", "A_Proz", "Z_A", "Z_A_Proz", "Z_B", "C"]
    columns = columns_of([*names, "#25"], empty={"#25", "gültigeStimmzettel"})
    assert columns.parties == ["A", "B", "C"]
    assert columns.rename["A"] == "D1" and columns.rename["Z_A"] == "F1"
    assert columns.rename["Z_B"] == "F2" and columns.rename["C"] == "D3"
    assert {"Wahlbeteiligung", "A_Proz", "Z_A_Proz"} <= set(columns.dropped)
    assert columns.rename["gültig"] == "D" and columns.rename["ungültig2"] == "E"
    assert columns.unknown == [] and columns.missing == []


def test_second_votes_without_their_totals_are_unknown() -> None:
    columns = columns_of([*HEAD.split(";"), "A", "Z_A"], empty=set())
    assert columns.unknown == ["Z_A"]


def test_the_valid_fixture_converts_with_every_number() -> None:
    found, (election,) = codes_of(VALID)
    assert "K38" in found and "K37" not in found
    frame = results(election)
    assert frame["bezirk-nr"].to_list() == ["0101", "0102", "0191"]  # the total is left out
    assert frame["A"].to_list() == [1000, 800, 0]
    assert frame["D1"].to_list() == [300, 200, 130] and frame["F3"].to_list() == [142, 105, 65]
    assert frame["A1"].null_count() == 3  # A1-A3 stay empty, never 0 (K38)
    names = election.tables["Stimmzettel"]["partei-kurzname"].to_list()
    assert names == ["CDU", "SPD", "GRÜNE"]
    art = dict(
        zip(
            frame["bezirk-nr"],
            election.tables["Wahlgebietseinteilungen"].sort("bezirk-nr")["bezirk-art"],
            strict=True,
        )
    )
    assert art == {"0101": "W", "0102": "W", "0191": "B"}
    assert election.gs == "05999001" and election.wahl_datum == "22.09.2013"


def test_rows_not_reported_yet_are_empty_never_zero() -> None:
    found, (election,) = codes_of(NIGHT)
    assert "K37" in found and "K06" not in found  # the total matches what is reported
    row = results(election).filter(pl.col("bezirk-nr") == "0102")
    counts = [c for c in election.counts() if c in row.columns]
    assert all(row[c].null_count() == 1 for c in counts)


def test_a_row_without_its_report_but_with_votes_keeps_them(tmp_path: Path) -> None:
    text = (
        (VALID / NAME)
        .read_text(encoding="utf-8")
        .replace("0102;0102 Schule;1;1;", "0102;0102 Schule;1;0;")
    )
    found, (election,) = codes_of(write(tmp_path, text))
    assert "K37" not in found
    assert results(election).filter(pl.col("bezirk-nr") == "0102")["B"].item() == 500


def test_a_file_of_areas_without_numbers_is_keyed_by_name(tmp_path: Path) -> None:
    lines = (VALID / NAME).read_text(encoding="utf-8").splitlines()
    areas = [lines[0]] + [
        ";" + line.split(";", 1)[1].replace(";1;1;", ";4;4;", 1) for line in lines[1:3]
    ]
    areas.append(";" + lines[1].split(";", 1)[1].replace(";1;1;", ";4;4;", 1))  # a repeated name
    report, (election,) = inspect([write(tmp_path, "\n".join(areas) + "\n")])
    found = {r.code for r in report.all_results()}
    assert {"K05", "K08", "K10"} <= found
    assert results(election)["bezirk-nr"].to_list() == [
        "0101 Rathaus",
        "0101 Rathaus-2",
        "0102 Schule",
    ]


def test_filled_ballot_paper_columns_refuse_the_file(tmp_path: Path) -> None:
    text = (VALID / NAME).read_text(encoding="utf-8").replace("70,00;;690;", "70,00;695;690;")
    report, elections = inspect([write(tmp_path, text)])
    (k01,) = [r for r in report.all_results() if r.code == "K01"]
    assert k01.severity is Severity.ERROR and not elections
    assert k01.examples[0].params["columns"] == "gültigeStimmzettel"


def test_a_value_that_is_no_count_refuses_the_file(tmp_path: Path) -> None:
    text = (VALID / NAME).read_text(encoding="utf-8").replace(";700;70,00;", ";7OO;70,00;")
    found, elections = codes_of(write(tmp_path, text))
    assert "K02" in found and not elections


def test_date_and_authority_come_from_the_options_else_stop(tmp_path: Path) -> None:
    text = (VALID / NAME).read_text(encoding="utf-8")
    bare = write(tmp_path, text, "result_stimmbezirk.csv")
    with pytest.raises(SourceError) as missing_date:
        inspect([bare])
    assert missing_date.value.key == "convert.date_missing"
    with pytest.raises(SourceError) as missing_gs:
        inspect([bare], meta=Meta(wahl_datum="22.09.2013"))
    assert missing_gs.value.key == "convert.gs_missing"
    _, (election,) = codes_of(bare, Meta(wahl_datum="22.09.2013", gs="05315000"))
    assert election.gs == "05315000"


def test_gs_in_a_name_is_never_a_date() -> None:
    assert gs_from_name("x/05999001_20130922_result.csv") == "05999001"
    assert gs_from_name("x/01092013_result.csv") is None  # 1 September 2013
    assert gs_from_name("x/result_stimmbezirk.csv") is None


def test_a_total_that_is_not_the_sum_of_its_bezirke_is_k06(tmp_path: Path) -> None:
    text = (
        (VALID / NAME)
        .read_text(encoding="utf-8")
        .replace(";Musterstadt;3;3;1800;", ";Musterstadt;3;3;1801;")
    )
    report, _ = inspect([write(tmp_path, text)])
    (k06,) = [r for r in report.all_results() if r.code == "K06"]
    assert k06.severity is Severity.ERROR
    assert k06.examples[0].params == {"found": 1801, "expected": 1800}


def test_known_columns_spelt_in_another_case_or_in_ascii(tmp_path: Path) -> None:
    text = (VALID / NAME).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    ascii_header = header.replace("ü", "ue").replace("Nr;Name;", "NR;name;")
    _, (election,) = codes_of(write(tmp_path, ascii_header + "\n" + rest))
    _, (original,) = codes_of(VALID)
    assert (
        results(election)
        .select(original.counts())
        .equals(results(original).select(original.counts()))
    )


def test_the_total_of_every_bezirk_is_checked_beside_partial_totals(tmp_path: Path) -> None:
    lines = (VALID / NAME).read_text(encoding="utf-8").splitlines()
    # A Stadtteil total of two Bezirke beside the city total: the file does not say which two.
    part = ";Nord;2;2;1800;1200;66,67;;1184;;16;1187;13;500;;520;;440;;420;;244;;247;;"
    wrong_city = lines[4].replace(";Musterstadt;3;3;1800;", ";Musterstadt;3;3;1801;")
    report, (election,) = inspect(
        [write(tmp_path, "\n".join([*lines[:4], part, wrong_city]) + "\n")]
    )
    k06 = [f for r in report.all_results() if r.code == "K06" for f in r.examples]
    assert [(f.location.line, f.params["found"]) for f in k06] == [(6, 1801)]
    assert results(election)["bezirk-nr"].to_list() == ["0101", "0102", "0191"]
    assert election.tables["Wahlparameter"]["wahl-behoerde-name"].item() == "Musterstadt"
