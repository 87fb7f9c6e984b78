"""The Bundeswahlleiterin's open data: what the kerg2, kerg and wbz readers share.

The federal returning officer publishes results per Wahlkreis (`kerg2.csv`, long format;
`kerg.csv`, wide format) and per precinct (the Wahlbezirksstatistik, `Wbz_*_Ergebnisse.csv`
with a `*_leitband.csv` of area names). None of them has a key for Germany as a whole that OWD
accepts as `wahl-behoerde-gs`, so every reader writes **one package per Land**: the package's
authority is the Land's 12-digit Regionalschlüssel (`LL0000000000`). Rows of a precinct package
carry their municipality's key inside the Land; rows of a Wahlkreis package carry the Land's.

Shared here: the Länder, the known election days (kerg and wbz files do not name the day),
the status line of the preambles (K21/K22), a table reader that strips the format's own BOM,
the check of aggregate rows
(Land = Σ Wahlkreise, Bund = Σ Länder: K05/K06), and the assembly of the Land packages of the
Wahlkreis files from one long frame (one row per area, group and vote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.source import (
    PARTY_COLUMNS,
    Meta,
    SourceContext,
    SourceError,
    assemble,
    note,
)
from wahldaten.io.csvtable import LINE_COLUMN, UTF8_BOM, CsvTable, read_csv_table

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

LAENDER = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
BUND = "99"
ELECTION_NAMES = {"BT": "Bundestagswahl", "EW": "Europawahl", "EU": "Europawahl"}
# Election days of federal and European elections, for files that name only the year.
ELECTION_DAYS = {
    ("BT", "2002"): "22.09.2002",
    ("BT", "2005"): "18.09.2005",
    ("BT", "2009"): "27.09.2009",
    ("BT", "2013"): "22.09.2013",
    ("BT", "2017"): "24.09.2017",
    ("BT", "2021"): "26.09.2021",
    ("BT", "2025"): "23.02.2025",
    ("EW", "2004"): "13.06.2004",
    ("EW", "2009"): "07.06.2009",
    ("EW", "2014"): "25.05.2014",
    ("EW", "2019"): "26.05.2019",
    ("EW", "2024"): "09.06.2024",
}
# Status of counting as the preambles write it: known values → how they are reported.
STATUSES = {
    "endgültig": "endgültig",
    "endgültiges ergebnis": "endgültig",
    "vorläufig": "vorläufig",
    "vorläufiges ergebnis": "vorläufig",
    "zwischenergebnis": "Zwischenergebnis",
}
STATUS_LINE = re.compile(r"^\s*Status:?\s*;\s*([^;]*)", re.IGNORECASE)
STAND_LINE = re.compile(
    r"^\s*Stand:?\s*;\s*([0-9]{2}\.[0-9]{2}\.[0-9]{4})\s*(?:;\s*([0-9:]{4,8}))?"
)
ELECTION_TITLE = re.compile(r"^\s*(Bundestagswahl|Europawahl)\s+([0-9]{4})\b")

# Columns of the long frame the Wahlkreis readers produce (one row per area, group and vote).
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


def land_key(land: str) -> str:
    """The 12-digit Regionalschlüssel of a Land (`01` → `010000000000`)."""
    return f"{land}0000000000"


def strip_bom(data: bytes) -> bytes:
    """The Bundeswahlleiterin's files are UTF-8 with BOM by design: not a finding here."""
    return data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data


def head_lines(data: bytes, limit: int = 40) -> list[str]:
    """The first lines of a file as text (for locating the header and reading the preamble)."""
    text = data[:65536].decode("utf-8", errors="replace")
    return [line.rstrip("\r") for line in text.split("\n")[:limit]]


def find_line(lines: list[str], prefix: str) -> int | None:
    """Index of the first line that starts with `prefix` (case-insensitive)."""
    wanted = prefix.lower()
    for index, line in enumerate(lines):
        if line.strip().lower().startswith(wanted):
            return index
    return None


@dataclass
class Preamble:
    """What the lines before the header say."""

    status: str | None = None
    status_raw: str | None = None
    status_line: int | None = None
    stand: str | None = None
    title: tuple[str, str] | None = None  # (BT|EW, year)


