"""K30: the electorate row of an election held entirely by post is kept as a Bezirk, and said."""

from __future__ import annotations

from vendor_support import VM, source_result
from wahldaten.api.conversion import inspect


def test_the_electorate_row_is_reported_with_its_electorate_and_the_bezirke_beside_it() -> None:
    report, _ = inspect([VM / "invalid" / "K30"])
    (finding,) = source_result(report, "K30")
    assert dict(finding.params) == {"electorate": 12480, "bezirke": 4}
    location = finding.location
    assert (location.line, location.column, location.bezirk) == (2, "A", "0")


def test_no_electorate_row_where_the_bezirke_have_an_electorate() -> None:
    report, _ = inspect([VM / "valid" / "bundestagswahl"])
    assert not [r for r in report.source_results if r.code == "K30"]
