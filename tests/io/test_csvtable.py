"""read_csv_table: the frame, its line numbers and its facts, on every parse path."""

from __future__ import annotations

import polars as pl
import pytest
from csv_reading import (
    PATHS,
    codes,
    finding_lines,
    lines,
    only,
    padded_cells,
    read,
    row_findings,
    summary,
    values,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wahldaten.io.csvtable import read_csv_table

# --- line endings --------------------------------------------------------------


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


@pytest.mark.parametrize(
    "data",
    [
        b"nr;B;B1;C\n0101;402;;4\n",  # integers parsed right away
        b"nr;B;B1;C\n0101;402; ;4\n",  # a padded cell: text, reported as T11
        b'nr;B;B1;C\n"0101";402;"";4\n',  # quoted
        b'nr;B;B1;C\n"01\n01";402;;4\n',  # a record over two lines: the exact scan
    ],
)
def test_a_count_left_empty_beside_reported_ones_is_not_reported(data: bytes) -> None:
    """A row with everything reported except B1: B1 is read as not reported (null), never as
    0; whether that is a half-filled row is for the completeness rules to say."""
    table = read_csv_table(data, "t.csv", integer=lambda column: column != "nr")
    assert table.frame["B1"].to_list() == [None]
    assert [str(v) for v in table.frame.select("B", "C").row(0)] == ["402", "4"]


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
    assert padded_cells(table) == [{"zeile": 8, "spalte": "name", "value": " d"}]


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
    assert {(r["zeile"], r["spalte"]) for r in padded_cells(table)} == padded


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
        assert summary(other) == summary(auto)
