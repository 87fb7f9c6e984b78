"""The server under test: a TestClient app and a live uvicorn server on a loopback port.

Both run with TMPDIR pointed at a folder of the test run, and after every test that folder
must be empty again: nothing of an upload may outlive its response.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")
pytest.importorskip("uvicorn", reason="the web extra is not installed")

import uvicorn

from support import FIXTURES
from wahldaten.io.limits import MIB
from wahldaten.web import WebSettings, create_app

with warnings.catch_warnings():
    # Starlette's TestClient asks for httpx2 in newer versions; httpx still works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

RATSWAHL = FIXTURES / "valid" / "ratswahl"
A01 = FIXTURES / "invalid" / "A01"
SETTINGS = {
    "workers": 2,
    "max_upload_bytes": 8 * MIB,
    "max_files": 50,
    "max_bytes": 4 * MIB,
    "time_limit": 60.0,
}

Files = list[tuple[str, tuple[str, bytes, str]]]


def files_of(folder: Path, field: str = "files") -> Files:
    """A folder's files as the `files` of an httpx request."""
    return [(field, (p.name, p.read_bytes(), "text/csv")) for p in sorted(folder.iterdir())]


@pytest.fixture(scope="package")
def temp_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """TMPDIR of the servers (and their worker processes, spawned after this is set)."""
    root = tmp_path_factory.mktemp("web-tmpdir")
    previous_env, previous_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(root)
    tempfile.tempdir = None  # read TMPDIR again
    try:
        yield root
    finally:
        if previous_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = previous_env
        tempfile.tempdir = previous_dir


@pytest.fixture(autouse=True)
def nothing_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test of a server: its temporary folder is empty (a folder whose worker
    was given up is removed when the worker ends, so wait a little for that)."""
    yield
    if "temp_root" not in request.fixturenames:
        return
    root: Path = request.getfixturevalue("temp_root")
    deadline = time.monotonic() + 10
    while any(root.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in root.iterdir()) == []


@pytest.fixture(scope="package")
def client(temp_root: Path) -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(**SETTINGS))) as test_client:  # type: ignore[arg-type]
        yield test_client


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """uvicorn in a thread, on a free loopback port."""

    def __init__(self, settings: WebSettings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)


@pytest.fixture(scope="package")
def live(temp_root: Path) -> Iterator[LiveServer]:
    with LiveServer(WebSettings(**SETTINGS)) as server:  # type: ignore[arg-type]
        yield server
