"""The Bundeswahlleiterin's Wahlbezirksstatistik: results of every precinct in Germany.

`Wbz_EW24_Ergebnisse.csv` (UTF-8 with BOM, CRLF, `;`, RFC 4180 quotes in some names): one row
per precinct (its header: `wbz_header.py`). Beside it, `*_leitband.csv` names the Länder,
Kreise, Verbandsgemeinden and municipalities by key (`leitband.py`).

Decisions (see README, "Converting"):
- one package per Land, authority `LL0000000000`; rows carry their municipality's key;
- `bezirk-nr` and `BRIEFWAHLBEZIRK-NR` as `wbz_numbers.py` decides them (K25, K08, K23);
- `bezirk-art` B for 5, W for 0, 6 and 8 (K24 names the special ones);
- counts with thousands separators (Saarland, `1.413`) are read as integers (K07);
- the empty header fields after the parties are the format's (room for the long name), not S04.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import BEZIRK_ART, BEZIRK_NAME, BEZIRK_NR, BRIEFWAHLBEZIRK_NR, GS
from wahldaten.formats.bundeswahlleiterin.common import (
    ELECTION_DAYS,
    ELECTION_NAMES,
    LAENDER,
    land_key,
    read_table,
    strip_bom,
)
from wahldaten.formats.bundeswahlleiterin.facts import WbzFacts
from wahldaten.formats.bundeswahlleiterin.leitband import (
    Leitband,
    is_leitband,
    lookup,
    read_leitband,
)
from wahldaten.formats.bundeswahlleiterin.wbz_header import (
    ARS,
    BEZIRKSART,
    GEMEINDE,
    KEY_PARTS,
    KREIS,
    LAND,
    LAYOUT,
    LETTERS,
    LONG_NAME,
    RB,
    VG,
    WAHLBEZIRK,
    Columns,
    place,
    sniff_text,
)
from wahldaten.formats.bundeswahlleiterin.wbz_numbers import (
    LINK,
    NUMBER_B,
    POSTAL_ART,
    REPEAT,
    SPECIAL_ARTEN,
    URN_ART,
    numbered,
    postal_links,
)
from wahldaten.formats.counts import to_counts
from wahldaten.formats.facts import AREA as ROW_AREA
from wahldaten.formats.facts import RENAMED, VALUE, WHAT, HeaderForm, Origin, Rows
from wahldaten.formats.source import (
    PARTY_COLUMNS,
    Meta,
    Reading,
    SourceContext,
    SourceError,
    assemble,
    require_date,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "wbz"
TITLE = "Bundeswahlleiterin Wahlbezirksstatistik (Wbz_*_Ergebnisse.csv, Leitband)"
KEY_FORMATS = {
    LAND: r"^[0-9]{2}$",
    RB: r"^[0-9]$",
    KREIS: r"^[0-9]{2}$",
    VG: r"^[0-9]{4}$",
    GEMEINDE: r"^[0-9]{3}$",
}

__all__ = ["LAYOUT", "NAME", "TITLE", "read", "sniff_text"]


def malformed_keys(frame: pl.DataFrame) -> pl.Expr:
    """True where a part of the area key lacks its digits (Land 2, Reg.-Bezirk 1, Kreis 2,
    Verbandsgemeinde 4, Gemeinde 3), the Land is none of 01–16 or the Wahlbezirk is missing."""
    bad = pl.lit(False)
    for part, pattern in KEY_FORMATS.items():
        if part in frame.columns:
            bad = bad | ~pl.col(part).str.contains(pattern).fill_null(False)
    bad = bad | ~pl.col(LAND).is_in(list(LAENDER)).fill_null(False)
    return bad | pl.col(WAHLBEZIRK).is_null()


def _election_of(names: list[str]) -> tuple[str, str] | None:
    """(EW|BT, year) from a file name (`Wbz_EW24_…`, `btw21_wbz_…`) or a Leitband title."""
    for text in names:
        match = re.search(r"(?i)(?<![a-z])(EW|BTW|BT)_?([0-9]{2})(?![0-9])", text)
        if match:
            kind = "EW" if match.group(1).upper() == "EW" else "BT"
            return kind, f"20{match.group(2)}"
        match = re.search(r"(Bundestagswahl|Europawahl)\s+([0-9]{4})", text)
        if match:
            return ("BT" if match.group(1) == "Bundestagswahl" else "EW"), match.group(2)
    return None


def _selected(frame: pl.DataFrame, gs: str | None, display: str) -> pl.DataFrame:
    """With --gs: only the rows of that Land (`LL000000…`) or Kreis (`LLRKK000…`)."""
    if not gs:
        return frame
    if not re.fullmatch(r"[0-9]{8}([0-9]{4})?", gs) or gs[:2] not in LAENDER:
        raise SourceError("convert.bwl_gs_not_area", path=display, gs=gs)
    prefix = gs[:2] if not gs[2:].strip("0") else gs[:5] if not gs[5:].strip("0") else None
    if prefix is None:
        raise SourceError("convert.bwl_gs_not_area", path=display, gs=gs)
    chosen = frame.filter(pl.col(ARS).str.starts_with(prefix))
    if chosen.height == 0:
        raise SourceError("convert.bwl_gs_not_area", path=display, gs=gs)
    return chosen


def _rows(frame: pl.DataFrame, columns: Columns) -> pl.DataFrame:
    """The rows with the reader's internal names; the long name joined from its spill-over."""
    keep = {
        **{
            internal: pl.col(column).str.strip_chars() for internal, column in columns.roles.items()
        },
        **{letter: pl.col(column) for letter, column in columns.counts.items()},
    }
    long_name_parts = [columns.roles[LONG_NAME]] if LONG_NAME in columns.roles else []
    long_name_parts += columns.extra_names
    frame = frame.select(
        pl.col(LINE_COLUMN),
        *[expr.alias(name) for name, expr in keep.items() if name != LONG_NAME],
        (
            pl.concat_str([pl.col(c) for c in long_name_parts], separator=";", ignore_nulls=True)
            .str.strip_chars(' "\t')
            .replace("", None)
            if long_name_parts
            else pl.lit(None, pl.String)
        ).alias(LONG_NAME),
    )
    return frame.with_columns(
        *[
            pl.lit(default).alias(part)
            for part, default in ((RB, "0"), (VG, "0000"))
            if part not in frame.columns
        ]
    )


