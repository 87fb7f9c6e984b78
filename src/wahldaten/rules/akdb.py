"""K: checks of AKDB-OSRZ Wahlportal figures in the source, before conversion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.akdb import (
    GEBIETSNUMMER,
    NAME,
    PAIR_INVALID,
    PAIR_VALID,
    PAIR_VOTERS_WITH,
    PAIR_VOTERS_WITHOUT,
    PAIRS,
    VOTERS,
    VOTERS_WITH,
    VOTERS_WITHOUT,
    AkdbFacts,
)
from wahldaten.formats.facts import AREA, VALUE
from wahldaten.formats.source import SourceContext
from wahldaten.rules.identities import differs, options_differ, sums_differ, total_of
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FORMATS = (NAME,)
# Every rule here detects its code from the typed facts the reader recorded.
FACTS = (Input.SOURCE_FACTS,)


def _typed(ctx: SourceContext) -> tuple[AkdbFacts, pl.DataFrame] | None:
    """The reader's facts and the rows as read with their counts as numbers, if it got so far."""
    facts = ctx.facts_as(AkdbFacts)
    if facts is None or facts.typed is None:
        return None
    return facts, facts.typed


@rule(
    Code.K17,
    "voters-split-differs",
    Severity.ERROR,
    FACTS,
    example="Waehler gesamt (B) 2809, Waehler ohne Wahlschein 1188 + Waehler mit Wahlschein 1620 = 2808",
    formats=FORMATS,
)
def voters_split_differs(ctx: SourceContext) -> Iterator[Yielded]:
    """The voters `Waehler gesamt (B)` are not those without plus those with a Wahlschein
    (`Waehler ohne Wahlschein` + `Waehler mit Wahlschein`). The split holds in every row of the
    real Wahlportal files; `Waehler ohne Wahlschein` is not carried into OWD (it is B − B1), so it
    is checked here. Checked in every row, aggregates included, where all three are reported."""
    typed = _typed(ctx)
    parts = [VOTERS_WITHOUT, VOTERS_WITH]
    if typed is None or not {VOTERS, *parts} <= set(typed[1].columns):
        return
    facts, frame = typed
    hits = frame.filter(differs(VOTERS, parts))
    if hits.height:
        yield ctx.rows(
            facts.display,
            hits,
            column=VOTERS,
            bezirk=GEBIETSNUMMER,
            found=pl.col(VOTERS),
            expected=total_of(parts),
        )


@rule(
    Code.K18,
    "group-votes-differ",
    Severity.ERROR,
    FACTS,
    example="landratStimmen.csv: Gültige Stimmen 217, the Stimmen of CSU, AfD and GRÜNE add up to 216",
    formats=FORMATS,
)
def group_votes_differ(ctx: SourceContext) -> Iterator[Yielded]:
    """In the pair layout (`Gruppenschlüssel;Stimmen` repeated, KW 2026 side files) the valid votes
    `Gültige Stimmen` are not the sum of the `Stimmen` of all groups, or the voters
    `Wähler ohne Wahlschein` + `Wähler mit Wahlschein` are not `Gültige Stimmen` +
    `Ungültige Stimmen`. Both hold in all 254 rows of the real Landrat file; the converter derives
    D<n> and B from these columns, so a difference would be carried into OWD unnoticed."""
    typed = _typed(ctx)
    if typed is None:
        return
    facts, frame = typed
    if facts.mapping is None or facts.mapping.name != PAIRS:
        return
    votes = [v for _, v in facts.mapping.pairs]
    if votes and PAIR_VALID in frame.columns:
        hits = frame.filter(options_differ(PAIR_VALID, votes))
        if hits.height:
            yield ctx.rows(
                facts.display,
                hits,
                column=PAIR_VALID,
                bezirk=GEBIETSNUMMER,
                left=PAIR_VALID,
                right="Σ Stimmen",
                found=pl.col(PAIR_VALID),
                expected=total_of(votes),
            )
    voters = [PAIR_VOTERS_WITHOUT, PAIR_VOTERS_WITH]
    ballots = [PAIR_VALID, PAIR_INVALID]
    if {*voters, *ballots} <= set(frame.columns):
        hits = frame.filter(sums_differ(voters, ballots))
        if hits.height:
            yield ctx.rows(
                facts.display,
                hits,
                column=PAIR_VOTERS_WITHOUT,
                bezirk=GEBIETSNUMMER,
                left=f"{PAIR_VOTERS_WITHOUT} + {PAIR_VOTERS_WITH}",
                right=f"{PAIR_VALID} + {PAIR_INVALID}",
                found=total_of(voters),
                expected=total_of(ballots),
            )


@rule(
    Code.K19,
    "bezirk-without-municipality",
    Severity.WARNING,
    FACTS,
    example="landratStimmen.csv: STIMMBEZIRK `0001` beside `091751110001`; written as 0001 of 09175000",
    formats=FORMATS,
)
def bezirk_without_municipality(ctx: SourceContext) -> Iterator[Yielded]:
    """A precinct's `Gebietsnummer` has only the four digits of the Bezirk, not the 12 digits of
    municipality key and number, and no `Gemeinde` column names its municipality (seen for one
    municipality of the KW 2026 Landrat file). The Bezirk is written with the authority's key, so
    its results are kept, but it cannot be matched with the municipality's other elections. Give
    the municipality with `--gs` when the file is a single municipality's."""
    facts = ctx.facts_as(AkdbFacts)
    unplaced = facts.unplaced if facts is not None else None
    if facts is not None and unplaced is not None and unplaced.frame.height:
        yield ctx.rows(
            facts.display,
            unplaced.frame,
            column=unplaced.column,
            bezirk=AREA,
            value=pl.col(VALUE),
            gs=pl.col("gs"),
        )
