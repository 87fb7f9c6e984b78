"""`wahldaten convert` as a user runs it: --keep-errors, output names, several elections."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run

from support import FIXTURES

A01 = FIXTURES / "invalid" / "A01"
EUROPAWAHL = FIXTURES.parent / "wbz" / "valid" / "europawahl"


def test_errors_write_nothing_unless_kept(tmp_path: Path) -> None:
    refused = run("convert", A01, "-o", tmp_path / "out", lang="en")
    assert refused.returncode == 1 and not (tmp_path / "out").exists()
    assert "Nothing written" in refused.stdout
    kept = run("convert", A01, "-o", tmp_path / "kept", "--keep-errors", lang="en")
    assert kept.returncode == 1, kept.stderr
    assert "A01" in kept.stdout and "Written: 5 files" in kept.stdout
    assert len(list((tmp_path / "kept").glob("*.csv"))) == 5


@pytest.mark.parametrize("name", ["x.xlsx", "bericht.html"])
def test_an_unknown_suffix_is_a_usage_error_naming_the_targets(tmp_path: Path, name: str) -> None:
    result = run("convert", FIXTURES / "valid" / "ratswahl", "-o", tmp_path / name, lang="en")
    assert result.returncode == 2
    assert name in result.stderr and "owd-json" in result.stderr and "parquet" in result.stderr
    assert not (tmp_path / name).exists()


def test_several_elections_into_one_json_file_are_a_usage_error(tmp_path: Path) -> None:
    result = run("convert", EUROPAWAHL, "-o", tmp_path / "x.json")
    assert result.returncode == 2 and not (tmp_path / "x.json").exists()
    assert "2 Wahlen" in result.stderr and f"-o {tmp_path / 'x'} --to owd-json" in result.stderr
    folder = run("convert", EUROPAWAHL, "-o", tmp_path / "x", "--to", "owd-json")
    assert folder.returncode == 0, folder.stderr
    assert len(list((tmp_path / "x").glob("*.json"))) == 2


def test_to_against_the_suffix_is_a_usage_error(tmp_path: Path) -> None:
    result = run(
        "convert",
        A01.parent.parent / "valid" / "ratswahl",
        "-o",
        tmp_path / "x.json",
        "--to",
        "owd",
    )
    assert result.returncode == 2 and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(("lang", "words"), [("de", "getrennt"), ("en", "separated")])
def test_help_names_keep_errors_and_the_csv_separator(lang: str, words: str) -> None:
    result = run("convert", "--help", lang=lang)
    assert result.returncode == 0
    assert "--keep-errors" in result.stdout and words in result.stdout
