"""What the Wahlkreis files (kerg2, kerg) share: the long frame, the area keys, the packages.

Both readers turn their file into one long frame (one row per area, group and vote) with the
columns named here; from it the Land packages are assembled, and the rules check the Land and
Bund totals against the Wahlkreise (K05, K06) and the percentages (K20).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NAME,
    BEZIRK_NR,
    DATUM,
    GS,
    NAME,
    STIMMZETTEL_GEBIET,
)
from wahldaten.formats.bundeswahlleiterin.common import BUND, LAENDER, land_key
from wahldaten.formats.bundeswahlleiterin.facts import WahlkreisFacts, refusal
from wahldaten.formats.facts import AREA as ROW_AREA
from wahldaten.formats.facts import LINE, TOTAL, Totals
from wahldaten.formats.source import (
    PARTY_COLUMNS,
    Meta,
    Reading,
    SourceContext,
    SourceError,
    assemble,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# Columns of the long frame (one row per area, group and vote).
ART, NR, AREA, PARENT = "art", "nr", "name", "parent"
KIND, GROUP, ORDER, STIMME, COUNT, LETTER, POS = (
    "kind",
    "group",
    "order",
    "stimme",
    "count",
    "letter",
    "pos",
)
WAHLKREIS, LAND, BUND_ART = "Wahlkreis", "Land", "Bund"
SYSTEM, PARTY, EB, OTHER = "system", "party", "eb", "other"
EB_TOTAL = "Einzelbewerber/Wählergruppe"
LETTERS = ["A1", "A2", "A3", "A", "B", "C", "D", "E", "F"]


def malformed_keys() -> pl.Expr:
    """True where an area key (ART, NR, PARENT) does not have its form: a Wahlkreis `001` in a
    Land `01`–`16`, a Land `01`–`16`, the Bund `99`; a missing number is malformed too."""
    art, nr, parent = pl.col(ART), pl.col(NR), pl.col(PARENT)
    land_nr = pl.lit(list(LAENDER))
    return (
        ((art == WAHLKREIS) & (~nr.str.contains(r"^[0-9]{3}$") | ~parent.is_in(land_nr)))
        | ((art == LAND) & ~nr.is_in(land_nr))
        | ((art == BUND_ART) & (nr != BUND))
        | nr.is_null()
    ).fill_null(True)


def has_wahlkreise(long: pl.DataFrame | None) -> bool:
    return long is not None and long.filter(pl.col(ART) == WAHLKREIS).height > 0


def land_names(long: pl.DataFrame) -> dict[str, str]:
    """The Länder's names as the file's Land rows give them."""
    return {
        str(nr): str(name)
        for nr, name in long.filter(pl.col(ART) == LAND)
        .group_by(NR)
        .agg(pl.col(AREA).first())
        .iter_rows()
    }


# --- totals: Land = Σ Wahlkreise, Bund = Σ Länder -------------------------------------------------


def _total_key() -> pl.Expr:
    """What a row adds up under, with its vote: the letter, the party's name, or all
    Einzelbewerber together (the Land has one row for the Einzelbewerber of its Wahlkreise)."""
    summed = (
        pl.when(pl.col(KIND) == SYSTEM)
        .then(pl.col(LETTER))
        .when(pl.col(KIND) == EB)
        .then(pl.lit("EB"))
        .otherwise(pl.concat_str(pl.lit("P:"), pl.col(GROUP)))
    )
    vote = pl.col(STIMME).cast(pl.String).fill_null("")
    return pl.concat_str(summed, pl.lit("|"), vote).alias("__key")


def _label() -> pl.Expr:
    """How a finding names a count of a total: its group and vote (`CDU (1)`)."""
    vote = pl.concat_str(pl.lit(" ("), pl.col(STIMME).cast(pl.String), pl.lit(")"))
    return pl.concat_str(pl.col(GROUP), vote.fill_null("")).alias("__label")


def _wide(frame: pl.DataFrame, index: list[str], keys: list[str]) -> pl.DataFrame:
    """One row per index, one count column per key (null where the key has no count)."""
    summed = frame.group_by(*index, "__key", maintain_order=True).agg(
        pl.when(pl.col(COUNT).is_not_null().any()).then(pl.col(COUNT).sum()).alias(COUNT)
    )
    wide = summed.pivot(on="__key", index=index, values=COUNT, aggregate_function="first")
    return wide.with_columns(
        [pl.lit(None, pl.Int64).alias(k) for k in keys if k not in wide.columns]
    ).select(*index, *[pl.col(k).cast(pl.Int64) for k in keys])


def totals(long: pl.DataFrame) -> Totals | None:
    """The Land and Bund rows as totals of the areas below them (the Bund's: the Länder, or the
    Wahlkreise where the file has no Land rows), compared per letter, party and vote. A total
    whose members are all empty must be empty too (a party that did not stand); members that
    are empty (did not stand in that Wahlkreis) are not missing reports."""
    keyed = long.with_columns(_total_key())
    wahlkreise = keyed.filter(pl.col(ART) == WAHLKREIS)
    laender = keyed.filter(pl.col(ART) == LAND)
    rows = keyed.filter(pl.col(ART).is_in([LAND, BUND_ART]))
    if rows.height == 0:
        return None
    keys = [str(k) for k in keyed["__key"].unique(maintain_order=True)]
    labels = rows.group_by("__key").agg(_label().first())
    columns = {str(k): str(v) for k, v in labels.iter_rows()}
    lines = rows.group_by(NR).agg(pl.col(LINE_COLUMN).min().alias(LINE))
    total_rows = (
        _wide(rows, [NR], keys)
        .join(lines, on=NR, how="left")
        .select(LINE, pl.col(NR).alias(ROW_AREA), pl.col(NR).alias(TOTAL), *keys)
        .sort(LINE)
    )
    members = pl.concat(
        [
            _wide(wahlkreise.with_columns(pl.col(PARENT).alias(TOTAL)), [TOTAL, NR], keys),
            # The Bund sums the Länder; a file without Land rows, its Wahlkreise.
            _wide(
                (laender if laender.height else wahlkreise).with_columns(pl.lit(BUND).alias(TOTAL)),
                [TOTAL, NR],
                keys,
            ),
        ]
    ).drop(NR)
    return Totals(
        rows=total_rows,
        members=members,
        counts=keys,
        columns={k: columns.get(k, k) for k in keys},
        complete=False,
    )


@dataclass
class WahlkreisElection:
    """What the kerg2 and kerg readers know about their election besides the long frame."""

    wahl_name: str
    datum: str
    stand: str | None
    name_column: str  # partei-kurzname (kerg2) or partei-langname (kerg)
    land_names: dict[str, str] = field(default_factory=dict)
    # The count columns besides the options: without E and F where the election had one vote.
    letters: list[str] = field(default_factory=lambda: list(LETTERS))


def _eb_key() -> pl.Expr:
    """Einzelbewerber stand in one Wahlkreis each; other groups are one option per Land."""
    return pl.when(pl.col(KIND) == EB).then(pl.col(NR)).otherwise(pl.lit(None)).alias("__wk")


def _option_positions(wahlkreise: pl.DataFrame) -> pl.DataFrame:
    """Ballot positions for a Land's options without one: they follow the highest party
    position, Einzelbewerber first (by Wahlkreis and ballot order), then other groups; groups
    without any count in the Land get none."""
    options = wahlkreise.filter(pl.col(KIND) != SYSTEM)
    top = options.filter(pl.col(KIND) == PARTY)[POS].max()
    base = int(top) if isinstance(top, int) else 0
    rank = pl.col(KIND).replace_strict(
        {PARTY: 0, EB: 1, OTHER: 2}, default=3, return_dtype=pl.Int64
    )
    return (
        options.filter(pl.col(POS).is_null() & pl.col(COUNT).is_not_null())
        .with_columns(_eb_key())
        .group_by(KIND, GROUP, "__wk")
        .agg(pl.col(ORDER).min())
        .sort(rank, "__wk", ORDER, GROUP, nulls_last=True)
        .with_columns((pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + base).alias("__newpos"))
        .select(KIND, GROUP, "__wk", "__newpos")
    )


def _cells(rows: pl.DataFrame) -> pl.DataFrame:
    """One cell per Wahlkreis and OWD column: the letters, and D<n>/F<n> for the options."""
    option_rows = rows.filter((pl.col(KIND) != SYSTEM) & pl.col(COUNT).is_not_null())
    letter_rows = rows.filter((pl.col(KIND) == SYSTEM) & pl.col(LETTER).is_not_null())
    return pl.concat(
        [
            letter_rows.select(NR, pl.col(LETTER).alias("__column"), COUNT),
            option_rows.select(
                NR,
                pl.concat_str(
                    pl.when(pl.col(STIMME) == 2).then(pl.lit("F")).otherwise(pl.lit("D")),
                    pl.col(POS).cast(pl.String),
                ).alias("__column"),
                COUNT,
            ),
        ]
    )


def _ballot(option_rows: pl.DataFrame, land: str, name_column: str) -> pl.DataFrame:
    """The Land's ballot: one entry per position that has a count, named by the group."""
    named = pl.col(GROUP)
    nothing = pl.lit(None, pl.String)
    return (
        option_rows.group_by(POS)
        .agg(pl.col(GROUP).first(), pl.col(KIND).first())
        .sort(POS)
        .select(
            pl.lit(land).alias(STIMMZETTEL_GEBIET),
            nothing.alias("stimmzettel-gebiet-bezeichnung"),
            pl.col(POS).cast(pl.String).alias("stimmzettel-position"),
            (named if name_column == "partei-kurzname" else nothing).alias("partei-kurzname"),
            (named if name_column == "partei-langname" else nothing).alias("partei-langname"),
            nothing.alias("partei-rgb-wert"),
            pl.when(pl.col(KIND) == EB)
            .then(pl.lit("E"))
            .otherwise(pl.lit("P"))
            .alias("partei-typ"),
        )
    )


