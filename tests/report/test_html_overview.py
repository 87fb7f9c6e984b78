"""The HTML report's overview: packages and codes linked to the findings, the CSV download,
and a verdict that does not say "passed" alone above warnings."""

from __future__ import annotations

import base64
import csv
import io
import re

from report_builders import package, report, result

import wahldaten
from support import FIXTURES
from wahldaten.core.findings import Finding, Location
from wahldaten.report.html import render_html

CSV_LINK = re.compile(r'href="data:text/csv;charset=utf-8;base64,([^"]+)" download="([^"]+)"')


def csv_rows(html: str) -> tuple[str, list[list[str]]]:
    match = CSV_LINK.search(html)
    assert match is not None
    text = base64.b64decode(match[1]).decode("utf-8")
    assert text.startswith("\ufeff")  # for spreadsheet programs
    return match[2], list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_overview_links_every_package_and_code_to_its_findings() -> None:
    built = wahldaten.validate(
        FIXTURES / "invalid" / "A01", FIXTURES / "invalid" / "P02", FIXTURES / "valid" / "ratswahl"
    )
    html = render_html(built, "de")
    overview = html.split('<section class="overview">')[1].split("</section>")[0]
    assert "Übersicht" in overview and "Befunde je Code" in overview
    links = re.findall(r'href="#([^"]+)"', overview)
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert links and set(links) <= ids  # every link has its target
    assert {"p1", "p2", "p3"} <= set(links)
    # A code links to the findings (with the rule's explanation) of each package it occurs in.
    a01 = next(i for i, p in enumerate(built.packages) if p.results and p.results[0].code == "A01")
    assert f'href="#p{a01 + 1}-A01"' in overview
    assert f'<details open id="p{a01 + 1}-A01">' in html
    assert "Wahlberechtigte: A ≠ A1 + A2 + A3" in overview
    # Per package: Bezirke, reported, and one column per severity.
    assert re.search(r"<th>Bezirke</th><th>gemeldet</th><th>Fehler</th>", overview)


def test_the_findings_download_as_csv_inside_the_file() -> None:
    html = render_html(wahldaten.validate(FIXTURES / "invalid" / "A01"), "de")
    name, rows = csv_rows(html)
    assert name == "pruefbericht.csv"
    assert rows[0][:3] == ["Paket", "Code", "Schweregrad"]
    assert [r[1] for r in rows[1:]] == ["A01"] and rows[1][7] == "0102"
    assert "Alle Befunde als CSV herunterladen (1 Fall)" in html
    english = render_html(wahldaten.validate(FIXTURES / "invalid" / "A01"), "en")
    assert csv_rows(english)[0] == "report.csv" and "Download all findings as CSV" in english
    clean = render_html(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "de")
    assert CSV_LINK.search(clean) is None  # nothing to download


def test_the_csv_says_when_it_holds_only_the_first_cases() -> None:
    findings = [Finding({"a": 1, "sum": 2}, Location("x.csv", n, "A", f"0{n}")) for n in (2, 3)]
    built = report([package([result("A01", findings, count=40)])], max_examples=2)
    html = render_html(built, "de")
    assert "Befunde als CSV herunterladen (2 Fälle von 40, die ersten 2 je Code)" in html
    assert len(csv_rows(html)[1]) == 3
    # A hostile value is a text cell, not a formula.
    hostile = [Finding({"a": 1, "sum": 2}, Location("x.csv", 2, "A", "=HYPERLINK(1)"))]
    _, rows = csv_rows(render_html(report([package([result("A01", hostile)])]), "de"))
    assert rows[1][7] == "'=HYPERLINK(1)"


def test_passed_with_warnings_says_so() -> None:
    warned = render_html(wahldaten.validate(FIXTURES / "invalid" / "P02"), "de")
    assert "<h1>Prüfbericht Offene Wahldaten: bestanden, mit 1 Warnung</h1>" in warned
    assert 'class="verdict passed warned"' in warned
    english = render_html(wahldaten.validate(FIXTURES / "invalid" / "P02"), "en")
    assert "Open election data report: passed, with 1 warning</h1>" in english
    clean = render_html(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "de")
    assert "<h1>Prüfbericht Offene Wahldaten: bestanden</h1>" in clean
