"""Limits on the command line: --max-bytes and --max-file-bytes over the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from clirun import run

from support import FIXTURES
from wahldaten.api.config import Config
from wahldaten.cli.settings import limits_of
from wahldaten.io.limits import GIB, MIB, Limits

RATSWAHL = FIXTURES / "valid" / "ratswahl"


def test_options_over_settings_and_the_defaults_for_the_rest() -> None:
    assert limits_of(None, None, Config(), "de") is None
    assert limits_of("2G", None, Config(), "de") == Limits(max_bytes=2 * GIB)
    settings = Config(values={"max-bytes": "100M", "max-file-bytes": 1000})
    assert limits_of(None, "5M", settings, "en") == Limits(
        max_bytes=100 * MIB, max_file_bytes=5 * MIB
    )


def test_a_value_that_is_no_size_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as stopped:
        limits_of("viel", None, Config(), "de")
    assert stopped.value.exit_code == 2
    assert "--max-bytes" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_both_commands_take_the_limits(command: str, tmp_path: Path) -> None:
    output = ("-o", tmp_path / "out") if command == "convert" else ()
    bad = run(command, RATSWAHL, *output, "--max-bytes", "12Q")
    assert bad.returncode == 2
    assert "„12Q“ ist keine Größe" in bad.stderr and "Traceback" not in bad.stderr
    english = run(command, RATSWAHL, *output, "--max-file-bytes", "-5", "--lang", "en")
    assert english.returncode == 2 and "“-5” is not a size" in english.stderr
    small = run(command, RATSWAHL, *output, "--max-file-bytes", "1K")
    assert small.returncode == 3 and "1 KiB" in small.stderr
    whole = run(command, RATSWAHL, *output, "--max-bytes", "2K", "--max-file-bytes", "1M")
    assert whole.returncode == 3
    enough = run(command, RATSWAHL, *output, "--max-bytes", "1M", "--max-file-bytes", "1M")
    assert enough.returncode == 0, enough.stderr
