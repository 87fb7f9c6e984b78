"""Settings from [tool.wahldaten] in pyproject.toml or from wahldaten.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXTURES
from wahldaten.api import config


def test_nearest_file_wins_and_keys_are_checked(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wahldaten]\nfail-on = "warning"\nignore = ["P"]\n', encoding="utf-8"
    )
    inner = tmp_path / "daten"
    inner.mkdir()
    assert config.find(inner).get("fail-on") == "warning"
    (inner / "wahldaten.toml").write_text('select = ["A"]\nmax-examples = 3\n', encoding="utf-8")
    found = config.find(inner)
    assert (
        found.path == inner / "wahldaten.toml"
        and found.get("select") == ["A"]
        and found.get("fail-on") is None
    )
    (inner / "wahldaten.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError):
        config.find(inner)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('select = "A"\n', "config.not_codes"),
        ("max-examples = -1\n", "config.max_examples"),
        ('fail-on = "fatal"\n', "config.fail_on"),
        ('lang = "fr"\n', "config.lang"),
        ("select = [\n", "config.unreadable"),
        ('max-bytes = "lots"\n', "config.size"),
        ("max-file-bytes = -1\n", "config.size"),
        ("max-bytes = true\n", "config.size"),
    ],
)
def test_every_settings_error_is_a_config_error_with_its_message(
    tmp_path: Path, text: str, key: str
) -> None:
    """Regression: `select = "A"` raised a TypeError (the message's parameter was `key`)."""
    (tmp_path / "wahldaten.toml").write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as error:
        config.find(tmp_path)
    assert error.value.key == key
    assert "{" not in str(error.value) and str(tmp_path) in str(error.value)


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wahldaten", *args], capture_output=True, text=True, cwd=folder
    )


def test_cli_reads_settings_and_options_override(tmp_path: Path) -> None:
    target = str(FIXTURES / "invalid" / "F02")
    assert run_in(tmp_path, "validate", target).returncode == 0
    (tmp_path / "wahldaten.toml").write_text('fail-on = "warning"\nlang = "en"\n', encoding="utf-8")
    strict = run_in(tmp_path, "validate", target)
    assert strict.returncode == 1 and "WARNING" in strict.stdout
    assert run_in(tmp_path, "validate", target, "--fail-on", "error").returncode == 0
    (tmp_path / "wahldaten.toml").write_text(
        'fail-on = "warning"\nignore = ["F02"]\n', encoding="utf-8"
    )
    assert run_in(tmp_path, "validate", target).returncode == 0
    (tmp_path / "wahldaten.toml").write_text("fail-on = 3\n", encoding="utf-8")
    broken = run_in(tmp_path, "validate", target)
    assert broken.returncode == 2 and "fail-on" in broken.stderr


def test_limits_in_settings_are_sizes_in_bytes(tmp_path: Path) -> None:
    (tmp_path / "wahldaten.toml").write_text(
        'max-bytes = "200M"\nmax-file-bytes = 1048576\n', encoding="utf-8"
    )
    assert config.find(tmp_path).sizes() == {"max_bytes": 200 * 1024**2, "max_file_bytes": 1024**2}
    assert config.Config().sizes() == {}


def test_cli_takes_limits_from_settings_under_its_options(tmp_path: Path) -> None:
    target = str(FIXTURES / "valid" / "ratswahl")
    (tmp_path / "wahldaten.toml").write_text('max-file-bytes = "100"\n', encoding="utf-8")
    refused = run_in(tmp_path, "validate", target)
    assert refused.returncode == 3 and "100 B" in refused.stderr
    assert run_in(tmp_path, "validate", target, "--max-file-bytes", "1M").returncode == 0
    converted = run_in(tmp_path, "convert", target, "-o", str(tmp_path / "out"))
    assert converted.returncode == 3 and not (tmp_path / "out").exists()


def test_final_and_the_structure_table_are_settings(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.wahldaten]\nfinal = true\n\n"
        '[tool.wahldaten.structure]\nvotes = 2\nseparate-ballots = "ja"\n',
        encoding="utf-8",
    )
    found = config.find(tmp_path)
    assert found.final is True
    statement = found.structure
    assert statement is not None and statement.votes == 2 and statement.separate_ballots
    assert config.Config().final is None and config.Config().structure is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[structure]\nvotes = 3\n", "[structure] votes"),
        ('[structure]\nvotes-per-ballot = "viele"\n', "[structure] votes-per-ballot"),
        ("[structure]\nstimmen = 2\n", "[structure] stimmen"),
        ('structure = "votes=2"\n', "[structure]"),
    ],
)
def test_a_structure_table_that_cannot_be_read_names_the_key(
    tmp_path: Path, text: str, named: str
) -> None:
    (tmp_path / "wahldaten.toml").write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as error:
        config.find(tmp_path)
    assert error.value.key == "config.structure" and error.value.cause is not None
    assert error.value.message("de").startswith(named)
    assert "{" not in error.value.message("en")


def test_final_must_be_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "wahldaten.toml").write_text('final = "ja"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError) as error:
        config.find(tmp_path)
    assert error.value.key == "config.final"
