"""Reading one `;`-separated file: values, line numbers and findings, on both parse paths.

Unquoted, regular files are parsed by polars directly (the fast path); files with quotes, blank
lines or ragged rows are scanned exactly. Many tests run the same input through both, forcing
one path with `read(..., path=...)`, because they must agree on the frame and the line numbers.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wahldaten.core.findings import Finding, RowFindings
from wahldaten.io import csvtable
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable, read_csv_table

PATHS = ("fast", "exact")


@contextmanager
def _forced(path: str) -> Iterator[None]:
    if path == "fast":
        # The input must really be handled by polars: the exact scan is not allowed to run.
        fail = AssertionError("the exact path ran although the fast path was expected")
        with mock.patch.object(csvtable, "_exact_path", side_effect=fail):
            yield
    elif path == "exact":
        with (
            mock.patch.object(csvtable, "_fast_path", return_value=False),
            mock.patch.object(csvtable, "_quoted_fast_path", return_value=False),
        ):
            yield
    else:
        yield


def read(data: bytes, *, path: str = "auto", skip_lines: int = 0) -> CsvTable:
    with _forced(path):
        return read_csv_table(data, "test.csv", skip_lines=skip_lines)


def rows(table: CsvTable) -> list[dict[str, Any]]:
    return table.frame.rows(named=True)


def values(table: CsvTable) -> list[tuple[Any, ...]]:
    """The rows without their line numbers, in column order."""
    return table.frame.select(table.columns).rows()


def lines(table: CsvTable) -> list[int]:
    return table.frame[LINE_COLUMN].to_list()


def finding_lines(table: CsvTable, code: str) -> list[int | None]:
    items = table.issues.get(code, [])
    assert all(isinstance(i, Finding) for i in items)
    return [i.location.line for i in items if isinstance(i, Finding)]


def row_findings(table: CsvTable, code: str) -> list[dict[str, Any]]:
    """The rows of the RowFindings of a code, sorted by line (and column)."""
    out: list[dict[str, Any]] = []
    for item in table.issues.get(code, []):
        assert isinstance(item, RowFindings)
        assert item.file == "test.csv"
        out.extend(item.frame.rows(named=True))
    return sorted(out, key=lambda r: (r["zeile"], str(r.get("spalte"))))


def codes(table: CsvTable) -> set[str]:
    return {code for code, items in table.issues.items() if items}


def only(table: CsvTable, code: str) -> Finding:
    items = table.issues.get(code, [])
    assert len(items) == 1, (code, items)
    item = items[0]
    assert isinstance(item, Finding)
    assert item.location.file == "test.csv"
    return item


# --- line endings, BOM, encodings --------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_lf_and_crlf_give_the_same_frame(path: str) -> None:
    lf = read(b"nr;name\n0001;Nord\n0002;S\xc3\xbcd\n", path=path)
    crlf = read(b"nr;name\r\n0001;Nord\r\n0002;S\xc3\xbcd\r\n", path=path)
    for table in (lf, crlf):
        assert table.usable
        assert table.header == ["nr", "name"]
        assert values(table) == [("0001", "Nord"), ("0002", "Süd")]
        assert lines(table) == [2, 3]
        assert codes(table) == set()
    assert lf.frame.equals(crlf.frame)


def test_crlf_in_a_quoted_file_leaves_no_carriage_return() -> None:
    table = read(b'nr;name\r\n"0001";"Nord"\r\n0002;S\xc3\xbcd\r\n')
    assert values(table) == [("0001", "Nord"), ("0002", "Süd")]
    assert table.header == ["nr", "name"]
    assert lines(table) == [2, 3]


def test_last_line_without_line_break() -> None:
    for path in PATHS:
        table = read(b"nr;name\n1;a\n2;b", path=path)
        assert values(table) == [("1", "a"), ("2", "b")]
        assert lines(table) == [2, 3]


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


# --- header only, blank lines --------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"nr;name\n", b"nr;name", b"nr;name\r\n"])
@pytest.mark.parametrize("path", PATHS)
def test_header_only(data: bytes, path: str) -> None:
    table = read(data, path=path)
    assert table.usable
    assert table.header == ["nr", "name"]
    assert table.columns == ["nr", "name"]
    assert table.frame.height == 0
    assert only(table, "F10").location.line == 1
    assert codes(table) == {"F10"}


def test_header_followed_by_blank_lines_only() -> None:
    table = read(b"nr;name\n\n\n")
    assert table.usable
    assert finding_lines(table, "F04") == [2, 3]
    assert only(table, "F10").location.line == 1


@pytest.mark.parametrize("quoted", [False, True], ids=["unquoted", "quoted"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_blank_lines_keep_the_physical_line_numbers(quoted: bool, newline: str) -> None:
    first = '"1"' if quoted else "1"
    text = newline.join(["nr;name", f"{first};a", "", "2;b", "   ", "3;c", "", ""])
    table = read(text.encode())
    assert values(table) == [("1", "a"), ("2", "b"), ("3", "c")]
    assert lines(table) == [2, 4, 6]
    # Line 5 holds only spaces, line 7 is empty; nothing follows its line break.
    assert finding_lines(table, "F04") == [3, 5, 7]
    assert codes(table) == {"F04"}


def test_blank_line_at_the_very_end() -> None:
    table = read(b"nr;name\n1;a\n2;b\n\n")
    assert lines(table) == [2, 3]
    assert finding_lines(table, "F04") == [4]


def test_whitespace_line_in_a_one_column_file_is_blank_on_every_path() -> None:
    data = b"nr\n1\n   \n3\n"
    tables = [read(data), read(data, path="exact"), read(b'"nr"\n1\n   \n3\n')]
    for table in tables:
        assert values(table) == [("1",), ("3",)]
        assert lines(table) == [2, 4]
        assert finding_lines(table, "F04") == [3]
        assert "T11" not in codes(table)


# --- ragged rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("quoted", [False, True], ids=["unquoted", "quoted"])
def test_rows_with_too_few_and_too_many_fields(quoted: bool) -> None:
    first = '"1"' if quoted else "1"
    data = f"a;b;c\n{first};2;3\n4;5\n\n6;7;8;9\n10;11;12\n".encode()
    table = read(data)
    assert table.usable
    assert row_findings(table, "F07") == [
        {"zeile": 3, "found": 2, "expected": 3},
        {"zeile": 5, "found": 4, "expected": 3},
    ]
    # Missing fields are read as empty (null), surplus fields are dropped.
    assert values(table) == [("1", "2", "3"), ("4", "5", None), ("6", "7", "8"), ("10", "11", "12")]
    assert lines(table) == [2, 3, 5, 6]
    assert finding_lines(table, "F04") == [4]


def test_short_and_long_rows_whose_separators_add_up_are_still_found() -> None:
    # 2 + 2 + 3 + 1 separators = 4 lines x 2: the separator count alone looks regular.
    table = read(b"a;b;c\n1;2;3\n4;5;6;7\n8;9\n")
    assert row_findings(table, "F07") == [
        {"zeile": 3, "found": 4, "expected": 3},
        {"zeile": 4, "found": 2, "expected": 3},
    ]
    assert values(table) == [("1", "2", "3"), ("4", "5", "6"), ("8", "9", None)]
    assert lines(table) == [2, 3, 4]


def test_row_with_only_separators_is_a_row_of_nulls_not_a_blank_line() -> None:
    for path in PATHS:
        table = read(b"a;b;c\n1;2;3\n;;\n", path=path)
        assert values(table) == [("1", "2", "3"), (None, None, None)]
        assert lines(table) == [2, 3]
        assert codes(table) == set()


def test_blank_line_balanced_by_a_trailing_separator_at_the_end() -> None:
    """Regression: the separator count balanced the blank line against an extra empty field on
    the last line (no final line break), which polars dropped; both went unreported."""
    table = read(b"c0;c1\n;\n\n;;")
    assert codes(table) == {"F04", "F07"}
    assert row_findings(table, "F07") == [{"zeile": 4, "found": 3, "expected": 2}]


def test_short_row_balanced_by_a_trailing_separator_at_the_end() -> None:
    table = read(b"a;b\n1\n2;3;")
    assert row_findings(table, "F07") == [
        {"zeile": 2, "found": 1, "expected": 2},
        {"zeile": 3, "found": 3, "expected": 2},
    ]


# --- quoting -------------------------------------------------------------------------------------


def test_quoted_separator_and_embedded_line_breaks() -> None:
    data = (
        b"nr;name;note\n"
        b'1;"Haus; Garten";x\n'
        b'2;"Zeile eins\nZeile zwei\nZeile drei";y\n'
        b'3;"crlf\r\ninside";z\n'
        b"4;plain;w\n"
    )
    table = read(data)
    assert codes(table) == set()
    assert values(table) == [
        ("1", "Haus; Garten", "x"),
        ("2", "Zeile eins\nZeile zwei\nZeile drei", "y"),
        ("3", "crlf\r\ninside", "z"),
        ("4", "plain", "w"),
    ]
    # Row 2 spans lines 3-5, row 3 lines 6-7, so row 4 starts on line 8.
    assert lines(table) == [2, 3, 6, 8]


def test_findings_after_a_multi_line_value_have_physical_lines() -> None:
    table = read(b'nr;name\n1;"a\nb\nc"\n2\n\n3;x\n')
    assert row_findings(table, "F07") == [{"zeile": 5, "found": 1, "expected": 2}]
    assert finding_lines(table, "F04") == [6]
    assert lines(table) == [2, 5, 7]


def test_doubled_quotes() -> None:
    table = read(b'nr;name\n1;"Gasthaus ""Zur Post"""\n2;""""\n3;""\n')
    assert values(table) == [("1", 'Gasthaus "Zur Post"'), ("2", '"'), ("3", None)]
    assert lines(table) == [2, 3, 4]
    assert codes(table) == set()


def test_quoted_header_names() -> None:
    table = read(b'"nr";"name"\n1;a\n')
    assert table.header == ["nr", "name"]
    assert values(table) == [("1", "a")]


def test_unterminated_quote_at_eof_stops_reading_and_keeps_earlier_rows() -> None:
    table = read(b'nr;name\n1;a\n2;"offen\n3;c\n4;d\n')
    finding = only(table, "F08")
    assert finding.location.line == 3
    assert "unexpected end of data" in finding.params["detail"]
    assert table.usable
    assert values(table) == [("1", "a")]
    assert lines(table) == [2]


def test_stray_quote_after_a_quoted_value_stops_reading() -> None:
    table = read(b'nr;name\n1;a\n\n2;"Rathaus"Nord\n3;c\n')
    finding = only(table, "F08")
    assert finding.location.line == 4
    assert values(table) == [("1", "a")]
    assert finding_lines(table, "F04") == [3]


def test_broken_quote_in_the_header_makes_the_file_unusable() -> None:
    table = read(b'"nr;name\n1;a\n')
    assert not table.usable
    assert only(table, "F08").location.line == 1


# --- header names --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_duplicate_and_empty_header_names(path: str) -> None:
    table = read(b"nr;name;;nr\n1;a;x;2\n", path=path)
    assert table.header == ["nr", "name", "", "nr"]
    s03, s04 = only(table, "S03"), only(table, "S04")
    assert (s03.location.line, s03.location.column, s03.params) == (1, "nr", {"position": 4})
    assert (s04.location.line, s04.params) == (1, {"position": 3})
    # The first occurrence keeps the name and its own values; the others get unique names.
    assert rows(table) == [{"nr": "1", "name": "a", "#3": "x", "nr#4": "2", LINE_COLUMN: 2}]


@pytest.mark.parametrize("path", PATHS)
def test_padded_header_names_are_reported_and_stripped(path: str) -> None:
    table = read(b"nr; name \n1;a\n", path=path)
    finding = only(table, "S05")
    assert finding.location.column == "name"
    assert finding.params == {"raw": " name ", "known": "name"}
    assert table.header == ["nr", " name "]
    assert table.columns == ["nr", "name"]
    assert table.has("name")


def test_header_names_after_skipped_lines_are_reported_on_their_line() -> None:
    table = read(b"Export\n\nnr;nr\n1;2\n", skip_lines=2)
    assert only(table, "S03").location.line == 3


# --- whitespace in values ------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_padded_values_are_reported_and_stripped(path: str) -> None:
    data = b"nr;name;x\n 0001;Nord ;a\n0002;   ;b\n0003;\tTab;\xc2\xa0c\n0004;in side;d\n"
    table = read(data, path=path)
    assert row_findings(table, "T11") == [
        {"zeile": 2, "spalte": "name", "value": "Nord "},
        {"zeile": 2, "spalte": "nr", "value": " 0001"},
        {"zeile": 3, "spalte": "name", "value": "   "},
        {"zeile": 4, "spalte": "name", "value": "\tTab"},
        {"zeile": 4, "spalte": "x", "value": "\xa0c"},
    ]
    assert values(table) == [
        ("0001", "Nord", "a"),
        ("0002", None, "b"),
        ("0003", "Tab", "c"),
        ("0004", "in side", "d"),
    ]


@pytest.mark.parametrize("path", PATHS)
def test_trailing_space_at_the_end_of_the_file(path: str) -> None:
    table = read(b"nr;name\n1;a\n2;b ", path=path)
    assert row_findings(table, "T11") == [{"zeile": 3, "spalte": "name", "value": "b "}]
    assert values(table) == [("1", "a"), ("2", "b")]


def test_padded_quoted_values_are_reported_and_stripped() -> None:
    table = read(b'nr;name\n"0001";" Nord"\n"0002";"S\xc3\xbcd "\n0003;"   "\n0004;"\nx"\n')
    assert row_findings(table, "T11") == [
        {"zeile": 2, "spalte": "name", "value": " Nord"},
        {"zeile": 3, "spalte": "name", "value": "Süd "},
        {"zeile": 4, "spalte": "name", "value": "   "},
        {"zeile": 5, "spalte": "name", "value": "\nx"},
    ]
    assert values(table) == [("0001", "Nord"), ("0002", "Süd"), ("0003", None), ("0004", "x")]


def test_inner_spaces_are_no_finding() -> None:
    for data in (b"nr;name\n1;a b\n", b'nr;name\n1;"a b"\n'):
        table = read(data)
        assert codes(table) == set()
        assert values(table) == [("1", "a b")]


# --- big fields, ids, empty cells ----------------------------------------------------------------


def test_five_megabyte_field_on_the_fast_path() -> None:
    big = b"x" * 5_000_000
    table = read(b"nr;blob\n1;" + big + b"\n2;y\n", path="fast")
    assert table.frame["blob"].str.len_bytes().to_list() == [5_000_000, 1]
    assert lines(table) == [2, 3]


def test_five_megabyte_field_on_the_exact_path() -> None:
    big = b"\n".join([b"x" * 999] * 5_000)  # 5 MB with 4999 line breaks, quoted
    table = read(b'nr;blob\n1;"' + big + b'"\n2;y\n')
    assert codes(table) == set()
    assert table.frame["blob"][0] == big.decode()
    assert table.frame["blob"][1] == "y"
    # The quoted value spans lines 2 to 5001.
    assert lines(table) == [2, 5_002]


@pytest.mark.parametrize("path", PATHS)
def test_values_stay_text_and_keep_leading_zeros(path: str) -> None:
    data = b"gs;nr;x;y;z\n05999001;0001;01.1;007;1e3\n-0;0,50;NA;null;NaN\n"
    table = read(data, path=path)
    assert all(dtype == pl.String for dtype in table.frame.select(table.columns).dtypes)
    assert values(table) == [
        ("05999001", "0001", "01.1", "007", "1e3"),
        ("-0", "0,50", "NA", "null", "NaN"),
    ]


@pytest.mark.parametrize("path", [*PATHS, "quoted"])
def test_empty_cells_are_null_never_zero(path: str) -> None:
    data = b"a;b;c\n1;;3\n;;\n"
    if path == "quoted":
        data, path = b'a;b;c\n"1";"";3\n;;\n', "auto"
    table = read(data, path=path)
    assert values(table) == [("1", None, "3"), (None, None, None)]
    assert table.frame["b"].dtype == pl.String
    assert table.frame["b"].null_count() == 2
    assert "0" not in table.frame["b"].to_list()
    assert 0 not in table.frame["b"].to_list()


# --- skip_lines ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_skip_lines_keeps_the_original_line_numbers(path: str) -> None:
    table = read(
        b"Export vom 15.09.2025\nStand: vorl\xc3\xa4ufig\nnr;name\n1;a\n2;b\n",
        path=path,
        skip_lines=2,
    )
    assert table.header == ["nr", "name"]
    assert table.header_line == 3
    assert values(table) == [("1", "a"), ("2", "b")]
    assert lines(table) == [4, 5]


def test_skip_lines_with_findings_after_the_header() -> None:
    data = b'Titel\r\nnr;name\r\n1;a\r\n\r\n2\r\n3;"x\r\ny"\r\n4; d\r\n'
    table = read(data, skip_lines=1)
    assert table.header_line == 2
    assert lines(table) == [3, 5, 6, 8]
    assert finding_lines(table, "F04") == [4]
    assert row_findings(table, "F07") == [{"zeile": 5, "found": 1, "expected": 2}]
    assert row_findings(table, "T11") == [{"zeile": 8, "spalte": "name", "value": " d"}]


def test_skip_lines_header_only_and_encoding_lines() -> None:
    table = read(b"Titel\nnr;name\n", skip_lines=1)
    assert only(table, "F10").location.line == 2
    latin = read(b"\xc4nderung\nnr;name\n1;M\xfcller\n", skip_lines=1)
    # The bad byte in the skipped line is still the first one, on line 1.
    assert only(latin, "F01").location.line == 1
    assert values(latin) == [("1", "Müller")]
    assert lines(latin) == [3]


def test_skip_lines_past_the_end_leaves_an_empty_file() -> None:
    table = read(b"nr;name\n1;a\n", skip_lines=5)
    assert not table.usable
    assert codes(table) == {"F11"}


# --- wrong separator -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "found"),
    [(b"nr,name,x\n1,a,b\n", ","), (b"nr\tname\n1\ta\n", "Tab"), (b"nr|name\n1|a\n", "|")],
)
def test_wrong_separator(data: bytes, found: str) -> None:
    table = read(data)
    finding = only(table, "F06")
    assert finding.params == {"found": found}
    assert finding.location.line == 1
    assert not table.usable


def test_comma_inside_a_semicolon_file_is_no_separator_finding() -> None:
    table = read(b"nr;name\n1;Meyer, Anna\n")
    assert codes(table) == set()
    assert values(table) == [("1", "Meyer, Anna")]


# --- properties ----------------------------------------------------------------------------------

PIECES = ["a", "Z", "0", "ä", "Ö", "ß", "€", " ", ";", '"', "\n", "\r\n", "x y"]
cells = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)


def _rfc4180(value: str, quote: bool) -> str:
    if quote or any(c in value for c in ';"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def csv_tables(draw: st.DrawFn) -> tuple[bytes, list[list[str]], list[int]]:
    width = draw(st.integers(min_value=2, max_value=4))
    body = draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    quote_header = draw(st.booleans())
    out = [";".join(_rfc4180(f"c{i}", quote_header) for i in range(width))]
    starts, line = [], 2
    for row in body:
        out.append(";".join(_rfc4180(v, draw(st.booleans())) for v in row))
        starts.append(line)
        line += 1 + sum(v.count("\n") for v in row)
    text = newline.join(out) + (newline if draw(st.booleans()) else "")
    return text.encode(), body, starts


@settings(max_examples=150, deadline=None)
@given(csv_tables())
def test_rfc4180_tables_read_back_exactly(case: tuple[bytes, list[list[str]], list[int]]) -> None:
    data, body, starts = case
    table = read_csv_table(data, "test.csv")
    assert table.usable
    assert table.header == [f"c{i}" for i in range(len(body[0]))]
    # Values come back as written; whitespace at an edge is reported (T11) and stripped.
    assert values(table) == [tuple(v.strip() or None for v in row) for row in body]
    assert lines(table) == starts
    assert codes(table) <= {"T11"}
    padded = {
        (starts[i], f"c{j}")
        for i, row in enumerate(body)
        for j, v in enumerate(row)
        if v != v.strip()
    }
    assert {(r["zeile"], r["spalte"]) for r in row_findings(table, "T11")} == padded


def _summary(table: CsvTable) -> set[tuple[Any, ...]]:
    """Every finding as (code, line, column, params), comparable across paths."""
    out: set[tuple[Any, ...]] = set()
    for code, items in table.issues.items():
        for item in items:
            if isinstance(item, RowFindings):
                for r in item.frame.rows(named=True):
                    params = tuple(
                        sorted((k, v) for k, v in r.items() if k not in ("zeile", "spalte"))
                    )
                    out.add((code, r["zeile"], r.get("spalte"), params))
            else:
                out.add(
                    (
                        code,
                        item.location.line,
                        item.location.column,
                        tuple(sorted(item.params.items())),
                    )
                )
    return out


plain_cells = st.sampled_from(["", "a", "0001", "ä", " ", " b", "c ", "  ", "d e"])


@st.composite
def unquoted_files(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(min_value=1, max_value=4))
    header = [draw(st.sampled_from([f"c{i}", f" c{i}", f"c{i} "])) for i in range(width)]
    lines_ = [";".join(header)]
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if draw(st.integers(0, 5)) == 0:
            lines_.append(draw(st.sampled_from(["", "  "])))  # a blank line
            continue
        # Mostly regular rows; sometimes a field too few or too many.
        count = width + draw(st.sampled_from([0, 0, 0, -1, 1]))
        lines_.append(
            ";".join(draw(st.lists(plain_cells, min_size=max(count, 1), max_size=max(count, 1))))
        )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return (newline.join(lines_) + (newline if draw(st.booleans()) else "")).encode()


def _quote_first_name(data: bytes) -> bytes:
    ends = [i for i in (data.find(b";"), data.find(b"\r"), data.find(b"\n")) if i >= 0]
    end = min(ends, default=len(data))
    return b'"' + data[:end] + b'"' + data[end:]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unquoted_files())
def test_fast_and_exact_paths_agree_on_unquoted_input(data: bytes) -> None:
    auto = read(data)  # the fast path wherever the file is regular
    exact = read(data, path="exact")  # the exact scan without quotes
    # A harmless quoted header name sends the same content through the quote-aware scan.
    quoted = read(_quote_first_name(data))
    for other in (exact, quoted):
        assert other.usable == auto.usable
        assert other.header == auto.header
        assert other.header_line == auto.header_line
        assert other.frame.equals(auto.frame), (other.frame, auto.frame)
        assert _summary(other) == _summary(auto)


QUOTED_CELL = st.one_of(
    st.just(""),
    st.text(alphabet="abcÄöü 1;", min_size=1, max_size=8).map(lambda v: f'"{v}"'),
    st.text(alphabet='ab"c', min_size=1, max_size=6).map(
        lambda v: '"' + v.replace('"', '""') + '"'
    ),
    st.text(alphabet="xyz0123", min_size=1, max_size=5),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(QUOTED_CELL, min_size=3, max_size=3), min_size=1, max_size=6), st.booleans()
)
def test_quoted_fast_path_agrees_with_the_exact_scan(records: list[list[str]], crlf: bool) -> None:
    """A quoted file whose records are one line each is parsed by polars, exactly as the scan does."""
    newline = "\r\n" if crlf else "\n"
    text = (
        newline.join([";".join(['"a"', "b", '"c;d"']), *(";".join(r) for r in records)]) + newline
    )
    data = text.encode("utf-8")
    if b'"' not in data:
        return
    used: list[bool] = []
    original = csvtable._quoted_fast_path

    def spy(*args: Any) -> bool:
        used.append(original(*args))
        return used[-1]

    with mock.patch.object(csvtable, "_quoted_fast_path", side_effect=spy):
        fast = read_csv_table(data, "test.csv")
    exact = read(data, path="exact")
    assert used == [True]
    assert fast.header == exact.header == ["a", "b", "c;d"]
    assert fast.frame.equals(exact.frame)
    assert {k: len(v) for k, v in fast.issues.items()} == {
        k: len(v) for k, v in exact.issues.items()
    }


def test_quoted_field_with_a_line_break_goes_to_the_exact_scan() -> None:
    data = b'a;b\n"x\ny";2\n3;4\n'
    table = read_csv_table(data, "test.csv")
    assert values(table) == [("x\ny", "2"), ("3", "4")]
    assert lines(table) == [2, 4]


# --- integer columns -----------------------------------------------------------------------------


def _is_count(name: str) -> bool:
    return name in {"n1", "n2"}


def test_plain_integers_are_parsed_as_integers() -> None:
    table = read_csv_table(b"id;n1;n2\n0001;12;\r\n0002;0;7\r\n", "t.csv", integer=_is_count)
    assert table.frame.schema["n1"] == pl.Int64 and table.frame.schema["id"] == pl.String
    assert values(table) == [("0001", 12, None), ("0002", 0, 7)]
    assert codes(table) == set()


@pytest.mark.parametrize("cell", ["+5", "-5", "007", " 5", "5 ", "1.0", "1.234", "-0", "x"])
def test_a_cell_that_is_not_a_plain_integer_keeps_the_column_as_text(cell: str) -> None:
    """polars alone would read +5, -5, 007 and ' 5' as numbers and lose what T05/T11 report."""
    data = f"id;n1\n01;3\n02;{cell}\n".encode()
    typed = read_csv_table(data, "t.csv", integer=_is_count)
    assert typed.frame.schema["n1"] == pl.String
    text = read_csv_table(data, "t.csv")
    assert typed.frame.equals(text.frame) and codes(typed) == codes(text)


COUNT_CELLS = st.one_of(
    st.just(""),
    st.from_regex(r"(?:0|[1-9][0-9]{0,5})", fullmatch=True),
    st.sampled_from(["+5", "-5", "007", " 5", "00", "-0", "5 ", "1.5"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.from_regex(r"[0-9A-Za-z äö]{0,6}", fullmatch=True), COUNT_CELLS, COUNT_CELLS),
        max_size=6,
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
)
def test_integer_columns_lose_nothing(
    rows: list[tuple[str, str, str]], newline: str, final: bool
) -> None:
    """Read with integer columns, the table equals the text reading cast to integers, and
    is integer only where every cell is a plain number."""
    lines = ["name;n1;n2", *(";".join(r) for r in rows)]
    data = (newline.join(lines) + (newline if final else "")).encode()
    typed = read_csv_table(data, "t.csv", integer=_is_count)
    text = read_csv_table(data, "t.csv")
    assert _summary(typed) == _summary(text)
    plain = all(
        cell == "" or (cell.isdigit() and (cell == "0" or not cell.startswith("0")))
        for row in rows
        for cell in row[1:]
    )
    if typed.frame.schema.get("n1") == pl.Int64:
        assert plain
        as_text = typed.frame.with_columns(pl.col("n1", "n2").cast(pl.String))
        assert as_text.equals(text.frame)
    else:
        assert typed.frame.equals(text.frame)


@pytest.mark.parametrize("bad", [None, "007", "+1", "-1"])
def test_wide_integer_tables_are_proven_the_same_way(bad: str | None) -> None:
    """A council election's 1,200 candidate columns take the unpivoted sums (csvtable._WIDE)."""
    width = csvtable._WIDE + 50
    names = [f"n{i}" for i in range(width)]
    rows = [
        [str((r * 7 + i) % 1000) if (r + i) % 5 else "" for i in range(width)] for r in range(4)
    ]
    if bad is not None:
        rows[2][width - 3] = bad
    data = "\n".join(
        [";".join(["id", *names]), *(";".join([f"0{r}", *row]) for r, row in enumerate(rows))]
    )
    table = read_csv_table(data.encode(), "t.csv", integer=lambda n: n.startswith("n"))
    assert (table.frame.schema["n0"] == pl.Int64) == (bad is None)
    text = read_csv_table(data.encode(), "t.csv")
    typed_as_text = table.frame.with_columns(pl.col(names).cast(pl.String))
    assert typed_as_text.equals(text.frame)


def test_the_exact_scan_pauses_the_garbage_collector_and_restores_it() -> None:
    import gc

    assert gc.isenabled()
    with mock.patch.object(gc, "disable", wraps=gc.disable) as disable:
        table = read(b'a;b\n"x\ny";1\n')
    assert disable.called and gc.isenabled()
    assert values(table) == [("x\ny", "1")]
