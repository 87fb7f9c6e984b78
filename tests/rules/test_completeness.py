"""Completeness: half-filled rows, unreported Bezirke, counting status."""

from __future__ import annotations

from pathlib import Path

import wahldaten
from support import codes, set_cell
from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult


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


def results_of(folder: Path, code: str) -> list[CodeResult]:
    return [r for p in wahldaten.validate(folder).packages for r in p.results if r.code == code]


def test_a_row_complete_but_for_b1_is_a_c08_warning_not_c01(ratswahl: Path) -> None:
    """Issue 10: B1 not reported is a missing detail, not a half-entered row."""
    for bezirk in ("0101", "0102"):
        set_cell(ratswahl, "Wahlergebnisse", bezirk, "B1", "")
    assert codes(ratswahl) == {"C08": 1}
    (c08,) = results_of(ratswahl, "C08")
    assert c08.severity is Severity.WARNING
    (finding,) = c08.examples
    assert finding.params == {"rows": 2, "lines": "2, 3"}
    assert (finding.location.column, finding.location.bezirk) == ("B1", "0101")
    assert wahldaten.validate(ratswahl, final=True).exit_code == 0


def test_b1_empty_beside_another_empty_count_stays_c01(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "B1", "")
    set_cell(ratswahl, "Wahlergebnisse", "0101", "C", "")
    assert codes(ratswahl) == {"C01": 1}


def test_one_export_time_in_every_row_is_one_c07_per_cause(ratswahl: Path) -> None:
    """Issue 10 §3: an export time in every row is one cause; empty stamps are another."""
    for bezirk in ("0101", "0102", "0201", "0202", "9101"):
        set_cell(ratswahl, "Wahlergebnisse", bezirk, "zeitstempel-erfassung", "14.09.2025 17:12:13")
    set_cell(ratswahl, "Wahlergebnisse", "9201", "zeitstempel-erfassung", "")
    (c07,) = results_of(ratswahl, "C07")
    assert c07.count == 2
    early, empty = c07.examples
    assert early.params == {"value": "14.09.2025 17:12:13", "rows": 5, "lines": "2, 3, 4, 5, 6"}
    assert empty.params == {"value": None, "rows": 1, "lines": "7"}
