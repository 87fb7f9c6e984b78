"""The head of a file, as every format recogniser looks at it: the first 64 KiB as text.

One definition, so that the readers and the format detection see the same text (UTF-8 with
replacement characters, no byte order mark).
"""

from __future__ import annotations

from wahldaten.io.files import HEAD_BYTES, SourceFile

__all__ = ["HEAD_BYTES", "head", "head_text"]


def head_text(data: bytes) -> str:
    """The first 64 KiB of a file's bytes as text, without a leading byte order mark."""
    return data[:HEAD_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")


def head(source: SourceFile) -> str:
    """The first 64 KiB of a source file as text (see `head_text`); reads no more than that."""
    return head_text(source.head(HEAD_BYTES))
