"""A: the identities of the result letters, evaluated only where all operands are reported.

Empty is not 0: a row is checked only when every operand of an identity has a value, so a
missing count never produces a sum error (it is reported as incomplete instead, see C01).
Options not on a Bezirk's ballot are empty, not 0, and are left out of the sums.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code
from wahldaten.core.findings import RowFindings, Severity
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import WAHLERGEBNISSE
from wahldaten.rules.context import (
    CANDIDATE,
    LIST_ONLY,
    MALFORMED,
    VALID_BALLOTS,
    Context,
    column_hits,
)
from wahldaten.rules.identities import all_reported, differs, options_differ, total_of
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


def _no_breakdown() -> pl.Expr:
    """A1..A3 all 0 while A > 0: the breakdown was not supplied (zero-filled)."""
    return (pl.col("A1") == 0) & (pl.col("A2") == 0) & (pl.col("A3") == 0) & (pl.col("A") > 0)


def sum_identity(
    ctx: Context, total: str, parts: Sequence[str], *, exclude: pl.Expr | None = None
) -> Iterator[RowFindings]:
    """Rows where total ≠ Σ parts, all operands reported."""
    results = ctx.results
    if results is None or not parts or not results.has(total, *parts):
        return
    condition = differs(total, parts)
    if exclude is not None:
        condition = condition & ~exclude
    hits = results.frame.filter(condition)
    if hits.height:
        yield ctx.rows(
            results.display,
            hits,
            column=total,
            expected=total_of(parts),
            found=pl.col(total),
            parts=" + ".join(parts),
        )


def _options_differ(total: str, options: Sequence[str]) -> pl.Expr:
    """True where total ≠ Σ of the reported options; options left empty are not on the ballot.
    A malformed option count (T05) is unknown, not absent: the sum cannot be checked there."""
    return options_differ(total, options) & ~pl.col(MALFORMED)


def options_identities(
    ctx: Context, sums: Mapping[str, Sequence[str]], labels: Mapping[str, str] | None = None
) -> Iterator[RowFindings]:
    """Rows where a total ≠ Σ of its reported options, for several totals in one pass."""
    results = ctx.results
    if results is None:
        return
    checked = {t: o for t, o in sums.items() if o and results.has(t)}
    conditions = {t: _options_differ(t, o) for t, o in checked.items()}
    for total, hits in column_hits(results.frame, conditions):
        options = checked[total]
        label = (labels or {}).get(total) or f"{options[0][0]}1…{options[0][0]}n"
        yield ctx.rows(
            results.display,
            hits,
            column=total,
            expected=pl.sum_horizontal(pl.col(list(options))),
            found=pl.col(total),
            parts=label,
        )


def options_identity(
    ctx: Context, total: str, options: Sequence[str], label: str | None = None
) -> Iterator[RowFindings]:
    """Rows where total ≠ Σ of the reported options; options left empty are not on the ballot."""
    yield from options_identities(ctx, {total: options}, {total: label} if label else None)


@rule(
    Code.A01,
    "wahlberechtigte-sum",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="A1 = 711, A2 = 271, A3 = 0, A = 983 (expected 982)",
)
def wahlberechtigte_sum(ctx: Context) -> Iterator[RowFindings]:
    """The electorate `A` is not the sum of its parts `A1 + A2 + A3` (without Wahlschein mark, with
    mark, not in the register). Rows where A1–A3 are all 0 but A is not are reported as A16."""
    yield from sum_identity(ctx, "A", ["A1", "A2", "A3"], exclude=_no_breakdown())


@rule(
    Code.A02,
    "voters-first-vote",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="B = 366, C = 18, D = 347 (C + D = 365)",
)
def voters_first_vote(ctx: Context) -> Iterator[RowFindings]:
    """The voters `B` are not invalid plus valid (first) votes, `C + D`: every ballot is either valid
    or invalid. Not checked where a ballot carries several votes (extension columns
    `GUELTIGE-STIMMZETTEL` or `D<n>_<k>`): there D counts votes, and A07 checks the ballots."""
    results = ctx.results
    if results is not None and not results.multi_vote:
        yield from sum_identity(ctx, "B", ["C", "D"])


@rule(
    Code.A03,
    "valid-votes-sum",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="D = 348, D1 = 306, D6 = 41 (sum 347)",
)
def valid_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The valid (first) votes `D` are not the sum of the votes per option `D1…Dn`. Options left
    empty (not on this Bezirk's ballot) do not count."""
    results = ctx.results
    if results is not None:
        yield from options_identity(ctx, "D", results.d_columns)