def read_preamble(lines: list[str]) -> Preamble:
    """Status (`Status:;Endgültig`, or a line `Vorläufiges Ergebnis`), Stand and title."""
    found = Preamble()
    for number, line in enumerate(lines, start=1):
        text = line.strip().strip(";").strip()
        match = STATUS_LINE.match(line)
        value = match.group(1).strip() if match else None
        if value is None and text.lower() in STATUSES:
            value = text
        if value is not None and found.status_raw is None:
            found.status_raw = value
            found.status = STATUSES.get(value.lower())
            found.status_line = number
        stand = STAND_LINE.match(line)
        if stand and found.stand is None:
            found.stand = stand.group(1) + (f" {stand.group(2)}" if stand.group(2) else "")
        title = ELECTION_TITLE.match(text)
        if title and found.title is None:
            kind = "BT" if title.group(1) == "Bundestagswahl" else "EW"
            found.title = (kind, title.group(2))
    return found


def note_status(ctx: SourceContext, display: str, preamble: Preamble) -> None:
    """K21 for a known counting status, K22 for a missing or unknown one."""
    if preamble.status is not None:
        ctx.note("K21", note(display, preamble.status_line, None, status=preamble.status))
    else:
        ctx.note("K22", note(display, preamble.status_line, None, value=preamble.status_raw or "–"))


def stand_timestamp(stand: str | None) -> str | None:
    """`Stand:;14.10.2021;15:11` as an OWD timestamp (`14.10.2021 15:11`)."""
    if stand and re.fullmatch(
        r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?", stand
    ):
        return stand
    return None


# --- reading -------------------------------------------------------------------------------------


def read_table(data: bytes, display: str, *, skip_lines: int = 0) -> CsvTable:
    """Read a file of these formats: their BOM is expected (not an F02), the rest as usual."""
    return read_csv_table(strip_bom(data), display, skip_lines=skip_lines)


# --- counts ------------------------------------------------------------------------------------


def whole_number(column: str) -> pl.Expr:
    """A count cell as Int64: digits only; empty (and anything else) is null, never 0."""
    value = pl.col(column).str.strip_chars()
    return (
        pl.when(value.str.contains(r"^[0-9]+$"))
        .then(value.cast(pl.Int64, strict=False))
        .alias(column)
    )


