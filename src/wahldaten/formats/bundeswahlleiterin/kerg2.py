"""The Bundeswahlleiterin's `kerg2.csv`: results per Wahlkreis, Land and Bund in long format.

UTF-8 with BOM, a preamble of about nine lines (`Status:;Endgültig`, `Stand:;…`) before the
header `Wahlart;Wahltag;Gebietsart;…`, one row per area, group and vote (Stimme 1 or 2; empty
for Wahlberechtigte and Wählende). The smallest unit is the Wahlkreis, so each Wahlkreis becomes
one Bezirk; Land and Bund rows are totals, checked against the Wahlkreise (K05, K06) and left
out. One package per Land (see `wahlkreise.py`): the ballot differs per Land, so each party
takes its position from the Land's `Gruppenreihenfolge`; the Einzelbewerber of a Wahlkreis (one
ballot entry each, `partei-typ` E) follow the Land's last party. An empty `Anzahl` (did not
stand) stays empty. Percentages (checked: K20), previous-election figures and remarks are not
carried (K09).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.bundeswahlleiterin.area_keys import padded
from wahldaten.formats.bundeswahlleiterin.common import (
    ELECTION_NAMES,
    find_line,
    head_lines,
    read_preamble,
    read_table,
    stand_timestamp,
    strip_bom,
)
from wahldaten.formats.bundeswahlleiterin.facts import Kerg2Facts, refusal
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    AREA,
    ART,
    BUND_ART,
    COUNT,
    EB,
    GROUP,
    KIND,
    LAND,
    LETTER,
    NR,
    ORDER,
    OTHER,
    PARENT,
    PARTY,
    POS,
    STIMME,
    SYSTEM,
    WAHLKREIS,
    WahlkreisElection,
    has_wahlkreise,
    land_elections,
    land_names,
    malformed_keys,
    read_each,
    totals,
)
from wahldaten.formats.counts import malformed_counts, to_counts
from wahldaten.formats.facts import AREA as ROW_AREA
from wahldaten.formats.facts import WHAT, Origin, Rows
from wahldaten.formats.source import Meta, Reading, SourceContext, require_date
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "kerg2"
TITLE = "Bundeswahlleiterin kerg2.csv (Wahlkreise, Langformat)"
LAYOUT = "kerg2 (Wahlart;Wahltag;Gebietsart;…;Stimme;Anzahl)"
REQUIRED = (
    "Wahlart",
    "Wahltag",
    "Gebietsart",
    "Gebietsnummer",
    "Gebietsname",
    "UegGebietsart",
    "UegGebietsnummer",
    "Gruppenart",
    "Gruppenname",
    "Gruppenreihenfolge",
    "Stimme",
    "Anzahl",
)
NOT_CARRIED = (
    "Prozent",
    "VorpAnzahl",
    "VorpProzent",
    "DiffProzent",
    "DiffProzentPkt",
    "Bemerkung",
    "Gewählt",
)
COUNTS = ["Anzahl"]
HEADER_START = "Wahlart;Wahltag;Gebietsart"
GRUPPENARTEN = {
    "System-Gruppe": SYSTEM,
    "Partei": PARTY,
    "Einzelbewerber/Wählergruppe": EB,
    "Einzelbewerber": EB,
}
# System groups: (Gruppenname, Stimme) → OWD letter; Übrige holds previous-election figures.
SYSTEM_LETTERS = {
    ("Wahlberechtigte", None): "A",
    ("Wählende", None): "B",
    ("Wähler", None): "B",
    ("Ungültige", 1): "C",
    ("Gültige", 1): "D",
    ("Ungültige", 2): "E",
    ("Gültige", 2): "F",
}
OTHERS = "Übrige"


def sniff_text(lines: list[str]) -> bool:
    return find_line(lines[:40], HEADER_START) is not None


def malformed_order_or_vote() -> pl.Expr:
    """True where `Gruppenreihenfolge` is not a whole number or `Stimme` neither 1, 2 nor empty."""
    return ~pl.col("Gruppenreihenfolge").str.contains(r"^\s*-?[0-9]+\s*$").fill_null(False) | (
        pl.col("Stimme").is_not_null() & ~pl.col("Stimme").str.contains(r"^\s*[12]\s*$")
    )


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows with the area key columns of `wahlkreise.py` (stripped, padded where the
    leading zeros are missing: K35) beside the source's."""
    return padded(
        frame.with_columns(
            pl.col("Gebietsart").str.strip_chars().alias(ART),
            pl.col("Gebietsnummer").str.strip_chars().alias(NR),
            pl.col("UegGebietsnummer").str.strip_chars().alias(PARENT),
        )
    )


