"""The upload page in a real browser: Playwright driving the system's Chromium.

Open the page, upload a package by the file input, see the verdict, download the JSON report,
switch the language and upload a folder; no console error (a CSP violation is one). The
screenshots go to tests/web/artifacts/ (not committed). Skipped where Playwright or Chromium
is missing; `.ci/run` installs Debian's `chromium`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from wahldaten.io.limits import MIB
from wahldaten.web import WebSettings

from .conftest import A01, RATSWAHL, SETTINGS, LiveServer

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = next(
    (
        found
        for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
ARTIFACTS = Path(__file__).with_name("artifacts")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Browser:
    def __init__(self, context: sync_api.BrowserContext) -> None:
        self.context = context
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a new, empty profile
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            viewport={"width": 1200, "height": 900},
            locale="de-DE",
        )
        try:
            yield Browser(context)
        finally:
            context.close()


def test_upload_validate_download_and_switch_language(live: LiveServer, browser: Browser) -> None:
    page = browser.page
    page.goto(f"{live.url}/")
    assert page.locator("h1").inner_text() == "Offene Wahldaten prüfen"
    assert page.locator("#drop-hint").is_visible()  # the script ran (same origin, under CSP)
    browser.shot("upload-page.png")

    page.set_input_files("#files", [str(p) for p in sorted(RATSWAHL.iterdir())])
    assert page.locator("#chosen").inner_text().startswith("Gewählt: 5 Dateien")
    with page.expect_navigation():
        page.click("#validate")
    assert page.locator("h1").inner_text() == "Prüfbericht Offene Wahldaten: bestanden"
    browser.shot("report-de.png")

    with page.expect_download() as download:
        page.click("a.download-json")
    assert download.value.suggested_filename == "pruefbericht.json"
    report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert report["summary"]["passed"] is True and report["settings"]["language"] == "de"
    assert report["packages"][0]["files"][0]["path"].startswith("05999001_")

    page.click("text=Neue Prüfung")
    page.click("a[hreflang=en]")
    assert page.locator("h1").inner_text() == "Check Open Election Data"
    assert page.locator("select[name=lang]").input_value() == "en"
    page.set_input_files("#folder", str(A01))  # a folder, by the folder picker
    assert page.locator("#chosen").inner_text().startswith("Chosen: 5 files")
    with page.expect_navigation():
        page.click("#validate")
    assert page.locator("h1").inner_text() == "Open election data report: failed"
    assert page.locator("text=A01").first.is_visible()
    # The overview links to the finding; the pictures are inline SVG (allowed by the CSP).
    page.click('section.overview a[href$="-A01"]')
    assert page.locator("details[id$='-A01']").is_visible()
    assert page.locator("figure.chart svg").count() == 2
    assert page.locator("figure.chart svg rect.found").count() >= 1
    browser.shot("report-en.png")
    with page.expect_download() as download:
        page.click("a.download-csv")
    assert download.value.suggested_filename == "report.csv"
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Package;Code;Severity") and ";A01;" in rows[1]
    assert browser.errors == []


def test_convert_and_download_the_package(live: LiveServer, browser: Browser) -> None:
    page = browser.page
    page.goto(f"{live.url}/")
    page.set_input_files("#files", [str(p) for p in sorted(RATSWAHL.iterdir())])
    page.select_option("select[name=target]", "tidy-csv")
    with page.expect_navigation():
        page.click("#convert")
    assert "bestanden" in page.locator("h1").inner_text()
    browser.shot("convert-de.png")
    with page.expect_download() as download:
        page.click("a.output")
    assert download.value.suggested_filename == "wahldaten.csv"
    header = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert "anzahl" in header.split(";")
    assert browser.errors == []


@pytest.fixture(scope="module")
def small(temp_root: Path) -> Iterator[LiveServer]:
    settings = WebSettings(**{**SETTINGS, "workers": 1, "max_upload_bytes": MIB})  # type: ignore[arg-type]
    with LiveServer(settings) as server:
        yield server


def test_a_too_large_upload_shows_the_german_message(small: LiveServer, browser: Browser) -> None:
    page = browser.page
    page.goto(f"{small.url}/")
    page.set_input_files(
        "#files", [{"name": "gross.csv", "mimeType": "text/csv", "buffer": b"0;1\n" * MIB}]
    )
    with page.expect_navigation():
        page.click("#validate")
    assert "Die Anfrage ist zu groß: höchstens 1 MiB je Upload." in page.content()
    browser.shot("too-large.png")
