"""The overview at the top of the HTML report: per package its Bezirke, how many reported and
its counts; per code its severity, title and cases, linked to the findings below (where each
code's explanation stands); and the download of the findings as CSV, carried in the file.
"""

from __future__ import annotations

from html import escape

from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult, PackageReport, Report
from wahldaten.report.html_csv import data_url, findings_csv
from wahldaten.report.json_report import report_dict
from wahldaten.report.render import count

# The anchor of the CSV download: the web page's bar links to it.
CSV_ID = "findings-csv"


def _t(key: str, language: str, **params: object) -> str:
    return catalog.text(key, language, **params)


def package_id(index: int) -> str:
    return f"p{index + 1}"


def finding_id(index: int, code: str) -> str:
    return f"p{index + 1}-{escape(code)}"


def _head(keys: list[str], language: str) -> str:
    return "".join(f"<th>{escape(_t(k, language))}</th>" for k in keys)


def _packages(report: Report, language: str, shown: list[str]) -> str:
    rows = []
    for index, package in enumerate(report.packages):
        s = package.summary
        counts = package.counts()
        total = s.bezirke if s.bezirke is not None else s.result_rows
        reported = f"{s.reported} / {total}" if s.reported is not None and total else "–"
        cells = "".join(
            f'<td class="num{f" sev-{severity.value}" if counts.get(severity) else ""}">'
            f"{counts.get(severity, 0)}</td>"
            for severity in Severity
        )
        rows.append(
            f'<tr><td><a href="#{package_id(index)}">{shown[index]}</a></td>'
            f'<td class="num">{"–" if s.bezirke is None else s.bezirke}</td>'
            f'<td class="num">{escape(reported)}</td>{cells}</tr>'
        )
    head = _head(
        ["html.overview.package", "html.overview.bezirke", "html.overview.reported"], language
    )
    head += "".join(
        f"<th>{escape(_t(f'severity_plural.{s.value}', language))}</th>" for s in Severity
    )
    return f'<table class="overview"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _codes(report: Report, language: str) -> str:
    found: dict[str, list[tuple[int, CodeResult]]] = {}
    for index, package in enumerate(report.packages):
        for result in package.results:
            found.setdefault(result.code, []).append((index, result))
    if not found:
        return ""
    several = len(report.packages) > 1
    ordered = sorted(found.items(), key=lambda item: (-item[1][0][1].severity.rank, item[0]))
    rows = []
    for code, places in ordered:
        first_index, first = places[0]
        severity = first.severity.value
        cases = sum(r.count for _, r in places)
        where = ""
        if several:
            links = ", ".join(f'<a href="#{finding_id(i, code)}">{i + 1}</a>' for i, _ in places)
            where = f"<td>{links}</td>"
        rows.append(
            f'<tr><td><a href="#{finding_id(first_index, code)}"><code>{escape(code)}</code></a></td>'
            f'<td><span class="sev {severity}">{escape(_t(f"severity.{severity}", language))}</span></td>'
            f"<td>{escape(catalog.title(code, language))}</td>"
            f'<td class="num">{cases}</td>{where}</tr>'
        )
    keys = ["html.overview.code", "html.overview.severity", "html.overview.finding"]
    keys.append("html.overview.cases")
    if several:
        keys.append("html.overview.in_packages")
    return (
        f"<h3>{escape(_t('html.overview.codes', language))}</h3>"
        f'<table class="overview codes"><thead><tr>{_head(keys, language)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def csv_link(report: Report, language: str) -> str:
    """A link that downloads every finding kept in the report as CSV (a `data:` URL)."""
    results = [r for p in report.packages for r in p.results]
    if not results:
        return ""
    kept = sum(len(r.examples) for r in results)
    total = sum(r.count for r in results)
    cases = count("case", kept, language)
    if kept < total:
        # What was kept per code (the page shows fewer than its downloads carry).
        limit = max(len(r.examples) for r in results if r.count > len(r.examples))
        label = _t("html.overview.csv_capped", language, cases=cases, total=total, limit=limit)
    else:
        label = _t("html.overview.csv", language, cases=cases)
    url = data_url(findings_csv(report_dict(report, language), language), "text/csv")
    name = escape(_t("html.overview.csv_file", language))
    return (
        f'<p class="csv" id="{CSV_ID}"><a href="{url}" download="{name}" class="download-csv">'
        f"{escape(label)}</a></p>"
    )


def overview(report: Report, language: str, shown: list[str]) -> str:
    """The overview section; `shown` holds each package's heading, already escaped."""
    if not report.packages:
        return ""
    return (
        f'<section class="overview"><h2>{escape(_t("html.overview.title", language))}</h2>'
        f"{_packages(report, language, shown)}{_codes(report, language)}"
        f"{csv_link(report, language)}</section>"
    )


def package_heading(package: PackageReport, language: str) -> str:
    head = package.title or _t("ui.package", language)
    if package.summary.authority_name:
        head += f" ({package.summary.authority_name})"
    return head
