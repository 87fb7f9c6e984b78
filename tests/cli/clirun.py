"""Running the command line as a user does: a new process, a locale, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import ROOT


def run(
    *args: str | Path, lang: str = "de", cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`wahldaten ARGS` in a process with a German (or English) locale."""
    locale = "de_DE.UTF-8" if lang == "de" else "en_US.UTF-8"
    result = subprocess.run(
        [sys.executable, "-m", "wahldaten", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "LANG": locale, **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result
