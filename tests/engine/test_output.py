"""Writing what passed: all or nothing, through a temporary folder; versions by migration."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES
from wahldaten.engine.output import check_output_free, check_version, migrated, write_staged
from wahldaten.engine.sources import inspect_inputs
from wahldaten.formats import targets
from wahldaten.formats.source import SourceError

RATSWAHL = FIXTURES / "valid" / "ratswahl"


def test_an_output_is_replaced_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "voll").mkdir()
    (tmp_path / "voll" / "x").write_text("x", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        check_output_free(tmp_path / "voll", overwrite=False)
    assert error.value.key == "convert.output_exists"
    check_output_free(tmp_path / "voll", overwrite=True)
    (tmp_path / "leer").mkdir()
    check_output_free(tmp_path / "leer", overwrite=False)


def test_unknown_versions_and_missing_migrations_are_source_errors() -> None:
    with pytest.raises(SourceError) as error:
        check_version("9.9")
    assert error.value.key == "input.unknown_version"
    _, elections = inspect_inputs([RATSWAHL])
    assert migrated(elections, None) == elections
    (older,) = migrated(elections, "0.2")
    assert older.version == "0.2" and older.tables["Wahlparameter"]["version"][0] == "0.2"


def test_staged_writing_leaves_nothing_beside_the_output(tmp_path: Path) -> None:
    report, elections = inspect_inputs([RATSWAHL])
    out = tmp_path / "paket"
    write_staged(report, elections, targets.get("owd"), out, stamp="20250101T000000")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paket"]
    assert len(report.written) == 5 and all(p.parent == out for p in report.written)
    assert all(p.name.endswith("_20250101T000000.csv") for p in report.written)
