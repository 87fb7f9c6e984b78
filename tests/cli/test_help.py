"""Help pages, usage errors and settings errors in the user's language (German by default)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from clirun import run

from support import FIXTURES, ROOT
from wahldaten.cli.texts import language_from_argv

CATALOG = ROOT / "src" / "wahldaten" / "core" / "catalog"
COMMANDS = ("validate", "rules", "schema", "compare", "convert", "migrate")


def test_language_from_the_command_line_before_the_locale() -> None:
    assert language_from_argv(["validate", "--lang", "en"]) == "en"
    assert language_from_argv(["--lang=en", "rules"]) == "en"
    assert language_from_argv(["rules", "--lang", "de", "--lang", "en"]) == "en"
    assert language_from_argv(["validate", "--", "--lang", "en"]) in ("de", "en")  # the locale's


def test_help_is_german_by_default() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "Aufruf: wahldaten" in result.stdout and "Befehle:" in result.stdout
    assert "Diese Hilfe zeigen und beenden." in result.stdout
    assert "Prüft deutsche Wahlergebnisse" in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_helps_in_both_languages(command: str) -> None:
    german = run(command, "--help")
    assert german.returncode == 0
    assert f"Aufruf: wahldaten {command}" in german.stdout and "Optionen:" in german.stdout
    english = run(command, "--help", "--lang", "en")
    assert f"Usage: wahldaten {command}" in english.stdout and "Options:" in english.stdout
    assert german.stdout != english.stdout
    assert run(command, "--help", lang="en").stdout == english.stdout  # the locale decides too
    for text in (german.stdout, english.stdout):
        assert "cli." not in text  # never a catalog key


def test_option_help_comes_from_the_catalog() -> None:
    assert "Wahldatum TT.MM.JJJJ" in run("convert", "--help").stdout
    assert "Election date DD.MM.YYYY" in run("convert", "--help", "--lang", "en").stdout
    assert "[Standard: text]" in run("validate", "--help").stdout


def test_usage_errors_in_german_and_english() -> None:
    missing = run("validate")
    assert missing.returncode == 2
    assert "Aufruf: wahldaten validate" in missing.stderr
    assert "„wahldaten validate --help“ zeigt die Hilfe." in missing.stderr
    assert "Fehler:" in missing.stderr and "fehlt" in missing.stderr
    choice = run("validate", "x", "--fail-on", "never")
    assert choice.returncode == 2
    assert "Ungültiger Wert für '--fail-on': 'never'; möglich sind" in choice.stderr
    unknown = run("validate", "x", "--bogus")
    assert unknown.returncode == 2 and "Unbekannte Option --bogus." in unknown.stderr
    english = run("validate", "x", "--bogus", "--lang", "en")
    assert "No such option: --bogus." in english.stderr and "Error:" in english.stderr
    assert run("nonsense").returncode == 2


def test_no_command_shows_the_help() -> None:
    result = run()
    assert result.returncode == 2
    assert "Aufruf: wahldaten" in result.stderr + result.stdout


def test_settings_error_in_the_users_language(tmp_path: Path) -> None:
    (tmp_path / "wahldaten.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    german = run("validate", FIXTURES / "valid" / "ratswahl", cwd=tmp_path)
    assert german.returncode == 2
    assert german.stderr.startswith("wahldaten: Einstellungen in ")
    assert "wahldaten.toml" in german.stderr
    assert "fail-on muss error, warning oder info sein" in german.stderr
    english = run("validate", FIXTURES / "valid" / "ratswahl", cwd=tmp_path, lang="en")
    assert english.stderr.startswith("wahldaten: Settings in ")
    assert "fail-on must be error, warning or info" in english.stderr


def test_every_cli_key_is_in_both_catalogs() -> None:
    def keys(node: dict[str, object], prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            found |= keys(value, name) if isinstance(value, dict) else {name}
        return found

    german = keys(tomllib.loads((CATALOG / "de" / "cli.toml").read_text(encoding="utf-8")))
    english = keys(tomllib.loads((CATALOG / "en" / "cli.toml").read_text(encoding="utf-8")))
    assert german == english
    # Every key the CLI names literally exists (computed ones show up in the help tests).
    source = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src/wahldaten/cli").glob("*.py")
    )
    named = set(re.findall(r"[\"'](cli\.[a-z_]+(?:\.[a-z_]+)+)[\"']", source))
    assert named and named <= german, named - german
