"""Lint, format and type checks run with the test suite, so that CI enforces them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "src", "tests", "fixtures", "benchmarks"),
        ("ruff", "format", "--check", "src", "tests", "fixtures", "benchmarks"),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: tuple[str, ...]) -> None:
    present = [part for part in command if part in ("src", "tests", "fixtures", "benchmarks")]
    args = [part for part in command if part not in present or (ROOT / part).exists()]
    result = run(*args)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
