"""Turning findings into sentences in the reader's language (shared by every report format)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from wahldaten.core import catalog
from wahldaten.core.findings import Finding, Severity
from wahldaten.core.structure import ElectionStructure, describe_stage, explain
from wahldaten.engine.results import CodeResult, ConversionReport, Report


def finding_params(finding: Finding) -> dict[str, Any]:
    """Message parameters, with the location's column and Bezirk available as {column}/{bezirk}."""
    params: dict[str, Any] = {"column": finding.location.column, "bezirk": finding.location.bezirk}
    params.update(finding.params)
    return params


def finding_message(code: str, finding: Finding, language: str) -> str:
    return catalog.message(code, finding_params(finding), language)


def location_text(finding: Finding, language: str, *, with_file: bool = True) -> str:
    """ "file:3 · Spalte A · Bezirk 0102"; without the file (named once above a group of
    examples) "Zeile 3 · …". A Bezirk of a package with several municipalities is named with
    its municipality's key, since `bezirk-nr` repeats across them."""
    loc = finding.location
    parts: list[str] = []
    if loc.file and with_file:
        parts.append(f"{loc.file}:{loc.line}" if loc.line is not None else loc.file)
    elif loc.line is not None:
        parts.append(f"{catalog.text('ui.line', language)} {loc.line}")
    if loc.column:
        parts.append(f"{catalog.text('ui.column', language)} {loc.column}")
    if loc.bezirk:
        parts.append(bezirk_text(loc.bezirk, loc.gs, language))
    return " · ".join(parts)


def bezirk_text(bezirk: str, gs: str | None, language: str) -> str:
    """ "Bezirk 07.1", or "Bezirk 07.1 (Gemeinde 05366004)" where the municipality is known."""
    if gs:
        return catalog.text("ui.bezirk_of", language, bezirk=bezirk, gs=gs)
    return f"{catalog.text('ui.bezirk', language)} {bezirk}"


def shown_path(display: str, base: Path | None = None) -> str:
    """A file's name as people read it: relative to the working directory (`base`) where it
    lies below it (an archive member keeps its `archive.zip:member` form), else as given."""
    path, colon, member = display.partition(":") if ".zip:" in display else (display, "", "")
    candidate = Path(path)
    if not candidate.is_absolute():
        return display
    try:
        relative = candidate.relative_to((base or Path.cwd()).resolve())
    except (ValueError, OSError):
        return display
    return f"{relative.as_posix()}{colon}{member}"


def structure_text(structure: ElectionStructure, language: str) -> str:
    """The structure for a report header, each part with where it came from: "eine Stimme
    (aus den Spalten von Wahlergebnisse)"."""
    return " · ".join(explain(structure, language))


def stage_text(structure: ElectionStructure, language: str) -> str:
    """The stage checked, with where it came from: "Endergebnis (vom Benutzer angegeben …)"."""
    return describe_stage(structure, language)


def affected(result: CodeResult, language: str) -> str:
    """The rows and cells a code's findings stand for ("108 Zeilen"), empty where none."""
    parts = [
        count(noun, n, language)
        for noun, n in (("row", result.rows), ("cell", result.cells))
        if n is not None
    ]
    return ", ".join(parts)


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
