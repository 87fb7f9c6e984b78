"""Turning findings into sentences in the reader's language (shared by every report format)."""

from __future__ import annotations

from typing import Any

from wahldaten.core import catalog
from wahldaten.core.findings import Finding


def finding_params(finding: Finding) -> dict[str, Any]:
    """Message parameters, with the location's column and Bezirk available as {column}/{bezirk}."""
    params: dict[str, Any] = {"column": finding.location.column, "bezirk": finding.location.bezirk}
    params.update(finding.params)
    return params


def finding_message(code: str, finding: Finding, language: str) -> str:
    return catalog.message(code, finding_params(finding), language)


def location_text(finding: Finding, language: str) -> str:
    loc = finding.location
    parts: list[str] = []
    if loc.file:
        parts.append(f"{loc.file}:{loc.line}" if loc.line is not None else loc.file)
    elif loc.line is not None:
        parts.append(f"{catalog.text('ui.line', language)} {loc.line}")
    if loc.column:
        parts.append(f"{catalog.text('ui.column', language)} {loc.column}")
    if loc.bezirk:
        parts.append(f"{catalog.text('ui.bezirk', language)} {loc.bezirk}")
    return " · ".join(parts)