def _long(frame: pl.DataFrame) -> pl.DataFrame:
    """The long frame of `wahlkreise.py`: area, group, vote, count, letter, position."""
    stimme = pl.col("Stimme").str.strip_chars().cast(pl.Int64, strict=False)
    typed = to_counts(frame, COUNTS).select(
        pl.col(LINE_COLUMN),
        pl.col(ART),
        pl.col(NR),
        pl.col("Gebietsname").alias(AREA),
        pl.col(PARENT),
        pl.col("Gruppenart")
        .str.strip_chars()
        .replace_strict(GRUPPENARTEN, default=None, return_dtype=pl.String)
        .alias(KIND),
        pl.col("Gruppenname").str.strip_chars().alias(GROUP),
        pl.col("Gruppenreihenfolge").str.strip_chars().cast(pl.Int64, strict=False).alias(ORDER),
        stimme.alias(STIMME),
        pl.col("Anzahl").alias(COUNT),
        *([pl.col("Prozent")] if "Prozent" in frame.columns else []),
    )
    letter = pl.lit(None, dtype=pl.String)
    for (group, vote), target in SYSTEM_LETTERS.items():
        same_vote = pl.col(STIMME).is_null() if vote is None else pl.col(STIMME) == vote
        letter = (
            pl.when((pl.col(KIND) == SYSTEM) & (pl.col(GROUP) == group) & same_vote)
            .then(pl.lit(target))
            .otherwise(letter)
        )
    typed = typed.with_columns(letter.alias(LETTER)).with_columns(
        pl.when((pl.col(KIND) == SYSTEM) & (pl.col(GROUP) == OTHERS))
        .then(pl.lit(OTHER))
        .otherwise(pl.col(KIND))
        .alias(KIND)
    )
    # A party's position is its place on the Land's ballot (the Land rows' Gruppenreihenfolge):
    # the Wahlkreis rows number the Erststimme ballot of their Wahlkreis, which differs.
    land_order = typed.filter((pl.col(ART) == LAND) & (pl.col(KIND) == PARTY)).select(
        pl.col(NR).alias("__land"), GROUP, pl.col(ORDER).alias(POS)
    )
    land_order = land_order.unique(subset=["__land", GROUP], keep="first")
    return typed.join(
        land_order,
        left_on=[PARENT, GROUP],
        right_on=["__land", GROUP],
        how="left",
        maintain_order="left",
    ).with_columns(
        pl.when((pl.col(ART) == WAHLKREIS) & (pl.col(KIND) == PARTY))
        .then(pl.col(POS))
        .otherwise(pl.lit(None, dtype=pl.Int64))
        .alias(POS)
    )


def _first_refused(rows: pl.DataFrame, column: str, what: pl.Expr) -> Rows:
    """The first of the rows, refused for what its `column` holds."""
    return Rows(
        rows.head(1).select(LINE_COLUMN, pl.lit(None, pl.String).alias(ROW_AREA), what.alias(WHAT)),
        column,
    )


