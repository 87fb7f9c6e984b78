"""Identities of each structure: formulas, null-aware polars expressions, generated elections."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from structures import Generated, elections
from support import ROOT
from wahldaten.core import structure_identities as ids
from wahldaten.core.structure import (
    EXAMPLES,
    ElectionStructure,
    Identity,
    Instance,
    Relation,
    derive,
)

sys.path.insert(0, str(ROOT / "fixtures"))

FORMULAS = {
    "one-vote": ["A = A1 + A2 + A3", "B1 ≤ B", "B = C + D", "D = Σ D<n>"],
    "two-votes": [
        "A = A1 + A2 + A3",
        "B1 ≤ B",
        "B = C + D",
        "D = Σ D<n>",
        "B = E + F",
        "F = Σ F<n>",
    ],
    "two-ballots": [
        "A = A1 + A2 + A3",
        "B1 ≤ B",
        "B ≥ C + D",
        "D = Σ D<n>",
        "B ≥ E + F",
        "F = Σ F<n>",
        "F<n> ≥ Σ F<n>_<k>",
    ],
    "council-nds": [
        "A = A1 + A2 + A3",
        "B1 ≤ B",
        "B = C + GUELTIGE-STIMMZETTEL",
        "D = Σ D<n>",
        "D<n> = D<n>_liste + Σ D<n>_<k>",
        "D ≥ GUELTIGE-STIMMZETTEL",
        "D ≤ 3 · GUELTIGE-STIMMZETTEL",
    ],
    "council-hessen": [
        "A = A1 + A2 + A3",
        "B1 ≤ B",
        "D = Σ D<n>",
        "D<n> = Σ D<n>_<k>",
        "D ≥ B − C",
        "D ≤ 71 · (B − C)",
    ],
}
COUNT = re.compile(r"^(A[123]?|B[12]?|C|D|E|F|GUELTIGE-STIMMZETTEL|[DF][1-9][0-9]*(_.+)?)$")


def frame(**columns: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.Int64))


def violated_rows(identity: Identity, data: pl.DataFrame) -> list[int]:
    flags = data.select(identity.violated(data.columns).alias("v"))["v"]
    return [i for i, v in enumerate(flags) if v]


# --- formulas and expressions ---------------------------------------------------------------


@pytest.mark.parametrize("name", FORMULAS)
def test_formulas_of_each_structure(name: str) -> None:
    assert [i.formula for i in EXAMPLES[name].identities()] == FORMULAS[name]


def test_every_identity_name_is_unique_within_a_structure() -> None:
    for example in EXAMPLES.values():
        names = [i.name for i in example.identities()]
        assert len(names) == len(set(names))


def test_a_row_is_checked_only_where_every_operand_is_reported() -> None:
    ballots = EXAMPLES["one-vote"].identity("ballots")
    assert ballots is not None
    data = frame(B=[10, None, 10, 10], C=[1, 1, None, 2], D=[8, 8, 8, 8])
    assert violated_rows(ballots, data) == [0]
    # A missing column: nothing to check, not an error.
    assert ballots.missing(["B", "C"]) == ("D",) and not ballots.instances(["B", "C"])
    assert violated_rows(ballots, data.drop("D")) == []


def test_empty_options_are_not_on_the_ballot_and_drop_out_of_the_sum() -> None:
    votes = EXAMPLES["one-vote"].identity("valid-votes")
    assert votes is not None
    data = frame(
        D=[10, 10, 10, None], D1=[6, 6, None, 3], D2=[4, None, None, 3], D10=[0, 0, None, 1]
    )
    # row 1: 6 + 0 ≠ 10; row 2: no option reported, nothing to check; row 3: D empty.
    assert violated_rows(votes, data) == [1]
    (instance,) = votes.instances(data.columns)
    assert instance.columns == ("D", "D1", "D2", "D10") and instance.label == "D1…D10"
    assert data.select(instance.expected)["D1"].to_list() == [10, 6, 0, 7]


def test_b2_stands_for_b1_unless_they_differ() -> None:
    data = frame(B=[10, 10], B2=[4, 11])
    assert violated_rows(EXAMPLES["one-vote"].identity("wahlschein"), data) == [1]  # type: ignore[arg-type]
    bw = EXAMPLES["council-bw"]
    assert violated_rows(bw.identity("wahlschein"), data) == []  # type: ignore[arg-type]
    assert violated_rows(bw.identity("wahlschein-b2"), data) == [1]  # type: ignore[arg-type]
    assert bw.identity("wahlschein").missing(data.columns) == ("B1",)  # type: ignore[union-attr]


def test_list_votes_make_one_instance_per_list() -> None:
    identity = EXAMPLES["council-nds"].identity("list-votes")
    assert identity is not None and identity.code == "A08"
    columns = ["D", "D1", "D1_liste", "D1_1", "D1_2", "D2", "D2_1", "D12", "D12_1", "D3"]
    instances = identity.instances(columns)
    assert [i.column for i in instances] == ["D1", "D2", "D12"]  # D3 has no candidates
    assert [i.label for i in instances] == ["D1_liste + D1_1…D1_2", "D2_1", "D12_1"]
    data = frame(D1=[9, 9], D1_liste=[2, 2], D1_1=[4, 4], D1_2=[3, 2], D2=[5, 5], D2_1=[5, 5])
    assert violated_rows(identity, data) == [1]


def test_bounds_scale_the_valid_ballots() -> None:
    structure = ElectionStructure(votes_per_ballot=4, ballots_column=None)
    upper, lower = structure.identity("votes-max"), structure.identity("votes-min")
    assert upper is not None and lower is not None
    data = frame(B=[10, 10, 10], C=[2, 2, 2], D=[32, 33, 7])
    assert violated_rows(upper, data) == [1] and violated_rows(lower, data) == [2]
    (instance,) = upper.instances(data.columns)
    assert instance.label == "4 · (B − C)" and instance.relation is Relation.AT_MOST
    assert data.select(instance.expected)["B"].to_list() == [32, 32, 32]


def test_no_instance_gives_a_false_expression() -> None:
    identity = EXAMPLES["two-ballots"].identity("second-list-votes")
    assert identity is not None and identity.instances(["F", "F1"]) == ()
    assert violated_rows(identity, frame(F1=[3])) == []


# --- generated elections --------------------------------------------------------------------


def _oracle(instance: Instance, row: Mapping[str, int | None]) -> bool:
    """The same identity evaluated in plain Python, as a second opinion."""
    left = row[instance.column]
    if left is None:
        return False
    total = 0
    for operand in instance.operands:
        values = [row[c] for c in operand.columns]
        reported = [v for v in values if v is not None]
        if not reported or (not operand.summed and values[0] is None):
            return False
        total += operand.sign * sum(reported)
    total *= instance.identity.scale
    relation = instance.relation
    if relation is Relation.EQUAL:
        return left != total
    return left < total if relation is Relation.AT_LEAST else left > total


def _violations(generated: Generated, data: pl.DataFrame) -> dict[str, list[int]]:
    out = {}
    for identity in generated.structure.identities():
        rows = violated_rows(identity, data)
        if rows:
            out[identity.name] = rows
    return out


@settings(max_examples=200, deadline=None)
@given(elections())
def test_a_consistent_election_breaks_no_identity(generated: Generated) -> None:
    assert _violations(generated, generated.results) == {}


def _witnesses(generated: Generated) -> dict[str, set[str]]:
    """Per identity, the columns that occur in no other identity of the structure."""
    columns = generated.results.columns
    used = {
        i.name: {c for inst in i.instances(columns) for c in inst.columns}
        for i in generated.structure.identities()
    }
    return {n: cs - set().union(*(o for m, o in used.items() if m != n)) for n, cs in used.items()}


@settings(max_examples=300, deadline=None)
@given(elections(), st.data())
def test_one_cell_changed_breaks_exactly_its_identity(
    generated: Generated, data: st.DataObject
) -> None:
    witnesses = {n: cs for n, cs in _witnesses(generated).items() if cs}
    assume(witnesses)
    name = data.draw(st.sampled_from(sorted(witnesses)))
    identity = generated.structure.identity(name)
    assert identity is not None
    results = generated.results
    rows = results.to_dicts()
    candidates = [
        (r, inst, c)
        for r, row in enumerate(rows)
        for inst in identity.instances(results.columns)
        for c in sorted(witnesses[name] & set(inst.columns))
        if row[c] is not None and data_reported(inst, row)
    ]
    assume(candidates)
    r, instance, column = data.draw(st.sampled_from(candidates))
    row = rows[r]
    found = row[instance.column]
    expected = results.select(instance.expected).row(r)[0]
    slack = found - expected  # ≥ 0 for ≥, ≤ 0 for ≤, 0 for =
    on_left = column == instance.column
    sign = (
        next((o.sign for o in instance.operands if column in o.columns), 1)
        * instance.identity.scale
    )
    if instance.relation is Relation.EQUAL:
        change = 1
    elif instance.relation is Relation.AT_LEAST:  # make the left smaller than the right
        change = -(slack + 1) if on_left else (slack // abs(sign) + 1) * (1 if sign > 0 else -1)
    else:
        change = (-slack + 1) if on_left else -((-slack) // abs(sign) + 1) * (1 if sign > 0 else -1)
    assume(row[column] + change >= 0)
    changed = results.with_columns(
        pl.when(pl.int_range(pl.len()) == r)
        .then(pl.col(column) + change)
        .otherwise(pl.col(column))
        .alias(column)
    )
    assert _violations(generated, changed) == {name: [r]}


def data_reported(instance: Instance, row: Mapping[str, int | None]) -> bool:
    if row[instance.column] is None:
        return False
    return all(any(row[c] is not None for c in o.columns) for o in instance.operands)


@settings(max_examples=200, deadline=None)
@given(elections(), st.data())
def test_expressions_agree_with_plain_python(generated: Generated, data: st.DataObject) -> None:
    results = generated.results
    r = data.draw(st.integers(0, results.height - 1))
    column = data.draw(st.sampled_from(list(generated.counts)))
    value = data.draw(st.one_of(st.none(), st.integers(0, 5000)))
    changed = results.with_columns(
        pl.when(pl.int_range(pl.len()) == r)
        .then(pl.lit(value, dtype=pl.Int64))
        .otherwise(pl.col(column))
        .alias(column)
    )
    rows = changed.to_dicts()
    for identity in generated.structure.identities():
        expected = [
            i
            for i, row in enumerate(rows)
            if any(_oracle(x, row) for x in identity.instances(changed.columns))
        ]
        assert violated_rows(identity, changed) == expected, identity.formula


@settings(max_examples=10, deadline=None)
@given(elections())
def test_generated_elections_build_canonical_elections(generated: Generated) -> None:
    election = generated.election()
    assert election.results.height == generated.results.height
    assert (
        derive(**{**generated.derive_inputs(), "columns": election.results.columns})
        == generated.structure
    )


def test_a_sum_of_two_families_is_labelled_per_family() -> None:
    columns = ["D3", "D3_liste", "D3_1", "D3_2", "D3_3"]
    (instance,) = ids.list_votes(list_only_votes=True).instances(columns)
    assert instance.label == "D3_liste + D3_1…D3_3"
    (bound,) = ids.votes_max("D", None, 3).instances(["B", "C", "D"])
    assert bound.label == "3 · (B − C)"
