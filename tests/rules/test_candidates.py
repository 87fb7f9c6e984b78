"""R: candidacies – their areas, their party on the ballot, their list places."""

from __future__ import annotations

from pathlib import Path

from support import codes, set_cell


def test_a_candidate_of_an_unknown_area_is_r13(ratswahl: Path) -> None:
    set_cell(ratswahl, "Kandidaten", 2, "kandidat-gebiet-nr", "17")
    assert codes(ratswahl)["R13"] == 1


def test_a_party_spelt_otherwise_than_on_the_ballot_is_r14_once_per_party(ratswahl: Path) -> None:
    set_cell(ratswahl, "Kandidaten", 2, "partei-kurzname", "Cdu")
    set_cell(ratswahl, "Kandidaten", 3, "partei-kurzname", "Cdu")
    assert codes(ratswahl)["R14"] == 1


def test_the_long_name_links_where_the_short_name_is_empty(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Kandidaten_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace(";CDU;", ";;"), encoding="utf-8")
    set_cell(ratswahl, "Stimmzettel", 2, "partei-kurzname", "")
    assert "R14" not in codes(ratswahl)


def test_two_candidates_of_a_party_on_one_place_are_r18(ratswahl: Path) -> None:
    set_cell(ratswahl, "Kandidaten", 3, "kandidat-listenplatz", "1")
    assert codes(ratswahl)["R18"] == 1
