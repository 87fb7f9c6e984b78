"""The Bundeswahlleiterin's `kerg2.csv`: results per Wahlkreis, Land and Bund in long format.

UTF-8 with BOM, a preamble of about nine lines (`Status:;Endgültig`, `Stand:;…`) before the
header `Wahlart;Wahltag;Gebietsart;…`, one row per area, group and vote (Stimme 1 or 2; empty
for Wahlberechtigte and Wählende). The smallest unit is the Wahlkreis, so each Wahlkreis becomes
one Bezirk; Land and Bund rows are totals, checked against the Wahlkreise (K05, K06) and left
out. One package per Land (see `bundeswahlleiterin.py`): the ballot differs per Land, so each
party takes its position from the Land's `Gruppenreihenfolge`; the Einzelbewerber of a
Wahlkreis (one ballot entry each, `partei-typ` E) follow the Land's last party. An empty
`Anzahl` (did not stand) stays empty. Percentages (checked: K20), previous-election figures and
remarks are not carried (K09).
"""

from __future__ import annotations

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
    EB,
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
    stand_timestamp,
    strip_bom,
    whole_number,
)
from wahldaten.formats.source import (
    Meta,
    Reading,
    SourceContext,
    note,
    require_date,
)
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


def _k01(context: SourceContext, display: str, line: int | None, column: str, what: str) -> None:
    context.note("K01", note(display, line, column, columns=what, layout=LAYOUT))


