"""The Bundeswahlleiterin's `kerg.csv`: results per Wahlkreis, Land and Bund in wide format.

Every generation of the file, 1949 to 2025 (`kerg_header.py` finds and names the header):
a preamble (`#` comment lines in the archive, title rows, licence lines), one to three header
rows (group; `Erststimmen`/`Zweitstimmen` where the election had two votes; `Endgültig|
Vorläufig`/`Vorperiode` where the previous period is given), then the Wahlkreis rows, each
Land's total row after its Wahlkreise and the Bund's at the end, separated by lines of `;`.
The area keys are read as the same keys however a generation writes them (`area_keys.py`:
`1` for `001`, `SH` for Land `01`, `916` for the last Land listed: K35).

Same model as kerg2 (see `kerg2.py`, `wahlkreise.py`): one package per Land, each Wahlkreis a
Bezirk, totals checked (K05, K06) and left out. Parties keep their column order as ballot
position (the file has one column order for all Länder; a party with no count in a Land is
not on its ballot; a party the file gives as 0 where it did not stand, as 1990 does, keeps its
0). `Übrige` (Einzelbewerber and other Kreiswahlvorschläge, not broken down) becomes one ballot
entry after the parties. Where the election had one vote (1949), it fills C/D/D<n>.
Wahlberechtigte and Wählende appear under both votes (2013 on) and must agree (K29); where only
one of them is written, it is the count. Previous-period columns and `Gewählt` are not carried
(K09).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.bundeswahlleiterin import kerg_header
from wahldaten.formats.bundeswahlleiterin.area_keys import keyed
from wahldaten.formats.bundeswahlleiterin.common import (
    ELECTION_DAYS,
    ELECTION_NAMES,
    Preamble,
    read_preamble,
    read_table,
    strip_bom,
)
from wahldaten.formats.bundeswahlleiterin.facts import KergFacts, VotePair, refusal
from wahldaten.formats.bundeswahlleiterin.kerg_header import Column, Header
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    AREA,
    ART,
    COUNT,
    GROUP,
    KIND,
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
from wahldaten.io.csvdecode import decode as decode_csv
from wahldaten.io.csvdecode import other_separator, to_semicolons
from wahldaten.io.csvfacts import CsvFacts, Misencoding
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "kerg"
TITLE = "Bundeswahlleiterin kerg.csv (Wahlkreise, Breitformat)"
LAYOUT = "kerg (Nr;Gebiet;gehört zu;… oder Wahlkreis;;Land;…, eine bis drei Kopfzeilen)"
OTHERS = "Übrige"
ROLE_NAMES = {kerg_header.NR: NR, kerg_header.AREA: AREA, kerg_header.PARENT: PARENT}
HEAD_LINES = 40


def sniff_text(lines: list[str]) -> bool:
    return kerg_header.locate(lines[:HEAD_LINES]) is not None


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


def _letter(column: Column) -> str | None:
    pair = _system_letter(column.group)
    return pair[(column.vote or 1) - 1] if pair else None


def _kind(column: Column) -> str:
    return SYSTEM if _system_letter(column.group) else OTHER if column.group == OTHERS else PARTY


def _long(frame: pl.DataFrame, header: Header) -> pl.DataFrame:
    """The long frame of `wahlkreise.py` from the current-period columns. Wahlberechtigte and
    Wählende are one count each, without a Stimme: the first of their columns written (they
    must agree where both are: K29); a file of one vote gives every other count Stimme 1."""
    current = [c for c in header.counts if c.current]
    parties = [c.group for c in current if _kind(c) == PARTY]
    order = {g: i for i, g in enumerate(dict.fromkeys(parties), start=1)}
    electorate = {
        letter: [c.name for c in current if _letter(c) == letter and c.vote != 2]
        + [c.name for c in current if _letter(c) == letter and c.vote == 2]
        for letter in ("A", "B")
    }
    kept = [c for c in current if _letter(c) not in electorate]
    merged = {f"__{letter}": names for letter, names in electorate.items() if names}
    columns = [c.name for c in kept] + list(merged)
    mapping = pl.DataFrame(
        {
            "__column": columns,
            GROUP: [c.group for c in kept] + [_electorate_group(current, m) for m in merged],
            STIMME: [c.vote or 1 for c in kept] + [None] * len(merged),
            KIND: [_kind(c) for c in kept] + [SYSTEM] * len(merged),
            LETTER: [_letter(c) for c in kept] + [m[2:] for m in merged],
            POS: [order.get(c.group) for c in kept] + [None] * len(merged),
        },
        schema={
            "__column": pl.String,
            GROUP: pl.String,
            STIMME: pl.Int64,
            KIND: pl.String,
            LETTER: pl.String,
            POS: pl.Int64,
        },
    )
    typed = to_counts(frame, [c.name for c in current]).with_columns(
        pl.coalesce(names).alias(name) for name, names in merged.items()
    )
    return (
        typed.unpivot(
            on=columns, index=[LINE_COLUMN, ART, NR, AREA, PARENT], variable_name="__column"
        )
        .rename({"value": COUNT})
        .join(mapping, on="__column", how="left", maintain_order="left")
        .with_columns(
            pl.col(POS).alias(ORDER),
            pl.when(pl.col(ART) == WAHLKREIS).then(pl.col(POS)).alias(POS),
        )
        .drop("__column")
    )


def _electorate_group(current: list[Column], merged: str) -> str:
    return next(c.group for c in current if _letter(c) == merged[2:])


def _electorate(header: Header) -> list[VotePair]:
    """The Wahlberechtigte and Wählende columns of both votes (they must agree: K29)."""
    pairs: list[VotePair] = []
    for letter in ("A", "B"):
        columns = {c.vote: c for c in header.counts if c.current and _letter(c) == letter}
        if 1 in columns and 2 in columns:
            pairs.append(VotePair(columns[1].group, columns[1].name, columns[2].name))
    return pairs


def _status(lines: list[str], header: Header, line: int) -> Preamble:
    """The preamble's status, or the one the period header row names (`Vorläufig`)."""
    preamble = read_preamble(lines)
    if preamble.status is None and header.period:
        found = read_preamble([header.period])
        if found.status is not None:
            preamble.status, preamble.status_raw = found.status, found.status_raw
            preamble.status_line = line
    return preamble


