"""Turning findings into sentences in the reader's language (shared by every report format)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wahldaten.core import catalog
from wahldaten.core.findings import Finding, Severity
from wahldaten.engine.results import ConversionReport, Report


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


def count(noun: str, n: int, language: str) -> str:
    """A number with its noun in the right grammatical number: "1 Fehler", "2 warnings"."""
    form = "one" if n == 1 else "other"
    return catalog.text(f"report.count.{noun}.{form}", language, n=n)


def totals(counts: Mapping[Severity, int], language: str) -> str:
    """Errors, warnings and infos of a run: "1 Fehler, 2 Warnungen, 0 Hinweise"."""
    return catalog.text(
        "report.totals",
        language,
        **{s.value: count(s.value, counts.get(s, 0), language) for s in Severity},
    )


def local_time(moment: datetime, language: str) -> str:
    """A moment in local time with its zone, as people read it: "15.09.2025 10:15 CEST"."""
    local = moment.astimezone()
    offset = local.strftime("%z")
    zone = local.tzname() or ""
    # Some systems name a zone only by its offset ("+02"); say UTC+02:00 then.
    if not zone or zone[0] in "+-":
        zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{local.strftime(catalog.text('report.time_format', language))} {zone}"


@dataclass(frozen=True)
class InputNote:
    """An input that was not validated, for the reports: where, the catalog key, and why."""

    path: str
    key: str
    message: str


def unrecognized(report: Report) -> list[str]:
    """Files not recognised, without those refused with a reason (listed with it instead)."""
    refused = {r.path for r in report.refused}
    return [u for u in report.unrecognized if u not in refused]


def refused(report: Report, language: str) -> list[InputNote]:
    """Recognised files that could not be used (an AKDB export without a date, ...)."""
    return [InputNote(r.path, r.key, r.message(language)) for r in report.refused]


def skipped(report: Report | ConversionReport, language: str) -> list[InputNote]:
    """Entries of folders and archives not read at all (unreadable, a FIFO, a dangling link)."""
    return [InputNote(s.path, s.key, s.message(language)) for s in report.skipped]


def listed(title: str, messages: Sequence[str]) -> list[str]:
    """A heading and one line per message; nothing if there is no message."""
    return [f"{title}:", *(f"  - {m}" for m in messages)] if messages else []


def input_lines(report: Report, language: str) -> list[str]:
    """The inputs a text report names besides its packages: not recognised, refused, skipped."""
    lines: list[str] = []
    files = unrecognized(report)
    if files:
        lines.append(catalog.text("ui.unrecognized", language, files=", ".join(files)))
    for key, notes in (
        ("ui.refused", refused(report, language)),
        ("ui.skipped", skipped(report, language)),
    ):
        lines += listed(catalog.text(key, language), [note.message for note in notes])
    return lines
