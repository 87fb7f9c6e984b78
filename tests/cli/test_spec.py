"""`wahldaten spec` at the command line."""

from __future__ import annotations

from pathlib import Path

from clirun import run


def test_spec_writes_html_by_the_output_name(tmp_path: Path) -> None:
    out = tmp_path / "spec.html"
    result = run("spec", "--version", "0.3", "-o", out)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "wahlgebietseinteilungen.schema.json" in html
    assert "Bedeutung" in html and "Meaning" in html


def test_spec_prints_markdown_in_english() -> None:
    result = run("spec", "--version", "0.2", "--lang", "en", lang="en")
    assert result.returncode == 0
    assert result.stdout.startswith("# OWD 0.2") and "## Data types" in result.stdout


def test_spec_of_an_unknown_version_is_a_usage_error() -> None:
    result = run("spec", "--version", "9.9")
    assert result.returncode == 2 and "9.9" in result.stderr
