"""The machine-readable report. Its structure is fixed by `report.schema.json` beside this module.

Stable for CI: codes, severities, counts per code and severity, whether example lists were
capped; messages are included in the requested language for convenience, parameters for
machines. Values from the data are kept exactly; characters that are unsafe to print travel as
`\\uXXXX` escapes (see `safe.json_text`), so the file round-trips and prints safely.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.core.structure import (
    ElectionStructure,
    StructureStatement,
    describe,
    describe_parts,
    describe_stage,
)
from wahldaten.core.structure_statement import KEYS as STATEMENT_KEYS
from wahldaten.engine.results import CodeResult, PackageReport, Report
from wahldaten.report.render import InputNote, finding_message, refused, skipped
from wahldaten.report.safe import json_text

if TYPE_CHECKING:
    from wahldaten.api.conversion import ConversionReport

REPORT_FORMAT_VERSION = "1"
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def _counts(counter: Any) -> dict[str, int]:
    return {s.value: int(counter[s]) for s in Severity}


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _result_dict(r: CodeResult, language: str) -> dict[str, Any]:
    """One code's findings: its count and the first examples with location and message."""
    return {
        "code": r.code,
        "name": r.name,
        "severity": r.severity.value,
        "title": catalog.title(r.code, language),
        "count": r.count,
        "rows": r.rows,
        "cells": r.cells,
        "truncated": r.truncated,
        "examples": [
            {
                "file": f.location.file,
                "line": f.location.line,
                "column": f.location.column,
                "bezirk": f.location.bezirk,
                "gs": f.location.gs,
                "params": {k: _jsonable(v) for k, v in f.params.items()},
                "message": finding_message(r.code, f, language),
            }
            for f in r.examples
        ],
    }


def _structure_dict(structure: ElectionStructure | None, language: str) -> dict[str, Any] | None:
    """The election's structure as the rules read it: the header text, its facts, and where
    each came from (`sources`: per attribute, a `structure.Source` value)."""
    if structure is None:
        return None
    return {
        "description": describe(structure, language),
        "scheme": structure.scheme.value,
        "votes": structure.votes,
        "separate_ballots": structure.separate_ballots,
        "votes_per_ballot": structure.votes_per_ballot,
        "ballots_column": structure.ballots_column,
        "votes_column": structure.votes_column,
        "ballot_areas": list(structure.ballot_areas),
        "several_ballots": structure.several_ballots,
        "postal_only": structure.postal_only,
        "referendum": structure.referendum,
        "parts": [
            {"attribute": attribute, "text": text, "source": structure.source(attribute).value}
            for attribute, text in describe_parts(structure, language)
        ],
        "sources": {name: source.value for name, source in structure.sources},
    }


def _stage_dict(structure: ElectionStructure | None, language: str) -> dict[str, Any] | None:
    """Which result was checked (election night or final) and why."""
    if structure is None:
        return None
    return {
        "value": structure.stage.value,
        "final": structure.final,
        "source": structure.source("stage").value,
        "description": describe_stage(structure, language),
    }


def _statement_dict(statement: StructureStatement | None) -> dict[str, Any] | None:
    """What the user stated (`--structure`, `[structure]`), by the keys they wrote."""
    if statement is None:
        return None
    names = {name: key for key, (name, _) in STATEMENT_KEYS.items()}
    return {
        names[f.name]: getattr(statement, f.name)
        for f in fields(statement)
        if f.name in names and getattr(statement, f.name) is not None
    }


def _package_dict(package: PackageReport, language: str) -> dict[str, Any]:
    s = package.summary
    return {
        "title": package.title,
        "wahl_name": s.wahl_name,
        "wahl_datum": s.wahl_datum,
        "gs": s.gs,
        "authority_name": s.authority_name,
        "version": package.version,
        "declared_version": package.declared_version,
        "files": [
            {
                "path": f.path,
                "type": f.file_type,
                "format": f.source_format,
                "rows": f.rows,
                "usable": f.usable,
            }
            for f in package.files
        ],
        "summary": {
            "bezirke": s.bezirke,
            "urn": s.urn,
            "postal": s.postal,
            "reported": s.reported,
            "result_rows": s.result_rows,
            "votes": s.votes,
            "ballot_positions": s.ballot_positions,
        },
        "structure": _structure_dict(package.structure, language),
        "stage": _stage_dict(package.structure, language),
        "counts": _counts(package.counts()),
        "findings": [
            _result_dict(r, language)
            for r in sorted(package.results, key=lambda r: (-r.severity.rank, r.code))
        ],
    }


def _notes(notes: list[InputNote]) -> list[dict[str, str]]:
    return [{"path": n.path, "key": n.key, "message": n.message} for n in notes]


def report_dict(report: Report, language: str = "de") -> dict[str, Any]:
    """The JSON report as a dict: what `wahldaten validate -f json` writes."""
    settings = report.settings
    return {
        "report_format": REPORT_FORMAT_VERSION,
        "tool": {"name": "wahldaten", "version": report.tool_version},
        "standard": {"name": "OWD", "versions": list(report.standard_versions)},
        "settings": {
            "fail_on": settings.fail_on.value,
            "select": list(settings.select),
            "ignore": list(settings.ignore),
            "max_examples": settings.max_examples,
            "language": language,
            "codes": list(settings.codes),
            "final": settings.final,
            "structure": _statement_dict(settings.structure),
        },
        "summary": {
            "passed": not report.failed,
            "exit_code": report.exit_code,
            "packages": len(report.packages),
            "counts": _counts(report.counts()),
            "by_code": report.counts_by_code(),
            "truncated": any(r.truncated for p in report.packages for r in p.results),
        },
        "inputs": list(report.inputs),
        "unrecognized": list(report.unrecognized),
        "refused": _notes(refused(report, language)),
        "skipped": _notes(skipped(report, language)),
        "packages": [_package_dict(p, language) for p in report.packages],
    }


def render_json(report: Report, language: str) -> str:
    return json_text(report_dict(report, language))


def conversion_dict(report: ConversionReport, language: str) -> dict[str, Any]:
    """The conversion report: detected format, source findings, packages, files written."""
    return {
        "source_format": report.source_format,
        "target_format": report.target_format,
        "detected": report.detected,
        "passed": not report.failed,
        "exit_code": report.exit_code,
        "source_findings": [_result_dict(r, language) for r in report.source_results],
        "packages": [_package_dict(p, language) for p in report.packages],
        "written": [str(p) for p in report.written],
        "skipped": _notes(skipped(report, language)),
        "totals": report.totals,
        "output_check": report_dict(report.output_check, language)
        if report.output_check is not None
        else None,
    }


def conversion_json(report: ConversionReport, language: str) -> str:
    return json_text(conversion_dict(report, language))
