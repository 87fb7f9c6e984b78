"""The library call `wahldaten.validate` on packages corrupted by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES
from wahldaten.core.findings import Severity


def results_file(folder: Path) -> Path:
    return next(folder.glob("*_Wahlergebnisse_*.csv"))


def by_code(report: wahldaten.Report) -> dict[str, list[wahldaten.Finding]]:
    return {r.code: list(r.examples) for p in report.packages for r in p.results}


def test_valid_example_passes() -> None:
    report = wahldaten.validate(FIXTURES / "valid" / "ratswahl")
    assert report.exit_code == 0
    assert report.packages[0].results == []


def test_hand_corrupted_package_wrong_sum_missing_bezirk_and_bom(ratswahl: Path) -> None:
    path = results_file(ratswahl)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(";")
    # A wrong sum in Bezirk 0101 (line 2): one more valid vote for position 1 than D says.
    row = lines[1].rstrip("\n").split(";")
    row[header.index("D1")] = str(int(row[header.index("D1")]) + 1)
    lines[1] = ";".join(row) + "\n"
    # A missing Bezirk: drop 0202 (line 5).
    del lines[4]
    path.write_text("".join(lines), encoding="utf-8")
    # A BOM on Wahlgebietseinteilungen.
    gebiete = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    gebiete.write_bytes(b"\xef\xbb\xbf" + gebiete.read_bytes())

    report = wahldaten.validate(ratswahl)
    found = by_code(report)
    assert report.exit_code == 1
    assert set(found) == {"A03", "R07", "F02"}
    (a03,) = found["A03"]
    assert (a03.location.line, a03.location.column, a03.location.bezirk) == (2, "D", "0101")
    assert a03.params["found"] == 398 and a03.params["expected"] == 399
    (r07,) = found["R07"]
    assert (
        r07.location.bezirk == "0202"
        and r07.location.file is not None
        and "Wahlgebietseinteilungen" in r07.location.file
    )
    assert found["F02"][0].location.line == 1


def test_empty_count_is_never_zero(ratswahl: Path) -> None:
    path = results_file(ratswahl)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(";")
    row = lines[2].rstrip("\n").split(";")
    row[header.index("D3")] = ""  # one option left empty: not on the ballot, not 0
    lines[2] = ";".join(row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    found = by_code(wahldaten.validate(ratswahl))
    # D is no longer the sum of the remaining options: reported as such, never silently as D3 = 0.
    (a03,) = found["A03"]
    assert a03.location.bezirk == "0102"
    assert a03.params["expected"] == a03.params["found"] - 66


def test_unreported_bezirk_counts_as_not_reported(ratswahl: Path) -> None:
    path = results_file(ratswahl)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(";")
    row = lines[3].rstrip("\n").split(";")
    first_count = header.index("A1")
    row[first_count:] = [""] * (len(header) - first_count)
    lines[3] = ";".join(row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    report = wahldaten.validate(ratswahl)
    found = by_code(report)
    assert set(found) == {"C02", "C05"}
    assert report.exit_code == 0
    assert found["C05"][0].params == {"reported": 5, "expected": 6}
    assert report.packages[0].summary.reported == 5


def test_fail_on_warning_and_select(ratswahl: Path) -> None:
    gebiete = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    gebiete.write_bytes(b"\xef\xbb\xbf" + gebiete.read_bytes())
    assert wahldaten.validate(ratswahl).exit_code == 0
    assert wahldaten.validate(ratswahl, fail_on="warning").exit_code == 1
    assert wahldaten.validate(ratswahl, fail_on=Severity.WARNING, ignore=["F"]).exit_code == 0
    report = wahldaten.validate(ratswahl, select=["A", "R"], fail_on="warning")
    assert report.exit_code == 0
    assert "F02" not in report.settings.codes


def test_max_examples_caps_examples_but_counts_all(ratswahl: Path) -> None:
    path = results_file(ratswahl)
    text = path.read_text(encoding="utf-8").replace(";14.09.2025 ", ";2025-09-14 ")
    path.write_text(text, encoding="utf-8")
    report = wahldaten.validate(ratswahl, max_examples=2)
    (t04,) = [r for r in report.packages[0].results if r.code == "T04"]
    assert t04.count == 6 and len(t04.examples) == 2 and t04.truncated


def test_nothing_recognisable_raises_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(wahldaten.InputError) as error:
        wahldaten.validate(tmp_path)
    assert error.value.key == "input.no_owd"


def test_a_script_without_main_guard_can_validate_and_convert_batches(tmp_path: Path) -> None:
    """Regression: the library spawned worker processes by default, which re-run a script
    that has no `if __name__ == "__main__":` guard and broke the process pool."""
    script = tmp_path / "script.py"
    script.write_text(
        "import wahldaten\n"
        f"report = wahldaten.validate({str(FIXTURES / 'valid')!r}, recursive=True)\n"
        f"converted = wahldaten.convert([{str(FIXTURES / 'valid' / 'ratswahl')!r}],"
        f" {str(tmp_path / 'out')!r})\n"
        "print('packages', len(report.packages), 'written', len(converted.written))\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert "packages 4 written 5" in result.stdout