def not_a_count(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() & ~pl.col(column).str.contains(r"^\s*[0-9]+\s*$")


# --- aggregates: Land = Σ Wahlkreise, Bund = Σ Länder ---------------------------------------------


def _aggregate_key() -> pl.Expr:
    """What a row adds up under: the letter, the party's name, or all Einzelbewerber together."""
    return (
        pl.when(pl.col(KIND) == SYSTEM)
        .then(pl.col(LETTER))
        .when(pl.col(KIND) == EB)
        .then(pl.lit("EB"))
        .otherwise(pl.concat_str(pl.lit("P:"), pl.col(GROUP)))
        .alias("__agg")
    )


def _sum_or_null(column: str) -> pl.Expr:
    return pl.when(pl.col(column).is_not_null().any()).then(pl.col(column).sum()).alias("expected")


def _where() -> pl.Expr:
    """`01 CDU (1)`: the total row's area, group and vote, as the finding's Bezirk."""
    vote = (
        pl.when(pl.col(STIMME).is_not_null())
        .then(pl.concat_str(pl.lit(" ("), pl.col(STIMME).cast(pl.String), pl.lit(")")))
        .otherwise(pl.lit(""))
    )
    return pl.concat_str(pl.col(NR), pl.lit(" "), pl.col(GROUP), vote).alias("__where")


def check_aggregates(ctx: SourceContext, long: pl.DataFrame, display: str, column: str) -> None:
    """K05 for every Land and Bund total, K06 where a total is not the sum of the areas below.

    Compared per letter, party and vote; a total whose parts are all empty must be empty too,
    and the Einzelbewerber of the Wahlkreise add up to the Land's one Einzelbewerber row.
    """
    keyed = long.with_columns(_aggregate_key())
    keys = ["__agg", STIMME]
    wahlkreise = keyed.filter(pl.col(ART) == WAHLKREIS)
    laender = keyed.filter(pl.col(ART) == LAND)
    bund = keyed.filter(pl.col(ART) == BUND_ART)
    land_sums = wahlkreise.group_by(PARENT, *keys).agg(_sum_or_null(COUNT)).rename({PARENT: NR})
    land_children = wahlkreise.group_by(PARENT).agg(pl.col(NR).n_unique().alias("count"))
    bund_sums = laender.group_by(*keys).agg(_sum_or_null(COUNT))
    levels = [
        (laender, land_sums, [NR, *keys], land_children.rename({PARENT: NR})),
        (bund, bund_sums, keys, pl.DataFrame({"count": [laender[NR].n_unique()]})),
    ]
    for totals, sums, on, children in levels:
        if totals.height == 0:
            continue
        first = totals.group_by(NR).agg(pl.col(LINE_COLUMN).min()).sort(LINE_COLUMN)
        counted = (
            first.join(children, on=NR, how="left")
            if NR in children.columns
            else first.join(children, how="cross")
        )
        ctx.note("K05", ctx.rows(display, counted, bezirk=NR, count=pl.col("count")))
        joined = totals.join(sums, on=on, how="left", nulls_equal=True)
        hits = joined.filter(pl.col(COUNT).ne_missing(pl.col("expected")))
        if hits.height:
            ctx.note(
                "K06",
                ctx.rows(
                    display,
                    hits.with_columns(_where()),
                    column=column,
                    bezirk="__where",
                    found=pl.col(COUNT),
                    expected=pl.col("expected"),
                ),
            )


# --- Land packages of the Wahlkreis files ------------------------------------------------------


@dataclass
class WahlkreisElection:
    """What the kerg2 and kerg readers know about their election besides the long frame."""

    wahl_name: str
    datum: str
    stand: str | None
    name_column: str  # partei-kurzname (kerg2) or partei-langname (kerg)
    land_names: dict[str, str] = field(default_factory=dict)


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


def land_elections(
    ctx: SourceContext,
    long: pl.DataFrame,
    info: WahlkreisElection,
    meta: Meta,
    display: str,
) -> list[tuple[Election, pl.Series]]:
    """One election per Land from the Wahlkreis rows of the long frame, and their source lines.

    Bezirke are the Wahlkreise (bezirk-art W, gebiet-ebene-3 = Land, stimmzettel-gebiet-nr =
    Land); Erststimmen fill C/D/D<n>, Zweitstimmen E/F/F<n>, Wahlberechtigte A and Wählende B.
    A1–A3 are not in the source and stay empty. An option that did not stand in a Wahlkreis is
    empty there, never 0; a ballot position exists where an option has any count in the Land.
    """
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
        option_rows = rows.filter((pl.col(KIND) != SYSTEM) & pl.col(COUNT).is_not_null())
        letter_rows = rows.filter((pl.col(KIND) == SYSTEM) & pl.col(LETTER).is_not_null())
        cells = pl.concat(
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
        duplicated = cells.filter(pl.struct(NR, "__column").is_duplicated())
        if duplicated.height:
            first = duplicated.row(0, named=True)
            ctx.note(
                "K01",
                note(
                    display,
                    None,
                    None,
                    layout="Wahlkreis " + str(first[NR]),
                    columns=f"{first['__column']} ×{duplicated.height}",
                ),
            )
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
        letters = ["A1", "A2", "A3", "A", "B", "C", "D", "E", "F"]
        counts = [*letters, *option_columns]
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
            pl.col(NR).alias("bezirk-nr"),
            pl.col(AREA).alias("bezirk-name"),
            pl.lit("W").alias("bezirk-art"),
            pl.lit(land).alias("gebiet-ebene-3-nr"),
            pl.lit(land_name).alias("gebiet-ebene-3-name"),
            pl.lit(land).alias("stimmzettel-gebiet-nr"),
            pl.lit(info.stand, dtype=pl.String).alias("zeitstempel-erfassung"),
            *counts,
            pl.col(LINE_COLUMN),
        )
        ballot = (
            option_rows.group_by(POS)
            .agg(pl.col(GROUP).first(), pl.col(KIND).first())
            .sort(POS)
            .select(
                pl.lit(land).alias("stimmzettel-gebiet-nr"),
                pl.lit(None, pl.String).alias("stimmzettel-gebiet-bezeichnung"),
                pl.col(POS).cast(pl.String).alias("stimmzettel-position"),
                (
                    pl.col(GROUP)
                    if info.name_column == "partei-kurzname"
                    else pl.lit(None, pl.String)
                ).alias("partei-kurzname"),
                (
                    pl.col(GROUP)
                    if info.name_column == "partei-langname"
                    else pl.lit(None, pl.String)
                ).alias("partei-langname"),
                pl.lit(None, pl.String).alias("partei-rgb-wert"),
                pl.when(pl.col(KIND) == EB)
                .then(pl.lit("E"))
                .otherwise(pl.lit("P"))
                .alias("partei-typ"),
            )
        )
        gs = land_key(land)
        behoerde = meta.behoerde_name if meta.behoerde_name and len(laender) == 1 else land_name
        wahl: dict[str, str | None] = {
            "wahl-behoerde-gs": gs,
            "wahl-behoerde-name": behoerde,
            "wahl-datum": info.datum,
            "wahl-name": info.wahl_name,
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
