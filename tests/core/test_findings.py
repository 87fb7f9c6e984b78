"""Findings: one per cause with the exact count of rows, located with the municipality."""

from __future__ import annotations

import polars as pl

from wahldaten.core.findings import RowFindings, per_cause, row_findings


def found(lines: list[int], column: list[str], value: list[str]) -> RowFindings:
    return RowFindings("f.csv", pl.DataFrame({"zeile": lines, "spalte": column, "value": value}))


def test_rows_of_one_cause_are_one_finding_with_their_count_and_first_lines() -> None:
    rows = found(list(range(14, 1, -1)), ["a"] * 12 + ["b"], [f"v{i}" for i in range(13)])
    grouped = per_cause(rows, ["spalte"], count="cells")
    assert grouped.count == 2
    first, second = grouped.head(5)
    # Ordered by first line; the first row gives location and parameters.
    assert (first.location.line, first.location.column) == (2, "b")
    assert first.params == {"value": "v12", "cells": 1, "lines": "2"}
    assert (second.location.line, second.params["value"]) == (3, "v11")
    assert second.params["cells"] == 12
    assert second.params["lines"] == "3, 4, 5, 6, 7, 8, 9, 10, 11, 12, … (+2)"


def test_a_cause_can_be_an_expression_that_is_not_kept() -> None:
    rows = found([2, 3, 4], ["a", "a", "a"], ["x", "", "y"])
    grouped = per_cause(rows, [pl.col("value") == ""])
    assert [f.params for f in grouped.head(5)] == [
        {"value": "x", "rows": 2, "lines": "2, 4"},
        {"value": "", "rows": 1, "lines": "3"},
    ]


def test_without_a_cause_all_rows_are_one_and_none_are_none() -> None:
    rows = found([5, 6], ["a", "b"], ["x", "y"])
    assert per_cause(rows).head(5)[0].params == {"value": "x", "rows": 2, "lines": "5, 6"}
    assert per_cause(found([], [], [])).count == 0


def test_the_municipality_is_located_beside_the_bezirk() -> None:
    frame = pl.DataFrame({"__zeile": [2], "bezirk-nr": ["0101"], "gs": ["05366004"]})
    located = row_findings(
        "f.csv", frame, line_column="__zeile", bezirk="bezirk-nr", municipality="gs"
    )
    (finding,) = located.head(1)
    assert (finding.location.bezirk, finding.location.gs) == ("0101", "05366004")
    assert finding.params == {}
    plain = row_findings("f.csv", frame, line_column="__zeile", bezirk="bezirk-nr")
    assert plain.head(1)[0].location.gs is None
