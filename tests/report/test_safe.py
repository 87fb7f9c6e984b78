"""Text from the data made safe to print; JSON that carries it only as escapes."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from wahldaten.report.safe import UNSAFE, Shown, json_text, printable, printable_lines

# Any code point, lone surrogates included (undecodable bytes of a file name become those).
ANY_TEXT = st.text(st.characters(exclude_categories=()))
HOSTILE = [
    "01\n::error::pwned",
    "\r\n::warning file=x::y",
    "\x1b]0;title\x07",
    "\x1b[2J\x9b31m",
    "abc\u202edcba\u2066x\u2069",
    "a\u2028b\u2029c\x85d",
    "\x13\x00\x7f",
    "\ud800\udcff",
    "\ufffe\uffff\U0010ffff",
]


def test_escapes_as_people_read_them() -> None:
    assert printable("01\n::error::pwned") == "01\\n::error::pwned"
    assert printable("\x1b[31m\x07") == "\\x1b[31m\\x07"
    assert printable("\t\r") == "\\t\\r"
    assert printable("Nord\u202eduS") == "Nord\\u202eduS"
    assert printable("\u2028\x85\x7f") == "\\u2028\\x85\\x7f"
    assert printable("\udcff\ufffe\U0001ffff") == "\\udcff\\ufffe\\U0001ffff"


def test_ordinary_text_is_unchanged() -> None:
    for text in ("Müller-Lüdenscheidt", "„Die Grünen“ – 100 %", "C:\\daten\\x.csv", "日本", "😀"):
        assert printable(text) == text
    assert printable(None) == "None" and printable(12) == "12"


@given(ANY_TEXT | st.sampled_from(HOSTILE))
def test_printable_output_is_one_safe_line(text: str) -> None:
    shown = printable(text)
    assert UNSAFE.search(shown) is None
    assert len(shown.splitlines()) <= 1  # no line break of any kind survives
    shown.encode("utf-8")  # no lone surrogate left
    assert printable(shown) == shown


@given(st.lists(ANY_TEXT | st.sampled_from(HOSTILE), max_size=5))
def test_lines_keep_their_own_structure(lines: list[str]) -> None:
    text = printable_lines(lines)
    assert text.split("\n")[:-1] == [printable(line) for line in lines]


def visible_surrogates(data: Any) -> Any:
    """What JSON can carry of `data`: surrogates (no characters) as their printable escapes."""
    if isinstance(data, str):
        return re.sub("[\ud800-\udfff]", lambda m: printable(m.group()), data)
    if isinstance(data, list):
        return [visible_surrogates(item) for item in data]
    if isinstance(data, dict):
        return {visible_surrogates(k): visible_surrogates(v) for k, v in data.items()}
    return data


def test_json_keeps_characters_and_shows_surrogates() -> None:
    text = json_text({"name": "Nord\u202e\x85\U0001fffe", "file": "x\udcff.csv"})
    assert "\u202e" not in text and "\\u202e" in text and "\\ud83f\\udffe" in text
    assert json.loads(text) == {"name": "Nord\u202e\x85\U0001fffe", "file": "x\\udcff.csv"}


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | ANY_TEXT | st.sampled_from(HOSTILE),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
        max_leaves=8,
    )
)
def test_json_round_trips_and_prints_safely(data: object) -> None:
    text = json_text(data)
    assert json.loads(text) == visible_surrogates(data)
    assert UNSAFE.search(text.replace("\n", "")) is None
    text.encode("utf-8")


def test_shown_remembers_whether_it_escaped() -> None:
    shown = Shown()
    assert shown("Nord") == "Nord" and shown(None) == "" and not shown.escaped
    assert shown("a\nb") == "a\\nb" and shown.escaped
