"""The documentation cannot drift: README commands, generated rule docs, generated fixtures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert "pytest" in command
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\n{command}\n" in readme


def test_readme_first_command_validates_a_bundled_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"wahldaten validate (fixtures/owd/valid/\w+)\n", readme)
    assert match and (ROOT / match.group(1)).is_dir()


@pytest.mark.parametrize(
    ("language", "path"), [("de", "docs/rules.md"), ("en", "docs/rules.en.md")]
)
def test_rule_docs_are_generated_from_the_code(language: str, path: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wahldaten", "rules", "--format", "markdown", "--lang", language],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert (ROOT / path).read_text(encoding="utf-8") == result.stdout, (
        f"{path} is stale: wahldaten rules --format markdown --lang {language} > {path}"
    )


def test_fixtures_are_generated_by_the_builder() -> None:
    result = subprocess.run(
        [sys.executable, "fixtures/build.py", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def test_changelog_has_an_unreleased_or_versioned_entry() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[(Unreleased|\d+\.\d+\.\d+)\]", text, re.MULTILINE)


def test_readme_journalist_path_runs(tmp_path: Path) -> None:
    """The two conversion commands of the README work as written (with paths moved to tmp)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(
        r"^(wahldaten convert (?:fixtures|/tmp)\S* -o \S+)", readme, re.MULTILINE
    )[:2]
    assert len(commands) == 2
    for command in commands:
        args = command.replace("/tmp/", f"{tmp_path}/").split()[1:]
        result = subprocess.run(
            [sys.executable, "-m", "wahldaten", *args], capture_output=True, text=True, cwd=ROOT
        )
        assert result.returncode == 0, result.stdout + result.stderr
    import polars as pl

    table = pl.read_parquet(tmp_path / "btw.parquet")
    assert {"art", "stimme", "partei-langname", "anzahl"} <= set(table.columns)
