"""Every route of `wahldaten serve` through Starlette's TestClient: pages, reports, downloads,
conversions, rule documentation, errors, and the security headers on each response."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from starlette.testclient import TestClient

from .conftest import A01, RATSWAHL, files_of

DATA_URL = re.compile(r'href="data:([^;"]+)(?:;charset=utf-8)?;base64,([^"]+)" download="([^"]+)"')


def downloads(html: str) -> dict[str, tuple[str, bytes]]:
    """The page's download links: file name → (media type, content)."""
    return {m[3]: (m[1], base64.b64decode(m[2])) for m in DATA_URL.finditer(html)}


def test_upload_page_in_german_and_english(client: TestClient) -> None:
    german = client.get("/")
    assert german.status_code == 200 and german.headers["content-type"].startswith("text/html")
    assert '<html lang="de">' in german.text and "Prüfen" in german.text
    assert 'enctype="multipart/form-data"' in german.text and 'name="files"' in german.text
    assert "webkitdirectory" in german.text
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text and ">Check<" in english.text
    # JavaScript only as a same-origin file; no inline script, no external resource.
    for page in (german.text, english.text):
        assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/upload.js" defer>']
        assert "http://" not in page and "https://" not in page
        assert re.search(r"<[^>]*\son[a-z]+\s*=", page) is None  # no inline event handler


