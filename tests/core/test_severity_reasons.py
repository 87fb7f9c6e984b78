"""Every rule code says why it has its severity, in German and English, and docs/severity.md
is generated from those reasons."""

from __future__ import annotations

import pytest

from support import ROOT
from wahldaten.core import catalog
from wahldaten.core.catalog.severity import render_markdown, severity_reason
from wahldaten.rules import registry

RULES = registry.all_rules()
PLACEHOLDERS = ("todo", "tbd", "fixme", "xxx", "lorem", "{", "}")
# The words that say a reason is backed by the real files.
EVIDENCE = {"de": "Echte Dateien:", "en": "Real files:"}


@pytest.mark.parametrize("language", catalog.LANGUAGES)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: str(r.code))
def test_every_code_has_a_real_reason(rule: registry.Rule, language: str) -> None:
    reason = severity_reason(rule.code, language)
    assert len(reason) > 80, reason
    assert not any(p in reason.lower() for p in PLACEHOLDERS), reason
    assert EVIDENCE[language] in reason, "the reason names what the real files showed"


@pytest.mark.parametrize("language", catalog.LANGUAGES)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: str(r.code))
def test_the_reason_argues_for_the_severity_the_rule_has(
    rule: registry.Rule, language: str
) -> None:
    """A reason starts with its level ("Fehler:", "Warning:"): changing a rule's severity
    without its reason fails here."""
    level = catalog.text(f"severity.{rule.severity.value}", language)
    assert severity_reason(rule.code, language).lower().startswith(f"{level.lower()}:")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: str(r.code))
def test_the_english_reason_is_a_translation(rule: registry.Rule) -> None:
    assert severity_reason(rule.code, "de") != severity_reason(rule.code, "en")


def test_a_code_without_a_reason_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        severity_reason("Z99", "de")


def test_the_table_has_one_row_per_code_in_registry_order() -> None:
    rows = [line for line in render_markdown(RULES).splitlines() if line.startswith("| ")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]] == [r.code for r in RULES]


def test_a_placeholder_in_a_title_cannot_read_as_a_tag() -> None:
    class Fake:
        code = "A08"  # its title has `D<n>`
        severity = RULES[0].severity

    row = render_markdown([Fake()]).splitlines()[-1]
    assert "D&lt;n>" in row and row.count(" | ") == 3, row


def test_docs_severity_is_generated_from_the_catalog() -> None:
    path = ROOT / "docs" / "severity.md"
    assert path.read_text(encoding="utf-8") == render_markdown(RULES), (
        "docs/severity.md is stale: python -c 'from wahldaten.rules import registry; "
        "from wahldaten.core.catalog.severity import render_markdown; "
        'print(render_markdown(registry.all_rules()), end="")\' > docs/severity.md'
    )
