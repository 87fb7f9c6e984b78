"""`wahldaten validate` with the source options of `convert`; no internal key reaches a user."""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from clirun import run

from support import FIXTURES, ROOT, realdata
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


# --- the stage (--final) and the structure (--structure) ------------------------------------


def _package(tmp_path: Path, source: str) -> Path:
    """A copy of the fixture Ratswahl or of the real Düsseldorf package (skipped where the real
    data is absent)."""
    folder = tmp_path / source
    folder.mkdir()
    if source == "fixture":
        shutil.copytree(FIXTURES / "valid" / "ratswahl", folder, dirs_exist_ok=True)
    else:
        for path in realdata("owd").glob("duesseldorf-kommunal2020__*.csv"):
            shutil.copy(path, folder / path.name)
    return folder


def _drop_result_row(folder: Path) -> str:
    """Delete the second result row (a Bezirk whose result is lost); its bezirk-nr."""
    path = next(folder.glob("*_Wahlergebnisse_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    bezirk = lines[2].split(";")[lines[0].split(";").index("bezirk-nr")]
    path.write_text("\n".join([*lines[:2], *lines[3:]]) + "\n", encoding="utf-8")
    return bezirk


@pytest.mark.parametrize("source", ["fixture", "duesseldorf"])
def test_a_lost_result_row_passes_election_night_and_fails_the_final_result(
    tmp_path: Path, source: str
) -> None:
    folder = _package(tmp_path, source)
    assert run("validate", folder).returncode == 0
    bezirk = _drop_result_row(folder)
    night = run("validate", folder)
    assert night.returncode == 0, night.stdout
    assert re.search(r"WARNUNG +R07", night.stdout) and f"Bezirk {bezirk}:" in night.stdout
    assert "Geprüft als: vorläufiges Ergebnis am Wahlabend" in night.stdout
    final = run("validate", folder, "--final")
    assert final.returncode == 1, final.stdout
    assert re.search(r"FEHLER +R07", final.stdout) and f"Bezirk {bezirk}:" in final.stdout
    assert "Geprüft als: Endergebnis (vom Benutzer angegeben" in final.stdout
    report = json.loads(run("validate", folder, "--final", "-f", "json").stdout)
    (package,) = report["packages"]
    assert package["stage"]["value"] == "final" and package["stage"]["source"] == "user"
    (group,) = [g for g in package["findings"] if g["code"] == "R07"]
    assert group["severity"] == "error" and group["examples"][0]["bezirk"] == bezirk


def test_final_comes_from_the_settings_file_under_the_option(tmp_path: Path) -> None:
    folder = _package(tmp_path, "fixture")
    _drop_result_row(folder)
    (tmp_path / "wahldaten.toml").write_text("final = true\n", encoding="utf-8")
    assert run("validate", folder, cwd=tmp_path).returncode == 1
    assert run("validate", folder, "--no-final", cwd=tmp_path).returncode == 0


def test_convert_with_final_writes_nothing_for_an_incomplete_result(tmp_path: Path) -> None:
    folder = _package(tmp_path, "fixture")
    _drop_result_row(folder)
    assert run("convert", folder, "-o", tmp_path / "night").returncode == 0
    refused = run("convert", folder, "-o", tmp_path / "final", "--final")
    assert refused.returncode == 1 and "R07" in refused.stdout
    assert not (tmp_path / "final").exists()


def test_the_stated_structure_is_in_the_header_with_its_source() -> None:
    shown = run("validate", FIXTURES / "valid" / "ratswahl", "--structure", "votes-per-ballot=3")
    assert shown.returncode == 0, shown.stdout
    assert "Struktur: kumulieren/panaschieren, 3 Stimmen je Stimmzettel (vom Benutzer" in (
        shown.stdout
    )
    report = json.loads(
        run("validate", FIXTURES / "valid" / "two-ballots", "-f", "json", "--lang", "en").stdout
    )
    structure = report["packages"][0]["structure"]
    assert structure["description"] == "two votes on separate ballot papers"
    assert structure["votes"] == 2 and structure["separate_ballots"] is True


@pytest.mark.parametrize(
    ("args", "settings", "shown"),
    [
        (["--structure", "votes=3"], None, "--structure, Angabe 1 „votes=3“"),
        (["--structure", "votes=2,,postal-only"], None, "--structure, Angabe 2"),
        (["--structure", "stimmen=2"], None, "unbekannte Angabe „stimmen“"),
        ([], "[structure]\nvotes = 3\n", "[structure] votes"),
        ([], "[structure]\nseparate-ballots = 2\n", "[structure] separate-ballots"),
    ],
)
def test_a_structure_that_cannot_be_read_is_a_usage_error_naming_where(
    tmp_path: Path, args: list[str], settings: str | None, shown: str
) -> None:
    if settings is not None:
        (tmp_path / "wahldaten.toml").write_text(settings, encoding="utf-8")
    for command in ("validate", "convert"):
        extra = ["-o", str(tmp_path / "out")] if command == "convert" else []
        result = run(command, FIXTURES / "valid" / "ratswahl", *extra, *args, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert shown in result.stderr and result.stdout == ""


def test_every_real_owd_package_validates_with_exit_0() -> None:
    result = run("validate", realdata("owd"), "--recursive", "--quiet")
    assert result.returncode == 0, result.stdout
    assert "0 nicht bestanden" in result.stdout


def test_a_kreis_package_names_the_municipality_of_every_bezirk(tmp_path: Path) -> None:
    """Kreis Euskirchen: bezirk-nr repeats across its municipalities, so each Bezirk shown is
    named with its municipality's key; the file is named once, relative to where one stands."""
    for path in realdata("owd").glob("kreis-euskirchen-2020__*.csv"):
        shutil.copy(path, tmp_path / path.name)
    text = run("validate", tmp_path, cwd=tmp_path).stdout
    examples = [line.strip() for line in text.splitlines() if "· Bezirk " in line]
    assert examples and all("(Gemeinde 0536" in line for line in examples), examples
    assert all(line.startswith("Zeile ") for line in examples)
    assert "\n                 kreis-euskirchen-2020__" in text  # relative to the cwd
    report = json.loads(run("validate", tmp_path, "-f", "json").stdout)
    located = [e for g in report["packages"][0]["findings"] for e in g["examples"] if e["bezirk"]]
    assert located and all(e["gs"] and e["gs"].startswith("0536") for e in located)
