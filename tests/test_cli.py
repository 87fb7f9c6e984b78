from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wahldaten", *args], capture_output=True, text=True, cwd=ROOT)


def test_rules_lists_codes() -> None:
    result = run("rules", "--lang", "en")
    assert result.returncode == 0
    assert "A01" in result.stdout and "Electorate" in result.stdout
