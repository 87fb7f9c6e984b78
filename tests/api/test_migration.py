"""Migrations as the only way to another version: a toy version proves the path end to end.

The toy standard folder holds 0.3 and a version 0.9 in which Wahlparameter's
`bezirk-bezeichnung` is called `bezirk-benennung`; its migration is registered by the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import wahldaten
from support import FIXTURES
from wahldaten.core import migrations, standard
from wahldaten.core.names import FILE_TYPES, VERSION, WAHLPARAMETER
from wahldaten.formats.source import SourceError

RATSWAHL = FIXTURES / "valid" / "ratswahl"
TOY = "0.9"
OLD, NEW = "bezirk-bezeichnung", "bezirk-benennung"


def _toy_migration(tables: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    renamed = {t: f.rename({OLD: NEW}) if t == WAHLPARAMETER else f for t, f in tables.items()}
    return migrations.set_version(renamed, TOY)


@pytest.fixture
def toy_standard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "standard"
    shutil.copytree(standard.standard_dir() / "0.3", folder / "0.3")
    shutil.copytree(folder / "0.3", folder / TOY)
    for schema in (folder / TOY).glob("*.json"):
        text = schema.read_text(encoding="utf-8").replace("0.3", TOY)
        if schema.name in ("wahlparameter.schema.json", "document.schema.json"):
            text = text.replace(f'"{OLD}"', f'"{NEW}"')
        schema.write_text(text, encoding="utf-8")
    monkeypatch.setenv(standard.STANDARD_DIR_VARIABLE, str(folder))
    migrations.migration("0.3", TOY)(_toy_migration)
    yield folder
    migrations.unregister("0.3", TOY)


def _tables(folder: Path) -> dict[str, pl.DataFrame]:
    """Each file of a package as text, by the file type its name gives."""
    tables = {}
    for path in folder.glob("*.csv"):
        (file_type,) = (t for t in FILE_TYPES if f"_{t}_" in path.name)
        tables[file_type] = pl.read_csv(path, separator=";", infer_schema=False)
    return tables


def _assert_migrated(before: dict[str, pl.DataFrame], out: Path) -> None:
    after = _tables(out)
    assert set(after) == set(before)
    assert all("_V0-9_" in p.name for p in out.glob("*.csv"))
    for file_type, old in before.items():
        new = after[file_type]
        expected = old.rename({OLD: NEW}) if file_type == WAHLPARAMETER else old
        assert new.columns == expected.columns, file_type  # the rename, in place; nothing else
        assert new[VERSION].unique().to_list() == [TOY]
        # Every other value is untouched.
        assert new.drop(VERSION).equals(expected.drop(VERSION)), file_type


def test_the_command_line_migrates_to_a_new_version_by_its_migration(
    toy_standard: Path, tmp_path: Path
) -> None:
    from wahldaten.cli import app

    assert standard.versions() == ["0.3", TOY]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["migrate", str(RATSWAHL), "--to", TOY, "-o", str(out)])
    assert result.exit_code == 0, result.output
    _assert_migrated(_tables(RATSWAHL), out)


def test_convert_version_goes_through_the_same_migration(
    toy_standard: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = wahldaten.convert([RATSWAHL], out, version=TOY)
    assert not report.failed and len(report.written) == 5
    _assert_migrated(_tables(RATSWAHL), out)


def test_the_library_call_and_a_missing_migration(toy_standard: Path, tmp_path: Path) -> None:
    report = wahldaten.migrate([RATSWAHL], tmp_path / "out", to=TOY)
    assert not report.failed
    _assert_migrated(_tables(RATSWAHL), tmp_path / "out")
    migrations.unregister("0.3", TOY)
    with pytest.raises(SourceError) as error:
        wahldaten.migrate([RATSWAHL], tmp_path / "again", to=TOY)
    assert (error.value.key, error.value.params) == (
        "convert.no_migration",
        {"source": "0.3", "target": TOY},
    )
    assert not (tmp_path / "again").exists()


def test_an_unknown_version_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as error:
        wahldaten.migrate([RATSWAHL], tmp_path / "out", to="9.9")
    assert error.value.key == "input.unknown_version"


def test_migrating_between_the_shipped_versions_changes_only_the_version(tmp_path: Path) -> None:
    report = wahldaten.migrate([RATSWAHL], tmp_path / "out", to="0.2")
    assert not report.failed
    before, after = _tables(RATSWAHL), _tables(tmp_path / "out")
    for file_type, old in before.items():
        assert after[file_type][VERSION].unique().to_list() == ["0.2"]
        assert after[file_type].drop(VERSION).equals(old.drop(VERSION))
