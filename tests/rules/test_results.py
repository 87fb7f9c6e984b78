"""The results frame: counts as integers, B2 read as B1, malformed cells never numbers."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from support import set_cell
from wahldaten.formats import owd
from wahldaten.io.sources import collect
from wahldaten.rules.context import Context
from wahldaten.rules.results import LISTED, MALFORMED, REPORTED, Results, option_number


def results_of(folder: Path) -> Results:
    (package,), _ = owd.read_packages(collect([folder]))
    results = Context(package).results
    assert results is not None
    return results


def test_counts_are_integers_and_rows_are_placed(ratswahl: Path) -> None:
    results = results_of(ratswahl)
    assert results.letters == ("A1", "A2", "A3", "A", "B", "B1", "C", "D")
    assert results.d_columns == ("D1", "D2", "D3", "D4", "D5")
    assert results.frame.schema["A"] == pl.Int64
    assert results.frame[REPORTED].all() and results.frame[LISTED].all()
    assert not results.frame[MALFORMED].any()
    assert not results.two_votes
    assert results.required_letters == ("A1", "A2", "A3", "A", "B", "C", "D")
    assert results.optional_letters == ("B1",)


def _address(series: pl.Series) -> int:
    """Where a one-chunk column's values are in memory (polars' internal pointer)."""
    return int(series._s.as_single_ptr())


def test_the_results_frame_shares_the_tables_count_buffers(ratswahl: Path) -> None:
    """The results frame holds the parsed counts themselves, not a copy: a copy of every
    count column doubled the memory of a validation."""
    (package,), _ = owd.read_packages(collect([ratswahl]))
    table = package.files["Wahlergebnisse"].table.frame
    results = Context(package).results
    assert results is not None
    assert table.schema["A"] == pl.Int64
    for column in ("A", "B", "D1"):
        assert _address(results.frame[column]) == _address(table[column])
    assert results.frame.n_chunks("all") == [1] * results.frame.width


def test_b2_is_read_as_b1(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlergebnisse_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace(";B1;", ";B2;", 1))
    results = results_of(ratswahl)
    assert results.b1_source == "B2"
    assert results.frame["B1"].to_list()[0] == 3


def test_b2_beside_b1_is_a_count_of_its_own(ratswahl: Path) -> None:
    """Baden-Württemberg writes both: B2 must not be dropped, or its identity goes unchecked."""
    path = next(ratswahl.glob("*_Wahlergebnisse_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0].replace(";B1;", ";B1;B2;", 1)] + [
        ";".join([*(cells := line.split(";"))[:13], "7", *cells[13:]]) for line in lines[1:]
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = results_of(ratswahl)
    assert results.letters[4:7] == ("B", "B1", "B2")
    assert results.b1_source == "B1"
    assert set(results.frame["B2"].to_list()) == {7}
    assert results.optional_letters == ("B1", "B2")


def test_a_malformed_count_is_null_and_marks_its_row(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A1", "1.102")
    set_cell(ratswahl, "Wahlergebnisse", "0102", "A2", "99999999999999999999")
    frame = results_of(ratswahl).frame
    assert frame["A1"][0] is None and frame["A2"][1] is None
    assert frame[MALFORMED].to_list()[:3] == [True, True, False]
    assert results_of(ratswahl).too_large == ("A2",)


def test_option_numbers() -> None:
    assert option_number("D12") == 12 and option_number("F3") == 3
