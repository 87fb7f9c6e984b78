"""F15-F18: the repairs of a spreadsheet re-save are reported, an ambiguous comma file refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import ROOT
from wahldaten.api.conversion import inspect
from wahldaten.core.findings import Severity

RESAVED = ROOT / "fixtures" / "resaved" / "invalid"
LEGACY = ROOT / "fixtures" / "votemanager-legacy" / "valid" / "bundestagswahl"
REPAIRS = {"F15", "F16", "F17", "F18"}


def found(folder: Path) -> dict[str, list[object]]:
    report, _ = inspect([folder], max_examples=100)
    return {r.code: list(r.examples) for r in report.all_results() if r.code in REPAIRS}


def test_a_file_as_exported_has_no_repair() -> None:
    assert found(LEGACY) == {}


def test_each_repair_is_one_finding_with_its_line() -> None:
    (separator,) = found(RESAVED / "F15")["F15"]
    assert separator.params == {"found": ","} and separator.location.line == 1  # type: ignore[attr-defined]
    (encoding,) = found(RESAVED / "F16")["F16"]
    assert encoding.params["encoding"] == "Windows-1252" and encoding.location.line == 1  # type: ignore[attr-defined]
    (bom,) = found(RESAVED / "F17")["F17"]
    assert bom.params == {"rows": 1, "lines": "3"} and bom.location.line == 3  # type: ignore[attr-defined]


def test_the_repaired_files_give_the_numbers_of_the_original() -> None:
    _, (original,) = inspect([LEGACY])
    for code in ("F15", "F16", "F17"):
        _, (repaired,) = inspect([RESAVED / code])
        columns = original.counts()
        assert repaired.results.select(columns).equals(original.results.select(columns)), code


def test_an_ambiguous_comma_file_is_refused_at_its_first_longer_row() -> None:
    report, elections = inspect([RESAVED / "F18"])
    assert not elections
    (result,) = [r for r in report.all_results() if r.code == "F18"]
    assert result.severity is Severity.ERROR
    (finding,) = result.examples
    assert finding.location.line == 2
    assert finding.params == {"expected": 26, "found": 33, "separator": ","}
    assert "F15" not in {r.code for r in report.all_results()}  # not read: no F15


def test_the_refusal_is_exit_1_with_file_and_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "convert",
            str(RESAVED / "F18"),
            "-o",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"},
    )
    assert result.returncode == 1
    assert "F18" in result.stdout and "line 2" in result.stdout.lower()
    assert not (tmp_path / "x").exists()
