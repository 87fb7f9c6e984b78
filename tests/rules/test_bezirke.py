"""R: Bezirke listed once, with a result, under the same name in both files."""

from __future__ import annotations

from pathlib import Path

from support import codes, set_cell


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


def test_another_name_in_the_results_is_r08(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "bezirk-name", "0101 Altes Rathaus")
    assert codes(ratswahl) == {"R08": 1}


def test_without_bezirk_nr_in_gebiete_nothing_is_matched(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace(";bezirk-nr;", ";nummer;", 1))
    found = codes(ratswahl)
    assert not {"R05", "R06", "R07", "R08", "R20"} & set(found)
