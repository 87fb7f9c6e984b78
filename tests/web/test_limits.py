"""The limits of a request on a live server: size (413 while the body streams), files,
decompressed bytes, zip bombs, the time limit; hostile names, clients that go away, and 20
uploads at once. After each test the temporary folder is empty (conftest.nothing_left)."""

from __future__ import annotations

import asyncio
import io
import json
import random
import socket
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from wahldaten.io.limits import MIB
from wahldaten.web import WebSettings, create_app

from .conftest import A01, RATSWAHL, SETTINGS, LiveServer, files_of

WAHLERGEBNISSE = "05999001_20250914_Ratswahl-NRW_Wahlergebnisse_V0-3_20250915T101500.csv"


def raw_request(server: LiveServer, head: bytes, body: bytes = b"") -> bytes:
    """Send a request as bytes and read what comes back until the server closes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(head + body)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def test_a_declared_600_mb_upload_is_refused_at_once(live: LiveServer) -> None:
    head = (
        "POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {600 * 1000 * 1000}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    answer = raw_request(live, head, b"--x\r\n")
    assert time.monotonic() - started < 5
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 413")
    body = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert body["code"] == "web.too_large" and "höchstens 8 MiB je Upload" in body["message"]


def test_an_undeclared_600_mb_upload_is_refused_while_it_streams(live: LiveServer) -> None:
    sent: list[int] = []

    def content() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="big.csv"\r\n\r\n'
        for _ in range(600):
            sent.append(1)
            yield b"0" * MIB

    started = time.monotonic()
    headers = {"content-type": "multipart/form-data; boundary=x"}
    try:
        response = httpx.post(
            f"{live.url}/api/validate", content=content(), headers=headers, timeout=60
        )
    except httpx.TransportError:
        pass  # the server may close before the client reads the 413; what counts is when
    else:
        assert response.status_code == 413 and response.json()["code"] == "web.too_large"
    assert time.monotonic() - started < 20
    assert len(sent) < 100  # stopped near the 8 MiB limit, not after 600 MiB
    assert httpx.get(f"{live.url}/healthz").status_code == 200


def test_too_many_files(client: TestClient) -> None:
    files = [("files", (f"{n}.csv", b"a;b\n", "text/csv")) for n in range(51)]
    response = client.post("/api/validate", files=files)
    assert response.status_code == 413 and response.json()["code"] == "web.too_many_files"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(WAHLERGEBNISSE, "w", force_zip64=True) as member,
    ):
        for _ in range(256):
            member.write(b"0" * MIB)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_within_seconds_and_the_next_request_works(
    client: TestClient,
) -> None:
    bomb = _bomb()
    assert len(bomb) < MIB
    started = time.monotonic()
    response = client.post(
        "/api/validate", files=[("files", ("ergebnis.zip", bomb, "application/zip"))]
    )
    assert time.monotonic() - started < 10
    # Refused by the size it declares or, where that lies, by what it inflates to.
    assert response.status_code == 413
    assert response.json()["code"] in ("input.file_too_large", "input.zip_ratio")
    assert "ergebnis.zip" in response.json()["message"]
    page = client.post("/validate", files=[("files", ("ergebnis.zip", bomb, "application/zip"))])
    assert page.status_code == 413 and "ergebnis.zip" in page.text
    assert client.post("/api/validate", files=files_of(RATSWAHL)).status_code == 200


def test_decompressed_bytes_are_limited(client: TestClient) -> None:
    # Digits compress about twice: no bomb, but 6 MiB inflated is above the 4 MiB of the run.
    rows = "\n".join(
        f"{random.randrange(10**12)};{random.randrange(10**12)}" for _ in range(230_000)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(WAHLERGEBNISSE, "a;b\n" + rows)
    response = client.post(
        "/api/validate", files=[("files", ("gross.zip", buffer.getvalue(), "application/zip"))]
    )
    assert response.status_code == 413
    assert response.json()["code"] in ("input.file_too_large", "input.run_too_large")


@pytest.mark.parametrize(
    "prefix", ["../../", "/etc/", "C:\\Wahlamt\\", "ratswahl/", "\x1b]0;pwn\x07"]
)
def test_hostile_names_keep_the_package(client: TestClient, prefix: str) -> None:
    files = [
        ("files", (prefix + name, content, kind)) for _, (name, content, kind) in files_of(RATSWAHL)
    ]
    response = client.post("/api/validate", files=files)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["summary"]["passed"] and report["summary"]["packages"] == 1
    paths = [f["path"] for f in report["packages"][0]["files"]]
    # httpx sends a control character as %07 (as browsers do); ESC itself is dropped.
    assert all(p.startswith(("05999001_", "]0;pwn%0705999001_")) for p in paths), paths
    assert "\x1b" not in response.text and ".." not in response.text


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/stdin", "fifo", "/proc/self/mem", "con"])
def test_device_and_fifo_names_are_plain_uploaded_files(client: TestClient, name: str) -> None:
    files = [*files_of(A01), ("files", (name, b"a;b\n1;2\n", "text/plain"))]
    started = time.monotonic()
    response = client.post("/api/validate", files=files)
    assert time.monotonic() - started < 10
    assert response.status_code == 200 and response.json()["summary"]["by_code"]["A01"] == 1


def test_a_client_that_goes_away_during_the_upload(client: TestClient, temp_root: Path) -> None:
    app = client.app
    messages = [
        {
            "type": "http.request",
            "body": b'--x\r\nContent-Disposition: form-data; name="files"; '
            b'filename="a.csv"\r\n\r\n' + b"1;2\n" * 1000,
            "more_body": True,
        },
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/validate",
        "raw_path": b"/api/validate",
        "query_string": b"",
        "root_path": "",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 5000),
        "app": app,
        "headers": [(b"content-type", b"multipart/form-data; boundary=x")],
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    assert sent and sent[0]["status"] == 400
    assert list(temp_root.iterdir()) == []


def test_a_client_that_goes_away_after_sending(live: LiveServer) -> None:
    boundary = "y"
    parts = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n'.encode()
            + content
            + b"\r\n"
            for _, (name, content, _) in files_of(RATSWAHL)
        )
        + f"--{boundary}--\r\n".encode()
    )
    head = (
        "POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(parts)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", live.port), timeout=30) as connection:
        connection.sendall(head + parts)
    # The server finishes the work, finds nobody to answer, and removes the folder anyway
    # (checked after the test); it still answers others.
    time.sleep(1)
    assert httpx.get(f"{live.url}/healthz").status_code == 200


def test_twenty_uploads_at_once_all_succeed_and_the_page_still_answers(live: LiveServer) -> None:
    files = files_of(A01)

    async def scenario() -> tuple[list[int], float]:
        async with httpx.AsyncClient(base_url=live.url, timeout=120) as session:
            uploads = [
                asyncio.create_task(session.post("/api/validate", files=files)) for _ in range(20)
            ]
            await asyncio.sleep(0.3)
            started = time.monotonic()
            page = await session.get("/")
            waited = time.monotonic() - started
            assert page.status_code == 200
            responses = await asyncio.gather(*uploads)
            assert all(r.json()["summary"]["by_code"] == {"A01": 1} for r in responses)
            return [r.status_code for r in responses], waited

    statuses, waited = asyncio.run(scenario())
    assert statuses == [200] * 20
    assert waited < 2.0  # the page is served while the uploads are validated


@pytest.fixture(scope="module")
def hurried(temp_root: Path) -> Iterator[TestClient]:
    """A server whose jobs may take only 10 ms: each validation runs out of time."""
    settings = WebSettings(**{**SETTINGS, "workers": 1, "time_limit": 0.01})  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_time_limit_stops_a_job_and_the_worker_goes_on(hurried: TestClient) -> None:
    for _ in range(2):
        response = hurried.post("/api/validate", files=files_of(RATSWAHL))
        assert response.status_code == 503
        assert response.json()["code"] == "web.time_limit"
        assert "Zeitlimit" in response.json()["message"]
    assert hurried.get("/healthz").status_code == 200
