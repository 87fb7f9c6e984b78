"""Reading votemanager Open-Data files, and the facts for the K rules.

Party names are not in the file: they come from `open_data.json` or a Stimmzettel file
(`--meta`), the type of a Bezirk from `opendata-wahllokale.csv` or, failing that, from its
figures. Total rows (empty or 0 `gebiet-nr`) beside Bezirke are checked against them and left
out; a file of such rows only has them as its Bezirke, each keyed from the source where several
stand side by side (`keys`: Ortsteile, a Kreis's Gemeinden). A Hessian council file gets each
list's votes beyond its candidates as `D<n>_liste` (`layouts.with_list_votes`). The pseudo-row
of an election held entirely by post, which carries the electorate and no votes, stays a Bezirk:
the electorate is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import BEZIRK_ART, BEZIRK_NAME, BEZIRK_NR, DATUM, GS
from wahldaten.core.names import NAME as WAHL_NAME
from wahldaten.formats.counts import malformed_counts, to_counts
from wahldaten.formats.facts import AREA, BESIDE, ELECTORATE, LINE, TOTAL, Origin, Rows, Totals
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
from wahldaten.formats.votemanager.dates import repaired_dates
from wahldaten.formats.votemanager.facts import GIVEN, VotemanagerFacts
from wahldaten.formats.votemanager.keys import area_keys, repaired_keys
from wahldaten.formats.votemanager.layouts import (
    FIXED,
    HESSE,
    LAYOUT_TITLES,
    NAME,
    OPTION,
    REFERENDUM,
    TITLE,
    appended,
    layout_of,
    normalize,
    position,
    with_list_votes,
)
from wahldaten.formats.votemanager.siblings import sibling_totals
from wahldaten.io.csvtable import read_csv_table
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NR = "gebiet-nr"


def _is_count(column: str) -> bool:
    """Every column after the fixed ones counts something (layout_of refuses any other)."""
    return column not in FIXED


def _authority(frame: pl.DataFrame, meta: Meta) -> str | None:
    if meta.gs:
        return meta.gs
    keys = frame["ags"].drop_nulls().unique().to_list()
    if len(keys) == 1:
        return str(keys[0])
    prefixes = {str(k)[:5] for k in keys}
    if len(prefixes) == 1:
        return prefixes.pop() + "000"  # a Kreis file: rows carry their municipality
    counts = frame["ags"].drop_nulls().value_counts(sort=True)
    return str(counts[0, 0]) if counts.height else None


def _first(frame: pl.DataFrame, column: str) -> str | None:
    if column not in frame.columns:
        return None
    values = frame[column].drop_nulls()
    return str(values[0]) if values.len() else None


def _bezirk_art(frame: pl.DataFrame, meta: Meta, electorate: list[str]) -> pl.Expr:
    """W or B per row: from opendata-wahllokale.csv, else postal if A = 0 and B > 0 or the name
    says Briefwahl (VOTEMANAGER.md: postal rows carry no electorate). The electorate row of a
    postal-only election is no postal Bezirk: it holds the register (W). Per row, not per
    number: in a Kreis file the numbers repeat across municipalities."""
    types = {**meta.bezirk_art, **dict.fromkeys(electorate, "W")}
    known = (
        pl.col(NR).replace_strict(types, default=None, return_dtype=pl.String)
        if types
        else pl.lit(None, dtype=pl.String)
    )
    has_a = "A" in frame.columns and "B" in frame.columns
    postal_by_figures = ((pl.col("A") == 0) & (pl.col("B") > 0)) if has_a else pl.lit(False)
    postal_by_name = pl.col("gebiet-name").str.contains(r"(?i)brief")
    guess = pl.when(postal_by_figures | postal_by_name).then(pl.lit("B")).otherwise(pl.lit("W"))
    return pl.coalesce(known, guess).alias(BEZIRK_ART)


def _bezirke(
    facts: VotemanagerFacts, normalized: pl.DataFrame, counts: list[str], authority: str | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The Bezirke of the file, and the total rows beside them, which become facts (K05, K06).

    Rows without a number and nothing finer are areas of their own, keyed from the source
    (K31). A postal-only election's pseudo-row (`0;Stimmberechtigte`: the electorate, no
    votes) stays a Bezirk, so that the electorate is kept (K30)."""
    totals = normalized.filter(_is_total())
    bezirke = normalized.filter(~_is_total())
    keyed = None if bezirke.height else area_keys(totals, authority)
    if keyed is not None:
        normalized, source, facts.repeated = keyed
        totals = normalized.filter(_is_total())
        bezirke = normalized.filter(~_is_total())
        facts.derived_keys = Rows(bezirke.select(LINE, pl.col(NR).alias(AREA)), column=source)
    electorate = _electorate_rows(totals, bezirke, counts)
    if electorate.height:
        facts.electorate_row = Rows(
            electorate.select(
                LINE,
                pl.col(NR).alias(AREA),
                pl.col("A").alias(ELECTORATE),
                pl.lit(bezirke.height, dtype=pl.Int64).alias(BESIDE),
            ),
            column="A",
        )
        kept = pl.col(LINE).is_in(electorate[LINE].implode())
        totals = totals.filter(~kept)
        normalized = normalized.filter(~_is_total() | kept).with_columns(pl.col(NR).fill_null("0"))
        bezirke = normalized
    if totals.height and bezirke.height:
        # One total row adds up every Bezirk; of several, the file does not say which.
        key = pl.lit("*" if totals.height == 1 else None, dtype=pl.String)
        facts.totals = Totals(
            rows=totals.select(LINE, pl.col(NR).alias(AREA), key.alias(TOTAL), *counts),
            members=bezirke.select(pl.lit("*").alias(TOTAL), *counts),
            counts=counts,
            complete=False,
        )
        return bezirke, totals
    if totals.height:
        facts.promoted = Rows(totals.select(LINE, pl.col(NR).alias(AREA)))
        return normalized.with_columns(pl.col(NR).fill_null("0")), totals
    return normalized, totals


