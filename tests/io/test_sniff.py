"""The head every recogniser sees: decoded as the CSV layer decodes, re-saved files with `;`."""

from __future__ import annotations

import codecs

from wahldaten.io.csvdecode import decode_head, other_separator, to_semicolons
from wahldaten.io.sniff import HEAD_BYTES, head_text


def test_a_semicolon_head_is_as_written() -> None:
    assert head_text(b"\xef\xbb\xbfdatum;wahl;ags\n1;2;3\n") == "datum;wahl;ags\n1;2;3\n"


def test_a_comma_head_is_seen_with_semicolons_outside_quotes() -> None:
    data = b'datum,wahl,ags,gebiet-name\r\n23.02.2025,BTW,3358024,"Walsrode, Nord"\r\n'
    assert head_text(data).splitlines() == [
        "datum;wahl;ags;gebiet-name",
        '23.02.2025;BTW;3358024;"Walsrode, Nord"',
    ]


def test_a_tab_head_in_windows_1252_with_a_preamble() -> None:
    data = "(c) Amt, Wiesbaden\t\t\nStatus:\tVorläufig\t\nWahlart\tWahltag\tNr\n".encode("cp1252")
    assert head_text(data).splitlines() == [
        "(c) Amt, Wiesbaden;;",
        "Status:;Vorläufig;",
        "Wahlart;Wahltag;Nr",
    ]


def test_utf16_head() -> None:
    data = codecs.BOM_UTF16_LE + "nr\tname\n1\tSüd\n".encode("utf-16-le")
    assert head_text(data) == "nr;name\n1;Süd\n"


def test_a_character_cut_at_the_end_of_the_head_keeps_utf8() -> None:
    data = ("nr;name\n" + "ü" * HEAD_BYTES).encode()[:HEAD_BYTES]
    if data[-1:] != b"\xc3":
        data = data[:-1]
    assert decode_head(data).startswith("nr;name\nüü")


def test_json_and_single_columns_are_left_alone() -> None:
    assert other_separator('{"format": "owd-json", "a": 1}') is None
    assert other_separator("nr\n1\n") is None
    assert other_separator("\n\nnr,name\n") == ","


def test_a_semicolon_inside_a_value_stays_in_the_value() -> None:
    assert to_semicolons("a,b\n1,x;y\n", ",") == 'a;b\n1;"x;y"\n'
    assert to_semicolons('a,b\n1,"x;y"\n', ",") == 'a;b\n1;"x;y"\n'
    assert to_semicolons('a\tb\n1 ;2\t"q"\n', "Tab") == 'a;b\n"1 ;2";"q"\n'
