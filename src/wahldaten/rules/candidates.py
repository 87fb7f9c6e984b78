"""R: candidacies – their areas, their parties on the ballot, their list places."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    KANDIDATEN,
    STIMMZETTEL,
    WAHLGEBIETSEINTEILUNGEN,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import Context
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

PARTEI = "partei-kurzname"
PARTEI_LANG = "partei-langname"
KANDIDAT_GEBIET = "kandidat-gebiet-nr"
LISTENPLATZ = "kandidat-listenplatz"


def party_name(frame: pl.DataFrame) -> pl.Expr:
    """The name that links a candidacy to the ballot: the short name, else the long name."""
    names = [pl.col(c) for c in (PARTEI, PARTEI_LANG) if c in frame.columns]
    return pl.coalesce(names) if names else pl.lit(None, dtype=pl.String)


@rule(
    Code.R13,
    "unknown-candidate-area",
    Severity.ERROR,
    (Input.KANDIDATEN, Input.WAHLGEBIETSEINTEILUNGEN),
    example="A candidate with kandidat-gebiet-nr `17`; no Bezirk belongs to area 17.",
)
def unknown_candidate_area(ctx: Context) -> Iterator[Yielded]:
    """A candidate's `kandidat-gebiet-nr` is not the candidate area of any Bezirk in
    Wahlgebietseinteilungen: the candidacy cannot be placed. Reported once per unknown area,
    with the number of its candidates."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    if KANDIDAT_GEBIET not in kandidaten.columns:
        return
    known = (
        gebiete[KANDIDAT_GEBIET].drop_nulls().unique().to_list()
        if KANDIDAT_GEBIET in gebiete.columns
        else []
    )
    hits = kandidaten.filter(
        pl.col(KANDIDAT_GEBIET).is_not_null() & ~pl.col(KANDIDAT_GEBIET).is_in(known)
    )
    if hits.height:
        found = ctx.rows(
            ctx.display(KANDIDATEN),
            hits,
            column=KANDIDAT_GEBIET,
            bezirk=None,
            value=pl.col(KANDIDAT_GEBIET),
        )
        yield per_cause(found, ["value"])


@rule(
    Code.R22,
    "candidate-area-without-candidates",
    Severity.WARNING,
    (Input.WAHLGEBIETSEINTEILUNGEN, Input.KANDIDATEN),
    example="Bezirke in candidate area `5`, but no candidate stands in area 5.",
)
def candidate_area_without_candidates(ctx: Context) -> Iterator[Yielded]:
    """A candidate area used by Bezirke has no candidates in Kandidaten (checked only when some
    candidacies name an area). The direct candidates of these Bezirke are unknown."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    gebiete = ctx.frame_of(WAHLGEBIETSEINTEILUNGEN)
    if KANDIDAT_GEBIET not in kandidaten.columns or KANDIDAT_GEBIET not in gebiete.columns:
        return
    standing = kandidaten[KANDIDAT_GEBIET].drop_nulls().unique().to_list()
    if not standing:
        return
    unused = gebiete.filter(
        pl.col(KANDIDAT_GEBIET).is_not_null() & ~pl.col(KANDIDAT_GEBIET).is_in(standing)
    )
    first = unused.group_by(KANDIDAT_GEBIET).agg(pl.col(LINE_COLUMN).min()).sort(LINE_COLUMN)
    if first.height:
        yield ctx.rows(
            ctx.display(WAHLGEBIETSEINTEILUNGEN),
            first,
            column=KANDIDAT_GEBIET,
            bezirk=None,
            value=pl.col(KANDIDAT_GEBIET),
        )


@rule(
    Code.R14,
    "candidate-party-not-on-ballot",
    Severity.WARNING,
    (Input.KANDIDATEN, Input.STIMMZETTEL),
    example="A candidate of `Grüne` while the ballot lists `GRÜNE`.",
)
def candidate_party_not_on_ballot(ctx: Context) -> Iterator[Yielded]:
    """A candidate's party is not on the ballot (Stimmzettel). The name is the only link between the
    two files, so it must match exactly: the short name, or the long name where the short name is
    empty."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    stimmzettel = ctx.frame_of(STIMMZETTEL)
    on_ballot = (
        stimmzettel.select(party_name(stimmzettel)).to_series().drop_nulls().unique().to_list()
    )
    candidates = kandidaten.with_columns(party_name(kandidaten).alias("__partei"))
    hits = candidates.filter(
        pl.col("__partei").is_not_null() & ~pl.col("__partei").is_in(on_ballot)
    )
    first = (
        hits.group_by("__partei")
        .agg(pl.col(LINE_COLUMN).min(), pl.len().alias("count"))
        .sort(LINE_COLUMN)
    )
    if first.height:
        yield ctx.rows(
            ctx.display(KANDIDATEN),
            first,
            column=PARTEI,
            bezirk=None,
            value=pl.col("__partei"),
            count=pl.col("count"),
        )


@rule(
    Code.R18,
    "duplicate-list-place",
    Severity.WARNING,
    (Input.KANDIDATEN,),
    example="Two candidates of the SPD on list place 4.",
)
def duplicate_list_place(ctx: Context) -> Iterator[Yielded]:
    """Two candidates of one party share a list place greater than 0: the list is broken."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    if LISTENPLATZ not in kandidaten.columns:
        return
    placed = kandidaten.with_columns(
        pl.col(LISTENPLATZ).cast(pl.Int64, strict=False).alias("__platz"),
        party_name(kandidaten).alias("__partei"),
    ).filter((pl.col("__platz") > 0) & pl.col("__partei").is_not_null())
    first = pl.col(LINE_COLUMN).min().over(["__partei", "__platz"])
    hits = placed.with_columns(first.alias("first")).filter(pl.col(LINE_COLUMN) != pl.col("first"))
    if hits.height:
        yield ctx.rows(
            ctx.display(KANDIDATEN),
            hits,
            column=LISTENPLATZ,
            bezirk=None,
            party=pl.col("__partei"),
            value=pl.col(LISTENPLATZ),
            first_line=pl.col("first"),
        )
