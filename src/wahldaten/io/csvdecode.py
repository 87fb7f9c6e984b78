"""Bytes to UTF-8 text for the CSV reader: BOM, UTF-16, NUL bytes and legacy encodings.

Also what a spreadsheet does to a file it saves again (`resaved`): another separator (a comma
or a tab instead of `;`), a BOM at the start of every file it concatenated. Rewriting the
separator to `;` outside quotes, where nothing can be mistaken, lets the one CSV reader (and
every sniffer that splits a header on `;`) read such files unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvfacts import Binary, CsvFacts, Misencoding

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
TAB = "Tab"  # how the tab is named in facts and messages
# The separators a spreadsheet writes instead of `;`, by the name facts give them.
SEPARATORS = {TAB: "\t", ",": ","}
_STRAY_BOM = re.compile(rb"\n\xef\xbb\xbf")


def line_of(data: bytes, position: int) -> tuple[int, int]:
    """1-based line and column of a byte position."""
    line_start = data.rfind(b"\n", 0, position) + 1
    return data.count(b"\n", 0, position) + 1, position - line_start + 1


def _fallback(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def decode(facts: CsvFacts, data: bytes) -> bytes | None:
    """UTF-8 bytes without BOM, recording encoding problems; None if not text at all."""
    if data[:2] in UTF16_BOMS:
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
        text, fallback = _fallback(data)
        facts.misencoding = Misencoding(
            fallback, data[error.start : error.start + 1].hex(), line=line, position=col
        )
        return text.encode("utf-8")
    return data


def decode_head(data: bytes) -> str:
    """The head of a file (its first bytes, maybe cut inside a character) as text, decoded as
    `decode` would decode the whole file; without a leading BOM. Never raises."""
    if data[:2] in UTF16_BOMS:
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut at the end of the head is no reason to take another encoding.
        cut = error.reason == "unexpected end of data" and error.end == len(data)
        text = data[: error.start].decode("utf-8") if cut else _fallback(data)[0]
    return text.lstrip("\ufeff")


def remove_stray_boms(data: bytes) -> tuple[bytes, list[int]]:
    """The bytes without BOMs at the start of lines after the first (files a spreadsheet or a
    script concatenated), and the 1-based lines that had one."""
    if UTF8_BOM not in data[1:]:
        return data, []
    lines = [data.count(b"\n", 0, m.start()) + 2 for m in _STRAY_BOM.finditer(data)]
    return data.replace(b"\n" + UTF8_BOM, b"\n"), lines


def _first_line(text: str) -> str:
    for line in text.split("\n", 50)[:50]:
        if line.strip():
            return line
    return ""


def other_separator(text: str) -> str | None:
    """The separator a re-saved file uses instead of `;` (TAB or ","), judged by its header
    (the first line that is not blank): one without `;` but with a tab (a spreadsheet's text
    export) or a comma. None for a `;` file, a JSON document or a single column."""
    line = _first_line(text)
    if ";" in line or line.lstrip().startswith(("{", "[")):
        return None
    if "\t" in line:
        return TAB
    if "," in line:
        return ","
    return None


def to_semicolons(text: str, separator: str) -> str:
    """The text with `separator` (a name of SEPARATORS) rewritten to `;` outside quotes.

    Splitting at every quote, the even pieces lie outside quoted fields (an escaped `""` leaves
    an empty piece), so one expression over the pieces rewrites exactly the separators. An
    unquoted value holding a `;` (which a comma file need not quote) is quoted first, so that it
    stays one value.
    """
    char = SEPARATORS[separator]
    if '"' not in text and ";" not in text:
        return text.replace(char, ";")
    pieces = pl.DataFrame({"piece": text.split('"')}).with_row_index("index")
    outside = (pl.col("index") % 2) == 0
    field = re.escape(char)
    with_semicolon = rf"[^{field}\r\n]*;[^{field}\r\n]*"
    rewritten = pieces.select(
        pl.when(outside)
        .then(
            pl.col("piece")
            .str.replace_all(with_semicolon, '"${0}"')
            .str.replace_all(char, ";", literal=True)
        )
        .otherwise(pl.col("piece"))
    ).to_series()
    return '"'.join(rewritten.to_list())
