"""The text report: counts in the right grammatical number, and safe to print whatever the data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from report_builders import package, report, result

import wahldaten
from support import FIXTURES, ROOT, set_cell
from wahldaten.core.findings import Finding, Location
from wahldaten.engine.results import Report
from wahldaten.report.text import render_batch, render_text


def finding(bezirk: str) -> Finding:
    return Finding({"a": 1, "sum": 2}, Location("x.csv", 3, "A", bezirk))


def counted(errors: int, warnings: int, bezirke: int) -> Report:
    results = [result("A01", [finding(str(i)) for i in range(errors)])] if errors else []
    if warnings:
        results.append(result("F02", [Finding()] * warnings))
    return report([package(results, bezirke=bezirke, urn=None, postal=None)])


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "de",
            ["1 Fehler", "1 Warnung", "0 Hinweise", "1 Bezirk ", "(1 Fall)"],
            ["2 Fehler", "2 Warnungen", "0 Hinweise", "2 Bezirke", "(2 Fälle)"],
        ),
        (
            "en",
            ["1 error,", "1 warning,", "0 infos", "1 Bezirk ", "(1 case)"],
            ["2 errors", "2 warnings", "0 infos", "2 Bezirke", "(2 cases)"],
        ),
    ],
)
def test_counts_agree_with_their_number(language: str, one: list[str], two: list[str]) -> None:
    single = render_text(counted(1, 1, 1), language)
    double = render_text(counted(2, 2, 2), language)
    for text in one:
        assert text in single, (text, single)
    for text in two:
        assert text in double, (text, double)
    assert "1 errors" not in single and "1 Warnungen" not in single and "1 Bezirke" not in single


@pytest.mark.parametrize(
    ("language", "single", "plural"),
    [
        ("de", "1 Paket geprüft", "2 Pakete geprüft"),
        ("en", "1 package checked", "2 packages checked"),
    ],
)
def test_batch_counts_packages(language: str, single: str, plural: str) -> None:
    one = render_batch(counted(1, 0, 1), language)
    two = render_batch(report([*counted(1, 0, 1).packages, *counted(0, 1, 1).packages]), language)
    assert single in one and plural in two


def test_no_catalog_text_of_a_report_hedges_its_number() -> None:
    from wahldaten.core.catalog import _load

    for language in ("de", "en"):
        catalog = _load(language)
        for section in ("ui", "html", "compare", "report"):
            for key, value in _flatten(catalog.get(section, {})):
                assert "(e)" not in value and "(s)" not in value and "(en)" not in value, key


def _flatten(node: object, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [item for k, v in node.items() for item in _flatten(v, f"{prefix}.{k}")]
    return [(prefix, str(node))]


def injected(folder: Path) -> Path:
    """The issue's repro: a Bezirk number with a line break and a workflow command."""
    path = next(folder.glob("*_Wahlergebnisse_*.csv"))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(";0101;0101 Rathaus;", ';"01\n::error::pwned";0101 Rathaus;')
    path.write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_line_break_in_the_data_cannot_start_a_line(ratswahl: Path, fmt: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "wahldaten", "validate", str(injected(ratswahl)), "-f", fmt],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert "01\\n::error::pwned" in run.stdout
    if fmt == "text":
        assert not [line for line in lines if line.startswith("::")]
        assert "Escape-Folge" in lines[-1]
    else:
        assert all(
            line.startswith(("::group::", "::endgroup::", "::error ", "::warning ", "::notice "))
            for line in lines
        )
        assert not [line for line in lines if line.startswith("::error::")]


def test_terminal_controls_are_shown_escaped(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "bezirk-name", "Nord\x1b]2 pwned\x07\u202eduS")
    text = render_text(wahldaten.validate(ratswahl), "en")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Nord\\x1b]2 pwned\\x07\\u202eduS" in text
    assert text.rstrip().endswith("(e.g. \\n, \\x1b, \\u202e).")


def test_a_clean_report_has_no_note_on_escapes() -> None:
    text = render_text(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "de")
    assert "Escape" not in text


def test_the_file_is_named_once_above_its_examples_and_relative_to_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    here = str(tmp_path / "daten" / "x.csv")
    examples = [
        Finding({"a": 1, "sum": 2}, Location(here, 3, "A", "0101")),
        Finding({"a": 1, "sum": 2}, Location(here, 4, "A", "07.1", gs="05366004")),
        Finding({"a": 1, "sum": 2}, Location("/elsewhere/y.csv", 9, "A", "0102")),
    ]
    lines = render_text(report([package([result("A01", examples)])]), "de").splitlines()
    assert sum(line.strip() == "daten/x.csv" for line in lines) == 1
    assert sum(line.strip() == "/elsewhere/y.csv" for line in lines) == 1
    first = lines.index(next(line for line in lines if line.strip() == "daten/x.csv"))
    assert lines[first + 1].strip().startswith("Zeile 3 · Spalte A · Bezirk 0101: ")
    assert (
        lines[first + 2]
        .strip()
        .startswith("Zeile 4 · Spalte A · Bezirk 07.1 (Gemeinde 05366004): ")
    )
    assert not [line for line in lines if "x.csv:" in line]


def test_the_header_states_the_structure_and_the_stage_with_their_sources() -> None:
    text = render_text(wahldaten.validate(FIXTURES / "valid" / "two-ballots", final=True), "de")
    assert "Struktur: zwei Stimmen auf getrennten Stimmzetteln (" in text
    assert "Geprüft als: Endergebnis (vom Benutzer angegeben" in text
    night = render_text(wahldaten.validate(FIXTURES / "valid" / "ratswahl"), "en")
    assert "Structure: one vote (" in night and "Checked as: " in night


def test_a_finding_for_many_rows_shows_their_number_beside_the_cases() -> None:
    examples = [Finding({"a": 1, "sum": 2}, Location("x.csv", 3, "A"))]
    text = render_text(report([package([result("A01", examples, rows=108)])]), "de")
    assert "(1 Fall, 108 Zeilen)" in text
