"""Expressions over a file's rows: cleaned counts, keys, the kind of each row, bezirk-art.

Everything here is a polars expression over whole columns. Counts: blank cells, single
spaces and the layout's `empty` spellings are empty, its `not_standing` spellings (`---`,
`x`) too: never 0. Keys are a column's value, a slice of it, left-padded with zeros, or
several such parts joined. A row is a Bezirk, a total of the spec it matches, skipped, or
unplaced (`?`: the file is refused, K01).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.layouts.model import Key, KeyPart, Layout, Matcher
from wahldaten.formats.layouts.plan import Plan

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

KIND = "__kind"
BEZIRK, SKIP, UNPLACED = "bezirk", "skip", "?"
URN, POSTAL = "W", "B"
BRIEF = r"(?i)brief"


def total_kind(index: int) -> str:
    return f"total{index}"


def stripped(label: str) -> pl.Expr:
    return pl.col(label).cast(pl.String).str.strip_chars()


def cleaned(label: str, layout: Layout) -> pl.Expr:
    """A count cell as text, empty (null) where blank or where the option did not stand."""
    value = stripped(label)
    empty = [*layout.empty, *layout.not_standing]
    blank = (value == "") | value.is_in(empty) if empty else value == ""
    return pl.when(blank).then(pl.lit(None, dtype=pl.String)).otherwise(value).alias(label)


def not_standing(label: str, layout: Layout) -> pl.Expr:
    """True where a count cell says the option did not stand."""
    if not layout.not_standing:
        return pl.lit(False)
    return stripped(label).is_in(list(layout.not_standing)).fill_null(False)


def part(part: KeyPart, plan: Plan, use: str) -> pl.Expr:
    """One part of a key from its column (sliced, padded) or a constant; null where empty."""
    if part.const is not None:
        return pl.lit(part.const, dtype=pl.String)
    value = stripped(plan.label(plan.uses[use]))
    if part.slice is not None:
        start, stop = part.slice
        value = value.str.slice(start, stop - start)
    if part.pad is not None:
        value = value.str.zfill(part.pad)
    return pl.when(value != "").then(value)


def key(key: Key, plan: Plan, prefix: str) -> pl.Expr:
    """A key composed of its parts (null where a part is empty); an ordinal part counts the
    rows, in file order, that agree on the other parts (1, 2, …)."""
    parts = {i: part(p, plan, f"{prefix}.{i}") for i, p in enumerate(key.parts) if not p.ordinal}
    others = list(parts.values()) or [pl.lit("")]
    ordinal = (pl.int_range(pl.len()).over(others) + 1).cast(pl.String)
    exprs = [parts.get(i, ordinal) for i in range(len(key.parts))]
    return exprs[0] if len(exprs) == 1 else pl.concat_str(exprs, separator=key.join)


def matches(value: pl.Expr, matcher: Matcher) -> pl.Expr:
    found = value.is_in(list(matcher.exact)) if matcher.exact else pl.lit(False)
    for regex in matcher.regexes:
        found = found | value.str.contains(regex.pattern)
    return found.fill_null(False)


def kind(layout: Layout, plan: Plan) -> pl.Expr:
    """What each row is: BEZIRK, SKIP, total<i> or UNPLACED; every row a Bezirk without a
    row column."""
    if layout.row_column is None:
        return pl.lit(BEZIRK).alias(KIND)
    value = stripped(plan.label(plan.uses["rows.column"])).fill_null("")
    bezirk = matches(value, layout.bezirk_rows) if layout.bezirk_rows is not None else pl.lit(True)
    kinds = [(matches(value, layout.skip_rows), SKIP)]
    kinds += [(matches(value, t.values), total_kind(i)) for i, t in enumerate(layout.totals)]
    # The first that holds: Bezirk, skipped, then the totals in order.
    found: pl.Expr = pl.lit(UNPLACED)
    for condition, name in reversed(kinds):
        found = pl.when(condition).then(pl.lit(name)).otherwise(found)
    return pl.when(bezirk).then(pl.lit(BEZIRK)).otherwise(found).alias(KIND)


def art(layout: Layout, plan: Plan, given: dict[str, str], nr: str, name: str) -> pl.Expr:
    """bezirk-art: metadata first, then the layout's column or name pattern, else inferred
    from the figures (no electorate but voters) or a name with Brief."""
    choices: list[pl.Expr] = []
    if given:
        choices.append(pl.col(nr).replace_strict(given, default=None, return_dtype=pl.String))
    spec = layout.art
    if spec.column is not None and "keys.art" in plan.uses:
        value = stripped(plan.label(plan.uses["keys.art"]))
        choices.append(
            pl.when(value.is_in(list(spec.urn)))
            .then(pl.lit(URN))
            .when(value.is_in(list(spec.postal)))
            .then(pl.lit(POSTAL))
        )
    pattern = spec.name_pattern.pattern if spec.name_pattern is not None else BRIEF
    postal = pl.col(name).str.contains(pattern).fill_null(False)
    if spec.column is None and spec.name_pattern is None:
        postal = postal | ((pl.col("A").fill_null(-1) == 0) & (pl.col("B").fill_null(0) > 0))
    choices.append(pl.when(postal).then(pl.lit(POSTAL)).otherwise(pl.lit(URN)))
    return pl.coalesce(choices)


def first_filled(frame: pl.DataFrame, label: str) -> str | None:
    """The first non-empty value of a column."""
    values = frame.select(stripped(label)).to_series().drop_nulls()
    values = values.filter(values != "")
    return str(values[0]) if values.len() else None


def labels(plan: Plan, columns: Sequence[str]) -> dict[str, str]:
    """OWD count column → the source column's label."""
    indices = {**plan.letters, **{o.column: o.index for o in plan.options}}
    return {c: plan.label(indices[c]) for c in columns}
