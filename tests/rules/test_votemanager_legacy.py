"""K37, K38: the legacy votemanager reader's decisions, reported once per file."""

from __future__ import annotations

from support import ROOT
from wahldaten.api.conversion import inspect

LEGACY = ROOT / "fixtures" / "votemanager-legacy"


def examples(folder: str, code: str) -> list[object]:
    report, _ = inspect([LEGACY / folder], max_examples=100)
    return [f for r in report.all_results() if r.code == code for f in r.examples]


def test_zeros_of_rows_not_reported_are_one_finding_with_their_lines() -> None:
    (finding,) = examples("invalid/K37", "K37")
    assert finding.params == {"rows": 1, "lines": "3"}  # type: ignore[attr-defined]
    assert finding.location.line == 3 and finding.location.column == "AnzSchnellmeldungen"  # type: ignore[attr-defined]
    assert examples("valid/bundestagswahl", "K37") == []


def test_the_electorate_without_parts_names_its_column() -> None:
    (finding,) = examples("valid/bundestagswahl", "K38")
    assert finding.location.column == "Wahlberechtigte"  # type: ignore[attr-defined]
