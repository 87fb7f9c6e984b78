"""Helpers for the tests of the CSV reader (tests/io/test_csv*.py).

The reader records facts; the tests look at them as the rules report them (the F rules, S03,
S04, T11 and the padded names of S05), so that each test says which code a file gives. Several
tests run the same input through both parse paths, forcing one with `read(..., path=...)`,
because the paths must agree on the frame, the line numbers and the facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from wahldaten.core.codes import Input
from wahldaten.core.findings import Finding, Location, RowFindings, Yielded
from wahldaten.formats.source import SourceContext
from wahldaten.io import csvtable
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable, read_csv_table
from wahldaten.rules import registry

PATHS = ("fast", "exact")
# The rules that report what reading a file recorded, in every format.
READING_RULES = [
    r for r in registry.all_rules() if Input.READING in r.reads and r.applies_to("any")
]


@contextmanager
def forced(path: str) -> Iterator[None]:
    if path == "fast":
        # The input must really be handled by polars: the exact scan is not allowed to run.
        fail = AssertionError("the exact path ran although the fast path was expected")
        with mock.patch.object(csvtable, "exact_path", side_effect=fail):
            yield
    elif path == "exact":
        with (
            mock.patch.object(csvtable, "fast_path", return_value=False),
            mock.patch.object(csvtable, "quoted_fast_path", return_value=False),
        ):
            yield
    else:
        yield


def read(data: bytes, *, path: str = "auto", skip_lines: int = 0) -> CsvTable:
    with forced(path):
        return read_csv_table(data, "test.csv", skip_lines=skip_lines)


def issues(table: CsvTable) -> dict[str, list[Yielded]]:
    """What the rules report about the table: code → findings."""
    context = SourceContext(source_format="test", layout="", tables=[table])
    found: dict[str, list[Yielded]] = {}
    for rule in READING_RULES:
        items = list(rule.check(context))
        if items:
            found[str(rule.code)] = items
    padded = [
        Finding(
            params={"raw": n.raw, "known": n.name},
            location=Location(table.display, table.header_line, n.name),
        )
        for n in table.facts.padded_names
    ]
    if padded:
        found["S05"] = list(padded)
    return found


def rows(table: CsvTable) -> list[dict[str, Any]]:
    return table.frame.rows(named=True)


def values(table: CsvTable) -> list[tuple[Any, ...]]:
    """The rows without their line numbers, in column order."""
    return table.frame.select(table.columns).rows()


def lines(table: CsvTable) -> list[int]:
    return table.frame[LINE_COLUMN].to_list()


def _each(items: list[Yielded]) -> list[Finding]:
    out: list[Finding] = []
    for item in items:
        out.extend(item.head(item.count) if isinstance(item, RowFindings) else [item])
    return out


def finding_lines(table: CsvTable, code: str) -> list[int | None]:
    return [f.location.line for f in _each(issues(table).get(code, []))]


def row_findings(table: CsvTable, code: str) -> list[dict[str, Any]]:
    """The findings of a code as rows (line, column and params), sorted by line and column."""
    out: list[dict[str, Any]] = []
    for finding in _each(issues(table).get(code, [])):
        assert finding.location.file == "test.csv"
        row: dict[str, Any] = {"zeile": finding.location.line}
        if finding.location.column is not None:
            row["spalte"] = finding.location.column
        row.update(finding.params)
        out.append(row)
    return sorted(out, key=lambda r: (r["zeile"], str(r.get("spalte"))))


def padded_cells(table: CsvTable) -> list[dict[str, Any]]:
    """The padded values the reader recorded, cell by cell, sorted by line and column (T11
    reports them once per column: tests/rules/test_types.py)."""
    padded = table.facts.padded_values
    if padded is None:
        return []
    cells = [
        {"zeile": line, "spalte": column, "value": value} for line, column, value in padded.rows()
    ]
    return sorted(cells, key=lambda r: (r["zeile"], r["spalte"]))


def codes(table: CsvTable) -> set[str]:
    return set(issues(table))


def only(table: CsvTable, code: str) -> Finding:
    items = issues(table).get(code, [])
    assert len(items) == 1, (code, items)
    item = items[0]
    assert isinstance(item, Finding)
    assert item.location.file == "test.csv"
    return item


def summary(table: CsvTable) -> set[tuple[Any, ...]]:
    """Every finding as (code, line, column, params), comparable across paths."""
    return {
        (
            code,
            finding.location.line,
            finding.location.column,
            tuple(sorted(finding.params.items())),
        )
        for code, items in issues(table).items()
        for finding in _each(items)
    }
