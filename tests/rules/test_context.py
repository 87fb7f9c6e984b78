"""Shared derived frames of the rule context: one multi-column schema expression must agree
with the schema cell by cell."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wahldaten.core import standard
from wahldaten.rules.context import valid_value

COUNT = standard.load("0.3").files["Wahlergebnisse"].columns["A"]
CELLS = st.one_of(
    st.none(),
    st.from_regex(r"(?:0|[1-9][0-9]{0,6})", fullmatch=True),
    st.sampled_from(["007", "+5", "1.234", "12,0", " 5", "-3", "1e3", "x", "٣"]),
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(min_value=1, max_value=4),
    width=st.sampled_from([2, 30, 207]),
    data=st.data(),
)
def test_multi_column_check_agrees_with_the_pattern_cell_by_cell(
    rows: int, width: int, data: st.DataObject
) -> None:
    columns = [f"D{i}" for i in range(1, width + 1)]
    cells = [[data.draw(CELLS) for _ in columns] for _ in range(rows)]
    frame = pl.DataFrame(
        {c: [row[i] for row in cells] for i, c in enumerate(columns)},
        schema=dict.fromkeys(columns, pl.String),
    )
    pattern = re.compile(COUNT.pattern or "")
    every_cell_valid = all(v is None or pattern.search(v) for row in cells for v in row)
    flags = frame.select(~valid_value(columns, COUNT).fill_null(True))
    assert (not flags.select(pl.any_horizontal(pl.all()).any()).item()) == every_cell_valid