ELECTORATE_COLUMNS = ("A1", "A2", "A3", "A")


def _electorate_rows(
    totals: pl.DataFrame, bezirke: pl.DataFrame, counts: list[str]
) -> pl.DataFrame:
    """The total rows that carry the electorate of an election held entirely by post.

    Bavaria's run-offs of March 2020 (VOTEMANAGER.md §5): the electorate stands on a pseudo-row
    `0;Stimmberechtigte` with every vote 0, the votes on postal Bezirke with A = 0. Such a row is
    no total (its A is not a sum and its votes are not either): a row with A > 0 and no vote,
    beside Bezirke that have no electorate and have votes."""
    votes = [c for c in counts if c not in ELECTORATE_COLUMNS]
    if "A" not in counts or not votes or not totals.height or not bezirke.height:
        return totals.clear()
    no_electorate = bezirke.select((pl.col("A").fill_null(0) == 0).all()).item()
    voted = bezirke.select(pl.sum_horizontal(pl.col(votes).fill_null(0)).sum() > 0).item()
    if not (no_electorate and voted):
        return totals.clear()
    no_votes = pl.all_horizontal(pl.col(votes).fill_null(0) == 0)
    return totals.filter((pl.col("A") > 0) & no_votes)


def _is_total() -> pl.Expr:
    """Total rows have an empty or 0 gebiet-nr."""
    return pl.col(NR).is_null() | (pl.col(NR) == "0")


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[Election | None, SourceContext, pl.Series | None]:
    # Counts come as integers where the CSV layer can prove that loses nothing.
    table = read_csv_table(source.read(), source.display, integer=_is_count, resaved=True)
    header = [h.strip() for h in table.header]
    extra = appended(header)
    layout, unknown = layout_of(header[: len(header) - len(extra)])
    display = table.display
    title = LAYOUT_TITLES.get(layout, layout)
    facts = VotemanagerFacts(display, title, table.header_line, kind=layout)
    context = SourceContext(source_format=NAME, layout=layout, tables=[table], observed=facts)
    if not table.usable:
        return None, context, None
    facts.missing = [c for c in FIXED if c not in table.columns]
    facts.unknown, facts.ignored = unknown, extra
    if facts.missing or facts.unknown:
        return None, context, None
    frame = table.frame.drop([c for c in table.frame.columns if c.strip() in extra])
    raw_counts = [c for c in frame.columns if c not in FIXED and c != LINE]
    facts.raw, facts.count_columns, facts.area = frame, raw_counts, NR
    if frame.select(malformed_counts(frame, raw_counts).any()).item():
        return None, context, None

    typed = to_counts(frame, raw_counts)
    facts.typed = typed
    keyed, facts.padded = repaired_keys(typed)
    keyed, facts.respelt = repaired_dates(keyed)
    authority = _authority(keyed, meta)
    if authority is None:
        raise SourceError("convert.gs_missing", path=display)
    normalized, counts, facts.dropped = normalize(keyed, layout)
    if layout == HESSE:
        before = len(counts)
        normalized, counts = with_list_votes(normalized, counts)
        if len(counts) > before:
            facts.wrote("D<n>_liste", "D<n> − Σ D<n>_<k>", Origin.DERIVED, "D1")
    normalized, totals = _bezirke(facts, normalized, counts, authority)

    datum = require_date(meta.wahl_datum or _first(keyed, "datum"), display)
    in_file = _first(frame, "wahl")
    wahl_name = meta.wahl_name or in_file or "Wahl"
    named = Origin.USER if meta.wahl_name else Origin.SOURCE if in_file else Origin.DEFAULT

    electorate = [] if facts.electorate_row is None else facts.electorate_row.frame[AREA].to_list()
    normalized = normalized.with_columns(_bezirk_art(normalized, meta, electorate))
    not_inferred = pl.col(NR).is_in([*meta.bezirk_art, *electorate])
    facts.types = normalized.select(NR, BEZIRK_ART, not_inferred.alias(GIVEN))
    results = normalized.select(
        pl.col("ags").alias(GS),
        pl.col(NR).alias(BEZIRK_NR),
        pl.col("gebiet-name").alias(BEZIRK_NAME),
        pl.col(BEZIRK_ART),
        *counts,
    )
    positions = sorted({position(c) for c in counts if OPTION.match(c)})
    parties_meta = meta
    if layout == REFERENDUM:
        parties_meta = Meta(parties={1: Party(1, kurzname="Ja"), 2: Party(2, kurzname="Nein")})
    elif meta.parties is not None and len(meta.parties) == 1 and positions == [1, 2]:
        # One candidate on a Bavarian ballot: D1 = Ja (the candidate), D2 = Nein.
        only = next(iter(meta.parties.values()))
        parties_meta = Meta(parties={1: only, 2: Party(2, kurzname="Nein")})
        facts.yes_no = only.kurzname or only.langname or ""
    parties, _ = ballot(positions, parties_meta)
    facts.names, facts.names_file = position_names(positions, parties_meta), meta.parties_source
    facts.wrote(WAHL_NAME, wahl_name, named, "wahl")
    total_name = _first(totals.filter(pl.col("ags") == authority), "gebiet-name")
    behoerde = meta.behoerde_name or total_name or f"Behörde {authority}"
    given = Origin.USER if meta.behoerde_name else Origin.SOURCE if total_name else Origin.DEFAULT
    facts.wrote("wahl-behoerde-name", behoerde, given, "ags")
    wahl: dict[str, str | None] = {
        GS: authority,
        "wahl-behoerde-name": behoerde,
        DATUM: datum,
        WAHL_NAME: wahl_name,
        "wahl-bezeichnung": wahl_name,
        "bezirk-bezeichnung": "Wahlbezirk",
    }
    election = assemble(results=results, counts=counts, parties=parties, wahl=wahl)
    return election, context, normalized[LINE]


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    contexts: list[SourceContext] = []
    layouts: list[str] = []
    read_files: list[tuple[Election, SourceContext, pl.Series | None]] = []
    displays: list[str] = []
    for source in sources:
        election, context, lines = _read_one(source, meta)
        contexts.append(context)
        layouts.append(LAYOUT_TITLES.get(context.layout, context.layout))
        if election is not None:
            read_files.append((election, context, lines))
            displays.append(source.display)
    totals = sibling_totals(read_files)
    kept = [i for i in range(len(read_files)) if i not in totals]
    elections = [read_files[i][0] for i in kept]
    provenance = [(displays[i], read_files[i][2]) for i in kept]
    detected = f"{TITLE}: " + "; ".join(sorted(set(layouts)))
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
