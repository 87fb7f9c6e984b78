"""Receiving a multipart upload into a private folder, with its limits held while it streams.

The body is parsed as it arrives (python-multipart's streaming parser), each file part is
written straight into the request's folder under a sanitised name, and every limit (bytes of
the whole body, number of files, form fields) is checked on the bytes received so far: a
600 MB upload is refused after the first 256 MB, not after it was stored.

File names from the client are kept where they are safe, because OWD packages are recognised
by their files' names: only the last path part (a browser sends `folder/file.csv` for a
folder), without control, separator and direction characters, never `.` or `..`; two files of
the same name go into numbered sub-folders rather than replacing each other. A hidden file
(`.DS_Store`, `._x.csv` of macOS) stays hidden, so it is skipped as in a folder on disk.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
import unicodedata
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from wahldaten.io.limits import format_size
from wahldaten.report.safe import UNSAFE
from wahldaten.web.settings import WebSettings

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

MAX_NAME_BYTES = 200  # file systems allow 255; room for a numbered duplicate
# A client that sends nothing for a minute, or takes a quarter of an hour for the whole body
# (100 MiB on a slow line take two minutes), holds a connection for nothing: 408.
IDLE_SECONDS = 60.0
UPLOAD_SECONDS = 900.0
FALLBACK_NAME = "upload"
_PATH_PARTS = re.compile(r"[/\\]")


class UploadError(Exception):
    """A request refused while it was received: an HTTP status and a catalog key."""

    def __init__(self, status: int, key: str, **params: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Upload:
    """One file of the request, as stored in the private folder."""

    field: str
    name: str  # the sanitised name it was stored under
    path: Path
    size: int


@dataclass
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        """The last non-empty value of a field (a form may send a field twice)."""
        values = [v for v in self.fields.get(name, []) if v.strip()]
        return values[-1].strip() if values else None

    def flag(self, name: str) -> bool:
        return (self.value(name) or "").lower() in ("1", "true", "on", "yes", "ja")

    def uploads(self, name: str) -> list[Upload]:
        return [f for f in self.files if f.field == name]

    def nested(self, folder: Path) -> bool:
        """Whether a file had to go into a sub-folder of `folder` (a duplicate name)."""
        return any(f.path.parent != folder for f in self.files if f.path.is_relative_to(folder))


def safe_name(raw: str) -> str:
    """A client's file name made safe to store and to show, as close to the original as can be."""
    name = _PATH_PARTS.split(raw)[-1]
    name = unicodedata.normalize("NFC", UNSAFE.sub("", name))
    # `:` separates an archive from its member in the report's file names.
    name = name.replace(":", "_").strip()
    if not name.strip("."):  # `.` and `..` are no names
        return FALLBACK_NAME
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        if not dot or len(suffix) > 10:
            stem, suffix = name, ""
        keep = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - 1
        stem = stem.encode("utf-8")[:keep].decode("utf-8", errors="ignore")
        name = f"{stem}.{suffix}" if suffix else stem
    return name or FALLBACK_NAME


