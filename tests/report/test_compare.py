"""Comparing two JSON reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import FIXTURES, ROOT
from wahldaten.report.compare import compare, load


def report_json(tmp_path: Path, name: str, *paths: Path) -> Path:
    target = tmp_path / f"{name}.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "validate",
            *map(str, paths),
            "-f",
            "json",
            "-o",
            str(target),
        ],
        capture_output=True,
        cwd=ROOT,
    )
    return target


def test_appeared_and_disappeared(tmp_path: Path) -> None:
    old = report_json(tmp_path, "old", FIXTURES / "invalid" / "F02")
    new = report_json(tmp_path, "new", FIXTURES / "invalid" / "A01")
    result = compare(load(old), load(new))
    assert [(c.code, c.old, c.new) for c in result.appeared] == [("A01", 0, 1)]
    assert [(c.code, c.old, c.new) for c in result.disappeared] == [("F02", 1, 0)]
    assert result.worse("error") and not compare(load(new), load(old)).worse("error")
    assert result.new_examples[0]["line"] == 3


def test_same_report_is_no_change_and_moving_folders_does_not_matter(tmp_path: Path) -> None:
    import shutil

    first = report_json(tmp_path, "a", FIXTURES / "invalid" / "A01")
    moved = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "invalid" / "A01", moved)
    second = report_json(tmp_path, "b", moved)
    result = compare(load(first), load(second))
    assert result.as_dict() == {
        "appeared": [],
        "disappeared": [],
        "changed": [],
        "new_examples": [],
        "gone_examples": [],
    }


def test_cli_exit_codes(tmp_path: Path) -> None:
    old = report_json(tmp_path, "old", FIXTURES / "valid" / "ratswahl")
    new = report_json(tmp_path, "new", FIXTURES / "invalid" / "F02")
    worse_warning = subprocess.run(
        [sys.executable, "-m", "wahldaten", "compare", str(old), str(new), "--fail-on", "warning"],
        capture_output=True,
        text=True,
    )
    assert worse_warning.returncode == 1 and "F02" in worse_warning.stdout
    assert (
        subprocess.run(
            [sys.executable, "-m", "wahldaten", "compare", str(old), str(new)], capture_output=True
        ).returncode
        == 0
    )
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "wahldaten", "compare", str(tmp_path / "bad.json"), str(new)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 3 and "Traceback" not in bad.stderr
    as_json = subprocess.run(
        [sys.executable, "-m", "wahldaten", "compare", str(old), str(new), "-f", "json"],
        capture_output=True,
        text=True,
    )
    assert json.loads(as_json.stdout)["appeared"][0]["code"] == "F02"
