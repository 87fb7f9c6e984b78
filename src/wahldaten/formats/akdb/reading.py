"""Reading a Wahlportal file: layout, counts, Bezirke, packages, and the facts for the K rules.

The reader refuses what it cannot place (K01: an unknown column or Gebietsart, a pair without
key; K02: a count that is not a number) and records everything it decided on the way in
`AkdbFacts`: where the date, the name and the authority come from, which columns it did not
carry, which rows are totals of which precincts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import BEZIRK_ART as ART_COLUMN
from wahldaten.core.names import BEZIRK_NAME, BEZIRK_NR, DATUM, GS, STIMMZETTEL_GEBIET
from wahldaten.core.names import NAME as WAHL_NAME
from wahldaten.formats.akdb.areas import (
    AGS,
    ART,
    BEZIRK_ART,
    BNR,
    GEBIET_NAME,
    GNAME,
    NUMMER,
    ROW_GS,
    WK,
    Part,
    area_art,
    normalize,
    parts_of,
    precincts_of,
    totals_of,
    with_keys,
)
from wahldaten.formats.akdb.facts import AkdbFacts
from wahldaten.formats.akdb.layouts import (
    AGGREGATES,
    GEBIETSART,
    GEBIETSNUMMER,
    KEY,
    LAYOUT_TITLES,
    NAME,
    PAIRS,
    POSITION,
    PRECINCTS,
    STIMMKREIS,
    TITLE,
    VOTES,
    WIDE,
    is_count,
    layout_of,
)
from wahldaten.formats.akdb.names import date_from_name, wahl_name_from, wahl_name_in_names
from wahldaten.formats.akdb.pairs import pair_keys, unplaceable
from wahldaten.formats.counts import malformed_counts, to_counts
from wahldaten.formats.facts import AREA, LINE, WHAT, HeaderForm, Origin, Rows
from wahldaten.formats.source import (
    Meta,
    Party,
    Reading,
    SourceContext,
    assemble,
    ballot,
    position_names,
    require_date,
)
from wahldaten.io.csvtable import CsvTable, read_csv_table
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


def _empty_columns(table: CsvTable) -> list[str]:
    """Columns without a header name and without any value (the trailing `;` of every line)."""
    frame = table.frame
    return [
        c
        for c in table.columns
        if re.fullmatch(r"#[0-9]+", c) and frame[c].null_count() == frame.height
    ]


def _header_form(table: CsvTable, empty: list[str], layout_name: str) -> HeaderForm:
    """What the header has by design: every line ends with `;` (an empty last field), and the
    pair layout repeats its two names."""
    last = frozenset(int(c[1:]) for c in empty if int(c[1:]) == len(table.header))
    repeated = frozenset({KEY, VOTES}) if layout_name == PAIRS else frozenset()
    return HeaderForm(empty=last, repeated=repeated)


def _origin(given: object, found: object) -> Origin:
    return Origin.USER if given else Origin.SOURCE if found else Origin.DEFAULT


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    # Counts come as integers where the CSV layer can prove that loses nothing (no padding,
    # sign or leading zero); anything else stays text and is read below, or refused (K02).
    table = read_csv_table(source.read(), source.display, integer=is_count)
    display = table.display
    facts = AkdbFacts(display=display, layout=LAYOUT_TITLES[WIDE], header_line=table.header_line)
    context = SourceContext(source_format=NAME, layout=WIDE, tables=[table], observed=facts)
    if not table.usable:
        return [], context
    empty = _empty_columns(table)
    layout = layout_of(table.columns, ignore=empty)
    facts.header_form = _header_form(table, empty, layout.name)
    context.layout = layout.name
    facts.layout, facts.mapping = layout.title, layout
    facts.missing, facts.unknown = layout.missing, layout.unknown
    if layout.missing or layout.unknown:
        return [], context
    frame = table.frame
    if frame.height == 0:
        return [], context
    arten = pl.col(GEBIETSART).str.strip_chars().str.to_uppercase()
    strange = frame.filter(arten.is_null() | ~arten.is_in([*PRECINCTS, *AGGREGATES]))
    if strange.height:
        what = pl.format("{} = {}", pl.lit(GEBIETSART), pl.col(GEBIETSART).fill_null(""))
        rows = strange.select(LINE, pl.col(GEBIETSNUMMER).alias(AREA), what.alias(WHAT))
        facts.refused.append(Rows(rows, GEBIETSART))
        return [], context
    facts.raw, facts.count_columns, facts.area = frame, layout.numeric, GEBIETSNUMMER
    if frame.select(malformed_counts(frame, layout.numeric).any()).item():
        return [], context
    typed = to_counts(frame, layout.numeric)
    facts.typed = typed
    if layout.name == PAIRS:
        facts.refused = unplaceable(typed, layout)
        if facts.refused:
            return [], context
    return _convert(facts, layout.name, typed, meta), context


def _convert(
    facts: AkdbFacts, layout_name: str, typed: pl.DataFrame, meta: Meta
) -> list[tuple[Election, pl.Series]]:
    """The packages of a file whose layout and counts are known."""
    assert facts.mapping is not None
    display = facts.display
    rows, counts, formulas = normalize(typed, facts.mapping)
    facts.dropped = facts.mapping.dropped
    for letter, formula in formulas.items():
        facts.wrote(letter, formula, Origin.DERIVED, letter)
    named_date = None if meta.wahl_datum else date_from_name(display)
    datum = require_date(meta.wahl_datum or named_date, display)
    facts.wrote(DATUM, datum, Origin.USER if meta.wahl_datum else Origin.FILE_NAME)
    arten_found = {str(a) for a in rows[ART].unique().to_list()}
    wahl_name = meta.wahl_name or wahl_name_from(display, arten_found, "F" in counts)
    named = Origin.FILE_NAME if wahl_name_in_names(display) else Origin.DEFAULT
    facts.wrote(WAHL_NAME, wahl_name, Origin.USER if meta.wahl_name else named)

    precincts, aggregates, promoted = precincts_of(rows)
    parts, constructed = parts_of(rows, precincts, meta, display)
    parts, facts.unplaced, facts.repeated = with_keys(parts, meta)
    authority = Origin.DEFAULT if constructed else _origin(meta.gs, True)
    gs = ", ".join(p.gs for p in parts)
    facts.wrote(GS, gs, authority, GEBIETSNUMMER)
    keyed = pl.concat([p.rows for p in parts], how="vertical_relaxed")
    if promoted:
        facts.promoted = Rows(keyed.select(LINE, pl.col(NUMMER).alias(AREA)))
    sources = {owd: src for src, owd in facts.mapping.counts.items()}
    facts.totals = totals_of(aggregates, keyed, counts, sources)

    positions = sorted({int(m.group(1)) for c in counts if (m := POSITION.match(c))})
    ballot_meta = meta
    if layout_name == PAIRS:
        keys = pair_keys(typed, facts.mapping)
        ballot_meta = Meta(parties={i: Party(i, kurzname=k) for i, k in enumerate(keys, start=1)})
    facts.names, facts.names_file = position_names(positions, ballot_meta), meta.parties_source
    wk_label = "Stimmkreis" if STIMMKREIS in arten_found else "Wahlkreis"
    wk_names = (
        aggregates.filter(pl.col(ART) == area_art(aggregates))
        .select(
            pl.coalesce(pl.col(WK), pl.col(NUMMER)).alias(WK), pl.col(GEBIET_NAME).alias("_wk_name")
        )
        .unique(subset=WK, keep="first", maintain_order=True)
    )
    elections: list[tuple[Election, pl.Series]] = []
    for part in parts:
        behoerde = meta.behoerde_name or part.name or f"Behörde {part.gs}"
        facts.wrote("wahl-behoerde-name", behoerde, _origin(meta.behoerde_name, part.name))
        wahl: dict[str, str | None] = {
            GS: part.gs,
            "wahl-behoerde-name": behoerde,
            DATUM: datum,
            WAHL_NAME: wahl_name,
            "wahl-bezeichnung": wahl_name,
            "bezirk-bezeichnung": "Stimmbezirk",
        }
        election = _election(part, counts, positions, ballot_meta, wk_names, wk_label, wahl)
        elections.append((election, part.rows[LINE]))
    return elections


def _election(
    part: Part,
    counts: list[str],
    positions: list[int],
    ballot_meta: Meta,
    wk_names: pl.DataFrame,
    wk_label: str,
    wahl: dict[str, str | None],
) -> Election:
    rows = part.rows.join(wk_names, on=WK, how="left", maintain_order="left")
    has_level_2 = rows[AGS].is_not_null().any()
    has_wk = rows[WK].is_not_null().any()
    area: list[pl.Expr] = []
    if has_level_2:
        area += [pl.col(AGS).alias("gebiet-ebene-2-nr"), pl.col(GNAME).alias("gebiet-ebene-2-name")]
    if has_wk:
        area += [
            pl.col(WK).alias("gebiet-ebene-3-nr"),
            pl.col("_wk_name").alias("gebiet-ebene-3-name"),
            pl.col(WK).alias(STIMMZETTEL_GEBIET),
            pl.col("_wk_name").alias("stimmzettel-gebiet-bezeichnung"),
        ]
    results = rows.select(
        pl.col(ROW_GS).alias(GS),
        pl.col(BNR).alias(BEZIRK_NR),
        pl.col(GEBIET_NAME).alias(BEZIRK_NAME),
        pl.col(BEZIRK_ART).alias(ART_COLUMN),
        *area,
        *counts,
    )
    areas: list[str | None] = (
        [str(a) for a in rows[WK].drop_nulls().unique(maintain_order=True).to_list()]
        if has_wk
        else [None]
    )
    frames = [ballot(positions, ballot_meta, area=gebiet)[0] for gebiet in areas]
    names = dict(zip(wk_names[WK].to_list(), wk_names["_wk_name"].to_list(), strict=True))
    parties = pl.concat(frames).with_columns(
        pl.col(STIMMZETTEL_GEBIET)
        .replace_strict(names, default=None, return_dtype=pl.String)
        .alias("stimmzettel-gebiet-bezeichnung")
    )
    wahl = {
        **wahl,
        "gebiet-ebene-2-bezeichnung": "Gemeinde" if has_level_2 else None,
        "gebiet-ebene-3-bezeichnung": wk_label if has_wk else None,
    }
    return assemble(results=results, counts=counts, parties=parties, wahl=wahl)


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    elections: list[Election] = []
    contexts: list[SourceContext] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    layouts: list[str] = []
    for source in sources:
        found, context = _read_one(source, meta)
        contexts.append(context)
        layouts.append(LAYOUT_TITLES.get(context.layout, context.layout))
        for election, lines in found:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{TITLE}: " + "; ".join(sorted(set(layouts)))
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
