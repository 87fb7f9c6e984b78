"""Comparing two JSON reports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from support import FIXTURES, ROOT, set_cell
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


def test_exports_of_the_same_data_at_other_times_are_unchanged(tmp_path: Path) -> None:
    """Regression: examples were matched by file name, which carries the export's timestamp."""
    source = FIXTURES / "invalid" / "A01"
    later = tmp_path / "later"
    later.mkdir()
    for path in source.iterdir():
        name = path.name.replace("20250915T101500", "20250916T083000")
        shutil.copyfile(path, later / name)
    assert sorted(p.name for p in later.iterdir()) != sorted(p.name for p in source.iterdir())
    first = report_json(tmp_path, "a", source)
    second = report_json(tmp_path, "b", later)
    result = compare(load(first), load(second))
    assert result.as_dict() == {
        "appeared": [],
        "disappeared": [],
        "changed": [],
        "new_examples": [],
        "gone_examples": [],
    }
    same = subprocess.run(
        [sys.executable, "-m", "wahldaten", "compare", str(first), str(second), "--lang", "en"],
        capture_output=True,
        text=True,
    )
    assert same.returncode == 0 and same.stdout == "No change in findings.\n"


def test_a_finding_that_moved_to_another_bezirk_is_new_and_gone(
    ratswahl: Path, tmp_path: Path
) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A", "1")
    first = report_json(tmp_path, "a", ratswahl)
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A", "1333")
    set_cell(ratswahl, "Wahlergebnisse", "0102", "A", "1")
    second = report_json(tmp_path, "b", ratswahl)
    result = compare(load(first), load(second))
    assert result.changed == [] and result.appeared == []
    assert {(e["code"], e["bezirk"]) for e in result.new_examples} >= {("A01", "0102")}
    assert {(e["code"], e["bezirk"]) for e in result.gone_examples} >= {("A01", "0101")}
    assert {e["bezirk"] for e in result.new_examples + result.gone_examples} == {"0101", "0102"}


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
