"""Identities of each structure: formulas, null-aware polars expressions, generated elections,
the structure fixtures and the real OWD packages."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from structures import Generated, elections
from support import FIXTURES, ROOT, realdata
from wahldaten.core.structure import (
    EXAMPLES,
    ElectionStructure,
    Identity,
    Instance,
    Relation,
    StructureStatement,
    derive,
)

sys.path.insert(0, str(ROOT / "fixtures"))
from builders import structures as builder  # the fixture builder, by path

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
    assert [i.label for i in instances] == ["D1_liste…D1_2", "D2_1", "D12_1"]
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


# --- the structure fixtures -----------------------------------------------------------------


def read_package(folder: Path) -> dict[str, pl.DataFrame]:
    """The files of a fixture package as text frames; short rows read as ending in empty cells."""
    tables = {}
    for path in folder.glob("*.csv"):
        file_type = re.search(r"_(Wahl\w+|Stimmzettel|Kandidaten)_V", path.name).group(1)  # type: ignore[union-attr]
        header, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";")
        rows = [r + [""] * (len(header) - len(r)) for r in rows if r]
        data = {h: [r[i] or None for r in rows] for i, h in enumerate(header)}
        tables[file_type] = pl.DataFrame(data, schema=dict.fromkeys(header, pl.String))
    results = tables["Wahlergebnisse"]
    counts = [c for c in results.columns if COUNT.match(c)]
    tables["Wahlergebnisse"] = results.with_columns(pl.col(counts).cast(pl.Int64))
    return tables


def derive_package(folder: Path, structure_name: str) -> tuple[ElectionStructure, pl.DataFrame]:
    tables = read_package(folder)
    results, gebiete = tables["Wahlergebnisse"], tables["Wahlgebietseinteilungen"]
    arts = results.join(gebiete.select("bezirk-nr", "bezirk-art"), on="bezirk-nr").drop_nulls("B")
    statement = builder.STATEMENTS.get(structure_name)
    found = derive(
        results.columns,
        wahlparameter=tables["Wahlparameter"],
        ballot_areas=gebiete["stimmzettel-gebiet-nr"].to_list(),
        options=tables["Stimmzettel"]["partei-kurzname"].to_list(),
        voters_by_art={a: int(g["B"].sum()) for (a,), g in arts.group_by("bezirk-art")},
        statement=StructureStatement.from_cli(statement) if statement else None,
    )
    return found, results


def test_the_builder_knows_the_identities_of_every_structure() -> None:
    assert set(builder.VALID) == set(EXAMPLES)
    for name, example in EXAMPLES.items():
        assert builder.IDENTITIES[name] == [i.name for i in example.identities()]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_valid_structure_fixture_has_its_structure_and_holds(name: str) -> None:
    found, results = derive_package(FIXTURES / "valid" / name, name)
    assert found == EXAMPLES[name]
    assert {
        i.name: violated_rows(i, results) for i in found.identities() if violated_rows(i, results)
    } == {}


INVALID = sorted(builder.invalid().items())


@pytest.mark.parametrize(("case", "broken"), INVALID, ids=[f"{i}/{s}" for (i, s), _ in INVALID])
def test_invalid_structure_fixture_breaks_its_identity(
    case: tuple[str, str], broken: set[str]
) -> None:
    identity, name = case
    found, results = derive_package(FIXTURES / "invalid" / f"structure-{identity}" / name, name)
    violations = {i.name: violated_rows(i, results) for i in found.identities()}
    assert {n for n, rows in violations.items() if rows} == broken
    assert all(len(rows) <= 1 for rows in violations.values())  # one cell: one row


def test_several_ballots_fixture_has_rows_that_end_after_their_last_option() -> None:
    (path,) = (FIXTURES / "valid" / "several-ballots").glob("*_Wahlergebnisse_*")
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    assert {len(r.split(";")) for r in rows} > {len(header.split(";"))}


# --- the real OWD packages ------------------------------------------------------------------

REAL = {
    "badmuenstereifel-kommunal2020__05366004_20200913_Buergermeisterwahl-NRW": "one-vote",
    "badmuenstereifel-kommunal2020__05366004_20200913_Ratswahl-NRW": "one-vote",
    "duesseldorf-kommunal2020__05111000_20200913_Ratswahl-NRW": "one-vote",
    "goettingen-eu-rad-2024__03159016_09.06.2024_Radentscheid": "referendum",
    "hagen-eu2019__05914000_20190526_Europawahl": "one-vote",
    "karlsruhe-btw2021__08212000_20210926_Bundestagswahl": "two-votes",
    "kreis-euskirchen-2020__05366000_20200913_Kreistagswahl-NRW": "one-vote",
    "wiesbaden-citybahn__06414000_20201101_Citybahn": "referendum",
}


def _real_tables(prefix: str) -> dict[str, pl.DataFrame]:
    folder = realdata("owd")
    tables: dict[str, Any] = {}
    for path in folder.glob(prefix + "*.csv"):
        file_type = re.search(r"_(Wahl\w+?|Stimmzettel|Kandidaten)_V", path.name).group(1)  # type: ignore[union-attr]
        table = pl.read_csv(path, separator=";", infer_schema=False)
        table = table.rename({c: c.strip() for c in table.columns})
        tables[file_type] = table.with_columns(pl.all().str.strip_chars())
    results = tables["Wahlergebnisse"]
    counts = [c for c in results.columns if COUNT.match(c)]
    tables["Wahlergebnisse"] = results.with_columns(pl.col(counts).cast(pl.Int64))
    return tables


@pytest.mark.parametrize(
    ("prefix", "scheme"), list(REAL.items()), ids=[p.split("__")[0] for p in REAL]
)
def test_real_packages_hold_every_identity_of_their_structure(prefix: str, scheme: str) -> None:
    tables = _real_tables(prefix)
    results, gebiete = tables["Wahlergebnisse"], tables["Wahlgebietseinteilungen"]
    found = derive(
        results.columns,
        wahlparameter=tables["Wahlparameter"],
        ballot_areas=gebiete["stimmzettel-gebiet-nr"].to_list()
        if "stimmzettel-gebiet-nr" in gebiete.columns
        else [],
        options=tables["Stimmzettel"]["partei-kurzname"].to_list(),
    )
    assert found.scheme.value == scheme
    assert {i.name for i in found.identities() if violated_rows(i, results)} == set()