def test_static_files(client: TestClient) -> None:
    css = client.get("/static/web.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    script = client.get("/static/upload.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "url(" not in css.text and "@import" not in css.text  # no external fonts or images
    for name in ("nope.css", "..%2Fpages.py", "%2e%2e"):
        assert client.get(f"/static/{name}").status_code == 404


def test_validate_page_shows_the_report_with_its_downloads(client: TestClient) -> None:
    response = client.post("/validate", files=files_of(A01))
    assert response.status_code == 200
    page = response.text
    assert "Prüfbericht Offene Wahldaten: nicht bestanden" in page
    assert 'href="/?lang=de"' in page and "Neue Prüfung" in page
    found = downloads(page)
    assert set(found) == {
        "pruefbericht.json",
        "pruefbericht.sarif",
        "pruefbericht.csv",
        "pruefbericht.html",
    }
    report = json.loads(found["pruefbericht.json"][1])
    assert report["summary"]["by_code"] == {"A01": 1}
    assert report["packages"][0]["files"][0]["path"].startswith("05999001_")  # the user's name
    sarif = json.loads(found["pruefbericht.sarif"][1])
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].startswith("05999001_")
    rows = list(
        csv.reader(io.StringIO(found["pruefbericht.csv"][1].decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:3] == ["Paket", "Code", "Schweregrad"]
    assert [r[1] for r in rows[1:]] == ["A01"] and rows[1][7] == "0102"
    assert (
        b"<style>" in found["pruefbericht.html"][1]
        and b"wd-bar" not in found["pruefbericht.html"][1]
    )
    assert "/tmp" not in page and "wahldaten-web-" not in page  # no server path anywhere
    # The CSV travels once, in the report's overview; the bar above links to it.
    assert page.count("data:text/csv") == 1
    assert '<a href="#findings-csv" class="to-csv">Alle Befunde als CSV</a>' in page
    assert 'id="findings-csv"' in page


def test_validate_page_in_english_with_options(client: TestClient) -> None:
    response = client.post(
        "/validate?lang=en", files=files_of(RATSWAHL), data={"lang": "en", "fail_on": "info"}
    )
    assert response.status_code == 200
    assert "Open election data report: passed" in response.text
    assert "New check" in response.text and "report.json" in response.text


def test_validate_without_files(client: TestClient) -> None:
    response = client.post(
        "/validate", data={"lang": "de"}, files=[("meta", ("x.json", b"{}", "application/json"))]
    )
    assert response.status_code == 400
    assert "Keine Dateien erhalten" in response.text


def test_a_zip_archive_is_validated_like_its_files(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(RATSWAHL.iterdir()):
            archive.write(path, f"ratswahl/{path.name}")
    as_zip = client.post(
        "/api/validate", files=[("files", ("ratswahl.zip", buffer.getvalue(), "application/zip"))]
    )
    as_files = client.post("/api/validate", files=files_of(RATSWAHL))
    assert as_zip.status_code == as_files.status_code == 200
    assert as_zip.json()["summary"] == as_files.json()["summary"]
    assert as_zip.json()["packages"][0]["files"][0]["path"].startswith("ratswahl.zip:")


def test_convert_page_offers_the_owd_package_as_zip(client: TestClient) -> None:
    response = client.post(
        "/convert", files=files_of(RATSWAHL), data={"target": "owd", "version": "0.2"}
    )
    assert response.status_code == 200
    found = downloads(response.text)
    media, content = found["wahldaten-owd.zip"]
    assert media == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert len(names) == 5 and all("_V0-2_" in n for n in names)
    assert "pruefbericht.json" in found


def test_convert_page_says_when_nothing_was_written(client: TestClient) -> None:
    response = client.post("/convert", files=files_of(A01), data={"target": "parquet"})
    assert response.status_code == 200
    assert "Nichts geschrieben" in response.text
    assert not any(n.endswith(".parquet") for n in downloads(response.text))


def test_api_convert_returns_the_report_and_the_file(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/api/convert", files=files_of(RATSWAHL), data={"target": "parquet"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["report"]["passed"] is True and body["report"]["written"] == ["wahldaten.parquet"]
    output = body["output"]
    assert (output["name"], output["media_type"]) == (
        "wahldaten.parquet",
        "application/vnd.apache.parquet",
    )
    target = tmp_path / output["name"]
    target.write_bytes(base64.b64decode(output["base64"]))
    assert pl.read_parquet(target).height > 0
    failed = client.post("/api/convert", files=files_of(A01), data={"target": "parquet"}).json()
    assert failed["output"] is None and failed["report"]["exit_code"] == 1


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_rule_documentation(client: TestClient) -> None:
    german = client.get("/docs/rules/A01")
    assert german.status_code == 200 and "A01: Wahlberechtigte" in german.text
    assert "Schweregrad" in german.text and "<code>" in german.text  # Markdown rendered
    english = client.get("/docs/rules/a01?lang=en")
    assert english.status_code == 200 and "Severity" in english.text
    missing = client.get("/docs/rules/ZZ99")
    assert missing.status_code == 404 and "ZZ99" in missing.text
    index = client.get("/docs/rules")
    assert index.status_code == 200 and 'href="/docs/rules/A01?lang=de"' in index.text


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/nowhere", 404), ("get", "/validate", 405), ("put", "/", 405)],
)
def test_errors_as_pages(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status and response.headers["content-type"].startswith(
        "text/html"
    )
    assert "Nicht möglich" in response.text


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/nowhere", 404, "web.not_found"),
        ("get", "/api/validate", 405, "web.method"),
    ],
)
def test_api_errors_as_json(
    client: TestClient, method: str, path: str, status: int, code: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["message"]


@pytest.mark.parametrize(
    ("data", "code", "fragment"),
    [
        ({"fail_on": "never"}, "web.bad_option", "möglich sind error, warning, info"),
        ({"lang": "fr"}, "web.bad_option", "de, en"),
        ({"target": "xlsx"}, "web.bad_option", "parquet"),
        ({"max_examples": "-1"}, "web.bad_option", "max_examples"),
        ({"select": "Q99"}, "input.unknown_code", "Q99"),
    ],
)
def test_invalid_options(
    client: TestClient, data: dict[str, str], code: str, fragment: str
) -> None:
    response = client.post("/api/validate", files=files_of(RATSWAHL), data=data)
    assert response.status_code == 400
    assert response.json()["code"] == code and fragment in response.json()["message"]


def test_unreadable_input_is_a_json_error(client: TestClient) -> None:
    response = client.post(
        "/api/validate", files=[("files", ("notes.txt", b"nothing here", "text/plain"))]
    )
    assert response.status_code == 422
    assert response.json()["code"].startswith("input.")


def _security_headers(response: object) -> dict[str, str]:
    headers = response.headers  # type: ignore[attr-defined]
    return {k.lower(): v for k, v in headers.items()}


@pytest.mark.parametrize(
    "request_args",
    [
        ("get", "/", {}),
        ("get", "/static/web.css", {}),
        ("get", "/healthz", {}),
        ("get", "/docs/rules/A01", {}),
        ("get", "/nowhere", {}),
        ("post", "/api/validate", {"content": b"x"}),
    ],
)
def test_security_headers_on_every_response(
    client: TestClient, request_args: tuple[str, str, dict[str, object]]
) -> None:
    method, path, extra = request_args
    headers = _security_headers(client.request(method, path, **extra))  # type: ignore[arg-type]
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy
        and "unsafe-eval" not in policy
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "server" not in headers or "uvicorn" not in headers["server"]


def test_the_report_page_allows_exactly_its_own_style(client: TestClient) -> None:
    response = client.post("/validate", files=files_of(RATSWAHL))
    policy = response.headers["content-security-policy"]
    styles = re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert "script-src 'self';" in policy and "<script" not in response.text
    assert response.headers["cache-control"] == "no-store"
