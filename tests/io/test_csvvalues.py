"""Values with whitespace at an edge: recorded (T11) and stripped."""

from __future__ import annotations

import pytest
from csv_reading import (
    PATHS,
    codes,
    padded_cells,
    read,
    values,
)

from wahldaten.io import csvvalues

# --- whitespace in values ------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_padded_values_are_reported_and_stripped(path: str) -> None:
    data = b"nr;name;x\n 0001;Nord ;a\n0002;   ;b\n0003;\tTab;\xc2\xa0c\n0004;in side;d\n"
    table = read(data, path=path)
    assert padded_cells(table) == [
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
    assert padded_cells(table) == [{"zeile": 3, "spalte": "name", "value": "b "}]
    assert values(table) == [("1", "a"), ("2", "b")]


def test_padded_quoted_values_are_reported_and_stripped() -> None:
    table = read(b'nr;name\n"0001";" Nord"\n"0002";"S\xc3\xbcd "\n0003;"   "\n0004;"\nx"\n')
    assert padded_cells(table) == [
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


@pytest.mark.parametrize("quoted", [False, True])
def test_hundreds_of_columns_are_searched_as_one_and_give_the_same_facts(quoted: bool) -> None:
    width = csvvalues._WIDE + 10
    header = ";".join(f"c{i}" for i in range(width))
    cells = [f"v{i}" for i in range(width)]
    cells[3], cells[width - 1] = " v3", "last "
    first = '"0"' if quoted else "0"
    data = f"{header}\n{';'.join(cells)}\n{first};{';'.join(cells[1:])}\n".encode()
    table = read(data)
    padded = table.facts.padded_values
    assert padded is not None
    # Column by column, each by line: the order of the narrow path.
    assert padded.rows() == [
        (2, "c3", " v3"),
        (3, "c3", " v3"),
        (2, f"c{width - 1}", "last "),
        (3, f"c{width - 1}", "last "),
    ]
    assert len(padded_cells(table)) == 4
    assert table.frame["c3"].to_list() == ["v3", "v3"]
    assert table.frame[f"c{width - 1}"].to_list() == ["last", "last"]


def test_a_file_without_spaces_at_an_edge_needs_no_pass_over_the_values() -> None:
    table = read(b"a;b\n1;x y\n2;z\n")
    assert table.facts.padded_values is None
    assert values(table) == [("1", "x y"), ("2", "z")]


# A space at each kind of field edge, in a file whose only whitespace is the space and whose
# other values have spaces inside (so that the search over the values is what finds it).
EDGES = {
    "after a separator": (b"nr;name;x\n1;a b; c\n", (2, "x", " c")),
    "before a separator": (b"nr;name;x\n1;a b ;c\n", (2, "name", "a b ")),
    "at the start of a line": (b"nr;name;x\n1;a b;c\n 2;d e;f\n", (3, "nr", " 2")),
    "at the end of a line": (b"nr;name;x\n1;a b;c \n2;d e;f\n", (2, "x", "c ")),
    "before a CRLF": (b"nr;name;x\r\n1;a b;c \r\n", (2, "x", "c ")),
    "at the start of the file's first row": (b"nr;name;x\n 1;a b;c", (2, "nr", " 1")),
    "at the end of the file": (b"nr;name;x\n1;a b;c ", (2, "x", "c ")),
    "beside umlauts": ("nr;name;x\n1;Süd b;c \n".encode(), (2, "x", "c ")),
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("edge", list(EDGES))
def test_a_space_at_any_field_edge_is_found(edge: str, path: str) -> None:
    data, expected = EDGES[edge]
    table = read(data, path=path)
    padded = table.facts.padded_values
    assert padded is not None
    assert padded.rows() == [expected]


@pytest.mark.parametrize("path", PATHS)
def test_spaces_in_the_header_or_inside_values_are_no_finding(path: str) -> None:
    table = read(b"nr ; name\n1;a b\n2;c  d\n", path=path)
    assert table.facts.padded_values is None
    assert values(table) == [("1", "a b"), ("2", "c  d")]


def test_hundreds_of_columns_are_searched_in_groups_in_the_narrow_order() -> None:
    width = 2 * csvvalues._WIDE + 5
    header = ";".join(f"c{i}" for i in range(width))
    rows = []
    for line in range(2):
        cells = [f"v {i}" for i in range(width)]
        for column in (width - 1, csvvalues._WIDE + 1, 0):
            cells[column] = f"x{line} " if line else f" x{line}"
        rows.append(";".join(cells))
    table = read(f"{header}\n{rows[0]}\n{rows[1]}\n".encode())
    padded = table.facts.padded_values
    assert padded is not None
    assert [(line, column) for line, column, _ in padded.rows()] == [
        (2, "c0"),
        (3, "c0"),
        (2, f"c{csvvalues._WIDE + 1}"),
        (3, f"c{csvvalues._WIDE + 1}"),
        (2, f"c{width - 1}"),
        (3, f"c{width - 1}"),
    ]
    assert table.frame["c0"].to_list() == ["x0", "x1"]


@pytest.mark.parametrize("path", PATHS)
def test_a_carriage_return_at_a_field_edge_of_a_crlf_file_is_found(path: str) -> None:
    table = read(b"nr;name\r\n1;\rx\r\n2;y z\r\n", path=path)
    assert padded_cells(table) == [{"zeile": 2, "spalte": "name", "value": "\rx"}]
    assert values(table) == [("1", "x"), ("2", "y z")]


def test_only_spaces_are_possible_where_every_carriage_return_ends_a_line() -> None:
    assert csvvalues._only_spaces_possible(b"a;b\r\n1;2\r\n")
    assert csvvalues._only_spaces_possible(b"a;b\n1;2")
    assert not csvvalues._only_spaces_possible(b"a;b\r\n1;\r2\r\n")
    assert not csvvalues._only_spaces_possible(b"a;b\r\n1;2\r")
    assert not csvvalues._only_spaces_possible("a;b\n1;\u00a02\n".encode())
