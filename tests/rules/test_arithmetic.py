"""Arithmetic rules check the identities of the election's structure, null-aware: empty cells and
malformed counts never produce sum errors; a consistent election of any structure gets none."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import wahldaten
from structures import Generated, elections
from support import FIXTURES, ROOT, codes, realdata, set_cell
from wahldaten.core.findings import Finding, RowFindings, Severity
from wahldaten.core.structure import EXAMPLES, Relation, StructureStatement
from wahldaten.engine.checks import run_rules
from wahldaten.formats import owd
from wahldaten.io.sources import collect
from wahldaten.rules import registry
from wahldaten.rules.context import Context

sys.path.insert(0, str(ROOT / "fixtures"))
from builders import structures as builder  # the fixture builder, by path

VALID = FIXTURES / "valid"
# The rules of this part: the identities and the columns they need.
MODULES = ("wahldaten.rules.arithmetic", "wahldaten.rules.columns", "wahldaten.rules.header")
RULES = [r for r in registry.all_rules() if r.module in MODULES]


def run(context: Context) -> dict[str, int]:
    """Code → findings of this part's rules that are errors or warnings."""
    results = run_rules(context, RULES, max_examples=1)
    return {r.code: r.count for r in results if r.severity is not Severity.INFO}


def context_of(source: Path | Generated, statement: str | None = None) -> Context:
    if isinstance(source, Generated):
        return Context(owd.package_of(source.election()), statement=source.statement)
    (package,), _ = owd.read_packages(collect([source]))
    stated = StructureStatement.from_cli(statement) if statement else None
    return Context(package, statement=stated)


def mine(folder: Path, statement: str | None = None) -> dict[str, int]:
    return run(context_of(folder, statement))


def findings(folder: Path, code: str) -> list[Finding]:
    items = registry.get(code).check(context_of(folder))
    return [f for i in items for f in (i.head(i.count) if isinstance(i, RowFindings) else [i])]


def copy(folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(folder, tmp_path / folder.name))


def code_of(structure: str, identity: str) -> str:
    found = EXAMPLES[structure].identity(identity)
    assert found is not None and found.code is not None
    return found.code


