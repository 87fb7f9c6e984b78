"""Header names: empty, padded and repeated ones are recorded as facts (S03, S04, S05)."""

from __future__ import annotations

import pytest
from csv_reading import (
    PATHS,
    only,
    read,
    rows,
)

from wahldaten.io.csvfacts import HeaderName, header_names
from wahldaten.io.csvtable import LINE_COLUMN

# --- header names --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_duplicate_and_empty_header_names(path: str) -> None:
    table = read(b"nr;name;;nr\n1;a;x;2\n", path=path)
    assert table.header == ["nr", "name", "", "nr"]
    assert table.facts.repeated_names == [HeaderName(4, "nr", "nr")]
    assert table.facts.empty_names == [HeaderName(3, "", "")]
    s03, s04 = only(table, "S03"), only(table, "S04")
    assert (s03.location.line, s03.location.column) == (1, "nr")
    assert s03.params == {"count": 2, "positions": "4"}
    assert (s04.location.line, s04.params) == (1, {"count": 1, "positions": "3"})
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


def test_frame_names_are_unique_whatever_the_header() -> None:
    assert header_names(["a", " a", "", "", "a "]) == ["a", "a#2", "#3", "#4", "a#5"]
    assert header_names(["#1", ""]) == ["#1", "#2"]
