"""Receiving an upload: names made safe, limits held while the body streams, folders private."""

from __future__ import annotations

import asyncio
import stat
import unicodedata
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest

from wahldaten.web.settings import WebSettings
from wahldaten.web.uploads import FALLBACK_NAME, Form, UploadError, receive, safe_name

BOUNDARY = "wahldatenboundary"


def part(name: str, content: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
    return head + content + b"\r\n"


def body(*parts: bytes, closed: bool = True) -> bytes:
    return b"".join(parts) + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


async def _chunks(data: bytes, size: int, taken: list[int]) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        taken.append(start)
        yield data[start : start + size]


def run(
    data: bytes,
    folder: Path,
    *,
    settings: WebSettings | None = None,
    headers: dict[str, str] | None = None,
    chunk: int = 1000,
    taken: list[int] | None = None,
) -> Form:
    given = {"content-type": f"multipart/form-data; boundary={BOUNDARY}", **(headers or {})}
    (folder / "in").mkdir(exist_ok=True)
    (folder / "meta").mkdir(exist_ok=True)
    folders = {"files": folder / "in", "meta": folder / "meta"}
    stream = _chunks(data, chunk, taken if taken is not None else [])
    return asyncio.run(receive(given, stream, folders, settings or WebSettings()))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("05999001_20250914_Ratswahl-NRW_Wahlergebnisse_V0-3_20250915T101500.csv", None),
        ("ratswahl/Wahlergebnisse.csv", "Wahlergebnisse.csv"),  # a folder upload
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\wahlamt\\export.csv", "export.csv"),
        ("/dev/zero", "zero"),
        ("\x1b]0;title\x07.csv", "]0;title.csv"),
        ("a\nb\r\n.csv", "ab.csv"),
        ("\u202egnp.csv", "gnp.csv"),
        ("::error::x.csv", "__error__x.csv"),
        (".hidden.csv", None),  # stays hidden: skipped as in a folder on disk
        ("__MACOSX/._x.csv", "._x.csv"),
        ("..", FALLBACK_NAME),
        ("ratswahl/...", FALLBACK_NAME),
        ("", FALLBACK_NAME),
        ("nul\x00.csv", "nul.csv"),
        ("Bu\u0308rgermeisterwahl.csv", "Bürgermeisterwahl.csv"),  # macOS sends NFD
    ],
)
def test_names_keep_what_is_safe(raw: str, safe: str | None) -> None:
    assert safe_name(raw) == (raw if safe is None else safe)
    assert unicodedata.is_normalized("NFC", safe_name(raw))


def test_long_names_keep_their_suffix() -> None:
    name = safe_name("ä" * 300 + ".csv")
    assert name.endswith(".csv") and len(name.encode()) <= 200


def test_files_and_fields_are_received(tmp_path: Path) -> None:
    form = run(
        body(
            part("lang", b"en"),
            part("files", b"a;b\n1;2\n", "x.csv"),
            part("files", b"other", "folder/x.csv"),  # the same name: a sub-folder
            part("files", b"", ""),  # an empty file input
            part("meta", b"{}", "open_data.json"),
        ),
        tmp_path,
    )
    assert form.value("lang") == "en"
    uploads = form.uploads("files")
    assert [u.name for u in uploads] == ["x.csv", "x.csv"]
    assert uploads[0].path == tmp_path / "in" / "x.csv"
    assert uploads[1].path == tmp_path / "in" / "2" / "x.csv"
    assert uploads[1].path.read_bytes() == b"other" and form.nested(tmp_path / "in")
    assert [u.path for u in form.uploads("meta")] == [tmp_path / "meta" / "open_data.json"]
    mode = stat.S_IMODE(uploads[0].path.stat().st_mode)
    assert mode == 0o600


def test_a_declared_size_above_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    taken: list[int] = []
    settings = WebSettings(max_upload_bytes=1000)
    with pytest.raises(UploadError) as refused:
        run(
            body(part("files", b"x", "a.csv")),
            tmp_path,
            settings=settings,
            headers={"content-length": "600000000"},
            taken=taken,
        )
    assert refused.value.status == 413 and refused.value.params == {"limit": "1000 B"}
    assert taken == []


def test_the_size_limit_holds_while_the_body_streams(tmp_path: Path) -> None:
    taken: list[int] = []
    data = body(part("files", b"0" * 100_000, "a.csv"))
    with pytest.raises(UploadError) as refused:
        run(data, tmp_path, settings=WebSettings(max_upload_bytes=10_000), taken=taken)
    assert refused.value.status == 413
    assert len(taken) <= 11  # chunks of 1000 bytes: it stopped after the limit, not at the end


def test_too_many_files(tmp_path: Path) -> None:
    data = body(*(part("files", b"x", f"{n}.csv") for n in range(4)))
    with pytest.raises(UploadError) as refused:
        run(data, tmp_path, settings=WebSettings(max_files=3))
    assert (refused.value.status, refused.value.key) == (413, "web.error.too_many_files")


@pytest.mark.parametrize(
    ("data", "headers", "status", "key"),
    [
        (body(part("files", b"x", "a.csv"), closed=False), {}, 400, "web.error.bad_form"),
        (b"not multipart at all", {}, 400, "web.error.bad_form"),
        (body(part("file", b"x", "a.csv")), {}, 400, "web.error.unknown_file_field"),
        (body(part("lang", b"x" * 70_000)), {}, 400, "web.error.field_too_long"),
        (b"x", {"content-type": "application/json"}, 415, "web.error.not_multipart"),
    ],
)
def test_malformed_requests(
    tmp_path: Path, data: bytes, headers: dict[str, str], status: int, key: str
) -> None:
    with pytest.raises(UploadError) as refused:
        run(data, tmp_path, headers=headers)
    assert (refused.value.status, refused.value.key) == (status, key)


def test_too_many_fields(tmp_path: Path) -> None:
    fields: Iterable[bytes] = (part(f"f{n}", b"1") for n in range(60))
    with pytest.raises(UploadError) as refused:
        run(body(*fields), tmp_path)
    assert refused.value.key == "web.error.too_many_fields"


def test_a_stalled_upload_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wahldaten.web import uploads

    monkeypatch.setattr(uploads, "IDLE_SECONDS", 0.05)

    async def stalled() -> AsyncIterator[bytes]:
        yield part("files", b"x", "a.csv")
        await asyncio.sleep(5)
        yield b""

    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    (tmp_path / "in").mkdir()
    with pytest.raises(UploadError) as refused:
        asyncio.run(receive(headers, stalled(), {"files": tmp_path / "in"}, WebSettings()))
    assert (refused.value.status, refused.value.key) == (408, "web.error.upload_slow")