@rule(
    Code.A04,
    "voters-second-vote",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="B = 504, E = 4, F = 499 (E + F = 503)",
)
def voters_second_vote(ctx: Context) -> Iterator[RowFindings]:
    """In a two-vote election the voters `B` are not invalid plus valid second votes, `E + F`."""
    yield from sum_identity(ctx, "B", ["E", "F"])


@rule(Code.A05, "wahlschein-voters", Severity.ERROR, (WAHLERGEBNISSE,), example="B = 266, B1 = 270")
def wahlschein_voters(ctx: Context) -> Iterator[RowFindings]:
    """The voters with Wahlschein `B1` (or `B2`) exceed all voters `B`: a subset cannot be larger
    than the whole."""
    results = ctx.results
    if results is None or not results.has("B", "B1"):
        return
    hits = results.frame.filter(all_reported(["B", "B1"]) & (pl.col("B1") > pl.col("B")))
    if hits.height:
        yield ctx.rows(
            results.display, hits, column=results.b1_source, found=pl.col("B1"), voters=pl.col("B")
        )


@rule(
    Code.A15,
    "valid-second-votes-sum",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="F = 500, F1 … F24 sum to 498",
)
def valid_second_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The valid second votes `F` are not the sum of the second votes per option `F1…Fn`."""
    results = ctx.results
    if results is not None:
        yield from options_identity(ctx, "F", results.f_columns)


@rule(
    Code.A16,
    "wahlberechtigte-breakdown-missing",
    Severity.WARNING,
    (WAHLERGEBNISSE,),
    example="A1 = 0, A2 = 0, A3 = 0, A = 1850",
)
def wahlberechtigte_breakdown_missing(ctx: Context) -> Iterator[RowFindings]:
    """A1, A2 and A3 are all 0 while the electorate A is not: the breakdown was not supplied and
    zeros were written instead of leaving the cells empty."""
    results = ctx.results
    if results is None or not results.has("A", "A1", "A2", "A3"):
        return
    hits = results.frame.filter(all_reported(["A", "A1", "A2", "A3"]) & _no_breakdown())
    if hits.height:
        yield ctx.rows(results.display, hits, column="A", found=pl.col("A"))


@rule(
    Code.A07,
    "voters-ballots",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="C = 1023, GUELTIGE-STIMMZETTEL = 71700, B = 72724 (C + valid ballots = 72723)",
)
def voters_ballots(ctx: Context) -> Iterator[RowFindings]:
    """Where a ballot carries several votes (Lower Saxony council elections), the voters `B` are not
    the invalid ballots `C` plus the valid ballots `GUELTIGE-STIMMZETTEL`."""
    yield from sum_identity(ctx, "B", ["C", VALID_BALLOTS])


@rule(
    Code.A08,
    "list-votes-sum",
    Severity.ERROR,
    (WAHLERGEBNISSE,),
    example="D1 = 61032, D1_liste = 31312, D1_1 … D1_12 sum to 29719",
)
def list_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The votes of a list `D<n>` are not its list-only votes `D<n>_liste` plus the votes for its
    candidates `D<n>_1 … D<n>_k` (extension columns of cumulative-voting elections; without a
    `_liste` column the candidates' votes alone make up the list's votes, as in Bavaria)."""
    results = ctx.results
    if results is None:
        return
    parts: dict[str, list[str]] = {}
    for column in results.extension_columns:
        candidate = CANDIDATE.match(column)
        list_only = LIST_ONLY.match(column)
        if candidate is not None and candidate.group(1) == "D":
            parts.setdefault(f"D{candidate.group(2)}", []).append(column)
        elif list_only is not None:
            parts.setdefault(f"D{list_only.group(1)}", []).append(column)
    ordered = dict(sorted(parts.items(), key=lambda item: int(item[0][1:])))
    labels = {total: f"{total}_liste + {total}_1…{total}_k" for total in ordered}
    yield from options_identities(ctx, ordered, labels)
