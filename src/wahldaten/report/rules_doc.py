"""Documentation of the rules, generated from the registry and the catalog (never written by hand)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from wahldaten.core import catalog
from wahldaten.rules.registry import Rule


def severity_text(rule: Rule, language: str) -> str:
    """The rule's severity, and where it differs its severity in the final result (`--final`):
    "Warnung, im Endergebnis (--final) Fehler"."""
    severity = catalog.text(f"severity.{rule.severity.value}", language)
    final = rule.severity_for(final=True)
    if final is rule.severity:
        return severity
    final_text = catalog.text(f"severity.{final.value}", language)
    return catalog.text("ui.severity_final", language, severity=severity, final=final_text)


def as_table(rules: Sequence[Rule], language: str) -> str:
    lines = []
    family = ""
    for rule in rules:
        if rule.family != family:
            family = rule.family
            lines.append(f"{family}  {catalog.text(f'families.{family}', language)}")
        severity = catalog.text(f"severity.{rule.severity.value}", language)
        lines.append(
            f"  {rule.code}  {severity:<8}  {catalog.title(rule.code, language)}  [{rule.name}]"
        )
    return "\n".join(lines) + "\n"


def explain(rule: Rule, language: str) -> str:
    def t(key: str) -> str:
        return catalog.text(key, language)

    lines = [
        f"{rule.code} {rule.name}: {catalog.title(rule.code, language)}",
        "",
        f"{t('ui.severity')}: {severity_text(rule, language)}",
        f"{catalog.text(f'families.{rule.family}', language)} · {t('ui.reads')}: "
        + ", ".join(rule.input_names(language)),
        "",
        rule.explain(language),
        "",
        f"{t('ui.message')}: {catalog.rule_text(rule.code, language).get('message', '')}",
    ]
    if rule.example:
        lines += ["", f"{t('ui.example')}:", *("  " + line for line in rule.example.splitlines())]
    return "\n".join(lines) + "\n"


def as_json(rules: Sequence[Rule], language: str) -> str:
    data = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "final_severity": r.severity_for(final=True).value,
            "family": r.family,
            "reads": r.input_names(language),
            "title": catalog.title(r.code, language),
            "message": catalog.rule_text(r.code, language).get("message", ""),
            "description": r.explain(language),
            "example": r.example,
        }
        for r in rules
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_markdown(rules: Sequence[Rule], language: str) -> str:
    """The rule reference (docs/rules.md) in one language."""
    command = "wahldaten rules --format markdown --lang " + language

    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    lines = [
        f"# {t('ui.docs_title')}",
        "",
        t("ui.docs_generated", command=command),
        "",
        f"| Code | {t('ui.severity')} | {t('ui.title')} |",
        "|---|---|---|",
    ]
    for rule in rules:
        severity = severity_text(rule, language)
        lines.append(
            f"| [{rule.code}](#{rule.code.lower()}) | {severity} | {catalog.title(rule.code, language)} |"
        )
    family = ""
    for rule in rules:
        if rule.family != family:
            family = rule.family
            lines += ["", f"## {family} – {catalog.text(f'families.{family}', language)}"]
        severity = severity_text(rule, language)
        lines += [
            "",
            f"### {rule.code}",
            "",
            f"**{catalog.title(rule.code, language)}** · `{rule.name}` · {severity} · "
            + ", ".join(rule.input_names(language)),
            "",
            rule.explain(language),
            "",
            "> " + catalog.rule_text(rule.code, language).get("message", ""),
        ]
        if rule.example:
            lines += ["", f"{t('ui.example')}: " + rule.example.replace("\n", " ⏎ ")]
    return "\n".join(lines) + "\n"
