"""Running rules: only where their inputs are present; counts and the first examples per code."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from support import FIXTURES, set_cell
from wahldaten.core.findings import ROWS, Finding, Location, RowFindings, Severity, Yielded
from wahldaten.core.structure import StructureStatement
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


def _stage_rule(severity: Severity, final_severity: Severity | None) -> registry.Rule:
    def check(context: Context) -> Iterator[Finding]:
        yield _finding(2)

    return dataclasses.replace(_rule(check), severity=severity, final_severity=final_severity)


def test_a_rule_reports_with_its_severity_at_the_stage_of_the_package() -> None:
    """Without --final, election night: the rule's own severity; with it, the final one."""
    rule = _stage_rule(Severity.WARNING, Severity.ERROR)
    (night,) = run_rules(Context(_package()), [rule], max_examples=3)
    (final,) = run_rules(Context(_package(), final=True), [rule], max_examples=3)
    assert night.severity is Severity.WARNING and final.severity is Severity.ERROR
    (same,) = run_rules(
        Context(_package(), final=True), [_stage_rule(Severity.INFO, None)], max_examples=3
    )
    assert same.severity is Severity.INFO


def test_the_report_of_a_package_carries_its_structure_and_stage() -> None:
    rules = registry.selected(source_format=registry.OWD)
    report = check_package(_package(), rules, max_examples=10, final=True)
    assert report.structure is not None and report.structure.final
    assert report.structure.source("stage").value == "user"
    statement = StructureStatement.from_cli("votes-per-ballot=3")
    stated = check_package(_package(), rules, max_examples=10, statement=statement)
    assert stated.structure is not None and stated.structure.votes_per_ballot == 3
    assert not stated.structure.final


def test_rows_and_cells_are_summed_over_every_finding_not_only_the_examples() -> None:
    def check(context: Context) -> Iterator[Yielded]:
        yield Finding(params={ROWS: 5}, location=Location(file="x.csv", line=2))
        frame = pl.DataFrame({"zeile": [3, 4], ROWS: [7, 11]})
        yield RowFindings("x.csv", frame)

    (result,) = run_rules(Context(_package()), [_rule(check)], max_examples=1)
    assert result.count == 3 and len(result.examples) == 1
    assert result.rows == 23 and result.cells is None


def _two_municipalities(folder: Path) -> Path:
    """The Ratswahl package with Bezirk 0102 in a second municipality (a Kreis package)."""
    shutil.copytree(RATSWAHL, folder)
    for file_type in ("Wahlgebietseinteilungen", "Wahlergebnisse"):
        set_cell(folder, file_type, "0102", "wahl-behoerde-gs", "05999002")
    return folder


def test_an_example_naming_a_bezirk_names_its_municipality_in_a_kreis_package(
    tmp_path: Path,
) -> None:
    (package,), _ = owd.read_packages(collect([_two_municipalities(tmp_path / "kreis")]))
    results = package.files["Wahlergebnisse"].display

    def check(context: Context) -> Iterator[Finding]:
        yield Finding(location=Location(file=results, line=3, bezirk="0102"))  # by line
        yield Finding(location=Location(bezirk="0201"))  # by a bezirk-nr of one municipality
        yield Finding(location=Location(file=results, line=2))  # no Bezirk: nothing to add

    (result,) = run_rules(Context(package), [_rule(check)], max_examples=10)
    assert [f.location.gs for f in result.examples] == ["05999002", "05999001", None]
    # One municipality: the Bezirk number is enough.
    (plain,) = run_rules(Context(_package()), [_rule(check)], max_examples=10)
    assert [f.location.gs for f in plain.examples] == [None, None, None]
