"""K04, K11, K12, K14–K16, K31, K34: the votemanager reader's inferences and its checks of the
source (its repairs of a spreadsheet's re-save: test_votemanager_resave)."""

from __future__ import annotations

import pytest

from vendor_support import VM, source_result
from wahldaten.api.conversion import inspect
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager import VotemanagerFacts
from wahldaten.rules import votemanager as rules

OWN = ["K04", "K11", "K12", "K14", "K15", "K16", "K31", "K34"]


@pytest.mark.parametrize("code", OWN)
def test_each_example_shows_its_code(code: str) -> None:
    report, _ = inspect([VM / "invalid" / code])
    assert source_result(report, code)


def test_postal_bezirke_inferred_from_their_figures_are_k04() -> None:
    report, _ = inspect([VM / "invalid" / "K04"])
    (finding,) = source_result(report, "K04")
    assert finding.params["count"] >= finding.params["postal"] >= 1
    assert finding.location.column == "gebiet-nr"


def test_bezirk_types_from_metadata_are_not_k04() -> None:
    report, _ = inspect([VM / "valid" / "bundestagswahl"])
    assert "K04" not in {r.code for r in report.source_results}


def test_source_findings_point_to_the_source_line() -> None:
    report, _elections = inspect([VM / "invalid" / "K15"])
    (finding,) = source_result(report, "K15")
    assert finding.location.line == 2 and finding.location.column == "E"
    assert finding.location.file is not None and finding.location.file.endswith("Bayern1166.csv")
    assert report.exit_code == 1


def test_council_sums_name_their_parts() -> None:
    report, _ = inspect([VM / "invalid" / "K14"])
    finding = source_result(report, "K14")[0]
    assert finding.params["found"] != finding.params["expected"]
    assert "+" in finding.params["parts"]


def test_single_candidate_gets_a_nein_option() -> None:
    report, (election,) = inspect([VM / "invalid" / "K16"])
    (finding,) = source_result(report, "K16")
    assert finding.location.column == "D2"
    assert election.tables["Stimmzettel"]["partei-kurzname"].to_list() == [None, "Nein"]


def test_derived_area_keys_name_their_column() -> None:
    report, _ = inspect([VM / "invalid" / "K31"])
    (finding,) = source_result(report, "K31")
    assert finding.params == {"count": 3, "source": "gebiet-name"}
    assert finding.location.column == "gebiet-nr"


def test_hessian_ballot_kinds_within_the_valid_ballots_are_no_k34() -> None:
    report, _ = inspect([VM / "valid" / "kommunalwahl-hessen"])
    assert not {"K14", "K34"} & {r.code for r in report.source_results}


def test_rules_of_another_format_see_nothing() -> None:
    context = SourceContext(source_format="akdb", layout="", tables=[], observed=None)
    assert list(rules.council_sums(context)) == []
    facts = VotemanagerFacts("x.csv")
    context = SourceContext(source_format="votemanager", layout="", tables=[], observed=facts)
    assert list(rules.reported_but_empty(context)) == list(rules.bezirk_type_inferred(context))
    for check in (
        rules.area_keys_derived,
        rules.ballot_kinds_exceed_ballots,
    ):
        assert list(check(context)) == []
