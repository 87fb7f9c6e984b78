"""Completeness: half-filled rows, unreported Bezirke, counting status."""

from __future__ import annotations

from pathlib import Path

from support import codes, set_cell


def test_malformed_count_is_not_reported_as_empty(ratswahl: Path) -> None:
    """Regression: a malformed A1 used to be named as an empty cell by C01."""
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A1", "1.102")
    assert codes(ratswahl) == {"T05": 1}


def test_valid_votes_without_any_option_is_c01(ratswahl: Path) -> None:
    for n in range(1, 6):
        set_cell(ratswahl, "Wahlergebnisse", "0202", f"D{n}", "")
    assert codes(ratswahl) == {"C01": 1}


def test_all_empty_row_is_not_reported_and_counted_as_coverage(ratswahl: Path) -> None:
    for column in ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "D1", "D2", "D3", "D4", "D5"):
        set_cell(ratswahl, "Wahlergebnisse", "9201", column, "")
    assert codes(ratswahl) == {"C02": 1, "C05": 1}
