"""The library call `wahldaten.validate` on packages corrupted by hand."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES
from wahldaten.api.validation import StatementError
from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.formats.source import Meta


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
    packages = sum(1 for d in (FIXTURES / "valid").iterdir() if d.is_dir())
    assert f"packages {packages} written 5" in result.stdout


# --- what the user named -------------------------------------------------------------------


AKDB = FIXTURES.parent / "akdb" / "valid" / "landratswahl" / "landratStimmen_20260308.csv"


@pytest.fixture
def undated_akdb(tmp_path: Path) -> Path:
    """An AKDB Wahlportal export whose name carries no date (the file itself has none)."""
    folder = tmp_path / "akdb"
    folder.mkdir()
    shutil.copy(AKDB, folder / "landratStimmen.csv")
    return folder / "landratStimmen.csv"


def test_an_akdb_export_without_a_date_says_how_to_give_it(undated_akdb: Path) -> None:
    """Regression: the message was the internal key `convert.date_missing`."""
    with pytest.raises(wahldaten.InputError) as error:
        wahldaten.validate(undated_akdb)
    assert error.value.key == "convert.date_missing"
    for language in catalog.LANGUAGES:
        message = catalog.text(error.value.key, language, **error.value.params)
        assert "--datum" in message and str(undated_akdb) in message
        assert "convert.date_missing" not in message


def test_validate_takes_the_source_options_of_convert(undated_akdb: Path) -> None:
    report = wahldaten.validate(undated_akdb, meta=Meta(wahl_datum="08.03.2026"))
    assert report.unrecognized == [] and report.refused == []
    (package,) = report.packages
    assert package.summary.wahl_datum == "08.03.2026"
    dated = wahldaten.validate(AKDB)
    assert [r.code for r in package.results] == [r.code for r in dated.packages[0].results]


def test_a_refused_export_beside_a_package_is_named_with_its_reason(
    undated_akdb: Path, tmp_path: Path
) -> None:
    report = wahldaten.validate(undated_akdb, FIXTURES / "valid" / "ratswahl")
    assert len(report.packages) == 1
    (refusal,) = report.refused
    assert (refusal.path, refusal.key) == (str(undated_akdb), "convert.date_missing")
    assert "--datum" in refusal.message("de") and "--datum" in refusal.message("en")
    assert report.unrecognized == [str(undated_akdb)]


def test_a_folder_of_converted_packages_is_validated_without_r(tmp_path: Path) -> None:
    """Regression: `validate OUT/` on a multi-package conversion found "0 files"."""
    out = tmp_path / "out"
    for name in ("ratswahl", "bundestagswahl"):
        shutil.copytree(FIXTURES / "valid" / name, out / name)
    report = wahldaten.validate(out)
    assert len(report.packages) == 2 and report.exit_code == 0
    # A folder with data files of its own is still read flat, as before.
    shutil.copy(AKDB, out / AKDB.name)
    assert len(wahldaten.validate(out).packages) == 1


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_inside_a_zip_is_named(tmp_path: Path) -> None:
    package = FIXTURES / "valid" / "ratswahl"
    inner = _zip(tmp_path / "paket.zip", {p.name: p.read_bytes() for p in package.glob("*.csv")})
    outer = _zip(tmp_path / "download.zip", {"wahl/paket.zip": inner.read_bytes()})
    inner.unlink()
    for given in (outer, tmp_path):
        with pytest.raises(wahldaten.InputError) as error:
            wahldaten.validate(given)
        assert error.value.key == "input.zip_in_zip"
        assert error.value.params == {"path": str(outer), "members": "wahl/paket.zip"}
    shutil.copytree(package, tmp_path / "daneben")
    report = wahldaten.validate(tmp_path, tmp_path / "daneben")
    assert f"{outer}:wahl/paket.zip" in report.unrecognized


def test_validate_reads_within_the_limits_given(tmp_path: Path) -> None:
    package = FIXTURES / "valid" / "ratswahl"
    with pytest.raises(wahldaten.InputError) as refused:
        wahldaten.validate(package, limits=wahldaten.Limits(max_file_bytes=100))
    assert refused.value.key == "input.file_too_large"
    size = sum(p.stat().st_size for p in package.iterdir())
    assert wahldaten.validate(package, limits=wahldaten.Limits(max_bytes=size)).exit_code == 0
    with pytest.raises(wahldaten.InputError) as twice:
        wahldaten.validate(
            package, package.parent / "bundestagswahl", limits=wahldaten.Limits(max_bytes=size)
        )
    assert twice.value.key == "input.run_too_large"


def drop_result_row(folder: Path, bezirk: str) -> None:
    """Delete the result row of one Bezirk: its result is lost, every other row is counted."""
    path = results_file(folder)
    lines = path.read_text(encoding="utf-8").splitlines()
    column = lines[0].split(";").index("bezirk-nr")
    kept = [line for line in lines if line.split(";")[column] != bezirk]
    assert len(kept) == len(lines) - 1
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def test_a_lost_result_row_fails_only_the_final_result(tmp_path: Path) -> None:
    folder = tmp_path / "ratswahl"
    shutil.copytree(FIXTURES / "valid" / "ratswahl", folder)
    drop_result_row(folder, "0102")
    night = wahldaten.validate(folder)
    final = wahldaten.validate(folder, final=True)
    (lost,) = [r for p in night.packages for r in p.results if r.code == "R07"]
    (missing,) = [r for p in final.packages for r in p.results if r.code == "R07"]
    assert lost.severity is Severity.WARNING and night.exit_code == 0
    assert missing.severity is Severity.ERROR and final.exit_code == 1
    assert missing.examples[0].location.bezirk == "0102"
    structure = final.packages[0].structure
    assert structure is not None and structure.final and final.settings.final is True


@pytest.mark.parametrize(
    "given",
    [
        "votes=2,separate-ballots",
        {"votes": 2, "separate-ballots": True},
    ],
)
def test_the_structure_is_stated_as_text_or_as_a_table(given: str | dict[str, object]) -> None:
    report = wahldaten.validate(FIXTURES / "valid" / "ratswahl", structure=given)
    structure = report.packages[0].structure
    assert structure is not None and structure.votes == 2 and structure.separate_ballots
    assert structure.source("separate_ballots").value == "user"
    assert report.settings.structure is not None and report.settings.structure.votes == 2


def test_a_structure_that_cannot_be_read_is_a_statement_error() -> None:
    with pytest.raises(StatementError) as error:
        wahldaten.validate(FIXTURES / "valid" / "ratswahl", structure="votes=3")
    assert "votes=3" in error.value.message("de")
