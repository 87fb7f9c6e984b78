"""Why each rule code has its severity, from the catalogs (`rules.<CODE>.severity_reason`).

Error: the data contradicts itself or the standard; warning: probably a mistake; info: a fact
worth knowing. Each reason names what the real files showed. `render_markdown` writes
docs/severity.md; it takes the rules as arguments because the registry is in a layer above.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from wahldaten.core.catalog import rule_text, text, title
from wahldaten.core.findings import Severity

KEY = "severity_reason"
FUNCTION = "wahldaten.core.catalog.severity.render_markdown"


class RuleSeverity(Protocol):
    """What the table needs of a rule: its code and its severity (registry.Rule has both)."""

    @property
    def code(self) -> str: ...

    @property
    def severity(self) -> Severity: ...


def severity_reason(code: str, language: str) -> str:
    """The reason for the code's severity; KeyError where the catalog has none."""
    reason = str(rule_text(code, language).get(KEY, "")).strip()
    if not reason:
        raise KeyError(code)
    return reason


def _cell(value: str) -> str:
    """A table cell: pipes escaped, and `<` outside code spans too, or `D<n>` reads as a tag."""
    parts = value.replace("|", "\\|").split("`")
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(parts))


def render_markdown(rules: Iterable[RuleSeverity], language: str = "de") -> str:
    """docs/severity.md: one row per code with its severity, title and reason."""

    def t(key: str, **params: object) -> str:
        return text(key, language, **params)

    lines = [
        f"# {t('severity_doc.title')}",
        "",
        t("severity_doc.generated", function=FUNCTION),
        "",
        t("severity_doc.levels"),
        "",
        t("severity_doc.evidence"),
        "",
        f"| Code | {t('ui.severity')} | {t('ui.title')} | {t('severity_doc.reason')} |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        severity = t(f"severity.{rule.severity.value}")
        lines.append(
            f"| {rule.code} | {severity} | {_cell(title(rule.code, language))} "
            f"| {_cell(severity_reason(rule.code, language))} |"
        )
    return "\n".join(lines) + "\n"