def one_cell_changed(generated: Generated, data: st.DataObject) -> tuple[str, Generated]:
    """One count changed so that exactly one identity breaks on one row: a column no other
    identity of the structure reads, moved just past the identity's bound."""
    results = generated.results
    identities = generated.structure.identities()
    used = {
        i.name: {c for x in i.instances(results.columns) for c in x.columns} for i in identities
    }
    own = {n: cs - set().union(*(o for m, o in used.items() if m != n)) for n, cs in used.items()}
    name = data.draw(st.sampled_from(sorted(n for n, cs in own.items() if cs)))
    identity = generated.structure.identity(name)
    assert identity is not None
    rows = results.to_dicts()
    reported = results.select(
        [x.reported.alias(str(i)) for i, x in enumerate(identity.instances(results.columns))]
    )
    candidates = [
        (r, x, c)
        for i, x in enumerate(identity.instances(results.columns))
        for r in range(results.height)
        if reported[str(i)][r]
        for c in sorted(own[name] & set(x.columns))
        if rows[r][c] is not None
    ]
    assume(candidates)
    r, instance, column = data.draw(st.sampled_from(candidates))
    slack = rows[r][instance.column] - results.select(instance.expected).row(r)[0]
    scale = instance.identity.scale
    sign = next((o.sign for o in instance.operands if column in o.columns), 1) * scale
    left = column == instance.column
    if instance.relation is Relation.EQUAL:
        change = 1
    elif instance.relation is Relation.AT_LEAST:  # the left below the right
        change = -(slack + 1) if left else (slack // abs(sign) + 1) * (1 if sign > 0 else -1)
    else:  # the left above the right
        change = -slack + 1 if left else -((-slack) // abs(sign) + 1) * (1 if sign > 0 else -1)
    assume(rows[r][column] + change >= 0)
    if name == "electorate":  # all of A1–A3 zero and A above: A16, not A01
        assume(any(rows[r][c] or (c == column and change) for c in ("A1", "A2", "A3")))
    value = pl.when(pl.int_range(pl.len()) == r).then(pl.col(column) + change)
    changed = results.with_columns(value.otherwise(pl.col(column)).alias(column))
    return name, replace(generated, results=changed)


def test_wrong_option_count_is_a03(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "47")
    assert codes(ratswahl) == {"A03": 1}


def test_malformed_option_count_is_only_t05(ratswahl: Path) -> None:
    """Regression: a malformed D5 used to drop out of the sum and raise a false A03."""
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "46.0")
    assert codes(ratswahl) == {"T05": 1}


def test_malformed_total_is_only_t05(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A", "1.333")
    assert codes(ratswahl) == {"T05": 1}


def test_count_too_large_for_an_integer_is_only_t05(ratswahl: Path) -> None:
    """Regression: a count that fits the pattern but not an Int64 silently became empty."""
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "99999999999999999999")
    assert codes(ratswahl) == {"T05": 1}


def test_voters_and_wahlschein(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "9101", "B1", "413")  # postal: B = 412
    assert codes(ratswahl) == {"A05": 1}


def test_zero_filled_breakdown_is_a16_not_a01(ratswahl: Path) -> None:
    for column in ("A1", "A2", "A3"):
        set_cell(ratswahl, "Wahlergebnisse", "0201", column, "0")
    assert codes(ratswahl) == {"A16": 1}


def test_empty_operand_suppresses_the_sum_check(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "C", "")
    assert codes(ratswahl) == {"C01": 1}


def test_separate_ballot_papers_allow_fewer_ballots_than_voters(tmp_path: Path) -> None:
    """Issue 10: a Bavarian Landtag export was refused with A04 where a voter handed in one
    paper only; B ≥ C + D and B ≥ E + F hold there, not equality."""
    folder = copy(VALID / "two-ballots", tmp_path)
    set_cell(folder, "Wahlergebnisse", "0101", "B", "420")  # 18 voters handed in one paper
    assert mine(folder) == {}
    set_cell(folder, "Wahlergebnisse", "0101", "B", "394")  # fewer voters than first ballots
    assert mine(folder) == {"A02": 1, "A04": 1}


def test_baden_wuerttemberg_council_checks_e_against_the_lists(tmp_path: Path) -> None:
    folder = copy(VALID / "council-bw", tmp_path)
    set_cell(folder, "Wahlergebnisse", "0101", "E", "15284")
    (finding,) = findings(folder, "A03")
    assert finding.location.column == "E"
    assert dict(finding.params) == {"expected": 15283, "found": 15284, "parts": "D1…D4"}


def test_list_votes_name_the_list_only_votes_and_the_candidates(tmp_path: Path) -> None:
    folder = copy(VALID / "council-nds", tmp_path)
    set_cell(folder, "Wahlergebnisse", "0101", "D2_liste", "57")
    (finding,) = findings(folder, "A08")
    assert finding.location.column == "D2"
    assert finding.params["parts"] == "D2_liste + D2_1…D2_3"


def test_the_bound_of_votes_per_ballot_names_the_factor() -> None:
    (finding,) = findings(FIXTURES / "invalid" / "A10", "A10")
    assert str(finding.params["parts"]).startswith("3 · GUELTIGE-STIMMZETTEL")


# --- every structure: its fixtures, generated elections and the real packages ------------

VALID_STRUCTURES = sorted(EXAMPLES)


@pytest.mark.parametrize("name", VALID_STRUCTURES)
def test_a_valid_structure_fixture_gets_no_error_or_warning(name: str) -> None:
    assert mine(VALID / name, builder.STATEMENTS.get(name)) == {}


INVALID = sorted(builder.invalid().items())


@pytest.mark.parametrize(("case", "broken"), INVALID, ids=[f"{i}/{s}" for (i, s), _ in INVALID])
def test_an_invalid_structure_fixture_gets_exactly_its_code(
    case: tuple[str, str], broken: set[str]
) -> None:
    identity, name = case
    folder = FIXTURES / "invalid" / f"structure-{identity}" / name
    expected = {code_of(name, i): 1 for i in broken}
    assert mine(folder, builder.STATEMENTS.get(name)) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_a_consistent_election_of_every_structure_gets_no_error(generated: Generated) -> None:
    context = context_of(generated)
    assert context.structure == generated.structure
    assert run(context) == {}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.data())
def test_one_cell_changed_gets_the_code_of_its_identity(
    generated: Generated, data: st.DataObject
) -> None:
    name, changed = one_cell_changed(generated, data)
    code = generated.structure.identity(name).code  # type: ignore[union-attr]
    assert run(context_of(changed)) == {code: 1}


def test_the_real_owd_packages_give_no_arithmetic_or_column_error() -> None:
    report = wahldaten.validate(realdata("owd"), max_examples=1)
    assert len(report.packages) == 8
    assert {
        r.code
        for p in report.packages
        for r in p.results
        if r.code.family == "A" or r.code in ("S07", "S09")
    } == set()


def test_every_identity_of_every_structure_is_reported_by_an_arithmetic_rule() -> None:
    arithmetic = {r.code for r in RULES if r.family == "A"}
    for structure in EXAMPLES.values():
        for identity in structure.identities():
            assert identity.code in arithmetic, identity.name
