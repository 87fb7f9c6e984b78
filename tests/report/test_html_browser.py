"""The HTML report in a real headless browser: it renders, without console errors.

Needs Chromium (Debian package `chromium`); skipped where it is not installed.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES
from wahldaten.report.html import render_html

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def run_browser(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_report_renders_in_chromium_without_console_errors(tmp_path: Path, ratswahl: Path) -> None:
    from test_html import hostile_package

    report = wahldaten.validate(FIXTURES / "invalid" / "A01", hostile_package(ratswahl))
    page = tmp_path / "bericht.html"
    page.write_text(render_html(report, "de"), encoding="utf-8")
    shot = tmp_path / "bericht.png"
    result = run_browser(
        page, tmp_path / "profile-1", "--window-size=1200,1600", f"--screenshot={shot}"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    assert png_size(shot) == (1200, 1600) and shot.stat().st_size > 20_000
    dom = run_browser(page, tmp_path / "profile-2", "--dump-dom")
    assert "Prüfbericht Offene Wahldaten: nicht bestanden" in dom.stdout
    assert "<script" not in dom.stdout.lower()  # the hostile Bezirk name stayed text
    assert "&lt;script&gt;alert" in dom.stdout
