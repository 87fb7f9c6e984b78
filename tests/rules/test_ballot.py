"""R: ballot positions used by the results, and the ballot area of each Bezirk."""

from __future__ import annotations

from pathlib import Path

from support import codes, set_cell


def test_votes_for_a_position_the_ballot_lacks_are_r09(ratswahl: Path) -> None:
    set_cell(ratswahl, "Stimmzettel", 6, "stimmzettel-position", "9")
    found = codes(ratswahl)
    assert found["R09"] == 6  # D5 holds votes in every Bezirk
    assert found["R10"] == 1  # and position 9 has no column


def test_a_position_twice_in_one_area_is_r11(ratswahl: Path) -> None:
    set_cell(ratswahl, "Stimmzettel", 3, "stimmzettel-position", "1")
    assert codes(ratswahl)["R11"] == 1


def test_an_unknown_ballot_area_is_r12(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlgebietseinteilungen", "0101", "stimmzettel-gebiet-nr", "7")
    assert codes(ratswahl)["R12"] == 1


def test_without_positions_no_ballot_rule_runs(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Stimmzettel_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace("stimmzettel-position", "pos", 1))
    assert not {"R09", "R10", "R11", "R12"} & set(codes(ratswahl))
