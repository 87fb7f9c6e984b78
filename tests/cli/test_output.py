"""Where the command line writes: every stderr line behind `wahldaten: `, data made printable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clirun import run

from support import FIXTURES
from wahldaten.cli.output import error_text, say
from wahldaten.io.errors import InputError


def lines_of(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    for line in lines:
        assert line.startswith("wahldaten: "), line
    return lines


def test_say_prefixes_every_line_and_shows_control_characters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    say("erste Zeile\n\nzweite \x1b[31mZeile\u202e")
    assert capsys.readouterr().err == (
        "wahldaten: erste Zeile\nwahldaten: zweite \\x1b[31mZeile\\u202e\n"
    )


def test_data_in_a_message_cannot_break_its_line() -> None:
    error = InputError("input.unreadable", path="a\n::error::x.csv", reason="kaputt")
    text = error_text(error, "de")
    assert "\n" not in text and "a\\n::error::x.csv" in text


def test_a_file_named_like_a_workflow_command_starts_no_line(tmp_path: Path) -> None:
    (tmp_path / "a\n::error::x.csv").write_text("kein;owd\n1;2\n", encoding="utf-8")
    result = run("validate", tmp_path)
    assert result.returncode == 3
    lines = lines_of(result.stderr)
    assert any("a\\n::error::x.csv" in line for line in lines)
    assert not any(line.startswith("::") for line in result.stdout.splitlines())


def test_usage_settings_and_status_lines_carry_the_prefix(tmp_path: Path) -> None:
    lines_of(run("validate", "x", "--bogus").stderr)
    lines_of(run("validate").stderr)
    lines_of(run("rules", "Z99").stderr)
    package = tmp_path / "paket"
    shutil.copytree(FIXTURES / "valid" / "ratswahl", package)
    written = run("validate", package, "-f", "json", "-o", tmp_path / "r.json")
    assert written.returncode == 0 and len(lines_of(written.stderr)) == 2
    (tmp_path / "wahldaten.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    lines_of(run("validate", package, cwd=tmp_path).stderr)


def test_no_command_shows_the_help_on_stdout() -> None:
    result = run()
    assert result.returncode == 2 and "Aufruf: wahldaten" in result.stdout
    assert result.stderr == ""
