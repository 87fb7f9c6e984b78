"""K01–K13: the shared conversion codes, detected from the facts the vendor readers record."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from vendor_support import (
    BTW,
    BTW_FILE,
    MAYOR,
    MAYOR_FILE,
    PAIRS,
    PAIRS_FILE,
    VM,
    codes,
    edited,
    only,
    records,
    source_result,
    write,
)
from wahldaten.api.conversion import inspect
from wahldaten.formats.facts import SourceFacts
from wahldaten.formats.source import Meta, SourceContext
from wahldaten.rules import conversion

SHARED = ["K01", "K02", "K03", "K05", "K06", "K09", "K10", "K13"]


@pytest.mark.parametrize("code", SHARED)
def test_each_votemanager_example_shows_its_code(code: str) -> None:
    report, _ = inspect([VM / "invalid" / code])
    assert code in codes(report)


# --- K01, K02: what the reader cannot place or read ------------------------------------------------


def test_unknown_column_is_refused_with_k01(tmp_path: Path) -> None:
    rows = records(MAYOR / MAYOR_FILE)
    rows[0].append("Bemerkung")
    for row in rows[1:]:
        row.append("x")
    report, elections = inspect([write(tmp_path / MAYOR_FILE, rows)], meta=Meta())
    assert elections == [] and report.exit_code == 1
    (finding,) = source_result(report, "K01")
    assert finding.params["columns"] == "Bemerkung" and finding.location.line == 1


def test_unknown_gebietsart_is_refused_not_dropped(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(3, "Gebietsart"): "SONDERBEZIRK"})
    report, elections = inspect([folder])
    assert elections == []
    (finding,) = source_result(report, "K01")
    assert finding.location.line == 4 and "SONDERBEZIRK" in finding.params["columns"]
    assert finding.location.column == "Gebietsart"


def test_pair_with_a_key_twice_is_refused(tmp_path: Path) -> None:
    folder = edited(tmp_path, PAIRS, PAIRS_FILE, {(2, "Gruppenschlüssel"): "AfD"})
    report, elections = inspect([folder])
    assert elections == [] and source_result(report, "K01")[0].location.line == 3


def test_a_count_that_is_not_a_number_is_k02(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(2, "D1"): "12a"})
    report, elections = inspect([folder])
    assert elections == [] and codes(report)["K02"] == 1
    assert source_result(report, "K02")[0].location.line == 3


# --- K03, K13: the ballot ------------------------------------------------------------------------


def test_without_names_the_positions_are_k03(tmp_path: Path) -> None:
    source = tmp_path / MAYOR_FILE
    source.write_bytes((MAYOR / MAYOR_FILE).read_bytes())
    report, _ = inspect([source])
    (finding,) = source_result(report, "K03")
    assert finding.params["positions"] == "1, 2, 4"


def test_no_options_yet_is_k13_at_the_header() -> None:
    report, _ = inspect([VM / "invalid" / "K13"])
    (finding,) = source_result(report, "K13")
    assert finding.location.line == 1 and finding.params == {}


# --- K05, K06: total rows ------------------------------------------------------------------------


def test_aggregate_rows_are_noted_with_their_number_of_precincts() -> None:
    report, _ = inspect([BTW])
    k05 = source_result(report, "K05")
    assert [(f.location.line, f.params["count"]) for f in k05] == [
        (2, 5),  # WAHLKREIS
        (3, 5),  # KREIS
        (4, 3),  # GEMEINDE Anzing
        (9, None),  # VERBANDSGEMEINDE: members not in the file
        (10, 2),  # GEMEINDE Aßling
    ]
    assert "K06" not in codes(report)


@pytest.mark.parametrize(
    ("record", "area"),
    [(1, "212"), (2, "09175000"), (3, "09175111"), (8, "09175112")],
)
def test_aggregate_that_is_not_the_sum_of_its_precincts_is_k06(
    tmp_path: Path, record: int, area: str
) -> None:
    rows = records(BTW / BTW_FILE)
    column = rows[0].index("F2")
    folder = edited(tmp_path, BTW, BTW_FILE, {(record, "F2"): str(int(rows[record][column]) + 1)})
    report, _ = inspect([folder])
    (finding,) = source_result(report, "K06")
    assert finding.location.column == "F2" and finding.location.bezirk == area
    assert finding.params["found"] == finding.params["expected"] + 1
    assert report.exit_code == 1


def test_verbandsgemeinde_is_not_checked(tmp_path: Path) -> None:
    folder = edited(tmp_path, BTW, BTW_FILE, {(7, "Waehler gesamt (B)"): "1"})
    report, _ = inspect([folder])
    assert "K06" not in codes(report)


def test_an_aggregate_with_an_empty_precinct_is_not_compared(tmp_path: Path) -> None:
    # AKDB totals are final: with one precinct not reported, its municipality is not checked.
    folder = edited(tmp_path, BTW, BTW_FILE, {(4, "F2"): ""})
    assert "K06" not in codes(inspect([folder])[0])


def test_votemanager_total_is_compared_with_its_bezirke() -> None:
    report, _ = inspect([VM / "invalid" / "K06"])
    (finding,) = source_result(report, "K06")
    assert finding.params["found"] != finding.params["expected"]
    assert "K06" not in codes(inspect([VM / "valid" / "ratswahl-nds"])[0])


def test_several_votemanager_totals_are_not_compared(tmp_path: Path) -> None:
    """Beside Bezirke, two total rows: the file does not say which Bezirke each adds up."""
    source = next((VM / "valid" / "bundestagswahl").glob("Open-Data-*.csv"))
    header, *rows = source.read_text(encoding="utf-8").splitlines()
    cells = rows[0].split(";")
    total = ";".join([*cells[:3], "", "Gesamt", *cells[5:]])
    part = ";".join([*cells[:3], "0", "Teil", *cells[5:]])
    (tmp_path / source.name).write_text("\n".join([header, total, part, *rows]) + "\n")
    report, (election,) = inspect([tmp_path / source.name])
    assert "K06" not in codes(report)
    assert [f.params["count"] for f in source_result(report, "K05")] == [None, None]
    assert "Gesamt" not in election.results["bezirk-name"].to_list()


# --- K07, K08, K09, K10 ------------------------------------------------------------------------


def test_thousands_separators_are_k07_where_the_format_writes_them() -> None:
    raw = pl.DataFrame(
        {"__zeile": pl.Series([2, 3], dtype=pl.UInt32), "nr": ["1", "2"], "A": ["1.413", "980"]}
    )
    facts = SourceFacts("x.csv", raw=raw, count_columns=["A"], thousands=True, area="nr")
    context = SourceContext(source_format="wbz", layout="", tables=[], observed=facts)
    (found,) = list(conversion.thousands_separators(context))
    (finding,) = found.head(5)  # type: ignore[union-attr]
    assert finding.params == {"value": "1.413", "read": 1413, "rows": 1, "lines": "2"}
    assert (finding.location.line, finding.location.bezirk) == (2, "1")
    facts.thousands = False
    assert list(conversion.thousands_separators(context)) == []


def test_a_repeated_bezirk_names_its_value_and_new_key(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(3, "Bezirksnummer"): "0001"})
    report, _ = only(folder)
    (finding,) = source_result(report, "K08")
    assert finding.params == {"value": "0001", "renamed": "0001-2"}
    assert finding.location.column == "Bezirksnummer"


def test_columns_not_carried_are_k09_at_the_header() -> None:
    report, _ = inspect([BTW])
    (finding,) = source_result(report, "K09")
    assert finding.location.line == 1
    assert "Waehler ohne Wahlschein" in finding.params["columns"]


def test_values_the_source_does_not_hold_are_k10_and_given_ones_are_not() -> None:
    def fields(meta: Meta) -> list[str]:
        report, _ = only(MAYOR, meta)
        found = [r for r in report.source_results if r.code == "K10"]
        return [f.params["field"] for r in found for f in r.examples]

    assert fields(Meta()) == ["wahl-datum", "wahl-name"]  # both from the file name
    assert fields(Meta(wahl_datum="08.03.2026", wahl_name="Wahl")) == []
