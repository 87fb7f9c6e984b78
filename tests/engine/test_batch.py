"""A batch: independent units, and folders whose packages sit in sub-folders."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import FIXTURES
from wahldaten.engine.batch import check_paths, collect_named, units
from wahldaten.io.sources import collect


def test_each_folder_and_each_zip_is_one_unit(tmp_path: Path) -> None:
    for name in ("ratswahl", "bundestagswahl"):
        shutil.copytree(FIXTURES / "valid" / name, tmp_path / name)
    found = units(collect([tmp_path], recursive=True))
    assert sorted(Path(u[0]).parent.name for u in found) == ["bundestagswahl", "ratswahl"]


def test_a_folder_without_files_of_its_own_stands_for_its_sub_folders(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "valid" / "ratswahl", tmp_path / "a" / "ratswahl")
    sources, nested = collect_named([tmp_path / "a"], recursive=False)
    assert len(sources) == 5 and nested == []
    report = check_paths([tmp_path / "a"])
    assert len(report.packages) == 1 and report.inputs == (str(tmp_path / "a"),)
