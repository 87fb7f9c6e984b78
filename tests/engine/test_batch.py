"""A batch: independent units, and folders whose packages sit in sub-folders."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import Future
from pathlib import Path
from typing import Any, ClassVar

import pytest

from support import FIXTURES
from wahldaten.engine import batch
from wahldaten.engine.batch import check_paths, check_unit, collect_named, units
from wahldaten.io.limits import Budget, Limits
from wahldaten.io.sources import InputError, collect


def test_each_folder_and_each_zip_is_one_unit(tmp_path: Path) -> None:
    for name in ("ratswahl", "bundestagswahl"):
        shutil.copytree(FIXTURES / "valid" / name, tmp_path / name)
    found = units(collect([tmp_path], recursive=True))
    assert sorted(Path(u[0]).parent.name for u in found) == ["bundestagswahl", "ratswahl"]


def test_a_folder_without_files_of_its_own_stands_for_its_sub_folders(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "valid" / "ratswahl", tmp_path / "a" / "ratswahl")
    found, nested = collect_named([tmp_path / "a"], recursive=False, budget=Budget())
    assert len(found.files) == 5 and found.skipped == [] and nested == []
    report = check_paths([tmp_path / "a"])
    assert len(report.packages) == 1 and report.inputs == (str(tmp_path / "a"),)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


def test_one_budget_holds_across_the_paths_of_a_run(tmp_path: Path) -> None:
    # Each path was collected with a budget of its own: two packages, each below the run
    # limit, passed together although they exceed it.
    for name in ("ratswahl", "bundestagswahl"):
        shutil.copytree(FIXTURES / "valid" / name, tmp_path / name)
    largest = max(_size(tmp_path / n) for n in ("ratswahl", "bundestagswahl"))
    limits = Limits(max_bytes=largest + 10)
    for name in ("ratswahl", "bundestagswahl"):
        assert check_paths([tmp_path / name], budget=Budget(limits)).packages
    with pytest.raises(InputError) as refused:
        check_paths([tmp_path / "ratswahl", tmp_path / "bundestagswahl"], budget=Budget(limits))
    assert refused.value.key == "input.run_too_large"


def test_a_unit_counts_against_the_limits_it_is_given(tmp_path: Path) -> None:
    paths = [str(p) for p in sorted((FIXTURES / "valid" / "ratswahl").iterdir())]
    assert check_unit(paths, None, None, 10).packages
    with pytest.raises(InputError) as refused:
        check_unit(paths, None, None, 10, limits=Limits(max_file_bytes=100))
    assert refused.value.key == "input.file_too_large"


class _InProcess:
    """A stand-in for the process pool that records what each worker gets."""

    submitted: ClassVar[list[tuple[object, ...]]] = []

    def __init__(self, **_: object) -> None:
        pass

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def submit(self, function: object, *args: object) -> object:
        self.submitted.append(args)
        future: Future[object] = Future()
        future.set_result(function(*args))  # type: ignore[operator]
        return future


def test_worker_processes_get_the_limits_of_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ratswahl", "bundestagswahl"):
        shutil.copytree(FIXTURES / "valid" / name, tmp_path / name)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _InProcess)
    limits = Limits(max_bytes=10 * 1024**2, max_file_bytes=1024**2)
    report = check_paths([tmp_path], recursive=True, jobs=2, budget=Budget(limits))
    assert len(report.packages) == 2
    assert len(_InProcess.submitted) == 2
    # check_unit(unit, select, ignore, max_examples, meta, limits, budget, stated)
    assert all(args[5] == limits for args in _InProcess.submitted)


def test_a_recursive_batch_lists_what_it_could_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ratswahl", "bundestagswahl"):
        shutil.copytree(FIXTURES / "valid" / name, tmp_path / "archiv" / name)
    os.mkfifo(tmp_path / "archiv" / "ratswahl" / "pipe.csv")
    locked = tmp_path / "archiv" / "bundestagswahl"
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # the tests run as root, who reads everything
    report = check_paths([tmp_path / "archiv"], recursive=True)
    assert len(report.packages) == 1 and report.exit_code == 0
    assert [(s.path, s.key) for s in report.skipped] == [
        (str(locked), "input.unreadable"),
        (str(tmp_path / "archiv" / "ratswahl" / "pipe.csv"), "input.not_regular_fifo"),
    ]
    assert "Permission denied" in report.skipped[0].message("en")


def test_nothing_but_unreadable_entries_is_refused_with_the_reason(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(InputError) as refused:
        check_paths([tmp_path])
    assert refused.value.key == "input.not_regular_fifo"