def _rewritten(text: str, block: kerg_header.Block, header: Header) -> tuple[bytes, int]:
    """The file as one header line (the block's last line) above its data, separator lines
    as full-width empty rows, so that every line keeps its number; and the lines to skip."""
    physical = text.split("\n")
    last = block.end - 1
    carriage = "\r" if physical[last].endswith("\r") else ""
    physical[last] = ";".join(header.names) + carriage
    blank = re.compile(r"^[;\s]*$")
    width = ";" * (len(header.names) - 1)
    # Blank lines (`;`, or nothing at all in the archive) separate the Länder; the file's end
    # (after its last line break) stays as it is.
    body = physical[block.end : len(physical) - 1]
    physical[block.end : len(physical) - 1] = [
        width + ("\r" if line.endswith("\r") else "") if blank.match(line) else line
        for line in body
    ]
    return "\n".join(physical).encode("utf-8"), last


def _head(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.split("\n", HEAD_LINES)[:HEAD_LINES]]


def _separated(text: str) -> tuple[str, str | None]:
    """The text with `;` between its fields, and the separator a spreadsheet's re-save used
    instead (Tab or comma: F15), where only that reading shows a kerg header."""
    if kerg_header.locate(_head(text)) is not None:
        return text, None
    separator = other_separator(text)
    semicolons = to_semicolons(text, separator) if separator else None
    if semicolons is None or kerg_header.locate(_head(semicolons)) is None:
        return text, None
    return semicolons, separator


