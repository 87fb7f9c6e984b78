"""R: Bezirke listed once, with a result, under the same name in both files."""

from __future__ import annotations

from pathlib import Path

import wahldaten
from support import codes, realdata, set_cell
from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult, Report


def drop_row(folder: Path, file_type: str, bezirk: str) -> None:
    path = next(folder.glob(f"*_{file_type}_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if f";{bezirk};" not in line]
    assert len(kept) == len(lines) - 1
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def test_a_bezirk_listed_twice_is_r05_once(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlgebietseinteilungen", "0102", "bezirk-nr", "0101")
    found = codes(ratswahl)
    assert found["R05"] == 1


def test_a_result_without_its_bezirk_is_r06(ratswahl: Path) -> None:
    drop_row(ratswahl, "Wahlgebietseinteilungen", "0102")
    assert codes(ratswahl)["R06"] == 1


def test_a_bezirk_without_result_is_r07_once_counting_is_complete(ratswahl: Path) -> None:
    drop_row(ratswahl, "Wahlergebnisse", "0102")
    found = codes(ratswahl)
    assert found.get("R07") == 1 and "R20" not in found


def test_while_counting_a_missing_result_is_r20(ratswahl: Path) -> None:
    drop_row(ratswahl, "Wahlergebnisse", "0102")
    for column in ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "D1", "D2", "D3", "D4", "D5"):
        set_cell(ratswahl, "Wahlergebnisse", "0201", column, "")
    found = codes(ratswahl)
    assert found.get("R20") == 1 and "R07" not in found


def result(report: Report, code: str) -> CodeResult:
    (found,) = [r for p in report.packages for r in p.results if r.code == code]
    return found


def test_a_missing_result_is_an_error_only_in_the_final_result(ratswahl: Path) -> None:
    """Issue 10 §2: election night passes with a warning; the final result fails, naming the
    Bezirk."""
    drop_row(ratswahl, "Wahlergebnisse", "0102")
    night = wahldaten.validate(ratswahl)
    assert night.exit_code == 0
    assert result(night, "R07").severity is Severity.WARNING
    final = wahldaten.validate(ratswahl, final=True)
    assert final.exit_code == 1
    r07 = result(final, "R07")
    assert r07.severity is Severity.ERROR
    assert [f.location.bezirk for f in r07.examples] == ["0102"]


def test_an_outstanding_bezirk_is_an_error_in_the_final_result(ratswahl: Path) -> None:
    drop_row(ratswahl, "Wahlergebnisse", "0102")
    for column in ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "D1", "D2", "D3", "D4", "D5"):
        set_cell(ratswahl, "Wahlergebnisse", "0201", column, "")
    night = wahldaten.validate(ratswahl)
    assert night.exit_code == 0
    final = wahldaten.validate(ratswahl, final=True)
    severities = {r.code: r.severity for p in final.packages for r in p.results}
    assert severities == dict.fromkeys(("R20", "C02", "C05"), Severity.ERROR)
    assert [f.location.bezirk for f in result(final, "R20").examples] == ["0102"]
    assert [f.location.bezirk for f in result(final, "C02").examples] == ["0201"]


def test_a_real_package_without_one_result_row_fails_only_as_final(tmp_path: Path) -> None:
    """The real Bürgermeisterwahl of Bad Münstereifel, one Bezirk's result row deleted."""
    source = realdata("owd")
    folder = tmp_path / "bm"
    folder.mkdir()
    for path in source.glob("badmuenstereifel-kommunal2020__*Buergermeisterwahl*"):
        (folder / path.name).write_bytes(path.read_bytes())
    drop_row(folder, "Wahlergebnisse", "05.1")
    assert wahldaten.validate(folder).exit_code == 0
    final = wahldaten.validate(folder, final=True)
    assert final.exit_code == 1
    assert [f.location.bezirk for f in result(final, "R07").examples] == ["05.1"]


def test_another_name_in_the_results_is_r08(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "bezirk-name", "0101 Altes Rathaus")
    assert codes(ratswahl) == {"R08": 1}


def test_names_with_the_same_prefix_are_one_r08_with_the_number_of_rows(ratswahl: Path) -> None:
    """Issue 10 §3: one export prefixes every name with the city: one cause, one finding."""
    for bezirk in ("0101", "0102", "0201"):
        path = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f";{bezirk} ", f";Stadt Musterstadt - {bezirk} "))
    set_cell(ratswahl, "Wahlergebnisse", "0202", "bezirk-name", "0202 Alte Feuerwache")
    report = wahldaten.validate(ratswahl)
    r08 = result(report, "R08")
    assert r08.count == 2
    prefixed, other = r08.examples
    assert prefixed.params["rows"] == 3 and prefixed.params["lines"] == "2, 3, 4"
    assert prefixed.location.bezirk == "0101"
    assert other.params["rows"] == 1 and other.location.bezirk == "0202"


def test_without_bezirk_nr_in_gebiete_nothing_is_matched(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace(";bezirk-nr;", ";nummer;", 1))
    found = codes(ratswahl)
    assert not {"R05", "R06", "R07", "R08", "R20"} & set(found)