def _convertible(facts: WbzFacts, frame: pl.DataFrame, typed: pl.DataFrame) -> bool:
    """Area keys, Bezirksart and counts readable (`typed`: the counts as integers, null where
    a filled cell is not a count); what is not refuses the file."""
    keys = frame.select(malformed_keys(frame).any()).item()
    # A count that did not read: the cell is filled, its integer empty (formats.counts).
    counts = any((frame[c].is_not_null() & typed[c].is_null()).any() for c in facts.count_columns)
    arten = frame.filter(
        ~pl.col(BEZIRKSART).is_in([URN_ART, POSTAL_ART, *SPECIAL_ARTEN]).fill_null(True)
    ).head(1)
    if arten.height:
        what = pl.format("Bezirksart „{}“", pl.col(BEZIRKSART).fill_null("")).alias(WHAT)
        unknown = arten.select(LINE_COLUMN, pl.lit(None, pl.String).alias(ROW_AREA), what)
        facts.refused.append(Rows(unknown, "Bezirksart"))
    return not (keys or counts or arten.height)


def _results(
    frame: pl.DataFrame, lb: Leitband, letters: list[str], options: list[str]
) -> pl.DataFrame:
    """The OWD columns of every precinct, with the Land, the link and the line kept."""
    kreis_key = pl.concat_str(LAND, RB, KREIS)
    vg_key = pl.concat_str(LAND, RB, KREIS, VG)
    frame = frame.with_columns(
        lookup(frame, kreis_key, lb.kreise, "gebiet-ebene-4-name"),
        lookup(frame, vg_key, lb.verbaende, "gebiet-ebene-3-name"),
        lookup(frame, pl.col(ARS), lb.gemeinden, "gebiet-ebene-2-name"),
    )
    has_vg = ~pl.col(VG).str.contains(r"^0+$")
    return frame.select(
        pl.col(ARS).alias(GS),
        kreis_key.alias("gebiet-ebene-4-nr"),
        pl.col("gebiet-ebene-4-name"),
        pl.when(has_vg).then(vg_key).alias("gebiet-ebene-3-nr"),
        pl.when(has_vg).then(pl.col("gebiet-ebene-3-name")).alias("gebiet-ebene-3-name"),
        pl.col(ARS).alias("gebiet-ebene-2-nr"),
        pl.col("gebiet-ebene-2-name"),
        pl.col(BEZIRK_NR),
        pl.coalesce(
            LONG_NAME,
            pl.concat_str("gebiet-ebene-2-name", pl.lit(" "), WAHLBEZIRK),
            WAHLBEZIRK,
        ).alias(BEZIRK_NAME),
        pl.when(pl.col(BEZIRKSART) == POSTAL_ART)
        .then(pl.lit("B"))
        .otherwise(pl.lit("W"))
        .alias(BEZIRK_ART),
        pl.col(BRIEFWAHLBEZIRK_NR),
        *letters,
        *options,
        LAND,
        LINK,
        LINE_COLUMN,
    )


def _ballot(columns: Columns) -> pl.DataFrame:
    """The parties of the header, in their order: the same ballot for every Land."""
    rows = [
        {
            "stimmzettel-gebiet-nr": None,
            "stimmzettel-gebiet-bezeichnung": None,
            "stimmzettel-position": str(position),
            "partei-kurzname": name,
            "partei-langname": None,
            "partei-rgb-wert": None,
            "partei-typ": "P",
        }
        for position, name in columns.parties.items()
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(PARTY_COLUMNS, pl.String))


