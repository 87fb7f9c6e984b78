"""A: the identities of the result letters that hold in the election's structure.

Which identities hold, and what D and E count, is the structure's answer (`Context.structure`,
core/structure): B = C + D with one vote, B ≥ C + D on separate ballot papers, E = Σ D<n> in a
Baden-Württemberg council election, D ≤ N · valid ballots with N votes per ballot. Each rule
here reports the identities of its code (`Identity.code`); the identities themselves, and how
an empty cell counts, live once in core/structure_identities.

Empty is not 0: a row is checked only where every operand of an identity is reported, so a
missing count never produces a sum error (it is reported as incomplete instead, see C01).
Options not on a Bezirk's ballot are empty, not 0, and drop out of the sums; a malformed
option count (T05) is unknown, not absent, so its row's sums are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import RowFindings, Severity
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.structure_identities import Instance
from wahldaten.core.structure_sums import all_reported
from wahldaten.rules.context import MALFORMED, Context, Results, column_hits
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

READS = (Input.RESULTS,)
# What the structure is derived from besides the results (rules/context.py).
STRUCTURE_INPUTS = (Input.WAHLPARAMETER, Input.WAHLGEBIETSEINTEILUNGEN, Input.STIMMZETTEL)


def _no_breakdown() -> pl.Expr:
    """A1..A3 all 0 while A > 0: the breakdown was not supplied (zero-filled)."""
    return (pl.col("A1") == 0) & (pl.col("A2") == 0) & (pl.col("A3") == 0) & (pl.col("A") > 0)


def instances(ctx: Context, code: Code) -> list[Instance]:
    """The concrete equations of the identities of `code` that hold in the structure, over
    the columns of the results frame."""
    columns = ctx.results_of().frame.columns
    return [
        instance
        for identity in ctx.structure.identities()
        if identity.code == code
        for instance in identity.instances(columns)
    ]


def _condition(instance: Instance) -> pl.Expr:
    condition = instance.violated
    if any(o.summed for o in instance.operands):
        condition = condition & ~pl.col(MALFORMED)
    if instance.identity.name == "electorate":  # all of A1–A3 zero: A16, not a wrong sum
        condition = condition & ~_no_breakdown().fill_null(False)
    return condition


def _shown(results: Results, column: str) -> str:
    """The column as the file names it (B2 where it stands for B1)."""
    return (results.b1_source or column) if column == "B1" else column


def identity_findings(ctx: Context, code: Code, **extra: pl.Expr) -> Iterator[RowFindings]:
    """Rows where an identity of `code` fails, all its operands reported: one batch per
    concrete equation, all evaluated in one pass over the frame."""
    results = ctx.results_of()
    found = instances(ctx, code)
    conditions = {str(i): _condition(instance) for i, instance in enumerate(found)}
    for key, hits in column_hits(results.frame, conditions):
        instance = found[int(key)]
        params: dict[str, Any] = extra or {
            "expected": instance.expected,
            "parts": pl.lit(instance.label),
        }
        yield ctx.rows(
            results.display,
            hits,
            column=_shown(results, instance.column),
            found=instance.found,
            **params,
        )


@rule(
    Code.A01,
    "wahlberechtigte-sum",
    Severity.ERROR,
    READS,
    example="A1 = 711, A2 = 271, A3 = 0, A = 983 (expected 982)",
    optional=STRUCTURE_INPUTS,
)
def wahlberechtigte_sum(ctx: Context) -> Iterator[RowFindings]:
    """The electorate `A` is not the sum of its parts `A1 + A2 + A3` (without Wahlschein mark, with
    mark, not in the register). Rows where A1–A3 are all 0 but A is not are reported as A16."""
    yield from identity_findings(ctx, Code.A01)


@rule(
    Code.A02,
    "voters-first-vote",
    Severity.ERROR,
    READS,
    example="B = 366, C = 18, D = 347 (C + D = 365)",
    optional=STRUCTURE_INPUTS,
)
def voters_first_vote(ctx: Context) -> Iterator[RowFindings]:
    """The voters `B` are not the invalid plus the valid ballots, `C + D`: every ballot is either
    valid or invalid. Where the two votes stand on separate ballot papers (Bavarian Landtag and
    Bezirkstag) a voter may hand in only one of them, so only `B ≥ C + D` holds. Where a ballot
    carries several votes, D counts ballots only in Baden-Württemberg council exports; elsewhere
    D counts votes, and A07 checks the ballots (`GUELTIGE-STIMMZETTEL`)."""
    yield from identity_findings(ctx, Code.A02)


@rule(
    Code.A03,
    "valid-votes-sum",
    Severity.ERROR,
    READS,
    example="D = 348, D1 = 306, D6 = 41 (sum 347)",
    optional=STRUCTURE_INPUTS,
)
def valid_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The valid (first) votes are not the sum of the votes per option `D1…Dn`. The valid votes
    stand in `D`, in a Baden-Württemberg council export in `E` (D counts the valid ballots
    there). Options left empty (not on this Bezirk's ballot) do not count."""
    yield from identity_findings(ctx, Code.A03)


