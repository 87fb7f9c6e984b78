"""Every rule code is documented, translated and proven by fixtures.

A code without a German and an English title and message, without a description, without an
invalid fixture that triggers it, or triggered by a valid fixture, fails here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import wahldaten
from wahldaten import catalog, registry
from wahldaten.findings import Severity
from wahldaten.report.model import Report
from wahldaten.report.render import finding_message

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "owd"
RULES = registry.all_rules()
CODES = [r.code for r in RULES]


@cache
def report_of(folder: Path) -> Report:
    return wahldaten.validate(folder, max_examples=1000)


def codes_in(report: Report) -> set[str]:
    return {r.code for p in report.packages for r in p.results}


def test_codes_are_unique_and_well_formed() -> None:
    assert len(CODES) == len(set(CODES))
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert re.fullmatch(r"[FSTRACP][0-9]{2}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_catalog_covers_exactly_the_registered_codes(language: str) -> None:
    assert catalog.codes(language) == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented_in_both_languages(code: str) -> None:
    rule = registry.get(code)
    assert len(rule.description) > 40, "the docstring is the rule's documentation"
    assert rule.example, "an example shows what triggers the rule"
    assert rule.reads
    for language in catalog.LANGUAGES:
        texts = catalog.rule_text(code, language)
        assert texts.get("title"), (language, "title")
        assert texts.get("message"), (language, "message")
    assert catalog.title(code, "de") != catalog.title(code, "en")


@pytest.mark.parametrize("code", CODES)
def test_invalid_fixture_triggers_the_code(code: str) -> None:
    folder = FIXTURES / "invalid" / code
    assert folder.is_dir(), f"fixtures/owd/invalid/{code} is missing (see fixtures/build.py)"
    report = report_of(folder)
    assert code in codes_in(report)


@pytest.mark.parametrize("code", CODES)
def test_messages_render_without_unfilled_placeholders(code: str) -> None:
    report = report_of(FIXTURES / "invalid" / code)
    results = [r for p in report.packages for r in p.results if r.code == code]
    assert results
    for result in results:
        for finding in result.examples:
            for language in catalog.LANGUAGES:
                text = finding_message(code, finding, language)
                assert "{" not in text and "}" not in text, text


VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", VALID, ids=lambda p: p.name)
def test_valid_fixture_has_no_error_or_warning(folder: Path) -> None:
    report = report_of(folder)
    assert len(report.packages) == 1
    assert {
        r.code for p in report.packages for r in p.results if r.severity is not Severity.INFO
    } == set()


@pytest.mark.parametrize("code", CODES)
def test_some_valid_fixture_does_not_trigger_the_code(code: str) -> None:
    assert any(code not in codes_in(report_of(folder)) for folder in VALID)


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