def _read_results(
    source: SourceFile, data: bytes, meta: Meta, leitband: Leitband | None, names: list[str]
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    display = source.display
    table = read_table(data, display)
    facts = WbzFacts(display=display, layout=LAYOUT, header_line=table.header_line)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
    if not table.usable:
        return [], context
    columns = place(table.header, table.columns)
    if isinstance(columns, tuple):
        facts.missing, facts.unknown = columns
        return [], context
    # Placed: the empty header fields are the long name's room, by the format's design.
    empty = frozenset(i for i, raw in enumerate(table.header, start=1) if not raw.strip())
    facts.header_form = HeaderForm(empty=empty)
    frame = _rows(table.frame, columns)
    facts.raw, facts.count_columns = frame, list(columns.counts)
    facts.thousands, facts.area = True, WAHLBEZIRK
    typed = to_counts(frame, facts.count_columns, thousands=True)
    if not _convertible(facts, frame, typed):
        return [], context
    letters = [c for c in LETTERS if c in columns.counts]
    options = [c for c in facts.count_columns if c not in LETTERS]
    frame = typed.with_columns(pl.concat_str(*KEY_PARTS).alias(ARS))
    frame = postal_links(numbered(_selected(frame, meta.gs, display)))
    facts.precincts = frame
    repeated = frame.filter(pl.col(REPEAT) > 0)
    if repeated.height:
        number = pl.col(NUMBER_B)
        renamed = pl.col(BEZIRK_NR).alias(RENAMED)
        facts.repeated = Rows(
            repeated.select(LINE_COLUMN, number.alias(ROW_AREA), number.alias(VALUE), renamed)
        )

    election_kind = _election_of([source.name, *names])
    datum_source = meta.wahl_datum or (ELECTION_DAYS.get(election_kind) if election_kind else None)
    datum = require_date(datum_source, display)
    # The file name or the Leitband's title names the election; its day is known.
    named = Origin.FILE_NAME if election_kind else Origin.DEFAULT
    facts.wrote("wahl-datum", datum, named if meta.wahl_datum is None else Origin.USER)
    wahl_name = meta.wahl_name or (ELECTION_NAMES[election_kind[0]] if election_kind else "Wahl")
    facts.wrote("wahl-name", wahl_name, named if meta.wahl_name is None else Origin.USER)
    lb = leitband or Leitband()
    if lb.gemeinden is None:
        facts.wrote("bezirk-name", "<Wahlbezirk>", Origin.DEFAULT)
    results = _results(frame, lb, letters, options)
    ballot = _ballot(columns)
    counts = [*letters, *options]
    elections: list[tuple[Election, pl.Series]] = []
    laender = sorted(str(v) for v in results[LAND].unique().to_list())
    for land in laender:
        rows = results.filter(pl.col(LAND) == land)
        land_name = lb.laender.get(land) or LAENDER[land]
        if land not in lb.laender:
            facts.wrote("wahl-behoerde-name", land_name, Origin.DEFAULT, "Land")
        behoerde = meta.behoerde_name if meta.behoerde_name and len(laender) == 1 else land_name
        gs = meta.gs if meta.gs and len(laender) == 1 else land_key(land)
        wahl: dict[str, str | None] = {
            GS: gs,
            "wahl-behoerde-name": behoerde,
            "wahl-datum": datum,
            "wahl-name": wahl_name,
            "wahl-bezeichnung": f"{wahl_name} {datum[-4:]} – {land_name}",
            "gebiet-ebene-4-bezeichnung": "Kreis",
            "gebiet-ebene-3-bezeichnung": (
                "Gemeindeverband" if rows["gebiet-ebene-3-nr"].is_not_null().any() else None
            ),
            "gebiet-ebene-2-bezeichnung": "Gemeinde",
            "bezirk-bezeichnung": "Wahlbezirk",
        }
        election = assemble(
            results=rows.drop(LAND, LINK, LINE_COLUMN), counts=counts, parties=ballot, wahl=wahl
        )
        elections.append((election, rows[LINE_COLUMN]))
    return elections, context


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    contexts: list[SourceContext] = []
    results: list[tuple[SourceFile, bytes]] = []
    leitband: Leitband | None = None
    titles: list[str] = []
    for source in sources:
        data = strip_bom(source.read())
        if is_leitband(data):
            found, context = read_leitband(source, data)
            contexts.append(context)
            leitband = found
            titles += [found.title or "", source.name]
        else:
            results.append((source, data))
    elections: list[Election] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    for source, data in results:
        found_elections, context = _read_results(source, data, meta, leitband, titles)
        contexts.append(context)
        for election, lines in found_elections:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{TITLE}: {len(elections)} Land-Pakete"
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
