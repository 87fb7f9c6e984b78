"""What a conversion writes when the source contradicts itself, holds several elections, or
lacks the authority's name: `keep_errors`, one document per election, K10 for a placeholder."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import FIXTURES, realdata
from wahldaten.core.findings import Severity
from wahldaten.formats.errors import SourceError
from wahldaten.formats.source import Meta

A01 = FIXTURES / "invalid" / "A01"  # A ≠ A1 + A2 + A3 in Bezirk 0102
VENDORS = FIXTURES.parent
K14 = VENDORS / "votemanager" / "invalid" / "K14"  # a Lower Saxony council file whose sums fail
EUROPAWAHL = VENDORS / "wbz" / "valid" / "europawahl"  # one package per Land: two elections
COUNT = re.compile(r"^(A[123]?|B[12]?|C[0-9]*|D.*|E|F.*|GUELTIGE-STIMMZETTEL)$")


def rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    """A CSV file's rows by `key`, read with the csv module (not the library's reader)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle, delimiter=";") if row[key]}


def errors(report: wahldaten.ConversionReport) -> list[str]:
    return [r.code for r in report.all_results() if r.severity is Severity.ERROR]


def test_a_source_with_errors_writes_nothing_by_default(tmp_path: Path) -> None:
    report = wahldaten.convert([A01], tmp_path / "out")
    assert errors(report) == ["A01"] and report.exit_code == 1
    assert not report.written and not (tmp_path / "out").exists()


def test_keep_errors_writes_the_owd_source_as_it_is(tmp_path: Path) -> None:
    report = wahldaten.convert([A01], tmp_path / "out", keep_errors=True)
    assert errors(report) == ["A01"] and report.exit_code == 1
    assert len(report.written) == 5
    source = rows(next(A01.glob("*_Wahlergebnisse_*.csv")), "bezirk-nr")
    written = rows(next((tmp_path / "out").glob("*_Wahlergebnisse_*.csv")), "bezirk-nr")
    assert written.keys() == source.keys()
    for bezirk, row in source.items():
        counts = [c for c in row if COUNT.match(c)]
        assert {c: written[bezirk][c] for c in counts} == {c: row[c] for c in counts}, bezirk
    assert (source["0102"]["A"], written["0102"]["A"]) == ("1187", "1187")  # not repaired


def test_keep_errors_writes_a_vendor_export_with_its_findings(tmp_path: Path) -> None:
    default = wahldaten.convert([K14], tmp_path / "default")
    assert "K14" in errors(default) and not default.written
    report = wahldaten.convert([K14], tmp_path / "out", keep_errors=True)
    assert "K14" in errors(report) and report.exit_code == 1 and report.written
    source = rows(next(K14.glob("Open-Data-*.csv")), "gebiet-nr")
    written = rows(next((tmp_path / "out").glob("*_Wahlergebnisse_*.csv")), "bezirk-nr")
    assert written.keys() == source.keys()  # every Bezirk; the total row is left out (K05)
    for bezirk, row in source.items():
        shared = [c for c in row if COUNT.match(c) and c in written[bezirk]]
        assert shared and {c: written[bezirk][c] for c in shared} == {c: row[c] for c in shared}


def test_keep_errors_reports_the_second_check_and_writes_all_the_same(tmp_path: Path) -> None:
    report = wahldaten.convert([A01], tmp_path / "out", keep_errors=True, check_output=True)
    assert report.output_check is not None and report.output_check.failed
    assert len(report.written) == 5 and report.exit_code == 1


def test_keep_errors_into_a_table_keeps_the_numbers(tmp_path: Path) -> None:
    report = wahldaten.convert([A01], tmp_path / "t.parquet", keep_errors=True)
    assert report.exit_code == 1 and report.written == [tmp_path / "t.parquet"]
    table = pl.read_parquet(tmp_path / "t.parquet")
    cell = table.filter((pl.col("bezirk-nr") == "0102") & (pl.col("merkmal") == "A"))
    assert cell["anzahl"].to_list() == [1187]


def test_a_target_that_cannot_hold_the_value_refuses_and_writes_nothing(tmp_path: Path) -> None:
    """T09: a listenplatz `-` fits OWD's text but not the typed numbers of a JSON document."""
    with pytest.raises(SourceError) as error:
        wahldaten.convert([FIXTURES / "invalid" / "T09"], tmp_path / "x.json", keep_errors=True)
    assert error.value.key == "convert.not_writable"
    assert error.value.params["target"] == "owd-json"
    assert not (tmp_path / "x.json").exists()
    report = wahldaten.convert([FIXTURES / "invalid" / "T09"], tmp_path / "o", keep_errors=True)
    assert report.written and report.exit_code == 1


