"""The HTML report's distributions: inline SVG without script or style attributes, the
Bezirke with findings and the far outliers marked, numbers in the reader's language."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import wahldaten
from support import FIXTURES
from wahldaten.engine.results import Distribution
from wahldaten.report.html import render_html
from wahldaten.report.html_charts import chart, percent


class Shapes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[dict[str, str | None]] = []
        self.attributes: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        if tag == "rect":
            self.rects.append(dict(attrs))


def shapes(html: str) -> Shapes:
    parser = Shapes()
    parser.feed(html)
    return parser


def test_turnout_and_invalid_share_with_the_flagged_bezirk_marked() -> None:
    html = render_html(wahldaten.validate(FIXTURES / "invalid" / "P02"), "de")
    assert "Verteilung über die Bezirke" in html
    assert "Wahlbeteiligung der Urnenbezirke (B/A)" in html
    assert "Anteil ungültiger Stimmen (C/B)" in html
    parsed = shapes(html)
    assert parsed.tags.count("svg") == 2 and "script" not in parsed.tags
    assert "style" not in parsed.attributes  # a CSP without 'unsafe-inline' allows no style=""
    found = [r for r in parsed.rects if r["class"] == "bar found"]
    assert len(found) == 2  # Bezirk 0102: its low turnout, and the same Bezirk's invalid share
    # The P02 Bezirk (3.5 %) stands alone in the lowest bin, far from the median of 29.7 %.
    assert re.search(r"<title>2 bis unter 4 %: 1 Bezirk, davon 1 mit Befund</title>", html)
    assert "Median 29,69 %" in html and "mit Befund (unter den aufgeführten Fundstellen)" in html


def test_no_picture_for_too_few_bezirke() -> None:
    html = render_html(wahldaten.validate(FIXTURES / "valid" / "postal-only"), "de")
    report = wahldaten.validate(FIXTURES / "valid" / "postal-only")
    shown = [d for p in report.packages for d in p.distributions if sum(d.counts) >= 3]
    assert ("<svg" in html) == bool(shown)


def test_a_chart_from_its_bins() -> None:
    bins = Distribution(
        kind="invalid",
        lower=0.0,
        upper=0.05,
        counts=(10, 0, 0, 0, 2),
        with_findings=(0, 0, 0, 0, 1),
        outliers=(0, 0, 0, 0, 1),
        median=0.004,
    )
    english = chart(bins, "en")
    parsed = shapes(english)
    classes = [r["class"] for r in parsed.rects]
    assert classes == ["bar", "bar found", "bar far"]
    assert "<title>4 to under 5 %: 2 Bezirke, 1 of them with a finding, 1 far outside</title>" in (
        english
    )
    assert "far outside the rest" in english and "median 0.4 %" in english
    assert 'aria-label="Share of invalid votes (C/B): 12 Bezirke, median 0.4 %' in english
    german = chart(bins, "de")
    assert "Median 0,4 %" in german and "5 %" in german
    assert percent(0.2955, "de") == "29,55" and percent(0.3, "en") == "30"
