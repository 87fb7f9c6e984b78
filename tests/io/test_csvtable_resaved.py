"""read_csv_table(resaved=True): files a spreadsheet saved again, read and recorded (F15-F18).

Each repair is a fact of `facts.resave` with the line it stands on; a file the repairs cannot
read unambiguously (a comma file with unquoted decimal commas) is refused, and OWD files
(read without `resaved`) keep F01 and F06.
"""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from csv_reading import forced
from hypothesis import given, settings
from hypothesis import strategies as st

from wahldaten.io.csvdecode import TAB
from wahldaten.io.csvfacts import Ambiguous
from wahldaten.io.csvtable import CsvTable, read_csv_table

PLAIN = "nr;name;A\n0001;Nord;12\n0002;Süd;\n"


def resaved(data: bytes, *, path: str = "auto") -> CsvTable:
    with forced(path):
        return read_csv_table(data, "resaved.csv", resaved=True)


def frame_of(table: CsvTable) -> list[tuple[object, ...]]:
    return table.frame.rows()


def test_a_semicolon_utf8_file_records_no_repair() -> None:
    table = resaved(PLAIN.encode())
    assert table.usable
    assert table.facts.resave.separator is None
    assert table.facts.resave.encoding is None
    assert table.facts.resave.stray_boms == []
    assert frame_of(table) == frame_of(read_csv_table(PLAIN.encode(), "x.csv"))


@pytest.mark.parametrize("path", ["fast", "exact"])
@pytest.mark.parametrize(("separator", "name"), [("\t", TAB), (",", ",")])
def test_tab_and_comma_are_read_like_semicolons(separator: str, name: str, path: str) -> None:
    data = PLAIN.replace(";", separator).encode()
    table = resaved(data, path=path)
    assert table.usable
    assert table.facts.resave.separator == name
    assert table.facts.separator is None  # no F06
    assert table.header == ["nr", "name", "A"]
    assert frame_of(table) == [(2, "0001", "Nord", "12"), (3, "0002", "Süd", None)]


def test_quoted_commas_and_semicolons_stay_values() -> None:
    data = b'nr,name,A\r\n0001,"Nord, Wahlraum 2",12\r\n0002,"a;b ""c""",7\r\n'
    table = resaved(data)
    assert table.facts.resave.separator == ","
    assert frame_of(table) == [(2, "0001", "Nord, Wahlraum 2", "12"), (3, "0002", 'a;b "c"', "7")]


def test_a_quoted_field_over_two_lines_keeps_the_line_numbers() -> None:
    table = resaved(b'nr,name\n1,"zwei\nZeilen"\n2,x\n')
    assert frame_of(table) == [(2, "1", "zwei\nZeilen"), (4, "2", "x")]


def test_unquoted_decimal_commas_refuse_the_file_at_the_first_longer_row() -> None:
    data = b"nr,name,Quote\n0001,Nord,45\n0002,Sued,45,81\n0003,Ost,12,5\n"
    table = resaved(data)
    assert not table.usable
    assert table.facts.resave.ambiguous == Ambiguous(line=3, expected=3, found=4)
    assert table.facts.ragged is None  # refused as a whole, not F07 as well


def test_a_short_row_of_a_comma_file_is_f07_not_ambiguous() -> None:
    table = resaved(b"nr,name,A\n1,a,2\n2,b\n")
    assert table.usable
    assert table.facts.resave.ambiguous is None
    assert table.facts.ragged is not None


def test_a_tab_file_with_a_long_row_is_f07_not_ambiguous() -> None:
    table = resaved(b"nr\tname\n1\ta\n2\tb\tc\n")
    assert table.usable
    assert table.facts.resave.ambiguous is None
    assert table.facts.ragged is not None


def test_an_unquoted_semicolon_in_a_value_stays_in_it() -> None:
    table = resaved(b"nr,name\n1,a;b\n2,c\n")
    assert table.facts.resave.separator == ","
    assert frame_of(table) == [(2, "1", "a;b"), (3, "2", "c")]


def test_a_header_with_a_semicolon_is_a_semicolon_file() -> None:
    # Which character separates is not clear there: read as the standard says, F06 if it fails.
    table = resaved(b"nr,na;me\n1,a\n")
    assert table.facts.resave.separator is None
    assert table.header == ["nr,na", "me"]


def test_windows_1252_is_a_repair_not_f01() -> None:
    table = resaved(PLAIN.replace(";", "\t").encode("cp1252"))
    assert table.facts.misencoding is None
    encoding = table.facts.resave.encoding
    assert encoding is not None
    assert (encoding.encoding, encoding.byte, encoding.line) == ("Windows-1252", "fc", 3)
    assert frame_of(table)[1] == (3, "0002", "Süd", None)


def test_utf16_with_tabs_as_a_spreadsheet_writes_unicode_text() -> None:
    table = resaved(codecs.BOM_UTF16_LE + PLAIN.replace(";", "\t").encode("utf-16-le"))
    assert table.facts.resave.encoding is not None
    assert table.facts.resave.encoding.encoding == "UTF-16"
    assert table.facts.resave.separator == TAB
    assert frame_of(table)[1] == (3, "0002", "Süd", None)


def test_boms_of_concatenated_files_are_removed_with_their_lines() -> None:
    bom = codecs.BOM_UTF8
    data = bom + b"nr;name\n1;a\n" + bom + b"2;b\n" + bom + b"3;c\n"
    table = resaved(data)
    assert table.facts.bom  # the first one is F02, as ever
    assert table.facts.resave.stray_boms == [3, 4]
    assert frame_of(table) == [(2, "1", "a"), (3, "2", "b"), (4, "3", "c")]


def test_without_resaved_the_owd_errors_stay() -> None:
    comma = read_csv_table(PLAIN.replace(";", ",").encode(), "x.csv")
    assert comma.facts.separator == "," and not comma.usable
    latin = read_csv_table(PLAIN.encode("cp1252"), "x.csv")
    assert latin.facts.misencoding is not None
    assert latin.facts.resave.encoding is None


CELL = st.text(alphabet=st.sampled_from('ab1,;" \tä'), min_size=1, max_size=6).filter(
    lambda c: c.strip() == c and "\t" not in c
)


@settings(deadline=None)
@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda width: st.lists(
            st.lists(CELL, min_size=width, max_size=width), min_size=2, max_size=5
        )
    )
)
def test_any_quoted_comma_file_reads_as_its_cells(rows: list[list[str]]) -> None:
    """What a spreadsheet writes with commas (quoting where a value needs it) reads back as the
    same cells, `;` and `"` inside values included."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=",", lineterminator="\r\n").writerows(rows)
    table = resaved(buffer.getvalue().encode())
    header = rows[0]
    if len(set(header)) < len(header) or any(";" in name for name in header):
        return  # repeated names are renamed (S03); a `;` in the header makes it a `;` file
    assert table.usable
    assert table.header == header
    assert table.frame.select(table.columns).rows() == [tuple(r) for r in rows[1:]]
