"""The Bundeswahlleiterin's `kerg.csv`: results per Wahlkreis, Land and Bund in wide format.

UTF-8 with BOM, five preamble lines (copyright, licence, blank, `Bundestagswahl 2025`,
`Vorläufiges Ergebnis`), then a header of three rows whose merged cells are exported as blanks:
row 1 names the group (`Nr;Gebiet;gehört zu;Gewählt;Wahlberechtigte;;;;Wählende;;;;…;<party>;
;;;…;Übrige;;;;`), row 2 the vote (`Erststimmen;;Zweitstimmen;;`), row 3 the period
(`Vorläufig|Endgültig;Vorperiode`). Four columns per group; rows 1 and 2 are forward-filled.
Wahlkreis rows (`001`, parent `01`), Land rows (`01`, parent `99`) and the Bund row (`99`) are
interleaved, separated by lines holding a single `;`.

Same model as kerg2 (see `kerg2.py`, `bundeswahlleiterin.py`): one package per Land, each
Wahlkreis a Bezirk, totals checked (K05, K06) and left out. Parties keep their column order as
ballot position (the file has one column order for all Länder; a party that did not stand in a
Land is not on its ballot). `Übrige` (Einzelbewerber and other Kreiswahlvorschläge, not broken
down) becomes one ballot entry after the parties. Wahlberechtigte and Wählende appear under both
votes and must agree (K29). Previous-period columns and `Gewählt` are not carried (K09).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.bundeswahlleiterin import (
    AREA,
    ART,
    BUND,
    BUND_ART,
    COUNT,
    ELECTION_DAYS,
    ELECTION_NAMES,
    GROUP,
    KIND,
    LAENDER,
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
    check_aggregates,
    find_line,
    head_lines,
    land_elections,
    not_a_count,
    note_status,
    read_preamble,
    read_table,
    strip_bom,
    whole_number,
)
from wahldaten.formats.source import Meta, Reading, SourceContext, note, require_date
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


def _header(rows: list[list[str]]) -> tuple[list[str], dict[str, tuple[str, int, bool]], list[str]]:
    """Column names from the three header rows, the groups of the count columns
    (name → (group, vote, current)) and the header fields that cannot be placed."""
    width = max(len(r) for r in rows)
    one, two, three = ([*r, *[""] * (width - len(r))] for r in rows)
    names: list[str] = []
    groups: dict[str, tuple[str, int, bool]] = {}
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
    return names, groups, [*missing, *unknown]


def _long(frame: pl.DataFrame, groups: dict[str, tuple[str, int, bool]]) -> pl.DataFrame:
    """The long frame of bundeswahlleiterin.py from the current-period columns."""
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
    area = (
        pl.when(pl.col(NR) == BUND)
        .then(pl.lit(BUND_ART))
        .when(pl.col(PARENT) == BUND)
        .then(pl.lit(LAND))
        .otherwise(pl.lit(WAHLKREIS))
    )
    melted = (
        frame.with_columns(area.alias(ART), *[whole_number(c) for c in current])
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


def _electorate_by_vote(
    context: SourceContext,
    display: str,
    frame: pl.DataFrame,
    groups: dict[str, tuple[str, int, bool]],
) -> None:
    """K29: Wahlberechtigte or Wählende differ between the Erst- and Zweitstimmen columns."""
    for letter in ("A", "B"):
        columns = {
            vote: name
            for name, (group, vote, now) in groups.items()
            if now and (_system_letter(group) or ("", ""))[0] == letter
        }
        if 1 not in columns or 2 not in columns:
            continue
        first, second = whole_number(columns[1]), whole_number(columns[2])
        hits = frame.filter(first.is_not_null() & second.is_not_null() & (first != second))
        if hits.height:
            context.note(
                "K29",
                context.rows(
                    display,
                    hits,
                    column=columns[2],
                    bezirk=NR,
                    group=pl.lit(groups[columns[1]][0]),
                    found=first,
                    expected=second,
                ),
            )


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    data = strip_bom(source.read())
    display = source.display
    lines = head_lines(data)
    start = find_line(lines, HEADER_START)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if start is None or text is None or len(lines) < start + 3:
        table = read_table(data, display)
        context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table])
        if table.usable and text is not None:
            context.note(
                "K01",
                note(
                    display,
                    1,
                    "Nr",
                    columns="Nr;Gebiet;gehört zu;… (Kopfzeile fehlt)",
                    layout=LAYOUT,
                ),
            )
        return [], context
    rows = [line.split(";") for line in lines[start : start + 3]]
    names, groups, unknown = _header(rows)
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
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table])
    if not table.usable:
        return [], context
    if unknown:
        context.note(
            "K01", note(display, start + 1, None, columns=", ".join(unknown[:5]), layout=LAYOUT)
        )
        return [], context
    preamble = read_preamble(lines[:start])
    if preamble.status is None:
        # No status line: the third header row names the period (`Vorläufig;Vorperiode`).
        period = next(
            (v.strip() for v in rows[2] if v.strip() and v.strip().lower() != PREVIOUS), ""
        )
        found = read_preamble([period])
        if found.status is not None:
            found.status_line = start + 3
            preamble.status, preamble.status_raw, preamble.status_line = (
                found.status,
                found.status_raw,
                found.status_line,
            )
    note_status(context, display, preamble)
    frame = table.frame.rename({"Nr": NR, "Gebiet": AREA, "gehört zu": PARENT})
    frame = frame.with_columns(pl.col(NR, PARENT).str.strip_chars())
    filled = [c for c in frame.columns if c.startswith("__leer")]
    frame = frame.filter(
        pl.col(NR).is_not_null()
        | pl.any_horizontal([pl.col(c).is_not_null() for c in frame.columns if c != LINE_COLUMN])
    )
    spill = (
        frame.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in filled]))
        if filled
        else None
    )
    if spill is not None and spill.height:
        context.note(
            "K01",
            note(
                display,
                int(spill[LINE_COLUMN][0]),
                None,
                columns="Werte ohne Spaltenkopf",
                layout=LAYOUT,
            ),
        )
        return [], context
    dropped = [c for c in NOT_CARRIED_FIXED if c in frame.columns]
    if any(not now for _, _, now in groups.values()):
        dropped.append("Vorperiode (jede Gruppe)")
    if dropped:
        context.note("K09", note(display, start + 1, None, columns=", ".join(dropped)))
    current = [c for c, (_, _, now) in groups.items() if now]
    ok = True
    bad = frame.filter(pl.any_horizontal([not_a_count(c) for c in current]))
    if bad.height:
        context.note("K02", context.rows(display, bad, bezirk=NR))
        ok = False
    land_nr = pl.lit(list(LAENDER))
    nr, parent = pl.col(NR), pl.col(PARENT).fill_null("")
    malformed = (
        nr.is_null()
        | (
            (nr != BUND)
            & (parent != BUND)
            & (~nr.str.contains(r"^[0-9]{3}$") | ~parent.is_in(land_nr))
        )
        | ((parent == BUND) & ~nr.is_in(land_nr))
    ).fill_null(True)
    keys = frame.filter(malformed)
    if keys.height:
        context.note(
            "K28",
            context.rows(
                display,
                keys,
                column="Nr",
                bezirk=None,
                value=pl.concat_str(nr.fill_null(""), pl.lit(" / "), parent.fill_null("")),
            ),
        )
        ok = False
    _electorate_by_vote(context, display, frame, groups)
    if not ok:
        return [], context
    long = _long(frame, groups)
    context.facts.update(long=long, display=display)
    if long.filter(pl.col(ART) == WAHLKREIS).height == 0:
        context.note(
            "K01", note(display, None, "Nr", columns="keine Wahlkreis-Zeile", layout=LAYOUT)
        )
        return [], context
    check_aggregates(context, long, display, "Anzahl")
    context.note("K26", note(display, None, "Wahlberechtigte"))
    kind_year = preamble.title
    datum_source = meta.wahl_datum or (ELECTION_DAYS.get(kind_year) if kind_year else None)
    datum = require_date(datum_source, display)
    if meta.wahl_datum is None:
        context.note("K10", note(display, None, None, field="wahl-datum", value=datum))
    wahl_name = meta.wahl_name or (ELECTION_NAMES[kind_year[0]] if kind_year else "Wahl")
    if meta.wahl_name is None and kind_year is None:
        context.note("K10", note(display, None, None, field="wahl-name", value=wahl_name))
    land_names = {
        str(n): str(a)
        for n, a in long.filter(pl.col(ART) == LAND)
        .group_by(NR)
        .agg(pl.col(AREA).first())
        .iter_rows()
    }
    info = WahlkreisElection(
        wahl_name=wahl_name,
        datum=datum,
        stand=None,
        name_column="partei-langname",
        land_names=land_names,
    )
    return land_elections(context, long, info, meta, display), context


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    elections: list[Election] = []
    contexts: list[SourceContext] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    for source in sources:
        found, context = _read_one(source, meta)
        contexts.append(context)
        for election, lines in found:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{TITLE}: {len(elections)} Land-Pakete"
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
