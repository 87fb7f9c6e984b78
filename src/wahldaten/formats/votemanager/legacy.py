"""Reading votemanager's result CSV until 2017 (`legacy_layout`), one election per file.

Decisions (VOTEMANAGER.md, set 2):

- A row expecting one quick report (`MaxSchnellmeldungen` 1) is a Bezirk; a row expecting
  more is the total of an area (Stadtteil, Wahlkreis, the town). Totals beside Bezirke are
  checked against them and left out (K05, K06); a file of totals only has them as its Bezirke.
- On election night, a row without its quick report (`AnzSchnellmeldungen` 0) carries 0 in its
  totals: those zeros are "not reported", read as empty, never 0 (K37). A row with a count
  above 0 keeps every value: nothing is dropped on the counter's word alone.
- The key of a row is `Nr`; areas without one (Stadtteile) are keyed by their `Name` (K10),
  repeated keys get a suffix (K08).
- The file says neither date nor authority: `--datum` and `--gs`, else the file or folder name
  (`…_22.09.2013…`, `…20130922…`, an 8-digit AGS; K10), else the conversion stops and says what
  to give. The election's name comes from `--wahl-name` or the file name (`btw2013`), the party
  names from the header. Postal Bezirke are recognised by their figures (A = 0, B > 0) or name,
  or given by `opendata-wahllokale.csv` (K04).
- Files a spreadsheet saved again are read through the CSV layer's repairs (F15-F18).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import BEZIRK_ART, BEZIRK_NAME, BEZIRK_NR, DATUM, GS
from wahldaten.core.names import NAME as WAHL_NAME
from wahldaten.formats.akdb.names import date_from_name, wahl_name_in_names
from wahldaten.formats.counts import malformed_counts, to_counts
from wahldaten.formats.facts import (
    AREA,
    LINE,
    RENAMED,
    TOTAL,
    VALUE,
    HeaderForm,
    Origin,
    Rows,
    Totals,
)
from wahldaten.formats.source import (
    Meta,
    Party,
    Reading,
    SourceContext,
    SourceError,
    assemble,
    ballot,
    position_names,
    require_date,
)
from wahldaten.formats.votemanager.facts import GIVEN
from wahldaten.formats.votemanager.legacy_layout import (
    ANZ,
    AREA_NAME,
    LAYOUT,
    LAYOUT_TITLE,
    MAX,
    NAME,
    NR,
    TITLE,
    Columns,
    LegacyFacts,
    columns_of,
    is_count,
    sniff,
    sniff_text,
    spelled,
)
from wahldaten.io.csvtable import CsvTable, read_csv_table
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

__all__ = ["NAME", "TITLE", "LegacyFacts", "read", "sniff", "sniff_text"]

KEY = "__key"
WHOLE = "__whole"  # a total of every Bezirk of the file
AGS = re.compile(r"(?<![0-9])(0[1-9]|1[0-6])([0-9]{6})(?![0-9])")
ELECTORATE_PARTS = ["A1", "A2", "A3"]
LETTER_ORDER = [*ELECTORATE_PARTS, "A", "B", "C", "D", "E", "F"]


def gs_from_name(display: str) -> str | None:
    """An 8-digit municipality key (Land 01-16) in the file or folder name, not a date."""
    path = PurePath(display.replace("\\", "/"))
    for name in [path.name, *(p.name for p in list(path.parents)[:2])]:
        for match in AGS.finditer(name):
            key = match.group(0)
            if (
                date_from_name(key) is None
                and date_from_name(f"{key[4:]}{key[2:4]}{key[:2]}") is None
            ):
                return key
    return None


def _empty_columns(frame: pl.DataFrame, names: list[str]) -> set[str]:
    if frame.height == 0:
        return set(names)
    flags = frame.select(pl.col(names).is_null().all()).row(0)
    return {name for name, empty in zip(names, flags, strict=True) if empty}


def _header_form(table: CsvTable, empty: set[str]) -> HeaderForm:
    """The `;` ending every line gives an empty last header field: by design, not S04."""
    last = len(table.header)
    names = table.columns
    allowed = {
        n.position
        for n in table.facts.empty_names
        if n.position == last and names and names[-1] in empty
    }
    return HeaderForm(empty=frozenset(allowed))


def _not_reported(facts: LegacyFacts, typed: pl.DataFrame, counts: list[str]) -> pl.DataFrame:
    """Rows whose quick report is not in yet and whose counts are all 0 or empty: their zeros
    mean "not reported" and become empty (K37)."""
    zeros = pl.all_horizontal([pl.col(c).fill_null(0) == 0 for c in counts])
    some_value = pl.any_horizontal([pl.col(c).is_not_null() for c in counts])
    waiting = (pl.col(ANZ) == 0).fill_null(False) & zeros & some_value
    hits = typed.filter(waiting)
    if hits.height:
        facts.not_reported = Rows(hits.select(LINE, pl.col(KEY).alias(AREA)), column=ANZ)
    return typed.with_columns(
        pl.when(waiting).then(None).otherwise(pl.col(c)).alias(c) for c in counts
    )


def _keys(facts: LegacyFacts, frame: pl.DataFrame) -> pl.DataFrame:
    """The key of every row: `Nr`, else the area's name (K10); repeats get `-2`, `-3` (K08)."""
    base = pl.coalesce(pl.col(NR), pl.col(AREA_NAME), pl.col(LINE).cast(pl.String))
    keyed = frame.with_columns(base.alias(KEY))
    occurrence = pl.int_range(pl.len()).over(KEY) + 1
    renamed = pl.when(occurrence > 1).then(pl.col(KEY) + pl.lit("-") + occurrence.cast(pl.String))
    keyed = keyed.with_columns(renamed.alias(RENAMED))
    repeated = keyed.filter(pl.col(RENAMED).is_not_null())
    if repeated.height:
        facts.repeated = Rows(
            repeated.select(
                LINE, pl.col(KEY).alias(AREA), pl.col(KEY).alias(VALUE), pl.col(RENAMED)
            ),
            column=NR,
        )
    return keyed.with_columns(pl.coalesce(RENAMED, KEY).alias(KEY)).drop(RENAMED)


