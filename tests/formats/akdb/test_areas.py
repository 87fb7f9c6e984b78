"""Wahlportal areas: precincts become Bezirke, packages per authority, aggregates as totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendor_support import (
    AKDB,
    BTW,
    BTW_FILE,
    MAYOR,
    MAYOR_FILE,
    PAIRS,
    PAIRS_FILE,
    codes,
    edited,
    only,
    records,
    write,
)
from wahldaten.api.conversion import inspect
from wahldaten.core.findings import Severity
from wahldaten.formats import akdb
from wahldaten.formats.facts import AREA, RENAMED, TOTAL, VALUE
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect


def facts_of(path: Path, meta: Meta | None = None) -> akdb.AkdbFacts:
    reading = akdb.read(collect([path]), meta or Meta(wahl_datum="23.02.2025"))
    facts = reading.contexts[0].facts_as(akdb.AkdbFacts)
    assert facts is not None
    return facts


def test_two_vote_file_keeps_precincts_only_with_their_municipality() -> None:
    report, election = only(BTW)
    results = election.results
    assert results["bezirk-nr"].to_list() == ["0001", "0002", "0011", "0001", "0011"]
    assert results["wahl-behoerde-gs"].to_list() == ["09175111"] * 3 + ["09175112"] * 2
    row = results.row(0, named=True)
    assert {k: row[k] for k in ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F")} == {
        "A1": 1200,
        "A2": 390,
        "A3": 7,
        "A": 1597,
        "B": 621,
        "B1": 21,
        "C": 4,
        "D": 617,
        "E": 3,
        "F": 618,
    }
    assert [row[f"D{n}"] for n in (1, 2, 3, 5)] == [290, 60, 150, 117]
    assert "D4" not in results.columns and row["F5"] == 58
    assert election.gs == "09175000"
    assert election.wahlparameter["wahl-behoerde-name"] == "Landkreis Ebersberg"
    assert election.wahl_name == "Bundestagswahl" and election.wahl_datum == "23.02.2025"
    gebiete = election.tables["Wahlgebietseinteilungen"]
    assert gebiete["bezirk-art"].to_list() == ["W", "W", "B", "W", "B"]
    assert gebiete["gebiet-ebene-2-name"].to_list() == ["Anzing"] * 3 + ["Aßling"] * 2
    assert set(gebiete["gebiet-ebene-3-name"].to_list()) == {"Erding – Ebersberg"}
    assert set(gebiete["stimmzettel-gebiet-nr"].to_list()) == {"212"}
    ballot = election.tables["Stimmzettel"]
    assert ballot["stimmzettel-position"].to_list() == ["1", "2", "3", "4", "5"]
    assert ballot["partei-langname"][4] == "Alternative für Deutschland"
    assert set(ballot["stimmzettel-gebiet-nr"].to_list()) == {"212"}
    assert {r.code for r in report.all_results() if r.severity is not Severity.INFO} == set()


def test_aggregates_are_totals_keyed_by_what_they_add_up() -> None:
    totals = facts_of(BTW / BTW_FILE).totals
    assert totals is not None and totals.complete
    keys = dict(zip(totals.rows[AREA].to_list(), totals.rows[TOTAL].to_list(), strict=True))
    assert keys == {
        "212": "WAHLKREIS:212",
        "09175000": "KREIS:09175",
        "09175111": "GEMEINDE:09175111",
        "091755112": None,  # VERBANDSGEMEINDE: the file does not name its members
        "09175112": "GEMEINDE:09175112",
    }
    # Every precinct under its municipality, its Kreis and its Wahlkreis.
    assert totals.members.height == 3 * 5
    assert totals.columns["B"] == "Waehler gesamt (B)"


def test_file_of_totals_only_has_its_municipalities_as_bezirke(tmp_path: Path) -> None:
    rows = [r for r in records(BTW / BTW_FILE) if r[4] in ("Gebietsart", "KREIS", "GEMEINDE")]
    report, election = only(write(tmp_path / BTW_FILE, rows).parent)
    assert election.results["bezirk-nr"].to_list() == ["09175111", "09175112"]
    assert "K06" not in codes(report) and "K05" in codes(report)
    facts = facts_of(tmp_path / BTW_FILE)
    assert facts.promoted is not None and facts.promoted.frame[AREA].to_list() == [
        "09175111",
        "09175112",
    ]


def test_file_spanning_two_kreise_becomes_two_packages(tmp_path: Path) -> None:
    rows = records(BTW / BTW_FILE)
    gemeinde, nummer = rows[0].index("Gemeinde"), rows[0].index("Gebietsnummer")
    for row in rows[1:]:
        if row[gemeinde] == "09175112":
            row[gemeinde] = "09177112"
            row[nummer] = row[nummer].replace("09175112", "09177112")
    rows = [r for r in rows if r[4] != "VERBANDSGEMEINDE"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "open_data.json").write_bytes((BTW / "open_data.json").read_bytes())
    # The KREIS row of Ebersberg now covers Anzing only; the Wahlkreis row still covers both.
    anzing = next(r for r in rows if r[4] == "GEMEINDE" and r[0] == "09175111")
    rows[2][10:] = anzing[10:]
    write(tmp_path / "in" / BTW_FILE, rows)
    report, elections = inspect([tmp_path / "in"])
    # Ebersberg by its KREIS row; in Erding (no KREIS row) the single municipality.
    assert [e.gs for e in elections] == ["09175000", "09177112"]
    assert [e.results.height for e in elections] == [3, 2]
    assert elections[1].wahlparameter["wahl-behoerde-name"] == "Aßling"
    assert "K06" not in codes(report)
    assert {r.code for r in report.all_results() if r.severity is Severity.ERROR} == set()
    # With --gs the file is one package; rows outside its Kreis are then errors (R03).
    report, elections = inspect([tmp_path / "in"], meta=Meta(gs="09175000"))
    assert len(elections) == 1 and "R03" in codes(report)


def test_duplicate_bezirk_gets_a_suffix(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(3, "Bezirksnummer"): "0001"})
    _, election = only(folder)
    assert election.results["bezirk-nr"].to_list()[:2] == ["0001", "0001-2"]
    repeated = facts_of(folder / MAYOR_FILE, Meta()).repeated
    assert repeated is not None and repeated.column == "Bezirksnummer"
    assert repeated.frame.select(VALUE, RENAMED).rows() == [("0001", "0001-2")]


def test_bezirk_without_municipality_gets_the_authority() -> None:
    _, election = only(AKDB / "invalid" / "K19")
    assert election.results["wahl-behoerde-gs"][1] == "09175000"
    facts = facts_of(AKDB / "invalid" / "K19" / PAIRS_FILE, Meta())
    assert facts.unplaced is not None
    assert facts.unplaced.frame.select(AREA, VALUE, "gs").rows() == [("0002", "0002", "09175000")]


def test_all_short_keys_without_gs_cannot_be_placed(tmp_path: Path) -> None:
    rows = records(PAIRS / PAIRS_FILE)
    for row in rows[1:]:
        row[1] = row[1][-4:]
    write(tmp_path / PAIRS_FILE, rows)
    with pytest.raises(SourceError) as error:
        inspect([tmp_path / PAIRS_FILE])
    assert error.value.key == "convert.gs_missing"
