"""Shared derived frames of the rule context: one multi-column schema expression must agree
with the schema cell by cell; the election's structure derived once from the package."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from support import FIXTURES
from wahldaten.core import standard
from wahldaten.core.structure import Scheme, Source, StructureStatement, describe
from wahldaten.formats import owd
from wahldaten.io.sources import collect
from wahldaten.rules.context import Context, valid_value

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


# --- the election's structure -------------------------------------------------------------


def _context(
    folder: Path, statement: StructureStatement | None = None, final: bool | None = None
) -> Context:
    (package,), _ = owd.read_packages(collect([folder]))
    return Context(package, statement=statement, final=final)


def test_the_structure_is_derived_once_from_the_package() -> None:
    ctx = _context(FIXTURES / "valid" / "council-bw")
    structure = ctx.structure
    assert structure is ctx.structure
    assert structure.b1_b2_distinct and structure.votes_column == "E"
    assert structure.source("votes_column") is Source.LAND  # Baden-Württemberg's councils
    assert describe(structure, "de").startswith("kumulieren/panaschieren")


def test_ballot_areas_and_voters_by_kind_of_bezirk_reach_the_structure() -> None:
    assert _context(FIXTURES / "valid" / "several-ballots").structure.ballot_areas == (
        "1",
        "2",
        "3",
    )
    postal = _context(FIXTURES / "valid" / "postal-only").structure
    assert postal.postal_only and postal.source("postal_only") is Source.COUNTS


def test_what_the_user_states_wins() -> None:
    folder = FIXTURES / "valid" / "council-bw"
    assert _context(folder).structure.votes_per_ballot is None  # the seats: data cannot tell
    stated = _context(folder, statement=StructureStatement(votes_per_ballot=48), final=True)
    assert stated.structure.votes_per_ballot == 48 and stated.structure.final
    assert stated.structure.source("stage") is Source.USER
    assert not _context(folder).structure.final


def test_a_package_without_results_has_the_default_structure() -> None:
    (package,), _ = owd.read_packages(collect([FIXTURES / "valid" / "one-vote"]))
    del package.files["Wahlergebnisse"]
    assert Context(package).structure.scheme is Scheme.ONE_VOTE