@rule(
    Code.A04,
    "voters-second-vote",
    Severity.ERROR,
    READS,
    example="B = 504, E = 4, F = 499 (E + F = 503)",
    optional=STRUCTURE_INPUTS,
)
def voters_second_vote(ctx: Context) -> Iterator[RowFindings]:
    """In a two-vote election the voters `B` are not invalid plus valid second votes, `E + F`. On
    separate ballot papers (Bavaria) a voter may hand in only one, so only `B ≥ E + F` holds."""
    yield from identity_findings(ctx, Code.A04)


@rule(
    Code.A05,
    "wahlschein-voters",
    Severity.ERROR,
    READS,
    example="B = 266, B1 = 270",
    optional=STRUCTURE_INPUTS,
)
def wahlschein_voters(ctx: Context) -> Iterator[RowFindings]:
    """The voters with Wahlschein `B1` (or `B2`) exceed all voters `B`: a subset cannot be larger
    than the whole. Where `B1` and `B2` are two counts (Baden-Württemberg), each is checked."""
    yield from identity_findings(ctx, Code.A05, voters=pl.col("B"))


@rule(
    Code.A07,
    "voters-ballots",
    Severity.ERROR,
    READS,
    example="C = 1023, GUELTIGE-STIMMZETTEL = 71700, B = 72724 (C + valid ballots = 72723)",
    optional=STRUCTURE_INPUTS,
)
def voters_ballots(ctx: Context) -> Iterator[RowFindings]:
    """Where a ballot carries several votes (Lower Saxony council elections), the voters `B` are not
    the invalid ballots `C` plus the valid ballots `GUELTIGE-STIMMZETTEL`."""
    yield from identity_findings(ctx, Code.A07)


@rule(
    Code.A08,
    "list-votes-sum",
    Severity.ERROR,
    READS,
    example="D1 = 61032, D1_liste = 31312, D1_1 … D1_12 sum to 29719",
    optional=STRUCTURE_INPUTS,
)
def list_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The votes of a list `D<n>` are not its list-only votes `D<n>_liste` plus the votes for its
    candidates `D<n>_1 … D<n>_k` (extension columns of cumulative-voting elections; without a
    `_liste` column the candidates' votes alone make up the list's votes, as in Bavaria)."""
    yield from identity_findings(ctx, Code.A08)


@rule(
    Code.A09,
    "fewer-votes-than-ballots",
    Severity.ERROR,
    READS,
    example="GUELTIGE-STIMMZETTEL = 398, D = 397",
    optional=STRUCTURE_INPUTS,
)
def fewer_votes_than_ballots(ctx: Context) -> Iterator[RowFindings]:
    """Where a ballot carries several votes, the valid votes are fewer than the valid ballots: a
    valid ballot carries at least one valid vote. The valid ballots are `D` (Baden-Württemberg),
    `GUELTIGE-STIMMZETTEL` (Lower Saxony) or, where the export does not give them, `B − C`."""
    yield from identity_findings(ctx, Code.A09)


@rule(
    Code.A10,
    "more-votes-than-ballots-carry",
    Severity.ERROR,
    READS,
    example="3 votes per ballot, GUELTIGE-STIMMZETTEL = 398, D = 1195 (at most 1194)",
    optional=STRUCTURE_INPUTS,
)
def more_votes_than_ballots_carry(ctx: Context) -> Iterator[RowFindings]:
    """Where a ballot carries N votes, the valid votes exceed N times the valid ballots. N is the
    number of seats (Baden-Württemberg, Hesse: stated by the user, `votes-per-ballot`) or fixed
    by law (3 in Lower Saxony and the eastern Länder); unknown N is not checked."""
    yield from identity_findings(ctx, Code.A10)


@rule(
    Code.A11,
    "second-list-votes-sum",
    Severity.ERROR,
    READS,
    example="F1 = 151, F1_1 = 100, F1_2 = 60 (candidates 160)",
    optional=STRUCTURE_INPUTS,
)
def second_list_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The second votes of a list `F<n>` are fewer than the second votes of its candidates
    `F<n>_1 … F<n>_k` (open lists, Bavarian Landtag and Bezirkstag): a list's second votes
    include those for its candidates, plus the votes for the list alone."""
    yield from identity_findings(ctx, Code.A11)


@rule(
    Code.A15,
    "valid-second-votes-sum",
    Severity.ERROR,
    READS,
    example="F = 500, F1 … F24 sum to 498",
    optional=STRUCTURE_INPUTS,
)
def valid_second_votes_sum(ctx: Context) -> Iterator[RowFindings]:
    """The valid second votes `F` are not the sum of the second votes per option `F1…Fn`."""
    yield from identity_findings(ctx, Code.A15)


@rule(
    Code.A16,
    "wahlberechtigte-breakdown-missing",
    Severity.WARNING,
    READS,
    example="A1 = 0, A2 = 0, A3 = 0, A = 1850",
)
def wahlberechtigte_breakdown_missing(ctx: Context) -> Iterator[RowFindings]:
    """A1, A2 and A3 are all 0 while the electorate A is not: the breakdown was not supplied and
    zeros were written instead of leaving the cells empty."""
    results = ctx.results_of()
    if not results.has("A", "A1", "A2", "A3"):
        return
    hits = results.frame.filter(all_reported(["A", "A1", "A2", "A3"]) & _no_breakdown())
    if hits.height:
        yield ctx.rows(results.display, hits, column="A", found=pl.col("A"))
