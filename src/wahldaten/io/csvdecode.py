"""Bytes to UTF-8 text for the CSV reader: BOM, UTF-16, NUL bytes and legacy encodings."""

from __future__ import annotations

from wahldaten.io.csvfacts import Binary, CsvFacts, Misencoding

UTF8_BOM = b"\xef\xbb\xbf"


def line_of(data: bytes, position: int) -> tuple[int, int]:
    """1-based line and column of a byte position."""
    line_start = data.rfind(b"\n", 0, position) + 1
    return data.count(b"\n", 0, position) + 1, position - line_start + 1


def decode(facts: CsvFacts, data: bytes) -> bytes | None:
    """UTF-8 bytes without BOM, recording encoding problems; None if not text at all."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        facts.misencoding = Misencoding("UTF-16", data[:2].hex(" "), line=1, position=1)
        # A truncated or damaged UTF-16 file must not raise: bad code units become U+FFFD.
        return data.decode("utf-16", errors="replace").encode("utf-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        facts.binary = Binary(line=line_of(data, nul)[0], offset=nul)
        return None
    if data.startswith(UTF8_BOM):
        facts.bom = True
        data = data[len(UTF8_BOM) :]
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = line_of(data, error.start)
        try:
            text = data.decode("cp1252")
            fallback = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            fallback = "ISO-8859-1"
        facts.misencoding = Misencoding(
            fallback, data[error.start : error.start + 1].hex(), line=line, position=col
        )
        return text.encode("utf-8")
    return data
