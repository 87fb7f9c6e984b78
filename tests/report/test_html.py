"""The HTML report: complete, self-contained, escaped, in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_builders import package, report, result

import wahldaten
from support import FIXTURES, set_cell
from wahldaten.core.findings import Finding, Location
from wahldaten.core.structure import EXAMPLES
from wahldaten.report.html import render_html

HOSTILE_BEZIRK = '<script>alert("x")</script>'
HOSTILE_PARTY = '"><img src=x onerror=alert(1)>'


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def hostile_package(folder: Path) -> Path:
    set_cell(folder, "Wahlergebnisse", "0102", "bezirk-nr", HOSTILE_BEZIRK)
    set_cell(folder, "Wahlgebietseinteilungen", "0102", "bezirk-nr", HOSTILE_BEZIRK)
    set_cell(folder, "Wahlergebnisse", HOSTILE_BEZIRK, "A", "1")  # an A01 finding on that Bezirk
    set_cell(folder, "Stimmzettel", 2, "partei-kurzname", HOSTILE_PARTY)
    return folder


def test_hostile_input_stays_text(ratswahl: Path) -> None:
    html = render_html(wahldaten.validate(hostile_package(ratswahl)), "de")
    parsed = parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attributes)
    assert HOSTILE_BEZIRK in "".join(parsed.text)  # shown to the reader, as text
    assert "&lt;script&gt;" in html


def test_self_contained_no_network_no_scripts() -> None:
    html = render_html(wahldaten.validate(FIXTURES / "invalid" / "A01"), "en")
    parsed = parse(html)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "iframe" not in parsed.tags
    assert not re.search(r"https?://|url\(", html.split("<footer>")[0].split("</style>")[1])
    assert "@import" not in html and "@media print" in html


def test_verdict_summary_and_findings_with_locations() -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "A01", FIXTURES / "valid" / "bundestagswahl")
    html = render_html(report, "de")
    text = " ".join(parse(html).text)
    assert "Prüfbericht Offene Wahldaten: nicht bestanden" in text
    assert "Ratswahl NRW" in text and "Bundestagswahl" in text
    assert "6 (4 Urne, 2 Brief)" in text and "6 / 6" in text
    assert "Wahlberechtigte: A ≠ A1 + A2 + A3" in text
    assert "A ist 1187, A1 + A2 + A3 ergibt 1186." in text
    # The explanation, its Markdown shown as such.
    assert "Die Zahl der Wahlberechtigten <code>A</code> ist nicht die Summe" in html
    assert "`" not in html
    assert "Keine Befunde." in text
    english = " ".join(parse(render_html(report, "en")).text)
    assert "Open election data report: failed" in english and "A is 1187" in english


def test_passed_report() -> None:
    html = render_html(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "de")
    assert 'class="verdict passed"' in html and "bestanden" in html


def test_each_language_explains_the_rule_in_that_language() -> None:
    """Regression: the German report showed the English explanation of every rule."""
    from wahldaten.report.markdown import to_html
    from wahldaten.rules import registry

    report = wahldaten.validate(FIXTURES / "invalid" / "A01")
    rule = registry.get("A01")
    german, english = render_html(report, "de"), render_html(report, "en")
    assert to_html(rule.explain("de"), "explain") in german
    assert to_html(rule.explain("en"), "explain") in english
    assert to_html(rule.explain("en"), "explain") not in german


def test_time_is_local_with_its_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        html = render_html(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "de")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert re.search(r"erstellt \d\d\.\d\d\.\d{4} \d\d:\d\d (CET|CEST)", html)
    assert "UTC" not in html and "Paket(e)" not in html and "1 Paket " in html


def test_control_characters_are_shown_escaped_and_said_so(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "bezirk-nr", "01\x1b[2J\u202e")
    html = render_html(wahldaten.validate(ratswahl), "en")
    assert "\x1b" not in html and "\u202e" not in html
    assert "01\\x1b[2J\\u202e" in html
    assert "shown as escapes" in html.split("<footer>")[1]
    clean = render_html(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "en")
    assert "shown as escapes" not in clean


def test_structure_stage_and_municipalities_are_shown() -> None:
    finding = Finding({"a": 1, "sum": 2}, Location("x.csv", 3, "A", "07.1", gs="05366004"))
    built = report([package([result("A01", [finding])], structure=EXAMPLES["two-ballots"])])
    text = "".join(parse(render_html(built, "de")).text)
    assert "Struktur" in text and "zwei Stimmen auf getrennten Stimmzetteln" in text
    assert "Geprüft als" in text and "vorläufiges Ergebnis am Wahlabend" in text
    assert "Gemeinde" in text and "05366004" in text
    plain = report([package([result("A01", [Finding({"a": 1, "sum": 2}, Location("x.csv", 3))])])])
    assert "Gemeinde" not in "".join(parse(render_html(plain, "de")).text)