def _split(
    facts: LegacyFacts, frame: pl.DataFrame, counts: list[str], sources: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Bezirke (one quick report expected) and the totals beside them (K05, K06)."""
    aggregate = (pl.col(MAX) > 1).fill_null(False)
    totals = frame.filter(aggregate)
    bezirke = frame.filter(~aggregate)
    # A total expecting the quick reports of every Bezirk (or the only one) adds them all up;
    # of the others (Stadtteile beside a city total), the file does not say which they add up.
    whole = (pl.col(MAX) == bezirke.height) | pl.lit(totals.height == 1)
    totals = totals.with_columns(whole.fill_null(False).alias(WHOLE))
    if totals.height and bezirke.height:
        key = pl.when(pl.col(WHOLE)).then(pl.lit("*")).otherwise(pl.lit(None, dtype=pl.String))
        facts.totals = Totals(
            rows=totals.select(LINE, pl.col(KEY).alias(AREA), key.alias(TOTAL), *counts),
            members=bezirke.select(pl.lit("*").alias(TOTAL), *counts),
            counts=counts,
            columns=sources,
            complete=False,
        )
        return bezirke, totals
    if totals.height:
        facts.promoted = Rows(totals.select(LINE, pl.col(KEY).alias(AREA)))
    return frame, totals


def _bezirk_art(frame: pl.DataFrame, meta: Meta) -> pl.DataFrame:
    """W or B per row: from opendata-wahllokale.csv (`--meta`), else postal where A = 0 and
    B > 0 or the name says Briefwahl (postal Bezirke have no electorate of their own)."""
    given = (
        pl.col(KEY).replace_strict(meta.bezirk_art, default=None, return_dtype=pl.String)
        if meta.bezirk_art
        else pl.lit(None, dtype=pl.String)
    )
    by_figures = ((pl.col("A") == 0) & (pl.col("B") > 0)).fill_null(False)
    by_name = pl.col(AREA_NAME).str.contains(r"(?i)brief").fill_null(False)
    guess = pl.when(by_figures | by_name).then(pl.lit("B")).otherwise(pl.lit("W"))
    return frame.with_columns(
        pl.coalesce(given, guess).alias(BEZIRK_ART), given.is_not_null().alias(GIVEN)
    )


def _ordered(counts: list[str]) -> list[str]:
    letters = [c for c in LETTER_ORDER if c in counts]
    options = sorted((c for c in counts if c not in letters), key=lambda c: (int(c[1:]), c[0]))
    return letters + options


def _wahl(
    facts: LegacyFacts, meta: Meta, display: str, totals: pl.DataFrame
) -> dict[str, str | None]:
    """Wahlparameter: what the options say, else the file name, else stop or a default (K10)."""
    datum = require_date(meta.wahl_datum or date_from_name(display), display)
    facts.wrote(DATUM, datum, Origin.USER if meta.wahl_datum else Origin.FILE_NAME)
    authority = meta.gs or gs_from_name(display)
    if authority is None:
        raise SourceError("convert.gs_missing", path=display)
    facts.wrote(GS, authority, Origin.USER if meta.gs else Origin.FILE_NAME)
    in_name = wahl_name_in_names(display)
    wahl_name = meta.wahl_name or in_name or "Wahl"
    named = Origin.USER if meta.wahl_name else Origin.FILE_NAME if in_name else Origin.DEFAULT
    facts.wrote(WAHL_NAME, wahl_name, named)
    whole = totals.filter(pl.col(WHOLE)) if WHOLE in totals.columns else totals.clear()
    total_name = str(whole[AREA_NAME][0]) if whole.height == 1 and whole[AREA_NAME][0] else None
    behoerde = meta.behoerde_name or total_name or f"Behörde {authority}"
    given = Origin.USER if meta.behoerde_name else Origin.SOURCE if total_name else Origin.DEFAULT
    facts.wrote("wahl-behoerde-name", behoerde, given, AREA_NAME)
    return {
        GS: authority,
        "wahl-behoerde-name": behoerde,
        DATUM: datum,
        WAHL_NAME: wahl_name,
        "wahl-bezeichnung": wahl_name,
        "bezirk-bezeichnung": "Stimmbezirk",
    }


def _convert(
    facts: LegacyFacts, frame: pl.DataFrame, columns: Columns, meta: Meta
) -> tuple[Election, pl.Series] | None:
    sources = [c for c in frame.columns if c in columns.rename]
    counted = [*sources, *columns.ballots, MAX, ANZ]
    facts.raw, facts.count_columns, facts.area = frame, counted, NR
    if frame.select(malformed_counts(frame, counted).any()).item():
        return None  # K02
    typed = _keys(facts, to_counts(frame, counted))
    typed = _not_reported(facts, typed, [*sources, *columns.ballots])
    facts.typed = typed
    filled = [c for c in columns.ballots if typed[c].null_count() < typed.height]
    if filled:
        facts.unknown = filled  # K01: ballot papers beside votes, which OWD cannot place here
        return None
    facts.dropped = [*facts.dropped, *columns.ballots]
    facts.sources = {columns.rename[c]: c for c in sources}
    renamed = [pl.col(c).alias(columns.rename[c]) for c in sources]
    # The electorate without its parts: A1-A3 stay empty, never 0 (K38).
    parts = [pl.lit(None, dtype=pl.Int64).alias(c) for c in ELECTORATE_PARTS]
    facts.electorate_only = "A" in facts.sources
    normalized = typed.select(LINE, KEY, NR, AREA_NAME, MAX, ANZ, *renamed, *parts)
    counts = _ordered([*ELECTORATE_PARTS, *facts.sources])
    bezirke, totals = _split(facts, normalized, counts, facts.sources)
    if bezirke.select(pl.col(NR).is_null().any()).item():
        facts.wrote(BEZIRK_NR, AREA_NAME, Origin.DERIVED, NR)  # areas without a number
    wahl = _wahl(facts, meta, facts.display, totals)
    typed_art = _bezirk_art(bezirke, meta)
    facts.types = typed_art.select(pl.col(KEY).alias("gebiet-nr"), BEZIRK_ART, GIVEN)
    results = typed_art.select(
        pl.lit(wahl[GS], dtype=pl.String).alias(GS),
        pl.col(KEY).alias(BEZIRK_NR),
        pl.col(AREA_NAME).alias(BEZIRK_NAME),
        BEZIRK_ART,
        *counts,
    )
    positions = list(range(1, len(columns.parties) + 1))
    named = Meta(parties={n: Party(n, kurzname=p) for n, p in enumerate(columns.parties, 1)})
    parties, _ = ballot(positions, named)
    facts.names, facts.names_file = position_names(positions, named), facts.display
    election = assemble(results=results, counts=counts, parties=parties, wahl=wahl)
    return election, bezirke[LINE]


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[Election | None, SourceContext, pl.Series | None]:
    # Counts come as integers where the CSV layer proves that loses nothing; re-saved files
    # (commas, tabs, Windows-1252) are read and reported (F15-F18).
    table = read_csv_table(source.read(), source.display, integer=is_count, resaved=True)
    facts = LegacyFacts(table.display, LAYOUT_TITLE, table.header_line, kind=LAYOUT)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
    # A refused file (F18) is not read at all: no column of it loses values (no S04 either).
    empty = _empty_columns(table.frame, table.columns) if table.usable else set(table.columns)
    facts.header_form = _header_form(table, empty)
    if not table.usable:
        return None, context, None
    # Known columns spelt otherwise (`nr`, `gueltig`) under this layout's names.
    spelling = spelled(table.columns)
    frame = table.frame.rename(spelling)
    names = [spelling.get(c, c) for c in table.columns]
    columns = columns_of(names, {spelling.get(c, c) for c in empty})
    facts.missing, facts.unknown, facts.dropped = columns.missing, columns.unknown, columns.dropped
    if facts.missing or facts.unknown:
        return None, context, None  # K01
    converted = _convert(facts, frame, columns, meta)
    if converted is None:
        return None, context, None
    election, lines = converted
    return election, context, lines


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    elections: list[Election] = []
    contexts: list[SourceContext] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    for source in sources:
        election, context, lines = _read_one(source, meta)
        contexts.append(context)
        if election is not None:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{TITLE}: {LAYOUT_TITLE}"
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
