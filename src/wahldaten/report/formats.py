"""The registry of report formats: one renderer per `--format`."""

from __future__ import annotations

from collections.abc import Callable

from wahldaten.engine.results import Report


def render(report: Report, fmt: str, language: str, *, compact: bool = False) -> str:
    from wahldaten.report.github import render_github
    from wahldaten.report.html import render_html
    from wahldaten.report.json_report import render_json
    from wahldaten.report.junit import render_junit
    from wahldaten.report.sarif import render_sarif
    from wahldaten.report.text import render_batch, render_text

    renderers: dict[str, Callable[[Report, str], str]] = {
        "text": render_batch if compact else render_text,
        "json": render_json,
        "html": render_html,
        "sarif": render_sarif,
        "junit": render_junit,
        "github": render_github,
    }
    return renderers[fmt](report, language)


FORMATS = ("text", "json", "html", "sarif", "junit", "github")
