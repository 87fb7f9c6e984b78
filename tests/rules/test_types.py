"""The type checks derived from the schemas agree with the jsonschema library, value by value.

For every constrained column of every file type and version, hypothesis generates values that
match the column's pattern, near misses and arbitrary text; a row that is valid except for that
column must be valid for jsonschema exactly when the polars check finds no violation.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wahldaten
from support import codes, set_cell
from wahldaten.core import standard
from wahldaten.rules.context import valid_value

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "fixtures" / "owd" / "valid" / "bundestagswahl"


def base_row(file_type: str, version: str) -> dict[str, str]:
    """A row of the valid example package, in the given version."""
    path = next(VALID.glob(f"*_{file_type}_*.csv"))
    row = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))
    row["version"] = version
    return row


CASES = [
    (version, file_type, column, check)
    for version in standard.versions()
    for file_type, spec in standard.load(version).files.items()
    for column, check in [
        *spec.columns.items(),
        *(("D7" if "D" in p else "F7", c) for p, c in spec.pattern_columns),
    ]
    if check.constrained
]


def values_for(pattern: str | None, choices: tuple[str, ...]) -> st.SearchStrategy[str]:
    near_misses = st.sampled_from(
        [
            "",
            " ",
            "0",
            "00",
            "007",
            "-1",
            "+1",
            "1.234",
            "1,5",
            "1e3",
            "12 ",
            " 12",
            "١٢",
            "31.02.2020",
            "29.02.2024",
            "29.02.2023",
            "29.02.1900",
            "29.02.2000",
            "01.01.2020 18:00",
            "01.01.2020 18:00:00 123",
            "01.01.2020 24:00:00",
            "#12AbEf",
            "#12345",
            "W",
            "B",
            "U",
            "P",
            "E",
            "J",
            "N",
            "M",
            "D",
            "x",
            "0.3",
            "0.2",
            "05111000",
            "051110000000",
            "99111000",
            "5111000",
            "1900",
            "2025",
            "Ω",
        ]
    )
    strategies = [near_misses, st.text(max_size=12), st.sampled_from(list(choices) or ["x"])]
    if pattern is not None:
        strategies.append(st.from_regex(pattern, fullmatch=True))
    # jsonschema evaluates `pattern` with Python's re.search, where `$` also matches before a
    # final newline (ECMA-262 and polars' regex engine do not). The reader strips whitespace at
    # the edges of every value before any check (rule T11), so such values never reach the check.
    return st.one_of(strategies).filter(lambda v: not v.endswith("\n"))


@pytest.mark.parametrize(
    ("version", "file_type", "column", "check"), CASES, ids=lambda c: str(c)[:40]
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_polars_check_agrees_with_jsonschema(
    data: st.DataObject, version: str, file_type: str, column: str, check
) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(standard.read_schema_text(version, standard.schema_file_name(file_type)))
    validator = jsonschema.Draft202012Validator(schema)
    base = base_row(file_type, version)
    assert validator.is_valid(base)
    values = data.draw(
        st.lists(values_for(check.pattern, check.enum or ()), min_size=1, max_size=25)
    )
    frame = pl.DataFrame(
        {column: [v if v != "" else None for v in values]}, schema={column: pl.String}
    )
    # What the rules flag: an empty cell where the column requires a value (T12), a filled cell
    # that breaks the definition (the violation flags shared by the T rules).
    flagged = (
        frame.select(
            pl.when(pl.col(column).is_null())
            .then(pl.lit(not check.accepts_empty))
            .otherwise(~valid_value(column, check))
        )
        .to_series()
        .to_list()
    )
    for value, polars_says_invalid in zip(values, flagged, strict=True):
        jsonschema_says_valid = validator.is_valid({**base, column: value})
        assert polars_says_invalid == (not jsonschema_says_valid), (column, value)


def test_cases_cover_every_rule_that_owns_a_definition() -> None:
    owned = {check.rule for *_, check in CASES}
    assert {"T01", "T03", "T04", "T05", "T07", "T08", "T09", "T10", "T12", "S12"} <= owned


def test_empty_required_cells_are_one_finding_per_column(ratswahl: Path) -> None:
    """Issue 9: findings per cause: a column empty in many rows is one T12 with a count."""
    for bezirk in ("0101", "0102", "0201"):
        set_cell(ratswahl, "Wahlergebnisse", bezirk, "wahl-datum", "")
    set_cell(ratswahl, "Wahlergebnisse", "0202", "wahl-name", "")
    report = wahldaten.validate(ratswahl)
    (t12,) = [r for p in report.packages for r in p.results if r.code == "T12"]
    assert t12.count == 2
    by_column = {f.location.column: f for f in t12.examples}
    name = by_column["wahl-datum"]
    assert (name.location.line, name.location.bezirk) == (2, "0101")
    assert name.params == {"cells": 3, "lines": "2, 3, 4"}
    assert by_column["wahl-name"].params == {"cells": 1, "lines": "5"}


def test_padded_values_of_every_file_read_are_t11(ratswahl: Path) -> None:
    set_cell(ratswahl, "Stimmzettel", 2, "partei-langname", " CDU ")
    set_cell(ratswahl, "Kandidaten", 2, "kandidat-name", "Schmitz ")
    found = codes(ratswahl)
    assert found == {"T11": 2}


def test_a_padded_column_is_one_t11_with_the_number_of_cells(ratswahl: Path) -> None:
    """Issue 10 §3: an export that pads a column pads every cell of it: one finding per column."""
    for bezirk in ("0101", "0102", "0201"):
        set_cell(ratswahl, "Wahlergebnisse", bezirk, "bezirk-name", f"{bezirk} Bezirk   ")
    set_cell(ratswahl, "Wahlergebnisse", "0202", "zeitstempel-erfassung", " 14.09.2025 18:47:55")
    report = wahldaten.validate(ratswahl)
    (t11,) = [r for p in report.packages for r in p.results if r.code == "T11"]
    assert t11.count == 2
    by_column = {f.location.column: f for f in t11.examples}
    assert by_column["bezirk-name"].params == {
        "value": "0101 Bezirk   ",
        "cells": 3,
        "lines": "2, 3, 4",
    }
    assert by_column["bezirk-name"].location.line == 2
    assert by_column["zeitstempel-erfassung"].params["cells"] == 1
