"""K: checks of votemanager / OK.VOTE figures in the source, before conversion, and what the
votemanager reader had to infer or repair (the type of a Bezirk, a yes/no ballot, the keys of
areas without a number, a municipality key a spreadsheet shortened, columns it appended, a date
it re-spelt)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager import (
    ANZ,
    BY_COUNCIL,
    HESSE,
    MAX,
    NAME,
    NDS_2021,
    NDS_2026,
    VotemanagerFacts,
)
from wahldaten.formats.votemanager.facts import GIVEN
from wahldaten.formats.votemanager.layouts import CANDIDATE, HE
from wahldaten.rules.identities import any_reported, differs, total_of
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FORMATS = (NAME,)
# Every rule here detects its code from the typed facts the reader recorded.
FACTS = (Input.SOURCE_FACTS,)
NR = "gebiet-nr"


def _typed(ctx: SourceContext) -> tuple[VotemanagerFacts, pl.DataFrame] | None:
    """The reader's facts and the rows as read with their counts as numbers, if it got so far."""
    facts = ctx.facts_as(VotemanagerFacts)
    if facts is None or facts.typed is None:
        return None
    return facts, facts.typed


def _counters() -> tuple[pl.Expr, pl.Expr]:
    """anz- and max-schnellmeldungen as numbers (null where they are not)."""
    return pl.col(ANZ).cast(pl.Int64, strict=False), pl.col(MAX).cast(pl.Int64, strict=False)


@rule(
    Code.K04,
    "bezirk-type-inferred",
    Severity.INFO,
    FACTS,
    example="postal Bezirk 903 recognised by A = 0 and B > 0",
    formats=(*FORMATS, "votemanager-legacy"),  # the legacy reader records VotemanagerFacts
)
def bezirk_type_inferred(ctx: SourceContext) -> Iterator[Yielded]:
    """The source does not say which Bezirke are postal: `bezirk-art` was inferred (postal where
    the electorate is 0 and there are voters, or the name says Briefwahl). Give
    `opendata-wahllokale.csv` with `--meta` to take it from the source."""
    facts = ctx.facts_as(VotemanagerFacts)
    if facts is None or facts.types is None:
        return
    inferred = facts.types.filter(~pl.col(GIVEN))
    if inferred.height:
        postal = int((inferred["bezirk-art"] == "B").sum())
        yield Finding(
            params={"count": inferred.height, "postal": postal},
            location=Location(facts.display, None, NR),
        )


@rule(
    Code.K11,
    "more-reports-than-expected",
    Severity.ERROR,
    FACTS,
    example="max-schnellmeldungen 1, anz-schnellmeldungen 2",
    formats=FORMATS,
)
def more_reports_than_expected(ctx: SourceContext) -> Iterator[Yielded]:
    """`anz-schnellmeldungen` (quick reports received) exceeds `max-schnellmeldungen` (expected):
    the counters contradict each other."""
    facts = ctx.facts_as(VotemanagerFacts)
    frame = facts.raw if facts is not None else None
    if facts is None or frame is None or MAX not in frame.columns or ANZ not in frame.columns:
        return
    anz, most = _counters()
    hits = frame.filter(anz > most)
    if hits.height:
        yield ctx.rows(facts.display, hits, column=ANZ, bezirk=NR, found=anz, expected=most)


@rule(
    Code.K12,
    "reported-but-empty",
    Severity.WARNING,
    FACTS,
    example="anz-schnellmeldungen = max-schnellmeldungen = 38, every count empty (“Daten leer!”)",
    formats=FORMATS,
)
def reported_but_empty(ctx: SourceContext) -> Iterator[Yielded]:
    """All expected quick reports are in (`anz` = `max` > 0) but the row's counts are empty: the
    export lost its figures. The Bezirk is converted as not reported."""
    typed = _typed(ctx)
    if typed is None or not typed[0].count_columns or MAX not in typed[1].columns:
        return
    facts, frame = typed
    anz, most = _counters()
    empty = pl.all_horizontal([pl.col(c).is_null() for c in facts.count_columns])
    hits = frame.filter((most > 0) & (anz == most) & empty)
    if hits.height:
        yield ctx.rows(facts.display, hits, column=ANZ, bezirk=NR)


