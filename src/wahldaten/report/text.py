"""The human-readable summary: per package, findings grouped by code with the first examples."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult, PackageReport, Report

if TYPE_CHECKING:
    from wahldaten.api.conversion import ConversionReport
from wahldaten.report.render import finding_message, location_text


def _count_text(count: int, language: str) -> str:
    return (
        catalog.text("ui.case", language)
        if count == 1
        else catalog.text("ui.cases", language, count=count)
    )


def _result_lines(results: list[CodeResult], language: str, max_examples: int) -> list[str]:
    """Findings grouped by code: severity, code, title, count, then the first examples."""
    lines: list[str] = []
    ordered = sorted(results, key=lambda r: (-r.severity.rank, r.code))
    if not ordered:
        return lines
    width = max(len(catalog.text(f"severity.{r.severity.value}", language)) for r in ordered)
    for result in ordered:
        label = catalog.text(f"severity.{result.severity.value}", language).upper().ljust(width)
        title = catalog.title(result.code, language)
        lines.append(f"  {label}  {result.code}  {title} ({_count_text(result.count, language)})")
        indent = " " * (width + 10)
        for finding in result.examples[:max_examples]:
            where = location_text(finding, language)
            lines.append(f"{indent}{where}: {finding_message(result.code, finding, language)}")
        hidden = result.count - min(len(result.examples), max_examples)
        if hidden > 0:
            lines.append(f"{indent}{catalog.text('ui.more', language, count=hidden)}")
    return lines


def _package_lines(package: PackageReport, language: str, max_examples: int) -> list[str]:
    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    s = package.summary
    head = package.title
    if s.authority_name:
        head += f" ({s.authority_name})"
    lines = [f"{t('ui.package')}: {head}"]
    version = f"{t('ui.version')} {package.version}"
    if package.declared_version != package.version:
        version += f" ({t('ui.version_declared')}: {package.declared_version or '–'})"
    facts = [version, *([f"{len(package.files)} {t('ui.files')}"] if package.files else [])]
    if s.bezirke is not None:
        detail = f"{s.bezirke} {t('ui.bezirke')}"
        if s.urn is not None and s.postal is not None:
            detail += f" ({s.urn} {t('ui.urn')}, {s.postal} {t('ui.postal')})"
        facts.append(detail)
    if s.reported is not None:
        facts.append(f"{s.reported} {t('ui.reported')}")
    if s.votes is not None:
        facts.append(t(f"ui.votes_{s.votes}"))
    if s.ballot_positions is not None:
        facts.append(f"{s.ballot_positions} {t('ui.ballot_positions')}")
    lines.append("  " + " · ".join(facts))
    if not package.results:
        lines.append("  " + t("ui.no_findings"))
        return lines
    return lines + _result_lines(package.results, language, max_examples)


def render_text(report: Report, language: str, max_examples: int | None = None) -> str:
    limit = report.settings.max_examples if max_examples is None else max_examples
    blocks = ["\n".join(_package_lines(p, language, limit)) for p in report.packages]
    counts = report.counts()
    totals = catalog.text(
        "ui.totals",
        language,
        error=counts[Severity.ERROR],
        warning=counts[Severity.WARNING],
        info=counts[Severity.INFO],
    )
    verdict = catalog.text("ui.verdict_failed" if report.failed else "ui.verdict_passed", language)
    level = catalog.text(f"severity.{report.settings.fail_on.value}", language)
    footer = f"{verdict} – {totals} {catalog.text('ui.fail_level', language, level=level)}"
    if report.unrecognized:
        blocks.append(
            catalog.text("ui.unrecognized", language, files=", ".join(report.unrecognized))
        )
    return "\n\n".join([*blocks, footer]) + "\n"


def render_batch(report: Report, language: str) -> str:
    """A batch: one line per package with its verdict and counts, then totals per code."""

    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    threshold = report.settings.fail_on.rank
    lines = []
    for package in report.packages:
        counts = package.counts()
        failed = any(severity.rank >= threshold and n for severity, n in counts.items())
        mark = "✗" if failed else "✓"
        where = package.files[0].path if package.files else ""
        totals = t(
            "ui.totals",
            error=counts[Severity.ERROR],
            warning=counts[Severity.WARNING],
            info=counts[Severity.INFO],
        )
        lines.append(f"{mark} {package.title or '–'} · {totals} · {where}")
    by_code = report.counts_by_code()
    if by_code:
        lines.append("")
        lines.append(t("ui.by_code") + ":")
        severity = {r.code: r.severity for p in report.packages for r in p.results}
        for code, count in by_code.items():
            label = t(f"severity.{severity[code].value}")
            lines.append(f"  {code}  {label:<8} {count:>8}  {catalog.title(code, language)}")
    counts = report.counts()
    totals = t(
        "ui.totals",
        error=counts[Severity.ERROR],
        warning=counts[Severity.WARNING],
        info=counts[Severity.INFO],
    )
    verdict = t("ui.verdict_failed" if report.failed else "ui.verdict_passed")
    level = t(f"severity.{report.settings.fail_on.value}")
    failed_packages = sum(
        1 for p in report.packages if any(s.rank >= threshold and n for s, n in p.counts().items())
    )
    lines.append("")
    lines.append(t("ui.batch_totals", packages=len(report.packages), failed=failed_packages))
    if report.unrecognized:
        lines.append(t("ui.unrecognized", files=", ".join(report.unrecognized)))
    lines.append(f"{verdict} – {totals} {t('ui.fail_level', level=level)}")
    return "\n".join(lines) + "\n"


def render_conversion(
    report: ConversionReport, language: str, max_examples: int | None = None
) -> str:
    """The summary of a conversion: what was detected, found in the source, converted, written."""

    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    limit = report.settings.max_examples if max_examples is None else max_examples
    blocks = [t("convert.detected", detected=report.detected)]
    if report.source_results:
        blocks.append(
            "\n".join(
                [
                    t("convert.source_findings") + ":",
                    *_result_lines(report.source_results, language, limit),
                ]
            )
        )
    blocks += ["\n".join(_package_lines(p, language, limit)) for p in report.packages]
    if report.output_check is not None and report.output_check.failed:
        blocks.append(render_text(report.output_check, language, limit).rstrip())
    counts: Counter[Severity] = Counter()
    for result in report.all_results():
        counts[result.severity] += result.count
    totals = t(
        "ui.totals",
        error=counts[Severity.ERROR],
        warning=counts[Severity.WARNING],
        info=counts[Severity.INFO],
    )
    if report.written:
        common = report.written[0] if len(report.written) == 1 else _common_parent(report.written)
        outcome = t("convert.written", count=len(report.written), path=common)
    else:
        reason = (
            "convert.reason_output"
            if report.output_check is not None and report.output_check.failed
            else ("convert.reason_errors" if report.failed else "convert.reason_empty")
        )
        outcome = t("convert.nothing_written", reason=t(reason))
    blocks.append(f"{outcome} – {totals}")
    return "\n\n".join(blocks) + "\n"


def _common_parent(paths: list[Path]) -> Path:
    parts = [p.parts for p in paths]
    common: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return Path(*common) if common else Path()
