"""Arithmetic rules are null-aware: empty cells and malformed counts never produce sum errors."""

from __future__ import annotations

from pathlib import Path

from support import codes, set_cell


def test_wrong_option_count_is_a03(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "47")
    assert codes(ratswahl) == {"A03": 1}


def test_malformed_option_count_is_only_t05(ratswahl: Path) -> None:
    """Regression: a malformed D5 used to drop out of the sum and raise a false A03."""
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "46.0")
    assert codes(ratswahl) == {"T05": 1}


def test_malformed_total_is_only_t05(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A", "1.333")
    assert codes(ratswahl) == {"T05": 1}


def test_count_too_large_for_an_integer_is_only_t05(ratswahl: Path) -> None:
    """Regression: a count that fits the pattern but not an Int64 silently became empty."""
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "99999999999999999999")
    assert codes(ratswahl) == {"T05": 1}


def test_voters_and_wahlschein(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "9101", "B1", "413")  # postal: B = 412
    assert codes(ratswahl) == {"A05": 1}


def test_zero_filled_breakdown_is_a16_not_a01(ratswahl: Path) -> None:
    for column in ("A1", "A2", "A3"):
        set_cell(ratswahl, "Wahlergebnisse", "0201", column, "0")
    assert codes(ratswahl) == {"A16": 1}


def test_empty_operand_suppresses_the_sum_check(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "C", "")
    assert codes(ratswahl) == {"C01": 1}
