"""References: rows may carry the key of a municipality inside the package's authority."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import codes, set_cell
from wahldaten.core.findings import Severity
from wahldaten.rules.references import _within_authority

KEYS = [
    "010010000000",  # Flensburg (Land 01)
    "010515163003",  # a municipality of an Amt in Kreis Dithmarschen
    "03241001",  # Hannover (AGS, Land 03, Region Hannover)
    "05315000",  # Köln (Reg.-Bez. Köln 053)
    "053150000000",
    "13003000",
]


def inside(authority: str) -> list[bool]:
    frame = pl.DataFrame({"wahl-behoerde-gs": KEYS})
    return frame.with_columns(_within_authority(authority).alias("inside"))["inside"].to_list()


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        # A Land, as ARS and as AGS.
        ("010000000000", [True, True, False, False, False, False]),
        ("01000000", [True, True, False, False, False, False]),
        # A Regierungsbezirk (Köln: 053).
        ("053000000000", [False, False, False, True, True, False]),
        ("05300000", [False, False, False, True, True, False]),
        # A Kreis, as before.
        ("010510000000", [False, True, False, False, False, False]),
        ("03241000", [False, False, True, False, False, False]),
        # A kreisfreie Stadt has its Kreis's key; a municipality in a Kreis contains nothing.
        ("010010000000", [True, False, False, False, False, False]),
        ("05315000", [False, False, False, True, True, False]),
        ("010515163003", [False] * 6),
        # Not a key at all.
        ("0100", [False] * 6),
        ("01x000000000", [False] * 6),
    ],
)
def test_within_authority(authority: str, expected: list[bool]) -> None:
    assert inside(authority) == expected


def test_land_package_with_municipality_rows_is_no_r03(ratswahl: Path) -> None:
    """A package of Land NRW whose rows carry a municipality of NRW: R19, not R03."""
    set_cell(ratswahl, "Wahlparameter", 2, "wahl-behoerde-gs", "05000000")
    found = codes(ratswahl)
    assert "R03" not in found
    assert "R19" in found


def test_rows_of_another_land_are_r03(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlparameter", 2, "wahl-behoerde-gs", "06000000")
    assert "R03" in codes(ratswahl)


def kreis_package(folder: Path) -> None:
    """The package of Kreis 05999000: Bezirke 0101–0102 of municipality 05999001, the others
    of 05999002 (which numbers its Bezirke like the first)."""
    set_cell(folder, "Wahlparameter", 2, "wahl-behoerde-gs", "05999000")
    for file_type in ("Stimmzettel", "Kandidaten"):
        path = next(folder.glob(f"*_{file_type}_*.csv"))
        path.write_text(path.read_text(encoding="utf-8").replace(";05999001;", ";05999000;"))
    for file_type in ("Wahlgebietseinteilungen", "Wahlergebnisse"):
        for bezirk in ("0201", "0202", "9201"):
            set_cell(folder, file_type, bezirk, "wahl-behoerde-gs", "05999002")


def test_municipalities_of_a_kreis_are_one_r19_per_file(ratswahl: Path) -> None:
    kreis_package(ratswahl)
    report = wahldaten.validate(ratswahl)
    assert report.exit_code == 0
    (r19,) = [r for p in report.packages for r in p.results if r.code == "R19"]
    assert r19.count == 2  # Wahlgebietseinteilungen and Wahlergebnisse
    assert r19.examples[0].params == {
        "authority": "05999000",
        "municipalities": 2,
        "rows": 6,
        "value": "05999001, 05999002",
    }


def test_a_finding_in_a_kreis_package_names_the_municipality_with_the_bezirk(
    ratswahl: Path,
) -> None:
    """Issue 10 §4: Bezirk 0201 exists in both municipalities; the location tells which."""
    kreis_package(ratswahl)
    set_cell(ratswahl, "Wahlergebnisse", "0201", "bezirk-name", "0201 Altes Bürgerhaus")
    (r08,) = [
        r for p in wahldaten.validate(ratswahl).packages for r in p.results if r.code == "R08"
    ]
    (finding,) = r08.examples
    assert (finding.location.bezirk, finding.location.gs) == ("0201", "05999002")


def test_a_single_municipality_package_locates_by_bezirk_alone(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0201", "bezirk-name", "0201 Altes Bürgerhaus")
    (r08,) = [
        r for p in wahldaten.validate(ratswahl).packages for r in p.results if r.code == "R08"
    ]
    assert (r08.examples[0].location.bezirk, r08.examples[0].location.gs) == ("0201", None)


def test_kandidaten_of_another_municipality_stay_an_r03_error(ratswahl: Path) -> None:
    """Issue 10: a true defect for contrast: a Kandidaten file of another municipality."""
    path = next(ratswahl.glob("*_Kandidaten_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace(";05999001;", ";05999002;"))
    report = wahldaten.validate(ratswahl)
    (r03,) = [r for p in report.packages for r in p.results if r.code == "R03"]
    assert r03.severity is Severity.ERROR and report.exit_code == 1
