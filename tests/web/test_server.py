"""Which hosts answer only this machine (`wahldaten serve` warns for every other), and the
server's lines on stderr, each behind `wahldaten: `."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from wahldaten.web.server import is_loopback, log_config

from .conftest import free_port


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("wahlamt.example", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_every_log_line_has_the_prefix() -> None:
    config = log_config()
    assert config["formatters"] and all(
        f["fmt"].startswith("wahldaten: ") for f in config["formatters"].values()
    )
    assert config["loggers"]["wahldaten.web"]["handlers"] == ["default"]


def test_the_running_server_writes_every_line_with_the_prefix() -> None:
    """Regression: the address and uvicorn's own lines came without it (the warning for a
    public host: tests/cli/test_serve.py)."""
    port = free_port()
    command = ["serve", "--port", str(port), "--workers", "1", "--lang", "en"]
    server = subprocess.Popen(
        [sys.executable, "-m", "wahldaten", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert any(f"Check page at http://127.0.0.1:{port}/" in line for line in lines), lines
    assert any("GET /healthz" in line for line in lines), lines  # uvicorn's access log
    assert all(line.startswith("wahldaten: ") for line in lines), lines