def _convertible(facts: Kerg2Facts, rows: pl.DataFrame) -> bool:
    """Every value readable (counts, order and vote, area keys) and every area and group
    known; a file that is not is refused, with the reason recorded."""
    flags = rows.select(
        malformed_counts(rows, COUNTS).any().alias("counts"),
        malformed_order_or_vote().any().alias("order"),
        malformed_keys().any().alias("keys"),
    ).row(0)
    ok = not any(flags)
    if flags[1]:  # not values a layout can place: the ballot order and the vote are no counts
        what = pl.format(
            "Gruppenreihenfolge „{}“, Stimme „{}“",
            pl.col("Gruppenreihenfolge").fill_null(""),
            pl.col("Stimme").fill_null(""),
        )
        refused = rows.filter(malformed_order_or_vote()).select(
            LINE_COLUMN, pl.col("Gebietsnummer").alias(ROW_AREA), what.alias(WHAT)
        )
        facts.refused.append(Rows(refused, "Gruppenreihenfolge/Stimme"))
    unknown_art = rows.filter(~pl.col(ART).is_in([WAHLKREIS, LAND, BUND_ART]).fill_null(True))
    unknown_group = rows.filter(
        ~pl.col("Gruppenart").str.strip_chars().is_in(list(GRUPPENARTEN)).fill_null(True)
    )
    for unknown, column in ((unknown_art, "Gebietsart"), (unknown_group, "Gruppenart")):
        if unknown.height:
            what = pl.format(column + " „{}“", pl.col(column).fill_null(""))
            facts.refused.append(_first_refused(unknown, column, what))
            ok = False
    if ok:
        system = rows.filter(pl.col("Gruppenart").str.strip_chars() == "System-Gruppe")
        vote = pl.col("Stimme").str.strip_chars().cast(pl.Int64, strict=False)
        known = pl.lit(False)
        for group, stimme in SYSTEM_LETTERS:
            same = vote.is_null() if stimme is None else vote == stimme
            known = known | ((pl.col("Gruppenname").str.strip_chars() == group) & same)
        strange = system.filter(~known & (pl.col("Gruppenname").str.strip_chars() != OTHERS))
        if strange.height:
            what = pl.format(
                "System-Gruppe „{}“ (Stimme {})",
                pl.col("Gruppenname").fill_null(""),
                pl.when(pl.col("Stimme").str.len_chars() > 0)
                .then(pl.col("Stimme"))
                .otherwise(pl.lit("–")),
            )
            facts.refused.append(_first_refused(strange, "Gruppenname", what))
            ok = False
    return ok


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    data = strip_bom(source.read())
    display = source.display
    lines = head_lines(data)
    start = find_line(lines, HEADER_START)
    # A spreadsheet's re-save (Tab, Windows-1252) is read as such and reported (F15, F16).
    table = read_table(data, display, skip_lines=start or 0, resaved=True)
    facts = Kerg2Facts(display=display, layout=LAYOUT, header_line=table.header_line)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
    if start is None or not table.usable:
        if table.usable:
            what = "Wahlart;Wahltag;Gebietsart;… (Kopfzeile fehlt)"
            facts.refused.append(refusal(1, what, "Wahlart"))
        return [], context
    preamble = read_preamble(lines[:start])
    facts.status = preamble
    columns = table.columns
    facts.missing = [c for c in REQUIRED if c not in columns]
    facts.unknown = [c for c in columns if c not in REQUIRED and c not in NOT_CARRIED]
    if facts.missing or facts.unknown:
        return [], context
    facts.dropped = [c for c in NOT_CARRIED if c in columns]
    rows = _keyed(table.frame)
    facts.raw, facts.count_columns, facts.area = rows, COUNTS, "Gebietsnummer"
    if not _convertible(facts, rows):
        return [], context
    long = _long(rows)
    facts.long = long
    if long.filter((pl.col(KIND) == OTHER) & pl.col(COUNT).is_null()).height:
        facts.dropped.append(f"{OTHERS} (nur Vorperiode)")
    if not has_wahlkreise(long):
        what = "keine Zeile mit Gebietsart Wahlkreis"
        facts.refused.append(refusal(table.header_line, what, "Gebietsart"))
        return [], context
    facts.totals = totals(long)
    wahlart = _first(rows, "Wahlart")
    wahl_name = meta.wahl_name or ELECTION_NAMES.get(wahlart or "", wahlart or "Wahl")
    assumed = meta.wahl_name is None and wahlart not in ELECTION_NAMES
    origin = Origin.USER if meta.wahl_name else Origin.DEFAULT if assumed else Origin.SOURCE
    facts.wrote("wahl-name", wahl_name, origin, "Wahlart")
    datum = require_date(meta.wahl_datum or _first(rows, "Wahltag"), display)
    facts.wrote("wahl-datum", datum, Origin.USER if meta.wahl_datum else Origin.SOURCE, "Wahltag")
    info = WahlkreisElection(
        wahl_name=wahl_name,
        datum=datum,
        stand=stand_timestamp(preamble.stand),
        name_column="partei-kurzname",
        land_names=land_names(long),
    )
    return land_elections(facts, long, info, meta), context


def _first(frame: pl.DataFrame, column: str) -> str | None:
    values = frame[column].drop_nulls()
    return str(values[0]).strip() if values.len() else None


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    return read_each(sources, meta, _read_one, TITLE)
