"""The human-readable summary: per package, findings grouped by code with the first examples."""

from __future__ import annotations

from wahldaten import catalog
from wahldaten.findings import Severity
from wahldaten.report.model import PackageReport, Report
from wahldaten.report.render import finding_message, location_text


def _count_text(count: int, language: str) -> str:
    return (
        catalog.text("ui.case", language)
        if count == 1
        else catalog.text("ui.cases", language, count=count)
    )


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
    facts = [version, f"{len(package.files)} {t('ui.files')}"]
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
    ordered = sorted(package.results, key=lambda r: (-r.severity.rank, r.code))
    width = max(len(t(f"severity.{r.severity.value}")) for r in ordered)
    for result in ordered:
        label = t(f"severity.{result.severity.value}").upper().ljust(width)
        title = catalog.title(result.code, language)
        lines.append(f"  {label}  {result.code}  {title} ({_count_text(result.count, language)})")
        indent = " " * (width + 10)
        for finding in result.examples[:max_examples]:
            where = location_text(finding, language)
            lines.append(f"{indent}{where}: {finding_message(result.code, finding, language)}")
        hidden = result.count - min(len(result.examples), max_examples)
        if hidden > 0:
            lines.append(f"{indent}{t('ui.more', count=hidden)}")
    return lines


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
