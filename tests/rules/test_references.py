"""References: rows may carry the key of a municipality inside the package's authority."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from support import codes, set_cell
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