def _council_sums(columns: list[str], kind: str) -> list[tuple[str, list[str]]]:
    """The sums of a Lower Saxony council file: (total column, its parts), list by list."""
    lists = sorted({int(m.group(1)) for c in columns if (m := re.match(r"^D([0-9]+)_", c))})
    checks: list[tuple[str, list[str]]] = []
    for n in lists:
        if kind == NDS_2021:
            liste, cand_sum, total = (
                f"D{n}_liste",
                f"D{n}_summe_kandidaten",
                f"D{n}_summe_liste_kandidaten",
            )
            candidates = [c for c in columns if re.fullmatch(rf"D{n}_[0-9]+", c)]
        else:
            liste, cand_sum, total = f"D{n}_1", f"D{n}_3", f"D{n}_4"
            candidates = [c for c in columns if re.fullmatch(rf"D{n}_2_[0-9]+", c)]
        if {liste, cand_sum, total} <= set(columns):
            checks.append((total, [liste, cand_sum]))
        if cand_sum in columns and candidates:
            checks.append((cand_sum, candidates))
    return checks


@rule(
    Code.K14,
    "council-sums",
    Severity.ERROR,
    FACTS,
    example="D1_liste 31312 + D1_summe_kandidaten 29720 ≠ D1_summe_liste_kandidaten 61031",
    formats=FORMATS,
)
def council_sums(ctx: SourceContext) -> Iterator[Yielded]:
    """The sums of a Lower Saxony council file do not hold: list votes plus candidate votes must
    make the list's total (`_liste + _summe_kandidaten = _summe_liste_kandidaten`; 2026:
    `_1 + _3 = _4`), and the candidates' votes their sum (`Σ D<n>_<k> = _summe_kandidaten`;
    2026: `Σ _2_<k> = _3`). In Hesse a list's votes are at least its candidates' votes
    (`D<n> ≥ Σ D<n>_<k>`): the rest, votes a list cross gives that no candidate can take, is
    written as `D<n>_liste`, which cannot be negative. The sums are dropped in OWD (the Hessian
    remainder derived), so they are checked here."""
    typed = _typed(ctx)
    if typed is None or typed[0].kind not in (NDS_2021, NDS_2026, HESSE):
        return
    facts, frame = typed
    if facts.kind == HESSE:
        yield from _hessian_lists(ctx, facts, frame)
        return
    for target, parts in _council_sums(frame.columns, facts.kind):
        hits = frame.filter(differs(target, parts))
        if hits.height:
            yield ctx.rows(
                facts.display,
                hits,
                column=target,
                bezirk=NR,
                expected=total_of(parts),
                found=pl.col(target),
                parts=" + ".join(parts[:3]) + (" + …" if len(parts) > 3 else ""),
            )


def _lists(columns: list[str]) -> dict[int, list[str]]:
    """The candidate columns of each list (`D<n>_<k>`), by list number."""
    found: dict[int, list[str]] = {}
    for column in columns:
        if m := CANDIDATE.match(column):
            found.setdefault(int(m.group(1)), []).append(column)
    return found


def _hessian_lists(
    ctx: SourceContext, facts: VotemanagerFacts, frame: pl.DataFrame
) -> Iterator[Yielded]:
    for n, candidates in sorted(_lists(frame.columns).items()):
        target = f"D{n}"
        if target not in frame.columns:
            continue
        taken = total_of(candidates)
        hits = frame.filter(
            pl.col(target).is_not_null() & any_reported(candidates) & (pl.col(target) < taken)
        )
        if hits.height:
            shown = " + ".join(candidates[:3]) + (" + …" if len(candidates) > 3 else "")
            yield ctx.rows(
                facts.display,
                hits,
                column=target,
                bezirk=NR,
                expected=taken,
                found=pl.col(target),
                parts=shown,
            )


