"""K32, K33, K40: what the votemanager reader repaired in a file re-saved through a spreadsheet."""

from __future__ import annotations

import pytest

from vendor_support import VM, source_result
from wahldaten.api.conversion import inspect
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager import VotemanagerFacts
from wahldaten.rules import votemanager_resave as rules

OWN = ["K32", "K33", "K40"]


@pytest.mark.parametrize("code", OWN)
def test_each_example_shows_its_code_and_still_converts(code: str) -> None:
    report, elections = inspect([VM / "invalid" / code])
    assert source_result(report, code) and len(elections) == 1 and report.exit_code == 0


def test_repaired_keys_are_one_finding_per_kind_with_their_rows() -> None:
    report, _ = inspect([VM / "invalid" / "K32"])
    (finding,) = source_result(report, "K32")
    assert finding.params["rows"] == 3 and finding.params["lines"].startswith("2, 3, 4")
    assert finding.location.column == "ags" and finding.location.line == 2


def test_appended_columns_are_named_at_the_header() -> None:
    report, _ = inspect([VM / "invalid" / "K33"])
    (finding,) = source_result(report, "K33")
    assert finding.location.column == "ort_fix" and finding.location.line == 1


def test_a_respelt_date_is_read_in_the_form_of_owd() -> None:
    report, (election,) = inspect([VM / "invalid" / "K40"])
    (finding,) = source_result(report, "K40")
    assert (finding.params["value"], finding.params["read"]) == ("26.9.21", "26.09.2021")
    assert finding.location.column == "datum" and finding.params["rows"] == 3
    assert election.wahl_datum == "26.09.2021"


def test_files_as_votemanager_writes_them_have_nothing_repaired() -> None:
    report, _ = inspect([VM / "valid" / "bundestagswahl"])
    assert not set(OWN) & {r.code for r in report.source_results}


def test_rules_of_another_reader_see_nothing() -> None:
    facts = VotemanagerFacts("x.csv")
    context = SourceContext(source_format="votemanager", layout="", tables=[], observed=facts)
    for check in (
        rules.municipality_key_repaired,
        rules.appended_columns_ignored,
        rules.election_date_respelt,
    ):
        assert list(check(context)) == []
