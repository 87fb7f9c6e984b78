"""The pre-commit hook (run with pre-commit itself) and the GitHub Action definition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import FIXTURES, ROOT


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.slow
def test_pre_commit_hook_runs_with_pre_commit(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this repository's hook (working tree included) and runs it."""
    data = tmp_path / "daten"
    data.mkdir()
    git(data, "init", "-q")
    git(data, "config", "user.email", "t@example.invalid")
    git(data, "config", "user.name", "t")
    shutil.copytree(FIXTURES / "valid" / "ratswahl", data / "ratswahl")
    shutil.copytree(FIXTURES / "invalid" / "A01", data / "kaputt")
    (data / "notes.txt").write_text("nicht geprüft\n", encoding="utf-8")
    git(data, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(ROOT),
                "wahldaten-validate",
                "--files",
                *files,
            ],
            cwd=data,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    good = hook(*(str(p.relative_to(data)) for p in (data / "ratswahl").iterdir()))
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-2000:]
    assert "Passed" in good.stdout
    changed = next((data / "kaputt").glob("*_Wahlergebnisse_*.csv")).relative_to(data)
    bad = hook(str(changed), "notes.txt")
    assert bad.returncode == 1
    assert "A01" in bad.stdout and "Failed" in bad.stdout


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {h["id"]: h for h in hooks}
    assert set(ids) == {"wahldaten-validate", "wahldaten-validate-strict"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["entry"].startswith(
            "wahldaten validate --whole-packages"
        )
    import re

    pattern = re.compile(ids["wahldaten-validate"]["files"])
    assert pattern.search("05999001_20250914_Ratswahl-NRW_Wahlergebnisse_V0-3_20250915T101500.csv")
    assert not pattern.search("README.md")


def test_action_definition_and_its_script(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"path", "format", "output", "fail-on", "lang"} <= set(action["inputs"])
    assert action["inputs"]["format"]["default"] == "sarif"
    steps = {s.get("id") or s.get("name") or s.get("uses"): s for s in action["runs"]["steps"]}
    script = steps["validate"]["run"]
    assert "${{" not in script, "inputs must reach the script through env, not be pasted into it"
    # Run the validation step the way the runner does, with this checkout's tool on PATH.
    output = tmp_path / "github-output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "WD_PATH": f"{FIXTURES / 'invalid' / 'A01'} {FIXTURES / 'valid' / 'ratswahl'}",
        "WD_FORMAT": "sarif",
        "WD_OUTPUT": str(tmp_path / "report.sarif"),
        "WD_FAIL_ON": "error",
        "WD_LANG": "de",
        "WD_RECURSIVE": "true",
        "WD_ANNOTATIONS": "true",
        "GITHUB_OUTPUT": str(output),
    }
    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert "::error file=" in result.stdout
    assert (tmp_path / "report.sarif").is_file()
    assert output.read_text(encoding="utf-8").strip() == "exit-code=1"
