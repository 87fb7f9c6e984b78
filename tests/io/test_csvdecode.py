"""Decoding: BOM, UTF-16, legacy encodings and NUL bytes, as facts (F01, F02, F11, F12)."""

from __future__ import annotations

import codecs

import pytest
from csv_reading import (
    PATHS,
    codes,
    finding_lines,
    lines,
    only,
    read,
    values,
)

# --- BOM, encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_bom_is_reported_and_removed(path: str) -> None:
    table = read(b"\xef\xbb\xbfversion;name\n0.3;a\n", path=path)
    assert only(table, "F02").location.line == 1
    assert codes(table) == {"F02"}
    assert table.header == ["version", "name"]
    assert table.columns == ["version", "name"]
    assert values(table) == [("0.3", "a")]
    assert lines(table) == [2]


def test_a_file_holding_only_a_bom_is_empty() -> None:
    table = read(b"\xef\xbb\xbf")
    assert not table.usable
    assert codes(table) == {"F02", "F11"}
    assert table.frame.height == 0


@pytest.mark.parametrize("path", PATHS)
def test_windows_1252_is_reported_at_the_first_bad_byte_and_decoded(path: str) -> None:
    data = "nr;name\n1;Nord\n2;Müller\n3;Straße „Zur Mühle“ 5 €\n".encode("cp1252")
    table = read(data, path=path)
    finding = only(table, "F01")
    # The first non-UTF-8 byte is the ü of Müller: line 3, fourth byte of "2;Müller".
    assert finding.location.line == 3
    assert finding.params == {"encoding": "Windows-1252", "byte": "fc", "position": 4}
    assert values(table) == [("1", "Nord"), ("2", "Müller"), ("3", "Straße „Zur Mühle“ 5 €")]
    assert lines(table) == [2, 3, 4]


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1() -> None:
    # 0x81 has no meaning in Windows-1252, so only ISO-8859-1 can decode the file.
    table = read(b"nr;name\n1;\xe4\x81\n")
    finding = only(table, "F01")
    assert finding.params["encoding"] == "ISO-8859-1"
    assert finding.params["byte"] == "e4"
    assert finding.location.line == 2
    assert values(table) == [("1", "ä\x81")]


def test_latin_1_in_a_quoted_file() -> None:
    table = read(b'nr;name\n1;"a;b"\n2;"M\xfcller"\n')
    assert only(table, "F01").location.line == 3
    assert values(table) == [("1", "a;b"), ("2", "Müller")]


def test_utf8_umlauts_are_no_finding() -> None:
    table = read("nr;name\n1;Müller Straße ÄÖÜ äöü ß €\n".encode())
    assert codes(table) == set()
    assert values(table) == [("1", "Müller Straße ÄÖÜ äöü ß €")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_reported_and_decoded(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    data = bom + "nr;name\r\n0001;Müller\r\n\r\n0002;x\r\n".encode(encoding)
    table = read(data)
    finding = only(table, "F01")
    assert finding.location.line == 1
    assert finding.params["encoding"] == "UTF-16"
    assert finding.params["byte"] == bom.hex(" ")
    assert finding.params["position"] == 1  # the message needs it
    assert values(table) == [("0001", "Müller"), ("0002", "x")]
    assert lines(table) == [2, 4]
    assert finding_lines(table, "F04") == [3]


def test_truncated_utf16_does_not_raise() -> None:
    # An odd number of bytes after the BOM: the last code unit is incomplete.
    data = codecs.BOM_UTF16_LE + "nr;name\n1;a\n".encode("utf-16-le") + b"x"
    table = read(data)
    assert "F01" in codes(table)
    assert table.header == ["nr", "name"]
    assert values(table)[0] == ("1", "a")


def test_nul_byte_makes_the_file_binary() -> None:
    table = read(b"nr;name\n1;a\n2;b\x00c\n")
    finding = only(table, "F12")
    assert finding.params == {"offset": 15}  # 0-based byte offset
    assert finding.location.line == 3
    assert not table.usable
    assert table.frame.height == 0
    assert codes(table) == {"F12"}


def test_utf16_without_bom_is_binary() -> None:
    table = read("nr;name\n1;a\n".encode("utf-16-le"))
    assert not table.usable
    assert only(table, "F12").params == {"offset": 1}


@pytest.mark.parametrize("data", [b"", b" ", b"\n", b"\r\n\r\n", b" \t\r\n  \n"])
def test_empty_and_whitespace_only_files(data: bytes) -> None:
    table = read(data)
    assert not table.usable
    assert codes(table) == {"F11"}
    assert table.frame.height == 0
    assert table.header == []
