"""Any text in any field of a report: every output stays safe to print and well-formed.

Text reports and GitHub annotations show control, separator and direction characters as
escapes, and no line begins with text from the data; JUnit, SARIF and HTML parse; JSON
round-trips exactly.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from lxml import etree
from report_builders import hostile_reports
from test_safe import visible_surrogates

from wahldaten.engine.results import Report
from wahldaten.report.compare import compare, comparison_json, render_comparison
from wahldaten.report.github import render_github
from wahldaten.report.html import render_html
from wahldaten.report.json_report import render_json, report_dict
from wahldaten.report.junit import render_junit
from wahldaten.report.safe import UNSAFE
from wahldaten.report.sarif import render_sarif
from wahldaten.report.text import render_batch, render_text

ROOT = Path("/nonexistent-root")
RUNS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Our own workflow commands: a group, its end, or an annotation whose properties hold no `::`.
OWN_COMMAND = re.compile(r"::(group::.*|endgroup::|(error|warning|notice) ((?!::).)*::.*)")


def assert_safe_lines(text: str) -> list[str]:
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert text.splitlines() == lines  # no other kind of line break (VT, FF, NEL, U+2028 …)
    for line in lines:
        assert UNSAFE.search(line) is None, repr(line)
    text.encode("utf-8")
    return lines


@RUNS
@given(hostile_reports())
def test_text_reports_print_safely(report: Report) -> None:
    for language in ("de", "en"):
        for text in (render_text(report, language), render_batch(report, language)):
            for line in assert_safe_lines(text):
                assert not line.startswith("::"), line


@RUNS
@given(hostile_reports())
def test_github_annotations_are_only_ours(report: Report) -> None:
    for line in assert_safe_lines(render_github(report, "en", root=ROOT)):
        assert OWN_COMMAND.fullmatch(line), line


@RUNS
@given(hostile_reports())
def test_junit_parses_with_elementtree_and_lxml(report: Report) -> None:
    document = render_junit(report, "de").encode("utf-8")
    ET.fromstring(document)
    etree.fromstring(document)


@RUNS
@given(hostile_reports())
def test_sarif_parses_and_prints_safely(report: Report) -> None:
    text = render_sarif(report, "en", root=ROOT)
    assert UNSAFE.search(text.replace("\n", "")) is None
    for result in json.loads(text)["runs"][0]["results"]:
        assert UNSAFE.search(result["message"]["text"]) is None


class _Strict(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@RUNS
@given(hostile_reports())
def test_html_parses_and_holds_no_raw_control_characters(report: Report) -> None:
    html = render_html(report, "de")
    html.encode("utf-8")
    assert UNSAFE.search(html.replace("\n", "")) is None
    parser = _Strict()
    parser.feed(html)
    parser.close()
    assert "script" not in parser.tags and "img" not in parser.tags


@RUNS
@given(hostile_reports())
def test_json_round_trips(report: Report) -> None:
    text = render_json(report, "en")
    assert UNSAFE.search(text.replace("\n", "")) is None
    assert json.loads(text) == visible_surrogates(report_dict(report, "en"))


@RUNS
@given(hostile_reports(), hostile_reports())
def test_comparisons_print_safely(old: Report, new: Report) -> None:
    comparison = compare(report_dict(old, "de"), report_dict(new, "de"))
    for line in assert_safe_lines(render_comparison(comparison, "en")):
        assert not line.startswith("::"), line
    text = comparison_json(comparison)
    assert UNSAFE.search(text.replace("\n", "")) is None
    assert json.loads(text) == visible_surrogates(comparison.as_dict())
