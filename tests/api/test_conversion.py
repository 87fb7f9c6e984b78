"""The conversion as a library call: target chosen by name, optional second check of the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES
from wahldaten.api.conversion import target_for
from wahldaten.core import catalog
from wahldaten.formats.targets import UnknownTargetError
from wahldaten.io.csvtable import LINE_COLUMN

RATSWAHL = FIXTURES / "valid" / "ratswahl"


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("out", "owd"),
        ("out.JSON", "owd-json"),
        ("tidy.parquet", "parquet"),
        ("tidy.csv", "tidy-csv"),
    ],
)
def test_the_output_name_chooses_the_target(name: str, target: str) -> None:
    assert target_for(name) == target


@pytest.mark.parametrize("name", ["x.xlsx", "folder.d", "bericht.html"])
def test_an_unknown_suffix_is_an_error_naming_the_targets(tmp_path: Path, name: str) -> None:
    """Regression: `-o x.xlsx` wrote an OWD folder named x.xlsx."""
    with pytest.raises(UnknownTargetError) as error:
        wahldaten.convert([RATSWAHL], tmp_path / name)
    assert error.value.key == "convert.unknown_target_suffix"
    for language in catalog.LANGUAGES:
        message = catalog.text(error.value.key, language, **error.value.params)
        assert name in message and "owd-json" in message and "parquet" in message
    assert not (tmp_path / name).exists()


def test_an_existing_folder_with_a_dot_is_an_owd_target(tmp_path: Path) -> None:
    (tmp_path / "ausgabe.2025").mkdir()
    assert target_for(tmp_path / "ausgabe.2025") == "owd"


def test_library_convert_writes_json_for_a_json_name(tmp_path: Path) -> None:
    """Regression: the library call wrote an OWD folder named x.json; only the CLI looked at
    the name."""
    report = wahldaten.convert([RATSWAHL], tmp_path / "x.json")
    assert not report.failed
    assert (tmp_path / "x.json").is_file()


def test_the_written_package_is_validated_again_only_on_request(tmp_path: Path) -> None:
    plain = wahldaten.convert([RATSWAHL], tmp_path / "plain")
    assert plain.output_check is None and len(plain.written) == 5
    checked = wahldaten.convert([RATSWAHL], tmp_path / "checked", check_output=True)
    assert checked.output_check is not None and not checked.output_check.failed
    assert len(checked.written) == 5


def test_checking_an_election_leaves_its_tables_alone(tmp_path: Path) -> None:
    """Regression: the in-memory check inserted its line numbers into the election's own
    tables, and the converter wrote them out as a column `__zeile`."""
    source = FIXTURES.parent / "votemanager" / "valid" / "bundestagswahl"
    _, elections = wahldaten.inspect([source])
    assert elections
    for election in elections:
        for frame in election.tables.values():
            assert LINE_COLUMN not in frame.columns
    report = wahldaten.convert([source], tmp_path / "out")
    assert report.written
    for path in report.written:
        assert LINE_COLUMN not in path.read_text(encoding="utf-8").splitlines()[0]


def test_inspect_and_convert_read_within_the_limits_given(tmp_path: Path) -> None:
    small = wahldaten.Limits(max_file_bytes=100)
    with pytest.raises(wahldaten.InputError) as refused:
        wahldaten.inspect([RATSWAHL], limits=small)
    assert refused.value.key == "input.file_too_large"
    with pytest.raises(wahldaten.InputError):
        wahldaten.convert([RATSWAHL], tmp_path / "out", limits=small)
    assert not (tmp_path / "out").exists()
    # The metadata files count against the same run.
    size = sum(p.stat().st_size for p in RATSWAHL.iterdir())
    stimmzettel = tmp_path / "parteien" / next(RATSWAHL.glob("*_Stimmzettel_*.csv")).name
    stimmzettel.parent.mkdir()
    shutil.copy(next(RATSWAHL.glob("*_Stimmzettel_*.csv")), stimmzettel)
    with pytest.raises(wahldaten.InputError) as whole:
        wahldaten.inspect(
            [RATSWAHL], meta_files=[stimmzettel], limits=wahldaten.Limits(max_bytes=size + 10)
        )
    assert whole.value.key == "input.run_too_large"
    report, _ = wahldaten.inspect([RATSWAHL], limits=wahldaten.Limits(max_bytes=size + 10))
    assert report.exit_code == 0


def test_convert_to_03_reports_what_03_cannot_hold_as_migrate_does(tmp_path: Path) -> None:
    """A 0.4 package converted with `version="0.3"`: each 0.4 column with values is a K09
    finding of its package (never silently dropped), and the counts are written as they were."""
    source = FIXTURES.parent / "owd-0.4" / "valid" / "gemeinderatswahl-nds"
    converted = wahldaten.convert([source], tmp_path / "v03", version="0.3")
    migrated = wahldaten.migrate([source], tmp_path / "m03", to="0.3")
    assert converted.exit_code == 0

    def not_carried(report: wahldaten.ConversionReport) -> dict[str | None, str]:
        (result,) = [r for p in report.packages for r in p.results if r.code == "K09"]
        return {f.location.column: f.params["columns"] for f in result.examples}

    assert not_carried(converted) == not_carried(migrated)
    assert not_carried(converted)["bezirk-status"] == "bezirk-status (3)"
    assert set(not_carried(converted)) >= {"ergebnis-status", "stimmen-anzahl", "kandidat-id"}
    assert wahldaten.validate(tmp_path / "v03").packages[0].version == "0.3"
    same = wahldaten.convert([source], tmp_path / "v04", version="0.4")
    assert not [r for p in same.packages for r in p.results if r.code == "K09"]
