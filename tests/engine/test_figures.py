"""The distributions behind the HTML report's pictures: bins over the Bezirke, the Bezirke
named by a finding, the far outliers; only bins, never a value per Bezirk."""

from __future__ import annotations

from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES, set_cell
from wahldaten.engine.figures import _step
from wahldaten.engine.results import Distribution


def by_kind(path: Path, **options: object) -> dict[str, Distribution]:
    report = wahldaten.validate(path, **options)  # type: ignore[arg-type]
    return {d.kind: d for d in report.packages[0].distributions}


def test_turnout_of_the_urn_bezirke_and_the_invalid_share_of_all() -> None:
    found = by_kind(FIXTURES / "invalid" / "P02")
    turnout, invalid = found["turnout"], found["invalid"]
    assert sum(turnout.counts) == 5 and sum(invalid.counts) == 7  # 5 urn, 2 postal Bezirke
    assert turnout.with_findings[0] == 1 and sum(turnout.with_findings) == 1
    assert (
        turnout.lower
        <= 0.035
        < turnout.lower + (turnout.upper - turnout.lower) / len(turnout.counts)
    )
    assert 0.29 < turnout.median < 0.30
    assert len(turnout.counts) == len(turnout.with_findings) == len(turnout.outliers)


def test_a_far_outlier_without_a_kept_example(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0102", "C", "90")  # about a quarter of B invalid
    found = by_kind(ratswahl, max_examples=0, select=["P"])
    invalid = found["invalid"]
    assert sum(invalid.with_findings) == 0  # no example kept, so none named
    assert sum(invalid.outliers) >= 1 and invalid.outliers[-1] >= 1


def test_postal_only_has_no_turnout() -> None:
    found = by_kind(FIXTURES / "valid" / "postal-only")
    assert "turnout" not in found


@pytest.mark.parametrize(
    ("span", "step"), [(0.3, 0.02), (0.01, 0.001), (0.0, 0.001), (0.5, 0.025), (1.2, 0.05)]
)
def test_bins_have_round_widths(span: float, step: float) -> None:
    assert _step(span) == pytest.approx(step)