def _create(folder: Path, name: str) -> tuple[Path, IO[bytes]]:
    """A new file for `name` in `folder`, or in a numbered sub-folder if the name is taken."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    candidate, number = folder / name, 1
    while True:
        try:
            handle = os.open(candidate, flags, 0o600)
        except FileExistsError:
            number += 1
            sub = folder / str(number)
            try:
                sub.mkdir(mode=0o700, exist_ok=True)
            except FileExistsError:  # a file of that name: try the next number
                continue
            candidate = sub / name
            continue
        return candidate, os.fdopen(handle, "wb")


class _Receiver:
    """The parser's callbacks: headers of each part, its data into a file or a field."""

    def __init__(self, folders: Mapping[str, Path], settings: WebSettings) -> None:
        self.folders = folders
        self.settings = settings
        self.form = Form()
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._disposition = b""
        self._field = ""
        self._raw_name: str | None = None
        self._file: IO[bytes] | None = None
        self._path: Path | None = None
        self._size = 0
        self._value = bytearray()
        self._fields = 0
        self._files = 0
        self.complete = False  # the closing boundary was seen

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
            "on_end": self.end,
        }

    def part_begin(self) -> None:
        self._disposition, self._raw_name, self._path, self._size = b"", None, None, 0
        self._value = bytearray()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name.extend(data[start:end])

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value.extend(data[start:end])

    def header_end(self) -> None:
        if bytes(self._header_name).strip().lower() == b"content-disposition":
            self._disposition = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise UploadError(400, "web.error.bad_form")
        self._field = options[b"name"].decode("utf-8", errors="replace")
        if b"filename" in options:
            self._raw_name = options[b"filename"].decode("utf-8", errors="replace")
            if self._field not in self.folders:
                raise UploadError(
                    400,
                    "web.error.unknown_file_field",
                    field=self._field,
                    fields=", ".join(self.folders),
                )
        else:
            self._fields += 1
            if self._fields > self.settings.max_fields:
                raise UploadError(400, "web.error.too_many_fields", limit=self.settings.max_fields)

    def _open(self) -> IO[bytes]:
        if self._file is None:
            self._files += 1
            if self._files > self.settings.max_files:
                raise UploadError(413, "web.error.too_many_files", limit=self.settings.max_files)
            assert self._raw_name is not None
            self._path, self._file = _create(self.folders[self._field], safe_name(self._raw_name))
        return self._file

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._raw_name is None:
            self._value.extend(data[start:end])
            if len(self._value) > self.settings.max_field_bytes:
                raise UploadError(400, "web.error.field_too_long", field=self._field)
            return
        # Written as it comes: a chunk to the page cache takes microseconds, which the event
        # loop can spare; the parser never holds more than one chunk.
        self._open().write(data[start:end])
        self._size += end - start

    def part_end(self) -> None:
        if self._raw_name is None:
            text = bytes(self._value).decode("utf-8", errors="replace")
            self.form.fields.setdefault(self._field, []).append(text)
            return
        if self._raw_name == "" and self._size == 0:
            return  # an empty file input: browsers send a part without a file
        self._open().close()
        self._file = None
        assert self._path is not None
        self.form.files.append(Upload(self._field, self._path.name, self._path, self._size))

    def end(self) -> None:
        self.complete = True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def boundary_of(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise UploadError(415, "web.error.not_multipart")
    return options[b"boundary"]


async def receive(
    headers: Mapping[str, str],
    body: AsyncIterator[bytes],
    folders: Mapping[str, Path],
    settings: WebSettings,
) -> Form:
    """Parse a multipart body into `folders` (field name → folder for its files).

    Raises UploadError: 413 beyond the size or file limits (a declared Content-Length is
    refused before anything is read), 415 for a body that is not multipart/form-data, 400 for
    a malformed one. Files already written stay in their folders; the caller removes them.
    """
    limit = settings.max_upload_bytes
    too_large = UploadError(413, "web.error.too_large", limit=format_size(limit))
    declared = headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise too_large
    receiver = _Receiver(folders, settings)
    try:
        parser = MultipartParser(boundary_of(headers.get("content-type", "")), receiver.callbacks())
        received = 0
        deadline = time.monotonic() + UPLOAD_SECONDS
        chunks = aiter(body)
        while True:
            try:
                chunk = await asyncio.wait_for(anext(chunks), IDLE_SECONDS)
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise UploadError(408, "web.error.upload_slow") from None
            if time.monotonic() > deadline:
                raise UploadError(408, "web.error.upload_slow")
            received += len(chunk)
            if received > limit:
                raise too_large
            parser.write(chunk)
        parser.finalize()
        if not receiver.complete:  # a truncated body: its last part may be incomplete
            raise UploadError(400, "web.error.bad_form")
    except MultipartParseError:
        raise UploadError(400, "web.error.bad_form") from None
    finally:
        receiver.close()
    return receiver.form
