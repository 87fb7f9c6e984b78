"""Running rules: only where their inputs are present; counts and the first examples per code."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from support import FIXTURES
from wahldaten.core.findings import Finding, Location
from wahldaten.engine.checks import check_package, election_of, run_rules
from wahldaten.formats import owd
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import collect
from wahldaten.rules import registry
from wahldaten.rules.context import Context

RATSWAHL = FIXTURES / "valid" / "ratswahl"


def _package() -> owd.Package:
    (package,), _ = owd.read_packages(collect([RATSWAHL]))
    return package


def _finding(n: int) -> Finding:
    return Finding(location=Location(file="x.csv", line=n), params={})


def _rule(check: Any, *, present: bool = True) -> registry.Rule:
    base = registry.get("A01")

    class Stub(registry.Rule):
        def applies(self, context: object) -> bool:
            return present

    values = {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
    return Stub(**{**values, "check": check})


def test_every_finding_is_counted_and_the_first_examples_kept() -> None:
    def check(context: Context) -> Iterator[Finding]:
        yield from (_finding(n) for n in range(7))

    (result,) = run_rules(Context(_package()), [_rule(check)], max_examples=3)
    assert result.count == 7 and len(result.examples) == 3 and result.truncated


def test_a_rule_whose_inputs_are_absent_is_not_run() -> None:
    called: list[bool] = []

    def check(context: Context) -> Iterator[Finding]:
        called.append(True)
        yield _finding(1)

    assert run_rules(Context(_package()), [_rule(check, present=False)], max_examples=3) == []
    assert called == []


def test_a_valid_package_has_no_results_and_a_summary() -> None:
    rules = registry.selected(source_format=registry.OWD)
    report = check_package(_package(), rules, max_examples=10)
    assert report.results == []
    assert report.summary.wahl_name and report.summary.bezirke and len(report.files) == 5


def test_the_election_of_a_package_has_no_line_numbers() -> None:
    election = election_of(_package())
    assert all(LINE_COLUMN not in frame.columns for frame in election.tables.values())
    assert election.results.schema["A"].is_integer()


def test_a_rule_reading_kandidaten_is_skipped_for_a_package_without_them(tmp_path: Path) -> None:
    """The engine asks `Rule.applies`: the rule itself has no "if None: return" preamble."""
    for path in RATSWAHL.glob("*.csv"):
        if "_Kandidaten_" not in path.name:
            shutil.copy(path, tmp_path / path.name)
    (package,), _ = owd.read_packages(collect([tmp_path]))
    called: list[bool] = []

    def check(context: Context) -> Iterator[Finding]:
        called.append(True)
        yield _finding(1)

    rule = dataclasses.replace(registry.get("T10"), check=check)
    assert run_rules(Context(package), [rule], max_examples=3) == []
    assert called == []
    assert run_rules(Context(_package()), [rule], max_examples=3) != []
