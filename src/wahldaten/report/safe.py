"""Output that is safe to print, whatever the input files contain.

Names, values and file names come from untrusted files. Printed raw, a newline in a Bezirk
name starts a new line (in a GitHub Actions log `::error::…` is then a workflow command), ESC
and BEL drive the terminal, and bidirectional overrides reorder what the reader sees.
`printable` shows every such character as an escape (`\\n`, `\\x1b`, `\\u202e`): control
characters (C0, DEL, C1), line and paragraph separators, bidirectional controls, and what XML
cannot hold (lone surrogates, noncharacters). After it, a text has no line break of its own,
so no output line can begin with text from the data. Backslashes are left as they are, so
Windows paths stay readable.

`json_text` writes JSON that round-trips exactly but carries the same characters only as
`\\uXXXX` escapes, so a JSON report is safe to print too. Lone surrogates are no characters
and no JSON can carry them portably; they arrive as the text `\\udcff`, as `printable` shows them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

# The start of every line the tool writes on stderr (messages, the progress bar): a reader of
# a log, or a CI runner, knows whose line it is, and no line begins with text from the data.
STDERR_PREFIX = "wahldaten: "

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Noncharacters of the supplementary planes: U+1FFFE, U+1FFFF, ... U+10FFFF.
_PLANE_ENDS = "".join(
    f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)
)

_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL, C1 (U+0085 NEXT LINE included)
    "\u061c\u200e\u200f"  # bidirectional marks (ALM, LRM, RLM)
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates (undecodable bytes of a file name)
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters; U+FFFE and U+FFFF are not XML
    f"{_PLANE_ENDS}"
)
UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")  # C0 too
# In JSON text, `json.dumps` has escaped C0 in strings already; a raw newline is indentation.
_JSON_UNSAFE = re.compile(f"[{_BEYOND_C0}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object) -> str:
    """The text with every unsafe character shown as an escape; one line, safe in XML."""
    value = text if isinstance(text, str) else str(text)
    if UNSAFE.search(value) is None:  # the common case costs one scan
        return value
    return UNSAFE.sub(_escape, value)


class Shown:
    """`printable` that remembers whether it had to escape anything, so a report can say so."""

    def __init__(self) -> None:
        self.escaped = False

    def __call__(self, text: object) -> str:
        value = "" if text is None else text if isinstance(text, str) else str(text)
        shown = printable(value)
        if len(shown) != len(value):  # every escape is longer than its character
            self.escaped = True
        return shown


def printable_lines(lines: Iterable[str]) -> str:
    """Lines of a human-readable report, each made printable, joined and ending with a newline."""
    return "".join(printable(line) + "\n" for line in lines)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        # Not a character: JSON cannot carry it portably (strict parsers reject a lone `\ud800`
        # and a pair would decode as another character). Shown as text, like `printable`.
        return f"\\\\u{code:04x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters outside the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(data: Any) -> str:
    """`data` as indented JSON (UTF-8 text), unsafe characters written as `\\u` escapes.

    `json.dumps` escapes C0 inside strings itself; the other unsafe characters occur only inside
    strings, so replacing them by their escapes keeps the document valid and its values unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(_json_escape, text) + "\n"
