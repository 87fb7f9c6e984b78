"""SARIF 2.1.0 for code scanning: one result per reported finding, rules with their help text.

Locations are relative to the repository root (`%SRCROOT%`), so that code scanning shows the
findings on the CSV file, line and field. Examples are capped like every report (see
`--max-examples`); the run's properties say when they were. Messages are made printable (code
scanning shows them to people), artifact locations are percent-encoded URIs, and the JSON
carries unsafe characters of the data only as escapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from wahldaten.core import catalog
from wahldaten.core.findings import CELLS, ROWS, Location
from wahldaten.engine.results import PackageReport, Report
from wahldaten.report.locate import place, repository_root
from wahldaten.report.render import (
    InputNote,
    finding_message,
    refused,
    skipped,
    stage_text,
    structure_text,
)
from wahldaten.report.safe import Shown, json_text
from wahldaten.rules import registry

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://offenewahldaten.de"


def _uri(path: str) -> str:
    """A path as a URI reference; undecodable bytes of a file name become their %XX again."""
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, safe="/", errors="backslashreplace")


def _rule(code: str, language: str) -> dict[str, Any]:
    rule = registry.get(code)
    text = catalog.rule_text(code, language)
    explanation = rule.explain(language)
    example = catalog.text("ui.example", language)
    help_text = explanation + (f"\n\n{example}: {rule.example}" if rule.example else "")
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": text.get("title", code)},
        "fullDescription": {"text": explanation or text.get("title", code)},
        "help": {"text": help_text, "markdown": f"**{text.get('title', code)}**\n\n{help_text}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity.value]},
        "properties": {
            "tags": [catalog.text(f"families.{rule.family}", "en")],
            "formats": list(rule.formats),
        },
    }


def _notification(note: InputNote, base: Path, shown: Shown) -> dict[str, Any]:
    """An input not validated, as a note of the run (not a result: it is no finding)."""
    entry: dict[str, Any] = {
        "level": "note",
        "message": {"text": shown(note.message)},
        "properties": {"key": note.key},
    }
    where = place(Location(file=note.path), base)
    if where is not None:
        artifact = {"uri": _uri(where.path), "uriBaseId": "%SRCROOT%"}
        entry["locations"] = [{"physicalLocation": {"artifactLocation": artifact}}]
    return entry


def _package_properties(package: PackageReport, language: str, shown: Shown) -> dict[str, Any]:
    """A package as the run's properties show it: its structure and the stage checked."""
    entry: dict[str, Any] = {"package": shown(package.title)}
    if package.structure is not None:
        entry["structure"] = shown(structure_text(package.structure, language))
        entry["stage"] = package.structure.stage.value
        entry["stageDescription"] = shown(stage_text(package.structure, language))
    return entry


def sarif_dict(report: Report, language: str, root: Path | None = None) -> dict[str, Any]:
    base = root or repository_root()
    codes = sorted({r.code for p in report.packages for r in p.results})
    index = {code: i for i, code in enumerate(codes)}
    results: list[dict[str, Any]] = []
    shown = Shown()
    for package in report.packages:
        fallback = package.files[0].path if package.files else None
        for result in package.results:
            for finding in result.examples:
                where = place(finding.location, base)
                if where is None and fallback is not None:
                    where = place(type(finding.location)(file=fallback), base)
                location: dict[str, Any] = {}
                if where is not None:
                    region: dict[str, int] = {}
                    if where.line is not None:
                        region["startLine"] = where.line
                        if where.start_column is not None and where.end_column is not None:
                            region["startColumn"] = where.start_column
                            region["endColumn"] = where.end_column
                    physical: dict[str, Any] = {
                        "artifactLocation": {"uri": _uri(where.path), "uriBaseId": "%SRCROOT%"}
                    }
                    if region:
                        physical["region"] = region
                    location = {"physicalLocation": physical}
                properties: dict[str, Any] = {
                    k: v
                    for k, v in {
                        "package": package.title,
                        "column": finding.location.column,
                        "bezirk": finding.location.bezirk,
                        "gs": finding.location.gs,
                    }.items()
                    if v
                }
                # A finding that stands for many rows or cells (one per cause): their number.
                for name in (ROWS, CELLS):
                    value = finding.params.get(name)
                    if isinstance(value, int) and not isinstance(value, bool):
                        properties[name] = value
                entry: dict[str, Any] = {
                    "ruleId": result.code,
                    "ruleIndex": index[result.code],
                    "level": LEVEL[result.severity.value],
                    "message": {"text": shown(finding_message(result.code, finding, language))},
                    "properties": properties,
                }
                if location:
                    entry["locations"] = [location]
                results.append(entry)
    notes = [*refused(report, language), *skipped(report, language)]
    notifications = [_notification(note, base, shown) for note in notes]
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": report.exit_code}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    truncated = any(r.truncated for p in report.packages for r in p.results)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wahldaten",
                        "version": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(code, language) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.resolve().as_uri() + "/"}},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "truncated": truncated,
                    "maxExamples": report.settings.max_examples,
                    "packages": [_package_properties(p, language, shown) for p in report.packages],
                    "escaped": shown.escaped,  # control characters in messages shown as escapes
                },
            }
        ],
    }


def render_sarif(report: Report, language: str, root: Path | None = None) -> str:
    return json_text(sarif_dict(report, language, root))
