"""The private folder of a request: mode 0700, removed at once or when its worker is done."""

from __future__ import annotations

import stat
from concurrent.futures import Future
from pathlib import Path

from wahldaten.web.temp import PREFIX, PrivateFolder


def test_private_and_removed(tmp_path: Path) -> None:
    with PrivateFolder(tmp_path) as folder:
        assert folder.path.parent == tmp_path and folder.path.name.startswith(PREFIX)
        for path in (folder.path, folder.inputs, folder.meta, folder.output):
            assert stat.S_IMODE(path.stat().st_mode) == 0o700
        (folder.inputs / "x.csv").write_text("1;2\n")
    assert list(tmp_path.iterdir()) == []
    folder.close()  # twice is fine


def test_removed_when_its_worker_lets_go(tmp_path: Path) -> None:
    folder = PrivateFolder(tmp_path)
    future: Future[None] = Future()
    folder.busy_with(future)
    folder.close()
    assert folder.path.exists()  # the worker still reads it
    future.set_result(None)
    assert list(tmp_path.iterdir()) == []
