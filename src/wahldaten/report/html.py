"""The HTML report: one self-contained file an election office can open, print and forward.

No scripts, no external fonts or styles. Everything taken from the input (names, values,
file names) is made printable and then escaped, so a Bezirk called `<script>` stays text and a
control or direction character is shown as its escape (`\\x1b`, `\\u202e`); the footer says so
when that happened. Rule explanations are Markdown (`code`, **bold**) and shown as such.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult, PackageReport, Report
from wahldaten.report.html_charts import charts
from wahldaten.report.html_overview import finding_id, overview, package_heading, package_id
from wahldaten.report.markdown import to_html
from wahldaten.report.render import (
    affected,
    count,
    finding_message,
    local_time,
    refused,
    shown_path,
    skipped,
    stage_text,
    structure_text,
    unrecognized,
)
from wahldaten.report.safe import Shown
from wahldaten.rules import registry

STYLE = """
:root { --error: #b00020; --warning: #8a5300; --info: #2f5d8a; --ok: #1b6e20; --line: #d0d0d0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1a1a1a; margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
.verdict { border-left: .5rem solid var(--ok); padding: .8rem 1rem; background: #f3f8f3; }
.verdict.failed { border-color: var(--error); background: #fbf1f2; }
.meta { color: #555; font-size: .9rem; margin: .2rem 0; }
.counts { display: flex; gap: 1rem; margin: .6rem 0 0; padding: 0; list-style: none; }
.counts li { padding: .2rem .6rem; border-radius: .3rem; background: #eee; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .8rem; letter-spacing: .03em; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
details { border: 1px solid var(--line); border-radius: .4rem; margin: .6rem 0; padding: .4rem .8rem; }
summary { cursor: pointer; font-weight: 600; } summary code { font-weight: 700; }
.explain { color: #333; margin: .4rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .4rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } td.num { text-align: right; white-space: nowrap; }
td.file { word-break: break-all; max-width: 22rem; }
.none { color: var(--ok); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.verdict.warned { border-color: var(--warning); background: #fbf6ec; }
table.overview { width: auto; min-width: 50%; }
table.overview td.sev-error { color: var(--error); } table.overview td.sev-warning { color: var(--warning); }
.csv a { font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: .4rem 0 .8rem; }
figure.chart { margin: 0; flex: 1 1 18rem; max-width: 26rem; }
figure.chart figcaption { font-size: .9rem; font-weight: 600; }
figure.chart svg { display: block; width: 100%; height: auto; }
svg .bar { fill: #9db3cf; } svg .bar.found { fill: var(--error); } svg .bar.far { fill: #d9972b; }
svg .axis { stroke: #777; } svg .median { stroke: #333; stroke-dasharray: 3 2; }
svg text { font-size: 10px; fill: #444; } svg text.scale { fill: #777; }
.legend { color: #555; font-size: .8rem; margin: .2rem 0; }
.key { display: inline-block; width: .7rem; height: .7rem; margin: 0 .25rem 0 .5rem; background: #9db3cf; }
.key:first-child { margin-left: 0; } .key.found { background: var(--error); } .key.far { background: #d9972b; }
footer { margin-top: 2.5rem; color: #666; font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  details { break-inside: avoid; border: none; padding: 0; }
  summary { list-style: none; }
  .verdict { background: none; }
  .key, svg .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _t(key: str, language: str, **params: object) -> str:
    return catalog.text(key, language, **params)


class _Data:
    """Escapes text from the input for HTML, remembering whether anything had to be shown as
    an escape, so that the footer can say so."""

    def __init__(self) -> None:
        self.shown = Shown()

    def __call__(self, text: object) -> str:
        return escape(self.shown(text))

    @property
    def escaped(self) -> bool:
        return self.shown.escaped


def _count_list(counts: dict[Severity, int], language: str) -> str:
    items = []
    for severity in Severity:
        label = _t(f"severity_plural.{severity.value}", language)
        items.append(
            f'<li><span class="sev {severity.value}">{escape(label)}</span> {counts.get(severity, 0)}</li>'
        )
    return f'<ul class="counts">{"".join(items)}</ul>'


def _facts(package: PackageReport, language: str, data: _Data) -> str:
    s = package.summary
    rows: list[tuple[str, str]] = []  # label, HTML
    if package.version:
        version = escape(package.version)
        if package.declared_version != package.version:
            declared = data(package.declared_version or "–")
            version += f" ({escape(_t('ui.version_declared', language))}: {declared})"
        rows.append((_t("ui.version", language), version))
    if s.bezirke is not None:
        detail = str(s.bezirke)
        if s.urn is not None and s.postal is not None:
            detail += f" ({s.urn} {_t('ui.urn', language)}, {s.postal} {_t('ui.postal', language)})"
        rows.append((_t("ui.bezirke", language), escape(detail)))
    if s.reported is not None:
        total = s.bezirke if s.bezirke is not None else s.result_rows
        reported = f"{s.reported} / {total}" if total is not None else str(s.reported)
        rows.append((_t("ui.reported", language), escape(reported)))
    if package.structure is not None:
        rows.append(
            (_t("ui.structure", language), data(structure_text(package.structure, language)))
        )
        rows.append((_t("ui.stage", language), data(stage_text(package.structure, language))))
    elif s.votes is not None:
        rows.append((_t("html.votes", language), escape(_t(f"ui.votes_{s.votes}", language))))
    if s.ballot_positions is not None:
        rows.append((_t("ui.ballot_positions", language), str(s.ballot_positions)))
    if package.files:
        listing = "<br>".join(
            f"{data(f.file_type or f.source_format)}: <code>{data(f.path)}</code> ({f.rows})"
            for f in package.files
        )
        rows.append((_t("ui.files", language), listing))
    cells = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="facts">{cells}</dl>'


def _result(result: CodeResult, language: str, max_examples: int, data: _Data, anchor: str) -> str:
    try:
        description = registry.get(result.code).explain(language)
    except KeyError:
        description = ""
    severity = result.severity.value
    label = escape(_t(f"severity.{severity}", language))
    title = escape(catalog.title(result.code, language))
    cases = ", ".join(
        part for part in (count("case", result.count, language), affected(result, language)) if part
    )
    head = (
        f'<summary><span class="sev {severity}">{label}</span> <code>{escape(result.code)}</code> '
        f"{title} ({escape(cases)})</summary>"
    )
    body = [to_html(description, "explain")] if description else []
    if result.examples:
        shown = result.examples[:max_examples]
        # A Kreis package repeats bezirk-nr across municipalities: then a column names them.
        municipalities = any(f.location.gs for f in shown)
        keys = ["html.file", "ui.line", "ui.column"]
        keys += ["ui.municipality", "ui.bezirk"] if municipalities else ["ui.bezirk"]
        header = "".join(f"<th>{escape(_t(k, language))}</th>" for k in [*keys, "ui.message"])
        rows = []
        for finding in shown:
            loc = finding.location
            gs = f"<td>{data(loc.gs)}</td>" if municipalities else ""
            rows.append(
                "<tr>"
                f'<td class="file">{data(shown_path(loc.file) if loc.file else None)}</td>'
                f'<td class="num">{loc.line if loc.line is not None else ""}</td>'
                f"<td>{data(loc.column)}</td>"
                f"{gs}<td>{data(loc.bezirk)}</td>"
                f"<td>{data(finding_message(result.code, finding, language))}</td>"
                "</tr>"
            )
        body.append(
            f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        hidden = result.count - min(len(result.examples), max_examples)
        if hidden > 0:
            body.append(f"<p>{escape(_t('ui.more', language, count=hidden))}</p>")
    return f'<details open id="{anchor}">{head}{"".join(body)}</details>'


def _package(
    index: int, package: PackageReport, language: str, max_examples: int, data: _Data
) -> str:
    parts = [
        f'<section id="{package_id(index)}"><h2>{data(package_heading(package, language))}</h2>',
        _facts(package, language, data),
        _count_list(package.counts(), language),
        charts(package, language),
    ]
    ordered = sorted(package.results, key=lambda r: (-r.severity.rank, r.code))
    if ordered:
        parts += [
            _result(r, language, max_examples, data, finding_id(index, r.code)) for r in ordered
        ]
    else:
        parts.append(f'<p class="none">{escape(_t("ui.no_findings", language))}</p>')
    parts.append("</section>")
    return "".join(parts)


def _inputs(report: Report, language: str, data: _Data) -> str:
    """What was not validated, above the packages: not recognised, refused, not read."""
    parts = []
    files = unrecognized(report)
    if files:
        text = _t("ui.unrecognized", language, files=", ".join(files))
        parts.append(f'<p class="meta">{data(text)}</p>')
    for key, notes in (
        ("ui.refused", refused(report, language)),
        ("ui.skipped", skipped(report, language)),
    ):
        if notes:
            items = "".join(f"<li>{data(note.message)}</li>" for note in notes)
            parts.append(
                f'<p class="meta">{escape(_t(key, language))}:</p><ul class="meta">{items}</ul>'
            )
    return "".join(parts)


def render_html(report: Report, language: str, max_examples: int | None = None) -> str:
    limit = report.settings.max_examples if max_examples is None else max_examples
    data = _Data()
    failed = report.failed
    counts = report.counts()
    warnings = counts.get(Severity.WARNING, 0)
    verdict = _t("html.failed" if failed else "html.passed", language)
    state = "failed" if failed else "passed"
    if not failed and warnings:
        # "passed" must not stand alone above thousands of warnings.
        verdict = _t(
            "html.verdict.passed_warnings", language, warnings=count("warning", warnings, language)
        )
        state = "passed warned"
    level = _t(f"severity.{report.settings.fail_on.value}", language)
    meta = _t(
        "html.meta",
        language,
        version=report.tool_version,
        standard=", ".join(report.standard_versions),
        level=level,
        date=local_time(datetime.now(UTC), language),
        packages=count("package", len(report.packages), language),
    )
    inputs = _inputs(report, language, data)
    headings = [data(package_heading(p, language)) for p in report.packages]
    body = overview(report, language, headings)
    body += "".join(_package(i, p, language, limit, data) for i, p in enumerate(report.packages))
    title = _t("html.title", language)
    footer = escape(_t("html.footer", language))
    if data.escaped:
        footer += f"<br>{escape(_t('report.escaped', language))}"
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} – {escape(verdict)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="verdict {state}"><h1>{escape(title)}: {escape(verdict)}</h1>'
        f'<p class="meta">{escape(meta)}</p>{_count_list(counts, language)}</header>\n'
        f"{inputs}<main>{body}</main>\n"
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    )
