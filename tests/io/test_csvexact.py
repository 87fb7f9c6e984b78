"""The exact path: blank lines, ragged rows and quoting, each on its physical line."""

from __future__ import annotations

import gc
import time
from typing import Any
from unittest import mock

import pytest
from csv_reading import (
    PATHS,
    codes,
    finding_lines,
    lines,
    only,
    read,
    row_findings,
    summary,
    values,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from wahldaten.io import csvexact
from wahldaten.io.csvtable import read_csv_table

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


def test_quoted_field_with_a_line_break_goes_to_the_exact_scan() -> None:
    data = b'a;b\n"x\ny";2\n3;4\n'
    table = read_csv_table(data, "test.csv")
    assert values(table) == [("x\ny", "2"), ("3", "4")]
    assert lines(table) == [2, 4]


def test_the_exact_scan_pauses_the_garbage_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with mock.patch.object(gc, "disable", wraps=gc.disable) as disable:
        table = read(b'a;b\n"x\ny";1\n')
    assert disable.called and gc.isenabled()
    assert values(table) == [("x\ny", "1")]


def test_a_field_of_a_million_lines_is_handed_to_the_csv_module_whole() -> None:
    """Issue 9: one 50 MB quoted field with line breaks took 30 s and 1.6 GB, read line by line."""
    big = b"a\n" * 1_000_000 + b"a"
    pieces: list[int] = []
    original = csvexact.csv.reader

    def counting(lines: Any, **kwargs: Any) -> Any:
        def counted() -> Any:
            for piece in lines:
                pieces.append(len(piece))
                yield piece

        return original(counted(), **kwargs)

    with mock.patch.object(csvexact.csv, "reader", side_effect=counting):
        table = read(b'nr;blob;x\n1;"' + big + b'";x\n2;y;z\n')
    assert len(pieces) == 3  # header and two records, not a million lines
    assert lines(table) == [2, 1_000_003]
    assert table.frame["blob"][0] == big.decode()
    assert codes(table) == set()


def test_a_multi_line_field_of_ten_megabytes_is_read_in_seconds() -> None:
    big = b"abc\n" * 2_500_000 + b"abc"
    start = time.process_time()  # the work done, whatever else runs on the machine
    table = read(b'nr;blob\n1;"' + big + b'"\n2;y\n')
    assert time.process_time() - start < 5
    assert lines(table) == [2, 2_500_003]


@pytest.mark.parametrize(
    "data",
    [
        b'nr;name\n1;"a\rb";x\n2;c\n',  # a lone CR: the csv module counts it as a line break
        b'nr;name\n1;a\n\n2;"Rathaus"Nord\n3;c\n',  # broken quoting: reported where it stands
        b'nr;name\n1;"offen\n2;c\n',
    ],
)
def test_files_the_record_cut_cannot_vouch_for_are_read_line_by_line(data: bytes) -> None:
    """Broken quoting and lone carriage returns: the same frame and findings as a scan line by
    line alone (which reports the csv module's error where it stands)."""
    with mock.patch.object(csvexact, "_by_record", side_effect=csvexact._NotCleanError):
        line_by_line = read(data, path="exact")
    table = read(data, path="exact")
    assert summary(table) == summary(line_by_line)
    assert table.frame.equals(line_by_line.frame)


@settings(max_examples=150, deadline=None)
@given(
    csv_like=st.lists(st.sampled_from(["a", ";", '"', '""', "\n", "\r\n", " ", "x y"]), max_size=30)
)
def test_the_record_cut_agrees_with_the_scan_line_by_line(csv_like: list[str]) -> None:
    data = ("h1;h2\n" + "".join(csv_like)).encode()
    with mock.patch.object(csvexact, "_by_record", side_effect=csvexact._NotCleanError):
        line_by_line = read(data, path="exact")
    table = read(data, path="exact")
    assert table.usable == line_by_line.usable
    assert summary(table) == summary(line_by_line)
    assert table.frame.equals(line_by_line.frame)
