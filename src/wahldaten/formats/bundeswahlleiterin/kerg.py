"""The Bundeswahlleiterin's `kerg.csv`: results per Wahlkreis, Land and Bund in wide format.

UTF-8 with BOM, five preamble lines (copyright, licence, blank, `Bundestagswahl 2025`,
`Vorläufiges Ergebnis`), then a header of three rows whose merged cells are exported as blanks:
row 1 names the group (`Nr;Gebiet;gehört zu;Gewählt;Wahlberechtigte;;;;Wählende;;;;…;<party>;
;;;…;Übrige;;;;`), row 2 the vote (`Erststimmen;;Zweitstimmen;;`), row 3 the period
(`Vorläufig|Endgültig;Vorperiode`). Four columns per group; rows 1 and 2 are forward-filled.
Wahlkreis rows (`001`, parent `01`), Land rows (`01`, parent `99`) and the Bund row (`99`) are
interleaved, separated by lines holding a single `;`.

Same model as kerg2 (see `kerg2.py`, `wahlkreise.py`): one package per Land, each Wahlkreis a
Bezirk, totals checked (K05, K06) and left out. Parties keep their column order as ballot
position (the file has one column order for all Länder; a party that did not stand in a Land is
not on its ballot). `Übrige` (Einzelbewerber and other Kreiswahlvorschläge, not broken down)
becomes one ballot entry after the parties. Wahlberechtigte and Wählende appear under both votes
and must agree (K29). Previous-period columns and `Gewählt` are not carried (K09).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.bundeswahlleiterin.common import (
    BUND,
    ELECTION_DAYS,
    ELECTION_NAMES,
    Preamble,
    find_line,
    head_lines,
    read_preamble,
    read_table,
    strip_bom,
)
from wahldaten.formats.bundeswahlleiterin.facts import KergFacts, VotePair, refusal
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    AREA,
    ART,
    BUND_ART,
    COUNT,
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

NAME = "kerg"
TITLE = "Bundeswahlleiterin kerg.csv (Wahlkreise, Breitformat)"
LAYOUT = "kerg (Nr;Gebiet;gehört zu;…, drei Kopfzeilen)"
HEADER_START = "Nr;Gebiet;gehört zu"
FIXED = {"Nr": NR, "Gebiet": AREA, "gehört zu": PARENT}
NOT_CARRIED_FIXED = ("Gewählt",)
PREVIOUS = "vorperiode"
OTHERS = "Übrige"
VOTES = {"erststimmen": 1, "zweitstimmen": 2}
SEP = " | "
# A count column: its group, its vote (1, 2) and whether it is of the current period.
Groups = dict[str, tuple[str, int, bool]]


def sniff_text(lines: list[str]) -> bool:
    return find_line(lines[:40], HEADER_START) is not None


def _system_letter(group: str) -> tuple[str, str] | None:
    """Letters of a system group for (Erststimmen, Zweitstimmen)."""
    text = group.strip().lower()
    if text.startswith("wahlberechtigte"):
        return "A", "A"
    if text.startswith(("wähler", "wählende")):
        return "B", "B"
    if text.startswith("ungültig"):
        return "C", "E"
    if text.startswith("gültig"):
        return "D", "F"
    return None


def _header(rows: list[list[str]]) -> tuple[list[str], Groups, list[str], list[str]]:
    """Column names from the three header rows, the groups of the count columns
    (name → (group, vote, current)), the fixed columns missing and the header fields that
    cannot be placed."""
    width = max(len(r) for r in rows)
    one, two, three = ([*r, *[""] * (width - len(r))] for r in rows)
    names: list[str] = []
    groups: Groups = {}
    unknown: list[str] = []
    group = vote_label = ""
    for index in range(width):
        first, second, third = one[index].strip(), two[index].strip(), three[index].strip()
        if first in FIXED or first in NOT_CARRIED_FIXED:
            names.append(first)
            group = ""
            continue
        if first:
            group, vote_label = first, ""
        if second:
            vote_label = second
        if not (first or second or third):
            names.append(f"__leer{index + 1}")
            continue
        vote = VOTES.get(vote_label.lower())
        if not group or vote is None or not third:
            unknown.append(first or second or third)
            names.append(f"__unbekannt{index + 1}")
            continue
        name = f"{group}{SEP}{vote_label}{SEP}{third}"
        if name in groups:
            unknown.append(name)
            name = f"{name}{SEP}{index + 1}"
        names.append(name)
        groups[name] = (group, vote, third.lower() != PREVIOUS)
    missing = [c for c in FIXED if c not in names]
    return names, groups, missing, unknown


def _area_art() -> pl.Expr:
    """Which kind of area a row is: a Land names the Bund (99) as parent, the Bund is 99."""
    parent = pl.col(PARENT).fill_null("")
    return (
        pl.when(parent == BUND)
        .then(pl.lit(LAND))
        .when(pl.col(NR) == BUND)
        .then(pl.lit(BUND_ART))
        .otherwise(pl.lit(WAHLKREIS))
        .alias(ART)
    )


def _long(frame: pl.DataFrame, groups: Groups) -> pl.DataFrame:
    """The long frame of `wahlkreise.py` from the current-period columns."""
    current = [c for c, (_, _, now) in groups.items() if now]
    parties = [g for g, _, _ in groups.values() if _system_letter(g) is None and g != OTHERS]
    order = {g: i for i, g in enumerate(dict.fromkeys(parties), start=1)}
    letter_of = {g: _system_letter(g) for g, _, _ in groups.values()}
    kinds = [
        SYSTEM if letter_of[groups[c][0]] else OTHER if groups[c][0] == OTHERS else PARTY
        for c in current
    ]
    letters = [
        pair[groups[c][1] - 1] if (pair := letter_of[groups[c][0]]) else None for c in current
    ]
    mapping = pl.DataFrame(
        {
            "__column": current,
            GROUP: [groups[c][0] for c in current],
            "__vote": [groups[c][1] for c in current],
            KIND: kinds,
            LETTER: letters,
            POS: [order.get(groups[c][0]) for c in current],
        },
        schema={
            "__column": pl.String,
            GROUP: pl.String,
            "__vote": pl.Int64,
            KIND: pl.String,
            LETTER: pl.String,
            POS: pl.Int64,
        },
    )
    melted = (
        to_counts(frame, current)
        .unpivot(on=current, index=[LINE_COLUMN, ART, NR, AREA, PARENT], variable_name="__column")
        .rename({"value": COUNT})
        .join(mapping, on="__column", how="left", maintain_order="left")
    )
    # Wahlberechtigte and Wählende stand under both votes: one value, without a Stimme.
    is_ab = pl.col(LETTER).is_in(["A", "B"]).fill_null(False)
    return melted.filter(~is_ab | (pl.col("__vote") == 1)).with_columns(
        pl.when(is_ab).then(pl.lit(None, pl.Int64)).otherwise(pl.col("__vote")).alias(STIMME),
        pl.col(POS).alias(ORDER),
        pl.when(pl.col(ART) == WAHLKREIS).then(pl.col(POS)).alias(POS),
    )


def _electorate(groups: Groups) -> list[VotePair]:
    """The Wahlberechtigte and Wählende columns of both votes (they must agree: K29)."""
    pairs: list[VotePair] = []
    for letter in ("A", "B"):
        columns = {
            vote: name
            for name, (group, vote, now) in groups.items()
            if now and (_system_letter(group) or ("", ""))[0] == letter
        }
        if 1 in columns and 2 in columns:
            pairs.append(VotePair(groups[columns[1]][0], columns[1], columns[2]))
    return pairs


def _status(lines: list[str], period_row: list[str], line: int) -> Preamble:
    """The preamble's status, or the one the third header row names (`Vorläufig;Vorperiode`)."""
    preamble = read_preamble(lines)
    if preamble.status is None:
        period = next(
            (v.strip() for v in period_row if v.strip() and v.strip().lower() != PREVIOUS), ""
        )
        found = read_preamble([period])
        if found.status is not None:
            preamble.status, preamble.status_raw = found.status, found.status_raw
            preamble.status_line = line
    return preamble


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    data = strip_bom(source.read())
    display = source.display
    facts = KergFacts(display=display, layout=LAYOUT)
    lines = head_lines(data)
    start = find_line(lines, HEADER_START)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if start is None or text is None or len(lines) < start + 3:
        table = read_table(data, display)
        context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
        if table.usable and text is not None:
            facts.refused.append(refusal(1, "Nr;Gebiet;gehört zu;… (Kopfzeile fehlt)", "Nr"))
        return [], context
    rows = [line.split(";") for line in lines[start : start + 3]]
    names, groups, missing, unknown = _header(rows)
    # The header becomes one line (its third row), separator lines `;` full-width empty rows,
    # so that every line keeps its number in findings.
    physical = text.split("\n")
    carriage = "\r" if physical[start].endswith("\r") else ""
    physical[start + 2] = ";".join(names) + carriage
    blank = re.compile(r"^[;\s]*$")
    for index in range(start + 3, len(physical)):
        if physical[index].strip() and blank.match(physical[index]):
            physical[index] = ";" * (len(names) - 1) + carriage
    table = read_table("\n".join(physical).encode("utf-8"), display, skip_lines=start + 2)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
    # The header begins with its first row.
    facts.header_line = start + 1
    if not table.usable:
        return [], context
    if missing or unknown:
        facts.missing, facts.unknown = missing, unknown[:5]
        return [], context
    preamble = _status(lines[:start], rows[2], start + 3)
    facts.status = preamble
    frame = table.frame.rename({"Nr": NR, "Gebiet": AREA, "gehört zu": PARENT})
    frame = frame.with_columns(pl.col(NR, PARENT).str.strip_chars())
    filled = [c for c in frame.columns if c.startswith("__leer")]
    frame = frame.filter(
        pl.col(NR).is_not_null()
        | pl.any_horizontal([pl.col(c).is_not_null() for c in frame.columns if c != LINE_COLUMN])
    )
    spill = (
        frame.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in filled])).head(1)
        if filled
        else None
    )
    if spill is not None and spill.height:
        what = pl.lit("Werte ohne Spaltenkopf").alias(WHAT)
        unplaced = spill.select(LINE_COLUMN, pl.lit(None, pl.String).alias(ROW_AREA), what)
        facts.refused.append(Rows(unplaced))
        return [], context
    facts.dropped = [c for c in NOT_CARRIED_FIXED if c in frame.columns]
    if any(not now for _, _, now in groups.values()):
        facts.dropped.append("Vorperiode (jede Gruppe)")
    current = [c for c, (_, _, now) in groups.items() if now]
    frame = frame.with_columns(_area_art())
    facts.raw, facts.count_columns, facts.area = frame, current, NR
    facts.electorate = _electorate(groups)
    if frame.select((malformed_counts(frame, current) | malformed_keys()).any()).item():
        return [], context
    long = _long(frame, groups)
    facts.long = long
    if not has_wahlkreise(long):
        facts.refused.append(refusal(None, "keine Wahlkreis-Zeile", "Nr"))
        return [], context
    facts.totals = totals(long)
    kind_year = preamble.title
    # The title names the year; the day is the election's (ELECTION_DAYS).
    datum_source = meta.wahl_datum or (ELECTION_DAYS.get(kind_year) if kind_year else None)
    datum = require_date(datum_source, display)
    facts.wrote("wahl-datum", datum, Origin.DERIVED if meta.wahl_datum is None else Origin.USER)
    wahl_name = meta.wahl_name or (ELECTION_NAMES[kind_year[0]] if kind_year else "Wahl")
    assumed = meta.wahl_name is None and kind_year is None
    origin = Origin.USER if meta.wahl_name else Origin.DEFAULT if assumed else Origin.SOURCE
    facts.wrote("wahl-name", wahl_name, origin)
    info = WahlkreisElection(
        wahl_name=wahl_name,
        datum=datum,
        stand=None,
        name_column="partei-langname",
        land_names=land_names(long),
    )
    return land_elections(facts, long, info, meta), context


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    return read_each(sources, meta, _read_one, TITLE)
