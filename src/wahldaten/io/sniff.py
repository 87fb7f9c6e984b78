"""The head of a file, as every format recogniser looks at it: the first 64 KiB as text.

One definition, so that the readers and the format detection see the same text: decoded as
the CSV reader decodes (UTF-8, else UTF-16 or Windows-1252), no byte order mark, and where a
spreadsheet saved the file again with tabs or commas (io/csvdecode.py), with `;` as the
separator, so that every recogniser that splits a header on `;` knows the file.
"""

from __future__ import annotations

from wahldaten.io.csvdecode import decode_head, other_separator, to_semicolons
from wahldaten.io.files import HEAD_BYTES, SourceFile

__all__ = ["HEAD_BYTES", "head", "head_text"]


def head_text(data: bytes) -> str:
    """The first 64 KiB of a file's bytes as text, without a leading byte order mark."""
    text = decode_head(data[:HEAD_BYTES]).replace("\n\ufeff", "\n")
    separator = other_separator(text)
    if separator is None:
        return text
    return to_semicolons(text, separator)


def head(source: SourceFile) -> str:
    """The first 64 KiB of a source file as text (see `head_text`); reads no more than that."""
    return head_text(source.head(HEAD_BYTES))
