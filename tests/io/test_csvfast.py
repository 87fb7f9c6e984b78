"""The fast paths: quoted files parsed by polars, and counts read as integers where that loses
nothing."""

from __future__ import annotations

from typing import Any
from unittest import mock

import polars as pl
import pytest
from csv_reading import (
    codes,
    read,
    summary,
    values,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wahldaten.io import csvfast, csvtable
from wahldaten.io.csvtable import read_csv_table

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
    original = csvtable.quoted_fast_path

    def spy(*args: Any) -> bool:
        used.append(original(*args))
        return used[-1]

    with mock.patch.object(csvtable, "quoted_fast_path", side_effect=spy):
        fast = read_csv_table(data, "test.csv")
    exact = read(data, path="exact")
    assert used == [True]
    assert fast.header == exact.header == ["a", "b", "c;d"]
    assert fast.frame.equals(exact.frame)
    assert summary(fast) == summary(exact)


def _used_quoted_fast_path(data: bytes) -> tuple[bool, csvtable.CsvTable]:
    used: list[bool] = []
    original = csvtable.quoted_fast_path

    def spy(*args: Any) -> bool:
        used.append(original(*args))
        return used[-1]

    with mock.patch.object(csvtable, "quoted_fast_path", side_effect=spy):
        table = read_csv_table(data, "test.csv")
    return used == [True], table


@pytest.mark.parametrize(
    "line",
    [
        '"";"a"";";";ab"',  # a quoted `;` beside doubled quotes: three fields
        '"x";"y";"z"',  # adjacent quoted fields, each with its separator
        '"";"";""',  # empty quoted fields are empty (null), as unquoted ones are
        '1;"a;b;c";',
    ],
)
def test_quoted_lines_are_split_into_their_fields_as_the_exact_scan_does(line: str) -> None:
    data = f"a;b;c\n{line}\n".encode()
    used, fast = _used_quoted_fast_path(data)
    exact = read(data, path="exact")
    assert used
    assert fast.frame.equals(exact.frame)
    assert summary(fast) == summary(exact)


@pytest.mark.parametrize("data", [b'a;b\n"x\ny";1\n', b'a;b\n"x\n";1\n2;3\n', b'a;b\nx"y;1\n'])
def test_a_field_spanning_lines_or_a_quote_inside_one_is_left_to_the_exact_scan(
    data: bytes,
) -> None:
    used, table = _used_quoted_fast_path(data)
    assert not used
    assert table.frame.equals(read(data, path="exact").frame)


def test_a_large_quoted_file_is_kept_in_one_chunk_per_column() -> None:
    empty = ("", '""')  # unquoted and quoted
    lines = "".join(f'{i:06d};"{i % 97}";{empty[i % 2]};x{i}\n' for i in range(200_000))
    used, table = _used_quoted_fast_path(f'id;"n1";e;name\n{lines}'.encode())
    assert used
    assert table.frame.height == 200_000
    assert table.frame.n_chunks("all") == [1] * table.frame.width
    assert table.frame["e"].null_count() == 200_000
    assert table.frame["n1"].head(2).to_list() == ["0", "1"]


# --- integer columns -----------------------------------------------------------------------------


def _is_count(name: str) -> bool:
    return name in {"n1", "n2"}


def test_plain_integers_are_parsed_as_integers() -> None:
    table = read_csv_table(b"id;n1;n2\n0001;12;\r\n0002;0;7\r\n", "t.csv", integer=_is_count)
    assert table.frame.schema["n1"] == pl.Int64 and table.frame.schema["id"] == pl.String
    assert values(table) == [("0001", 12, None), ("0002", 0, 7)]
    assert codes(table) == set()


def test_a_table_parsed_in_pieces_is_kept_in_one_chunk_per_column() -> None:
    """polars parses a large file in pieces per thread; kept so, every later filter and the
    rules' results frame would copy the whole table to align its columns."""
    lines = "".join(f"{i:06d};{i % 97};x{i}\n" for i in range(200_000))
    table = read_csv_table(f"id;n1;name\n{lines}".encode(), "t.csv", integer=_is_count)
    assert table.frame.height == 200_000
    assert table.frame.n_chunks("all") == [1] * table.frame.width


def test_one_chunk_leaves_a_frame_in_one_chunk_as_it_is() -> None:
    frame = pl.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    assert csvfast.one_chunk(frame) is frame
    pieces = pl.concat([frame, frame], rechunk=False)
    assert pieces.n_chunks("all") == [2, 2]
    joined = csvfast.one_chunk(pieces)
    assert joined.n_chunks("all") == [1, 1] and joined.equals(pieces)


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
    assert summary(typed) == summary(text)
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
    """A council election's 1,200 candidate columns take the unpivoted sums (csvfast._WIDE)."""
    width = csvfast._WIDE + 50
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


def test_a_header_of_thousands_of_columns_is_read_as_text() -> None:
    width = csvfast._TYPED_MAX_COLUMNS + 1
    header = ";".join(["n1", *(f"x{i}" for i in range(width))])
    data = f"{header}\n5{';' * width}\n".encode()
    table = read_csv_table(data, "t.csv", integer=_is_count)
    assert table.frame.schema["n1"] == pl.String
    assert table.frame["n1"].to_list() == ["5"]
