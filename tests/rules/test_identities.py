"""The null-aware sum identities shared by the A and K rules: empty is not 0."""

from __future__ import annotations

import polars as pl

from wahldaten.core import structure_sums
from wahldaten.rules import identities
from wahldaten.rules.identities import (
    all_reported,
    differs,
    group_sum,
    options_differ,
    sums_differ,
    total_of,
)

FRAME = pl.DataFrame(
    {
        "total": [10, 10, 10, None, 9],
        "a": [4, 4, None, 4, 4],
        "b": [6, 5, 6, 6, None],
    }
)


def flags(expression: pl.Expr) -> list[bool | None]:
    return FRAME.select(expression.alias("x"))["x"].to_list()


def test_a_total_is_checked_only_where_it_and_every_part_are_reported() -> None:
    assert flags(differs("total", ["a", "b"])) == [False, True, False, False, False]
    assert flags(all_reported(["total", "a", "b"])) == [True, True, False, False, False]
    assert flags(sums_differ(["a", "b"], ["total"])) == flags(differs("total", ["a", "b"]))


def test_options_left_empty_are_not_on_the_ballot() -> None:
    # Row 3: b alone is reported and 6 ≠ 10; row 5: a alone, 4 ≠ 9. An empty total: no check.
    assert flags(options_differ("total", ["a", "b"])) == [False, True, True, False, True]
    assert FRAME.select(total_of(["a", "b"]))["a"].to_list() == [10, 9, 6, 10, 4]


def test_a_group_sum_waits_for_every_member_or_takes_those_reported() -> None:
    groups = pl.DataFrame({"key": ["x", "x", "y"], "v": [1, None, None]})
    complete = groups.group_by("key").agg(group_sum("v", complete=True)).sort("key")
    reported = groups.group_by("key").agg(group_sum("v", complete=False)).sort("key")
    assert complete["v"].to_list() == [None, None]
    assert reported["v"].to_list() == [1, None]


def test_the_k_rules_and_the_identities_share_one_implementation() -> None:
    for name in identities.__all__:
        assert getattr(identities, name) is getattr(structure_sums, name)