def misencoding(data: bytes) -> Misencoding | None:
    """Where the bytes stop being UTF-8, as the CSV layer reports it."""
    scratch = CsvFacts()
    decode_csv(scratch, data)
    return scratch.misencoding


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    data = strip_bom(source.read())
    display = source.display
    facts = KergFacts(display=display, layout=LAYOUT)
    text, facts.encoding = kerg_header.decode(data)
    text = text.removeprefix("\ufeff")
    text, separator = _separated(text)
    lines = _head(text)
    block = kerg_header.locate(lines)
    if block is None:
        table = read_table(data, display)
        context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
        if table.usable:
            facts.refused.append(refusal(1, "Nr;Gebiet;gehört zu;… (Kopfzeile fehlt)", "Nr"))
        return [], context
    header = kerg_header.columns(block)
    rewritten, skip = _rewritten(text, block, header)
    table = read_table(rewritten, display, skip_lines=skip)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table], observed=facts)
    facts.header_line = block.start + 1  # the header begins with its first row
    facts.votes = header.votes
    # The archive (`#` comment lines) names the parties by their short names, later files by
    # their legal names; it is written in Windows-1252 or ISO-8859-1, later files in UTF-8, so
    # that another encoding there is a spreadsheet's re-save (F16).
    archive = any(line.startswith("#") for line in lines[: block.start])
    table.facts.resave.separator = separator
    if facts.encoding != "utf-8" and not archive:
        table.facts.resave.encoding = misencoding(data)
    if not table.usable:
        return [], context
    if header.unknown:
        facts.unknown = header.unknown[:5]
        return [], context
    facts.status = _status(lines[: block.start], header, block.end)
    rename = {c.name: ROLE_NAMES[c.role] for c in header.fixed if c.role in ROLE_NAMES}
    frame = table.frame.rename(rename).with_columns(pl.col(NR, PARENT, AREA).str.strip_chars())
    frame = frame.filter(
        pl.any_horizontal([pl.col(c).is_not_null() for c in frame.columns if c != LINE_COLUMN])
    )
    spill = (
        frame.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in header.empty])).head(1)
        if header.empty
        else None
    )
    if spill is not None and spill.height:
        what = pl.lit("Werte ohne Spaltenkopf").alias(WHAT)
        unplaced = spill.select(LINE_COLUMN, pl.lit(None, pl.String).alias(ROW_AREA), what)
        facts.refused.append(Rows(unplaced))
        return [], context
    facts.dropped = [c.name for c in header.fixed if c.role == kerg_header.DROPPED]
    if any(not c.current for c in header.counts):
        facts.dropped.append("Vorperiode (jede Gruppe)")
    current = [c.name for c in header.counts if c.current]
    frame = keyed(frame)
    facts.raw, facts.count_columns, facts.area = frame, current, NR
    facts.electorate = _electorate(header)
    if frame.select((malformed_counts(frame, current) | malformed_keys()).any()).item():
        return [], context
    long = _long(frame, header)
    facts.long = long
    if not has_wahlkreise(long):
        facts.refused.append(refusal(None, "keine Wahlkreis-Zeile", "Nr"))
        return [], context
    facts.totals = totals(long)
    info = _election(facts, meta, display)
    info.name_column = "partei-kurzname" if archive else "partei-langname"
    if header.votes == 1:
        info.letters = [c for c in info.letters if c not in ("E", "F")]
    return land_elections(facts, long, info, meta), context


def _election(facts: KergFacts, meta: Meta, display: str) -> WahlkreisElection:
    """Name and day of the election: the user's, else the preamble's (the archive names the
    day, later files the year of an election whose day is known)."""
    preamble = facts.status or Preamble()
    kind_year = preamble.title
    # The title names the year; the day is the election's (ELECTION_DAYS) or the archive's.
    known = preamble.datum or (ELECTION_DAYS.get(kind_year) if kind_year else None)
    datum = require_date(meta.wahl_datum or known, display)
    facts.wrote("wahl-datum", datum, Origin.DERIVED if meta.wahl_datum is None else Origin.USER)
    wahl_name = meta.wahl_name or (ELECTION_NAMES[kind_year[0]] if kind_year else "Wahl")
    assumed = meta.wahl_name is None and kind_year is None
    origin = Origin.USER if meta.wahl_name else Origin.DEFAULT if assumed else Origin.SOURCE
    facts.wrote("wahl-name", wahl_name, origin)
    return WahlkreisElection(
        wahl_name=wahl_name,
        datum=datum,
        stand=None,
        name_column="partei-langname",
        land_names=land_names(facts.long) if facts.long is not None else {},
    )


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    return read_each(sources, meta, _read_one, TITLE)