def _long(frame: pl.DataFrame) -> pl.DataFrame:
    """The long frame of bundeswahlleiterin.py: area, group, vote, count, letter, position."""
    stimme = pl.col("Stimme").str.strip_chars().cast(pl.Int64, strict=False)
    typed = frame.select(
        pl.col(LINE_COLUMN),
        pl.col("Gebietsart").str.strip_chars().alias(ART),
        pl.col("Gebietsnummer").str.strip_chars().alias(NR),
        pl.col("Gebietsname").alias(AREA),
        pl.col("UegGebietsnummer").str.strip_chars().alias(PARENT),
        pl.col("Gruppenart")
        .str.strip_chars()
        .replace_strict(GRUPPENARTEN, default=None, return_dtype=pl.String)
        .alias(KIND),
        pl.col("Gruppenname").str.strip_chars().alias(GROUP),
        pl.col("Gruppenreihenfolge").str.strip_chars().cast(pl.Int64, strict=False).alias(ORDER),
        stimme.alias(STIMME),
        whole_number("Anzahl").alias(COUNT),
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


def _checked(context: SourceContext, frame: pl.DataFrame, display: str) -> bool:
    """K02, K28 and K01 on the values; True if the file can be converted."""
    bad_count = frame.filter(not_a_count("Anzahl"))
    if bad_count.height:
        context.note(
            "K02",
            context.rows(display, bad_count, column="Anzahl", bezirk="Gebietsnummer"),
        )
    order_or_vote = frame.filter(
        ~pl.col("Gruppenreihenfolge").str.contains(r"^\s*-?[0-9]+\s*$").fill_null(False)
        | (pl.col("Stimme").is_not_null() & ~pl.col("Stimme").str.contains(r"^\s*[12]\s*$"))
    )
    if order_or_vote.height:
        context.note(
            "K02",
            context.rows(
                display, order_or_vote, column="Gruppenreihenfolge/Stimme", bezirk="Gebietsnummer"
            ),
        )
    art = pl.col("Gebietsart").str.strip_chars()
    nr = pl.col("Gebietsnummer").str.strip_chars()
    parent = pl.col("UegGebietsnummer").str.strip_chars()
    land_nr = pl.lit(list(LAENDER))
    malformed = (
        ((art == WAHLKREIS) & (~nr.str.contains(r"^[0-9]{3}$") | ~parent.is_in(land_nr)))
        | ((art == LAND) & ~nr.is_in(land_nr))
        | ((art == BUND_ART) & (nr != BUND))
        | nr.is_null()
    ).fill_null(True)
    keys = frame.filter(malformed)
    if keys.height:
        context.note(
            "K28",
            context.rows(
                display,
                keys,
                column="Gebietsnummer",
                bezirk=None,
                value=pl.concat_str(
                    art.fill_null("?"),
                    pl.lit(" "),
                    nr.fill_null(""),
                    pl.lit(" / "),
                    parent.fill_null(""),
                ),
            ),
        )
    ok = not (bad_count.height or order_or_vote.height or keys.height)
    unknown_art = frame.filter(~art.is_in([WAHLKREIS, LAND, BUND_ART]).fill_null(True))
    unknown_group = frame.filter(
        ~pl.col("Gruppenart").str.strip_chars().is_in(list(GRUPPENARTEN)).fill_null(True)
    )
    for rows, column in ((unknown_art, "Gebietsart"), (unknown_group, "Gruppenart")):
        if rows.height:
            first = rows.row(0, named=True)
            _k01(context, display, first[LINE_COLUMN], column, f"{column} „{first[column]}“")
            ok = False
    if ok:
        system = frame.filter(pl.col("Gruppenart").str.strip_chars() == "System-Gruppe")
        vote = pl.col("Stimme").str.strip_chars().cast(pl.Int64, strict=False)
        known = pl.lit(False)
        for group, stimme in SYSTEM_LETTERS:
            same = vote.is_null() if stimme is None else vote == stimme
            known = known | ((pl.col("Gruppenname").str.strip_chars() == group) & same)
        strange = system.filter(~known & (pl.col("Gruppenname").str.strip_chars() != OTHERS))
        if strange.height:
            first = strange.row(0, named=True)
            _k01(
                context,
                display,
                first[LINE_COLUMN],
                "Gruppenname",
                f"System-Gruppe „{first['Gruppenname']}“ (Stimme {first['Stimme'] or '–'})",
            )
            ok = False
    return ok


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    data = strip_bom(source.read())
    display = source.display
    lines = head_lines(data)
    start = find_line(lines, HEADER_START)
    table = read_table(data, display, skip_lines=start or 0)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table])
    if start is None or not table.usable:
        if table.usable:
            _k01(context, display, 1, "Wahlart", "Wahlart;Wahltag;Gebietsart;… (Kopfzeile fehlt)")
        return [], context
    preamble = read_preamble(lines[:start])
    note_status(context, display, preamble)
    columns = table.columns
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED and c not in NOT_CARRIED]
    if missing or unknown:
        _k01(
            context,
            display,
            table.header_line,
            (missing or unknown)[0],
            ", ".join(missing or unknown),
        )
        return [], context
    dropped = [c for c in NOT_CARRIED if c in columns]
    if dropped:
        context.note(
            "K09", note(display, table.header_line, dropped[0], columns=", ".join(dropped))
        )
    frame = table.frame
    if not _checked(context, frame, display):
        return [], context
    long = _long(frame)
    context.facts.update(long=long, display=display)
    previous_only = long.filter((pl.col(KIND) == OTHER) & pl.col(COUNT).is_null())
    if previous_only.height:
        first_line = previous_only[LINE_COLUMN].min()
        context.note(
            "K09",
            note(
                display,
                first_line if isinstance(first_line, int) else None,
                "Gruppenname",
                columns=f"{OTHERS} (nur Vorperiode)",
            ),
        )
    if long.filter(pl.col(ART) == WAHLKREIS).height == 0:
        _k01(
            context,
            display,
            table.header_line,
            "Gebietsart",
            "keine Zeile mit Gebietsart Wahlkreis",
        )
        return [], context
    check_aggregates(context, long, display, "Anzahl")
    context.note("K26", note(display, None, "Anzahl"))
    wahlart = _first(frame, "Wahlart")
    wahl_name = meta.wahl_name or ELECTION_NAMES.get(wahlart or "", wahlart or "Wahl")
    if meta.wahl_name is None and wahlart not in ELECTION_NAMES:
        context.note("K10", note(display, None, "Wahlart", field="wahl-name", value=wahl_name))
    datum = require_date(meta.wahl_datum or _first(frame, "Wahltag"), display)
    land_names = {
        str(nr): str(name)
        for nr, name in long.filter(pl.col(ART) == LAND)
        .group_by(NR)
        .agg(pl.col(AREA).first())
        .iter_rows()
    }
    info = WahlkreisElection(
        wahl_name=wahl_name,
        datum=datum,
        stand=stand_timestamp(preamble.stand),
        name_column="partei-kurzname",
        land_names=land_names,
    )
    return land_elections(context, long, info, meta, display), context


def _first(frame: pl.DataFrame, column: str) -> str | None:
    values = frame[column].drop_nulls()
    return str(values[0]).strip() if values.len() else None


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
