"""`wahldaten serve`: options, the warning off loopback, and the message without the extra."""

from __future__ import annotations

import subprocess
import sys

import pytest
from clirun import run
from typer.testing import CliRunner

from wahldaten.cli import app

pytest.importorskip("starlette", reason="the web extra is not installed")


def test_help_in_both_languages() -> None:
    german = run("serve", "--help")
    assert german.returncode == 0 and "--host ADRESSE" in german.stdout
    assert "pip install 'wahldaten[web]'" in german.stdout
    english = run("serve", "--help", "--lang", "en")
    assert "--host ADDRESS" in english.stdout and "Only this machine" in english.stdout


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, object]]:
    import wahldaten.web

    calls: list[tuple[str, int, object]] = []
    monkeypatch.setattr(wahldaten.web, "run", lambda h, p, s: calls.append((h, p, s)))
    return calls


def test_loopback_by_default_without_a_warning(served: list[tuple[str, int, object]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert served[0][:2] == ("127.0.0.1", 8000)
    assert "Achtung" not in result.output and "http://127.0.0.1:8000/" in result.output


def test_every_network_only_with_a_warning(served: list[tuple[str, int, object]]) -> None:
    result = CliRunner().invoke(
        app,
        ["serve", "--host", "0.0.0.0", "--port", "8080", "--max-upload", "100M", "--lang", "de"],
    )
    assert result.exit_code == 0, result.output
    host, port, settings = served[0]
    assert (host, port) == ("0.0.0.0", 8080)
    assert settings.max_upload_bytes == 100 * 1024**2  # type: ignore[attr-defined]
    assert (
        "Achtung: der Server ist unter 0.0.0.0 auch von anderen Rechnern erreichbar"
        in result.output
    )


def test_a_size_that_is_no_size(served: list[tuple[str, int, object]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--max-upload", "lots", "--lang", "de"])
    assert result.exit_code == 2 and served == []


def test_without_the_extra_it_says_how_to_install_it() -> None:
    # The extra is installed here; a process that cannot import starlette stands for one without.
    code = (
        "import sys; sys.modules['starlette'] = None; sys.argv = ['wahldaten', 'serve'];"
        "from wahldaten.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"LANG": "de_DE.UTF-8"}
    )
    assert result.returncode == 2
    assert "pip install 'wahldaten[web]'" in result.stderr and "starlette" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_line_on_stderr_has_the_prefix(served: list[tuple[str, int, object]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--lang", "de"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) >= 2  # the warning and the address
    assert all(line.startswith("wahldaten: ") for line in lines), lines