def land_elections(
    facts: WahlkreisFacts, long: pl.DataFrame, info: WahlkreisElection, meta: Meta
) -> list[tuple[Election, pl.Series]]:
    """One election per Land from the Wahlkreis rows of the long frame, and their source lines.

    Bezirke are the Wahlkreise (bezirk-art W, gebiet-ebene-3 = Land, stimmzettel-gebiet-nr =
    Land); Erststimmen fill C/D/D<n>, Zweitstimmen E/F/F<n>, Wahlberechtigte A and Wählende B.
    A1–A3 are not in the source and stay empty. An option that did not stand in a Wahlkreis is
    empty there, never 0; a ballot position exists where an option has any count in the Land.
    A Land where two rows fill the same cell is refused.
    """
    display = facts.display
    wahlkreise = long.filter(pl.col(ART) == WAHLKREIS)
    elections: list[tuple[Election, pl.Series]] = []
    laender = sorted(str(v) for v in wahlkreise[PARENT].drop_nulls().unique().to_list())
    if meta.gs:  # --gs keeps one Land
        if not re.fullmatch(r"[0-9]{2}(0{6}|0{10})", meta.gs) or meta.gs[:2] not in laender:
            raise SourceError("convert.bwl_gs_not_area", path=display, gs=meta.gs)
        laender = [meta.gs[:2]]
    for land in laender:
        rows = wahlkreise.filter(pl.col(PARENT) == land)
        positions = _option_positions(rows)
        rows = (
            rows.with_columns(_eb_key())
            .join(positions, on=[KIND, GROUP, "__wk"], how="left", nulls_equal=True)
            .with_columns(pl.coalesce(POS, "__newpos").alias(POS))
        )
        cells = _cells(rows)
        duplicated = cells.filter(pl.struct(NR, "__column").is_duplicated())
        if duplicated.height:
            first = duplicated.row(0, named=True)
            what = f"{first['__column']} ×{duplicated.height} (Wahlkreis {first[NR]})"
            facts.refused.append(refusal(None, what))
            continue
        areas = (
            rows.group_by(NR, maintain_order=True)
            .agg(pl.col(AREA).first(), pl.col(LINE_COLUMN).min())
            .sort(NR)
        )
        wide = cells.pivot(on="__column", index=NR, values=COUNT) if cells.height else None
        option_columns = sorted(
            {
                c
                for c in (wide.columns if wide is not None else [])
                if re.fullmatch(r"[DF][0-9]+", c)
            },
            key=lambda c: (int(c[1:]), c[0]),
        )
        counts = [*info.letters, *option_columns]
        results = areas.join(wide, on=NR, how="left") if wide is not None else areas
        land_name = info.land_names.get(land) or LAENDER.get(land, land)
        results = results.with_columns(
            [
                pl.col(c).cast(pl.Int64)
                if c in results.columns
                else pl.lit(None, pl.Int64).alias(c)
                for c in counts
            ]
        ).select(
            pl.col(NR).alias(BEZIRK_NR),
            pl.col(AREA).alias(BEZIRK_NAME),
            pl.lit("W").alias(BEZIRK_ART),
            pl.lit(land).alias("gebiet-ebene-3-nr"),
            pl.lit(land_name).alias("gebiet-ebene-3-name"),
            pl.lit(land).alias(STIMMZETTEL_GEBIET),
            pl.lit(info.stand, dtype=pl.String).alias("zeitstempel-erfassung"),
            *counts,
            pl.col(LINE_COLUMN),
        )
        option_rows = rows.filter((pl.col(KIND) != SYSTEM) & pl.col(COUNT).is_not_null())
        ballot = _ballot(option_rows, land, info.name_column)
        behoerde = meta.behoerde_name if meta.behoerde_name and len(laender) == 1 else land_name
        wahl: dict[str, str | None] = {
            GS: land_key(land),
            "wahl-behoerde-name": behoerde,
            DATUM: info.datum,
            NAME: info.wahl_name,
            "wahl-bezeichnung": f"{info.wahl_name} {info.datum[-4:]} – {land_name}",
            "gebiet-ebene-3-bezeichnung": "Land",
            "bezirk-bezeichnung": "Wahlkreis",
        }
        election = assemble(
            results=results.drop(LINE_COLUMN),
            counts=counts,
            parties=ballot.select(PARTY_COLUMNS),
            wahl=wahl,
        )
        elections.append((election, results[LINE_COLUMN]))
    return elections


if TYPE_CHECKING:  # an alias evaluated at import would import polars (the CLI's --help must not)
    ReadOne = Callable[[SourceFile, Meta], tuple[list[tuple[Election, pl.Series]], SourceContext]]


def read_each(sources: Iterable[SourceFile], meta: Meta, read_one: ReadOne, title: str) -> Reading:
    """Read every Wahlkreis file on its own: its Land packages and its context."""
    elections: list[Election] = []
    contexts: list[SourceContext] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    for source in sources:
        found, context = read_one(source, meta)
        contexts.append(context)
        for election, lines in found:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{title}: {len(elections)} Land-Pakete"
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