def test_several_elections_are_refused_for_one_document(tmp_path: Path) -> None:
    """Regression: `-o x.json` with several elections wrote a folder named x.json."""
    with pytest.raises(SourceError) as error:
        wahldaten.convert([EUROPAWAHL], tmp_path / "x.json")
    assert error.value.key == "convert.several_elections"
    assert error.value.params["count"] == 2
    assert error.value.params["folder"] == str(tmp_path / "x")
    assert not (tmp_path / "x.json").exists()
    # The folder the message suggests: one document per election.
    report = wahldaten.convert([EUROPAWAHL], tmp_path / "x", target_format="owd-json")
    assert len(report.written) == 2 and all(p.suffix == ".json" for p in report.written)
    # One election is one document, as before.
    single = wahldaten.convert([FIXTURES / "valid" / "ratswahl"], tmp_path / "r.json")
    assert single.written == [tmp_path / "r.json"] and (tmp_path / "r.json").is_file()


@pytest.mark.parametrize("name", ["t.parquet", "t.csv"])
def test_several_elections_share_one_tidy_table(tmp_path: Path, name: str) -> None:
    report = wahldaten.convert([EUROPAWAHL], tmp_path / name)
    assert report.written == [tmp_path / name] and (tmp_path / name).is_file()
    table = (
        pl.read_parquet(tmp_path / name)
        if name.endswith(".parquet")
        else pl.read_csv(tmp_path / name, separator=";", infer_schema=False)
    )
    assert table["wahl-behoerde-gs"].n_unique() == 2


def test_to_and_a_suffix_of_another_target_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as error:
        wahldaten.convert(
            [FIXTURES / "valid" / "ratswahl"], tmp_path / "x.json", target_format="owd"
        )
    assert error.value.key == "convert.target_suffix_mismatch"
    assert not (tmp_path / "x.json").exists()


# --- the authority's name: never a placeholder without a finding (K10) ------------------------

PLACEHOLDER = re.compile(r"^Behörde [0-9]+$")
# Every vendor fixture (the layouts' too: fixtures/layouts/<name>/valid), and the K10 one.
SOURCES = sorted(
    [
        *(p for p in VENDORS.glob("*/valid/*") if p.parent.parent.name not in ("owd", "layouts")),
        *VENDORS.glob("layouts/*/valid"),
        VENDORS / "votemanager" / "invalid" / "K10",
    ],
    key=str,
)
DATE = Meta(wahl_datum="01.03.2026")  # for the AKDB files, which carry none


def authority_findings(report: wahldaten.ConversionReport) -> dict[str, str]:
    return {
        str(f.params["value"]): str(f.params["field"])
        for r in report.source_results
        if r.code == "K10"
        for f in r.examples
        if f.params.get("field") == "wahl-behoerde-name"
    }


def placeholders(report: wahldaten.ConversionReport) -> list[str]:
    names = [p.summary.authority_name or "" for p in report.packages]
    return [n for n in names if PLACEHOLDER.match(n)]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: "-".join(p.parts[-3:]))
def test_a_placeholder_authority_name_is_always_k10(source: Path) -> None:
    try:
        report, _ = wahldaten.inspect([source], meta=DATE)
    except SourceError as error:  # give what the message asks for, as a user would
        assert error.key == "convert.gs_missing"
        report, _ = wahldaten.inspect([source], meta=Meta(wahl_datum="01.03.2026", gs="05999000"))
    found = authority_findings(report)
    for name in placeholders(report):
        assert found.get(name) == "wahl-behoerde-name", (source, name)


def test_the_k10_fixture_writes_a_placeholder_with_its_finding() -> None:
    """Triggers: a file without a total row names no authority."""
    report, _ = wahldaten.inspect([VENDORS / "votemanager" / "invalid" / "K10"])
    (name,) = placeholders(report)
    assert authority_findings(report) == {name: "wahl-behoerde-name"}


def test_a_given_or_found_authority_name_is_no_finding() -> None:
    """Does not trigger: the name given with --behoerde, or read from the file's total row."""
    given, _ = wahldaten.inspect(
        [VENDORS / "votemanager" / "invalid" / "K10"], meta=Meta(behoerde_name="Stadt Nienburg")
    )
    assert not placeholders(given) and not authority_findings(given)
    assert [p.summary.authority_name for p in given.packages] == ["Stadt Nienburg"]
    found, _ = wahldaten.inspect([K14])
    assert not placeholders(found) and not authority_findings(found)


def test_a_real_export_without_the_name_says_so() -> None:
    source = realdata("okvote", "vaterstetten_kw2020_Open-Data-Landratswahl-Bayern1146.csv")
    report, _ = wahldaten.inspect([source])
    assert placeholders(report) == ["Behörde 09175132"]
    assert authority_findings(report) == {"Behörde 09175132": "wahl-behoerde-name"}