@rule(
    Code.K15,
    "ballots-cast-differ",
    Severity.ERROR,
    FACTS,
    example="a Bavarian council file with B = 12011 and E = 12010",
    formats=FORMATS,
)
def ballots_cast_differ(ctx: SourceContext) -> Iterator[Yielded]:
    """In a Bavarian council file `E` counts the ballots cast, which must equal the voters `B`.
    (`E` is not the second vote there and is not carried into OWD, so it is checked here.)"""
    typed = _typed(ctx)
    if typed is None or typed[0].kind != BY_COUNCIL or not {"B", "E"} <= set(typed[1].columns):
        return
    facts, frame = typed
    hits = frame.filter(differs("E", ["B"]))
    if hits.height:
        yield ctx.rows(
            facts.display, hits, column="E", bezirk=NR, expected=pl.col("B"), found=pl.col("E")
        )


@rule(
    Code.K16,
    "single-candidate-nein",
    Severity.INFO,
    FACTS,
    example="a Bavarian mayoral election with one candidate: D1 = yes, D2 = Nein",
    formats=FORMATS,
)
def single_candidate_nein(ctx: SourceContext) -> Iterator[Yielded]:
    """Only one candidate stands, so the ballot asks yes or no: `D2` counts the Nein votes and is
    written as the ballot option `Nein`."""
    facts = ctx.facts_as(VotemanagerFacts)
    if facts is not None and facts.yes_no is not None:
        yield Finding(
            params={"name": facts.yes_no}, location=Location(facts.display, facts.header_line, "D2")
        )


@rule(
    Code.K31,
    "area-keys-derived",
    Severity.INFO,
    FACTS,
    example="63 Ortsteile with `gebiet-nr` empty, keyed by their `gebiet-name`",
    formats=FORMATS,
)
def area_keys_derived(ctx: SourceContext) -> Iterator[Yielded]:
    """The rows have no `gebiet-nr` and nothing finer stands beside them: a publication level of
    its own (Ortsteile, Ortsbezirke, the Gemeinden of a Kreis). Each row is converted as a Bezirk
    whose key comes from the source: its own municipality key (`ags`) where that tells the rows
    apart, else its `gebiet-name` (a name that repeats gets a suffix, K08). A row with the
    authority's key beside them is their total (K05, K06)."""
    facts = ctx.facts_as(VotemanagerFacts)
    keyed = facts.derived_keys if facts is not None else None
    if facts is not None and keyed is not None and keyed.frame.height:
        yield Finding(
            params={"count": keyed.frame.height, "source": keyed.column or ""},
            location=Location(facts.display, facts.header_line, NR),
        )


def _ballot_kinds(columns: list[str]) -> list[str]:
    return [c for c in columns if HE.match(c)]


@rule(
    Code.K34,
    "ballot-kinds-exceed-ballots",
    Severity.ERROR,
    FACTS,
    example="Σ unveraendert_<n> + veraendert_<n> + panasch_<n> = 201, B − C = 191",
    formats=FORMATS,
)
def ballot_kinds_exceed_ballots(ctx: SourceContext) -> Iterator[Yielded]:
    """In a Hessian council file the ballots marked for a list (`unveraendert_<n>` unchanged,
    `veraendert_<n>` changed within the list, `panasch_<n>` with votes for other lists) are
    valid ballots, so over all lists they are at most the valid ballots `B − C` (the rest are
    ballots without a list cross). `panasch_<n>` is not carried into OWD, so this is checked
    here, before it is dropped."""
    typed = _typed(ctx)
    if typed is None or typed[0].kind != HESSE or not {"B", "C"} <= set(typed[1].columns):
        return
    facts, frame = typed
    kinds = _ballot_kinds(frame.columns)
    if not kinds:
        return
    ballots = pl.col("B") - pl.col("C")
    marked = total_of(kinds)
    reported = pl.col("B").is_not_null() & pl.col("C").is_not_null() & any_reported(kinds)
    hits = frame.filter(reported & (marked > ballots))
    if hits.height:
        yield ctx.rows(
            facts.display,
            hits,
            column=kinds[0],
            bezirk=NR,
            expected=ballots,
            found=marked,
            parts="unveraendert_<n> + veraendert_<n> + panasch_<n>",
        )
