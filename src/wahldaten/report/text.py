"""The human-readable summary: per package, findings grouped by code with the first examples.

Every line goes through `printable` as it is written, so nothing from the data can break a
line or reach the terminal as a control character.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult, PackageReport, Report
from wahldaten.report.render import (
    affected,
    count,
    finding_message,
    input_lines,
    listed,
    location_text,
    shown_path,
    skipped,
    stage_text,
    structure_text,
    totals,
)
from wahldaten.report.safe import UNSAFE, printable_lines

if TYPE_CHECKING:
    from wahldaten.api.conversion import ConversionReport


def as_text(lines: list[str], language: str) -> str:
    """Report lines as printable text, with a closing note if data had to be escaped."""
    if any(UNSAFE.search(line) for line in lines):
        lines = [*lines, "", catalog.text("report.escaped", language)]
    return printable_lines(lines)


def _result_lines(results: list[CodeResult], language: str, max_examples: int) -> list[str]:
    """Findings grouped by code: severity, code, title, count (with the rows or cells the
    findings stand for), then the first examples; the file is named once above the examples
    in it, relative to the working directory where it lies below it."""
    lines: list[str] = []
    ordered = sorted(results, key=lambda r: (-r.severity.rank, r.code))
    if not ordered:
        return lines
    width = max(len(catalog.text(f"severity.{r.severity.value}", language)) for r in ordered)
    for result in ordered:
        label = catalog.text(f"severity.{result.severity.value}", language).upper().ljust(width)
        title = catalog.title(result.code, language)
        cases = ", ".join(
            part
            for part in (count("case", result.count, language), affected(result, language))
            if part
        )
        lines.append(f"  {label}  {result.code}  {title} ({cases})")
        indent = " " * (width + 10)
        current: str | None = None
        for finding in result.examples[:max_examples]:
            file = finding.location.file
            if file and file != current:
                lines.append(f"{indent}{shown_path(file)}")
            current = file
            where = location_text(finding, language, with_file=False)
            message = finding_message(result.code, finding, language)
            step = "  " if file else ""
            lines.append(
                f"{indent}{step}{where}: {message}" if where else f"{indent}{step}{message}"
            )
        hidden = result.count - min(len(result.examples), max_examples)
        if hidden > 0:
            lines.append(f"{indent}{catalog.text('ui.more', language, count=hidden)}")
    return lines


def _package_lines(package: PackageReport, language: str, max_examples: int) -> list[str]:
    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    s = package.summary
    head = package.title or "–"
    if s.authority_name:
        head += f" ({s.authority_name})"
    lines = [f"{t('ui.package')}: {head}"]
    facts = []
    if package.version:
        version = f"{t('ui.version')} {package.version}"
        if package.declared_version != package.version:
            version += f" ({t('ui.version_declared')}: {package.declared_version or '–'})"
        facts.append(version)
    if package.files:
        facts.append(count("file", len(package.files), language))
    if s.bezirke is not None:
        detail = count("bezirk", s.bezirke, language)
        if s.urn is not None and s.postal is not None:
            detail += f" ({s.urn} {t('ui.urn')}, {s.postal} {t('ui.postal')})"
        facts.append(detail)
    if s.reported is not None:
        facts.append(f"{s.reported} {t('ui.reported')}")
    if s.votes is not None and package.structure is None:  # the structure says more
        facts.append(t(f"ui.votes_{s.votes}"))
    if s.ballot_positions is not None:
        facts.append(count("ballot_position", s.ballot_positions, language))
    if facts:
        lines.append("  " + " · ".join(facts))
    if package.structure is not None:
        lines.append(f"  {t('ui.structure')}: {structure_text(package.structure, language)}")
        lines.append(f"  {t('ui.stage')}: {stage_text(package.structure, language)}")
    if not package.results:
        lines.append("  " + t("ui.no_findings"))
        return lines
    return lines + _result_lines(package.results, language, max_examples)


def _verdict(report: Report, language: str) -> str:
    verdict = catalog.text("ui.verdict_failed" if report.failed else "ui.verdict_passed", language)
    level = catalog.text(f"severity.{report.settings.fail_on.value}", language)
    fail_level = catalog.text("ui.fail_level", language, level=level)
    return f"{verdict} – {totals(report.counts(), language)} {fail_level}"


def _blocks(blocks: list[list[str]]) -> list[str]:
    """Blocks of lines, separated by an empty line."""
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines += block
    return lines


def _report_lines(report: Report, language: str, max_examples: int) -> list[str]:
    blocks = [_package_lines(p, language, max_examples) for p in report.packages]
    inputs = input_lines(report, language)
    if inputs:
        blocks.append(inputs)
    return _blocks([*blocks, [_verdict(report, language)]])


def render_text(report: Report, language: str, max_examples: int | None = None) -> str:
    limit = report.settings.max_examples if max_examples is None else max_examples
    return as_text(_report_lines(report, language, limit), language)


def render_batch(report: Report, language: str) -> str:
    """A batch: one line per package with its verdict and counts, then totals per code."""

    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    threshold = report.settings.fail_on.rank
    lines = []
    failed_packages = 0
    for package in report.packages:
        counts = package.counts()
        failed = any(severity.rank >= threshold and n for severity, n in counts.items())
        failed_packages += failed
        mark = "✗" if failed else "✓"
        where = package.files[0].path if package.files else ""
        lines.append(f"{mark} {package.title or '–'} · {totals(counts, language)} · {where}")
    by_code = report.counts_by_code()
    if by_code:
        lines.append("")
        lines.append(t("ui.by_code") + ":")
        # The worst per code: a package checked as the final result may make a warning an error.
        severity: dict[str, Severity] = {}
        for result in (r for p in report.packages for r in p.results):
            if result.code not in severity or result.severity.rank > severity[result.code].rank:
                severity[result.code] = result.severity
        for code, n in by_code.items():
            label = t(f"severity.{severity[code].value}")
            lines.append(f"  {code}  {label:<8} {n:>8}  {catalog.title(code, language)}")
    lines.append("")
    packages = count("package", len(report.packages), language)
    lines.append(t("report.batch_totals", packages=packages, failed=failed_packages))
    lines += input_lines(report, language)
    lines.append(_verdict(report, language))
    return as_text(lines, language)


def render_conversion(
    report: ConversionReport, language: str, max_examples: int | None = None
) -> str:
    """The summary of a conversion: what was detected, found in the source, converted, written."""

    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    limit = report.settings.max_examples if max_examples is None else max_examples
    blocks = [[t("convert.detected", detected=report.detected)]]
    if report.source_results:
        blocks.append(
            [
                t("convert.source_findings") + ":",
                *_result_lines(report.source_results, language, limit),
            ]
        )
    blocks += [_package_lines(p, language, limit) for p in report.packages]
    not_read = listed(t("ui.skipped"), [n.message for n in skipped(report, language)])
    if not_read:
        blocks.append(not_read)
    if report.output_check is not None and report.output_check.failed:
        blocks.append(_report_lines(report.output_check, language, limit))
    counts: Counter[Severity] = Counter()
    for result in report.all_results():
        counts[result.severity] += result.count
    if report.written:
        common = report.written[0] if len(report.written) == 1 else _common_parent(report.written)
        files = count("file", len(report.written), language)
        outcome = t("report.written", files=files, path=common)
    else:
        reason = (
            "convert.reason_output"
            if report.output_check is not None and report.output_check.failed
            else ("convert.reason_errors" if report.failed else "convert.reason_empty")
        )
        outcome = t("convert.nothing_written", reason=t(reason))
    blocks.append([f"{outcome} – {totals(counts, language)}"])
    return as_text(_blocks(blocks), language)


def _common_parent(paths: list[Path]) -> Path:
    parts = [p.parts for p in paths]
    common: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return Path(*common) if common else Path()
