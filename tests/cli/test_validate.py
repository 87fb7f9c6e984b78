"""`wahldaten validate` with the source options of `convert`; no internal key reaches a user."""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from clirun import run

from support import ROOT
from wahldaten.cli.output import error_text
from wahldaten.io.sources import InputError

AKDB = ROOT / "fixtures" / "akdb" / "valid" / "bundestagswahl"
CATALOG = ROOT / "src" / "wahldaten" / "core" / "catalog"


def _catalog_keys() -> set[str]:
    """Every dotted key of the catalog outside the rules (`convert.date_missing`, …)."""
    found: set[str] = set()

    def walk(node: dict[str, object], prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(value, name)
            elif "." in name:
                found.add(name)

    for path in (CATALOG / "de").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data.pop("rules", None)
        walk(data, "")
    return found


@pytest.fixture
def undated(tmp_path: Path) -> Path:
    """An AKDB Wahlportal export whose file and folder names carry no date."""
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(AKDB / "open_data.json", folder)
    shutil.copy(AKDB / "wahlbezirksergebnisse_20250223.csv", folder / "wahlbezirksergebnisse.csv")
    return folder


def test_no_internal_key_for_a_source_without_a_date(undated: Path) -> None:
    result = run("validate", undated)
    shown = result.stdout + result.stderr
    assert not {key for key in _catalog_keys() if key in shown}, shown
    assert "--datum" in shown  # the message says what to do


def test_validate_takes_the_date_a_source_lacks(undated: Path) -> None:
    result = run("validate", undated, "--datum", "23.02.2025")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "23.02.2025" in result.stdout


def test_validate_has_the_source_options_of_convert() -> None:
    shown = run("validate", "--help", "--lang", "en").stdout
    for option in ("--datum", "--gs", "--meta", "--wahl-name", "--behoerde"):
        assert option in shown


def test_library_errors_are_rendered_in_the_users_language() -> None:
    error = InputError("input.missing", path="x/y")
    assert error_text(error, "de") == "Der Pfad x/y existiert nicht."
    assert error_text(error, "en").endswith("x/y does not exist.")
    unknown = InputError("input.no_such_key", path="x/y")
    assert "input.no_such_key" not in error_text(unknown, "de")
    assert "x/y" in error_text(unknown, "de")


def test_a_batch_names_what_it_skipped_with_the_reason(tmp_path: Path) -> None:
    archive = tmp_path / "archiv"
    shutil.copytree(ROOT / "fixtures" / "owd" / "valid" / "ratswahl", archive / "ratswahl")
    os.mkfifo(archive / "ratswahl" / "pipe.csv")
    text = run("validate", archive, "--recursive")
    assert text.returncode == 0
    assert "Nicht gelesen und übersprungen:" in text.stdout
    assert f"{archive / 'ratswahl' / 'pipe.csv'} ist eine benannte Pipe" in text.stdout
    report = json.loads(run("validate", archive, "-r", "-f", "json", "--lang", "en").stdout)
    assert [s["key"] for s in report["skipped"]] == ["input.not_regular_fifo"]
    converted = run("convert", archive / "ratswahl", "-o", tmp_path / "out")
    assert converted.returncode == 0 and "benannte Pipe" in converted.stdout
