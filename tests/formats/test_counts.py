"""Counts as vendors write them: one parser for every reader."""

from __future__ import annotations

import polars as pl

from wahldaten.formats.counts import (
    count,
    malformed_counts,
    not_a_count,
    to_counts,
    with_thousands,
)

CELLS = ["12", " 7 ", None, "007", "1.413", "12a", "1,5", "-3", "99999999999999999999"]


def test_a_count_is_digits_and_empty_stays_empty() -> None:
    frame = pl.DataFrame({"x": CELLS})
    assert frame.select(count("x"))["x"].to_list() == [12, 7, None, 7, None, None, None, None, None]
    bad = frame.select(not_a_count("x"))["x"].to_list()
    assert bad == [False, False, False, False, True, True, True, True, True]


def test_thousands_separators_only_where_the_format_writes_them() -> None:
    frame = pl.DataFrame({"x": ["1.413", "12.345.678", "1.41", "1413"]})
    assert frame.select(count("x", thousands=True))["x"].to_list() == [1413, 12345678, None, 1413]
    assert frame.select(with_thousands("x"))["x"].to_list() == [True, True, False, False]


def test_columns_already_read_as_integers_pass_through() -> None:
    frame = pl.DataFrame({"a": pl.Series([1, None], dtype=pl.Int64), "b": ["2", "x"]})
    typed = to_counts(frame, ["a", "b"])
    assert typed.schema == {"a": pl.Int64, "b": pl.Int64}
    assert typed.rows() == [(1, 2), (None, None)]
    assert frame.filter(malformed_counts(frame, ["a", "b"])).height == 1
    assert frame.filter(malformed_counts(frame, ["a"])).height == 0
