"""Every rule code is documented, translated and proven by fixtures.

A code without a German and an English title and message, without a description (the
docstring, translated in the German catalog), without an
invalid fixture that triggers it, or triggered by a valid fixture, fails here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import wahldaten
from wahldaten.api.conversion import ConversionReport, inspect
from wahldaten.core import catalog
from wahldaten.core.codes import LOCATION_PARAMS, Code, Input
from wahldaten.core.findings import Severity
from wahldaten.engine.results import Report
from wahldaten.formats import owd
from wahldaten.formats.source import SourceContext
from wahldaten.io.sources import collect
from wahldaten.report.render import finding_message
from wahldaten.rules import registry
from wahldaten.rules.context import Context

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "owd"
RULES = registry.all_rules()
CODES = [r.code for r in RULES]


@cache
def report_of(folder: Path) -> Report:
    return wahldaten.validate(folder, max_examples=1000)


@cache
def inspection_of(folder: Path) -> ConversionReport:
    report, _ = inspect([folder], max_examples=1000)
    return report


def codes_in(report: Report | ConversionReport) -> set[str]:
    return (
        {r.code for r in report.all_results()}
        if isinstance(report, ConversionReport)
        else {r.code for p in report.packages for r in p.results}
    )


def invalid_fixture(code: str) -> Path | None:
    """fixtures/owd/invalid/<CODE>/ for OWD rules, fixtures/<format>/invalid/<CODE>/ otherwise."""
    found = sorted(p for p in ROOT.glob(f"fixtures/*/invalid/{code}") if p.is_dir())
    return found[0] if found else None


def report_for(folder: Path) -> Report | ConversionReport:
    return report_of(folder) if folder.parts[-3] == "owd" else inspection_of(folder)


def test_codes_are_unique_and_well_formed() -> None:
    assert len(CODES) == len(set(CODES))
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert re.fullmatch(r"[FSTRACPK][0-9]{2}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_catalog_covers_exactly_the_registered_codes(language: str) -> None:
    assert catalog.codes(language) == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented_in_both_languages(code: str) -> None:
    rule = registry.get(code)
    assert len(rule.description) > 40, "the docstring is the rule's documentation"
    assert rule.example, "an example shows what triggers the rule"
    assert rule.inputs
    for language in catalog.LANGUAGES:
        texts = catalog.rule_text(code, language)
        assert texts.get("title"), (language, "title")
        assert texts.get("message"), (language, "message")
    assert catalog.title(code, "de") != catalog.title(code, "en")
    # The explanation: the docstring in English, the catalog's translation in German, with the
    # same documented values filled in (a placeholder without its value would fail here).
    german = rule.explain("de")
    assert german != rule.explain("en") and len(german) > 40, "German explanation missing"
    assert "{" not in german and "}" not in german


@pytest.mark.parametrize("code", CODES)
def test_invalid_fixture_triggers_the_code(code: str) -> None:
    folder = invalid_fixture(code)
    assert folder is not None, f"fixtures/*/invalid/{code} is missing (see fixtures/build.py)"
    owd_rule = registry.get(code).applies_to("owd")
    assert (folder.parts[-3] == "owd") == owd_rule, folder
    assert code in codes_in(report_for(folder))


@pytest.mark.parametrize("code", CODES)
def test_messages_render_without_unfilled_placeholders(code: str) -> None:
    folder = invalid_fixture(code)
    assert folder is not None
    report = report_for(folder)
    everything = (
        report.all_results()
        if isinstance(report, ConversionReport)
        else [r for p in report.packages for r in p.results]
    )
    results = [r for r in everything if r.code == code]
    assert results
    for result in results:
        for finding in result.examples:
            for language in catalog.LANGUAGES:
                text = finding_message(code, finding, language)
                assert "{" not in text and "}" not in text, text


VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
SOURCE_VALID = sorted(
    p for p in ROOT.glob("fixtures/*/valid/*") if p.is_dir() and p.parts[-3] != "owd"
)


# Valid fixtures with a warning they must have: rows that end after their own ballot (F14).
EXPECTED_WARNINGS = {"several-ballots": {"F14"}}


@pytest.mark.parametrize("folder", VALID, ids=lambda p: p.name)
def test_valid_fixture_has_no_error_or_warning(folder: Path) -> None:
    report = report_of(folder)
    assert len(report.packages) == 1
    assert {
        r.code for p in report.packages for r in p.results if r.severity is not Severity.INFO
    } == EXPECTED_WARNINGS.get(folder.name, set())


@pytest.mark.parametrize("code", CODES)
def test_some_valid_fixture_does_not_trigger_the_code(code: str) -> None:
    valid = VALID if registry.get(code).applies_to("owd") else SOURCE_VALID
    assert valid, "no valid fixture for this kind of rule"
    assert any(code not in codes_in(report_for(folder)) for folder in valid)


@pytest.mark.parametrize("folder", SOURCE_VALID, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_valid_source_fixture_converts_without_error_or_warning(folder: Path) -> None:
    report = inspection_of(folder)
    assert {r.code for r in report.all_results() if r.severity is not Severity.INFO} == set()
    assert report.totals


def test_plain_valid_fixtures_trigger_nothing_at_all() -> None:
    for name in ("ratswahl", "bundestagswahl", "buergerentscheid"):
        assert codes_in(report_of(FIXTURES / "valid" / name)) == set()


def test_cumulative_voting_fixture_only_reports_its_extension_columns() -> None:
    report = report_of(FIXTURES / "valid" / "gemeinderatswahl-nds")
    (result,) = report.packages[0].results
    assert result.code == "S13" and result.count == 3  # GUELTIGE-STIMMZETTEL, D<n>_liste, D<n>_<k>


def test_valid_fixtures_cover_urn_postal_two_votes_referendum_and_both_versions() -> None:
    summaries = [report_of(f).packages[0] for f in VALID]
    assert {p.version for p in summaries} == {"0.2", "0.3"}
    assert {p.summary.votes for p in summaries} == {1, 2}
    assert all(p.summary.postal and p.summary.urn for p in summaries)
    assert any(not any(f.file_type == "Kandidaten" for f in p.files) for p in summaries)


def test_select_and_ignore_by_prefix() -> None:
    assert {r.code for r in registry.selected(["A"])} == {c for c in CODES if c.startswith("A")}
    assert "A01" not in {r.code for r in registry.selected(None, ["A01"])}
    with pytest.raises(registry.UnknownCodeError):
        registry.selected(["X99"])


@pytest.mark.parametrize("code", CODES)
def test_findings_carry_the_parameters_their_code_declares(code: str) -> None:
    """What a rule yields is what its message takes: no parameter more, none missing (the
    location gives `column` and `bezirk`)."""
    folder = invalid_fixture(code)
    assert folder is not None
    report = report_for(folder)
    everything = (
        report.all_results()
        if isinstance(report, ConversionReport)
        else [r for p in report.packages for r in p.results]
    )
    declared = set(Code(code).params)
    for result in everything:
        if result.code != code:
            continue
        for finding in result.examples:
            given = set(finding.params)
            assert given <= declared, (code, given - declared)
            assert declared - given <= LOCATION_PARAMS, (code, declared - given)


def test_a_rule_knows_where_it_lives() -> None:
    rule = registry.get("S02")
    assert rule.module == "wahldaten.rules.columns"
    path, line = rule.location.rsplit(":", 1)
    assert path == "wahldaten/rules/columns.py"
    source = (ROOT / "src" / path).read_text(encoding="utf-8").splitlines()
    assert source[int(line) - 1].startswith("def unknown_column(")
    assert rule.params == ("columns", "count")


def test_fixtures_of_a_code_in_a_checkout(tmp_path: Path) -> None:
    assert registry.checkout() == ROOT
    assert registry.fixtures("a01") == [ROOT / "fixtures" / "owd" / "invalid" / "A01"]
    assert registry.fixtures("K17") == [ROOT / "fixtures" / "akdb" / "invalid" / "K17"]
    assert registry.fixtures("A01", root=tmp_path) == []
    (tmp_path / "fixtures" / "wbz" / "invalid" / "K24").mkdir(parents=True)
    assert registry.fixtures("K24", root=tmp_path) == [tmp_path / "fixtures/wbz/invalid/K24"]


def test_rules_declare_inputs_as_the_enum() -> None:
    for rule in RULES:
        assert all(isinstance(i, Input) for i in rule.inputs), rule.code
        assert len(set(rule.inputs)) == len(rule.inputs), rule.code
    assert registry.get("R06").reads == (Input.RESULTS, Input.WAHLGEBIETSEINTEILUNGEN)
    assert registry.get("F01").reads == (Input.READING,)
    assert registry.get("S02").input_names("en") == ["all files"]
    assert registry.get("S02").input_names("de") == ["Alle Dateien"]


def test_a_rule_applies_only_where_its_inputs_are_present(tmp_path: Path) -> None:
    for path in (FIXTURES / "valid" / "ratswahl").iterdir():
        if "Kandidaten" not in path.name and "Wahlgebietseinteilungen" not in path.name:
            (tmp_path / path.name).write_bytes(path.read_bytes())
    (package,), _ = owd.read_packages(collect([tmp_path]))
    context = Context(package)
    assert registry.get("F01").applies(context)
    assert registry.get("S02").applies(context)
    assert registry.get("C02").applies(context)  # reads the results
    assert not registry.get("R06").applies(context)  # needs Wahlgebietseinteilungen
    assert not registry.get("R18").applies(context)  # needs Kandidaten
    source = SourceContext(source_format="akdb", layout="", tables=[])
    assert registry.get("F01").applies(source)
    assert not registry.get("S02").applies(source)


def test_severity_depends_on_the_stage_where_a_rule_says_so() -> None:
    """Issue 10 §2: in the final result every Bezirk needs a complete row."""
    for code in ("R07", "R20", "C02", "C05"):
        rule = registry.get(code)
        assert rule.severity_for(False) is rule.severity is not Severity.ERROR
        assert rule.severity_for(True) is Severity.ERROR
    for code in ("C01", "C07", "C08", "P01"):
        rule = registry.get(code)
        assert rule.severity_for(True) is rule.severity_for(False) is rule.severity
