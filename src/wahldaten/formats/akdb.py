"""AKDB-OSRZ Wahlportal CSV (Bavaria, "G2", from 2023: LTW 2023, EW 2024, BTW 2025, KW 2026).

The portal publishes `stimmen.csv`, `wahlbezirksergebnisse.csv` and `gesamtergebnis.csv`: one
row per area with its `Gebietsart` (WAHLKREIS, STIMMKREIS, KREIS, VERBANDSGEMEINDE, GEMEINDE,
STIMMBEZIRK, BRIEFWAHLBEZIRK), counts under long German names ending in the Schnellmeldung
letter (`Waehler gesamt (B)`) and `D<n>`/`F<n>` per ballot position. CRLF, and every line ends
with `;` (an empty last header field). No date, no party names. The KW 2026 side files
(`landratStimmen.csv`, `buergermeisterStimmen.csv`) use a *pair layout*: `Gruppenschlüssel;
Stimmen` repeated, the party as a cell value (`CSU;86;AfD;35`).

Decisions (see OKVOTE_AKDB.md, section G2, and the real files):

- Only precinct rows (STIMMBEZIRK = W, BRIEFWAHLBEZIRK = B) become Bezirke; `bezirk-nr` is the
  `Bezirksnummer`, else the last four digits of a 12-digit `Gebietsnummer` (AGS + number), else
  the `Gebietsnummer`; `wahl-behoerde-gs` per row is the row's municipality (`Gemeinde`, or the
  first 8 digits of a 12-digit `Gebietsnummer`). Aggregate rows are checked against their
  precincts where the relation is in the file (GEMEINDE, KREIS, WAHLKREIS/STIMMKREIS; not
  VERBANDSGEMEINDE, whose members the file does not name) and left out (K05, K06).
- The authority is `--gs`; else the KREIS row, else the single municipality, else the Kreis
  key `<first 5 digits>000`. A file spanning several Kreise (a Bundestag Wahlkreis) becomes one
  package per Kreis unless `--gs` is given, because a package's rows may only carry keys of
  municipalities inside its authority.
- Pair layout: each distinct Gruppenschlüssel is a ballot position in order of first
  appearance, named by it (`partei-kurzname`; `--meta` names are not used there); A = A1 + A2
  + A3 and B = Wähler ohne + mit Wahlschein are derived (K10). A 4-digit `Gebietsnummer` names
  no municipality: such Bezirke get the authority's key (K19).
- The date comes from `--datum`, else from the file or folder name (`…_20250223…` or
  `…_23.02.2025…`, K10).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING

from wahldaten.core.findings import Finding
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.source import (
    Meta,
    Party,
    Reading,
    SourceContext,
    SourceError,
    assemble,
    ballot,
    malformed_counts,
    note,
    require_date,
    source_table,
    to_counts,
)
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "akdb"
TITLE = "AKDB-OSRZ Wahlportal-CSV (Bayern, ab 2023)"
WIDE = "wahlportal"
PAIRS = "gruppenpaare"
LAYOUT_TITLES = {
    WIDE: "Ergebnis je Gebiet (Gebietsart, Wahlberechtigte gesamt (A) … D<n>/F<n>)",
    PAIRS: "Stimmen je Gruppe (Paare Gruppenschlüssel;Stimmen)",
}

# Descriptive columns.
GEMEINDE_COLUMN = "Gemeinde"
GEMEINDENAME = "Gemeindename"
WAHLKREISNUMMER = "Wahlkreisnummer"
GEBIETSNUMMER = "Gebietsnummer"
GEBIETSART = "Gebietsart"
GEBIETSNAME = "Gebietsname"
BEZIRKSNUMMER = "Bezirksnummer"
AREA_COLUMNS = (
    GEMEINDE_COLUMN,
    GEMEINDENAME,
    WAHLKREISNUMMER,
    GEBIETSNUMMER,
    GEBIETSART,
    GEBIETSNAME,
    BEZIRKSNUMMER,
)
REQUIRED = (GEBIETSART, GEBIETSNUMMER)

# Gebietsart values.
URN, POSTAL = "STIMMBEZIRK", "BRIEFWAHLBEZIRK"
PRECINCTS = {URN: "W", POSTAL: "B"}
GEMEINDE, VERBANDSGEMEINDE, KREIS = "GEMEINDE", "VERBANDSGEMEINDE", "KREIS"
WAHLKREIS, STIMMKREIS = "WAHLKREIS", "STIMMKREIS"
AGGREGATES = (WAHLKREIS, STIMMKREIS, KREIS, VERBANDSGEMEINDE, GEMEINDE)

# The wide layout: source name → OWD letter.
VOTERS = "Waehler gesamt (B)"
VOTERS_WITHOUT = "Waehler ohne Wahlschein"
VOTERS_WITH = "Waehler mit Wahlschein"
LETTERS = {
    "Wahlberechtigte gesamt (A)": "A",
    "Wahlberechtigte ohne Wahlschein (A1)": "A1",
    "Wahlberechtigte mit Wahlschein (A2)": "A2",
    "Wahlberechtigte nicht im WVZ (A3)": "A3",
    VOTERS: "B",
    VOTERS_WITH: "B1",
    "Direktstimmen ungueltige (C)": "C",
    "Stimmen ungueltige (C)": "C",
    "Direktstimmen gueltige (D)": "D",
    "Stimmen gueltige (D)": "D",
    "Listenstimmen ungueltige (E)": "E",
    "Listenstimmen gueltige (F)": "F",
}
# Counts that OWD does not hold: read as numbers, checked where a rule exists (K17), not carried.
COUNTS_NOT_CARRIED = (
    VOTERS_WITHOUT,
    "Urnenwaehler mit Wahlschein in Urnenwahllokal",
    "Briefwaehler mit Wahlschein in Urnenwahllokal",
)
TEXT_NOT_CARRIED = ("Ausgezaehlt abweichend Gebiet", "Ausgezaehlt abweichend AGS", "Ausbleibend")
OPTION = re.compile(
    r"^(?:[DF][1-9][0-9]*(?:_[1-9][0-9]*)?|D[1-9][0-9]*_(?:unveraendert|veraendert))$"
)
POSITION = re.compile(r"^[DF]([1-9][0-9]*)$")

# The pair layout.
KEY, VOTES = "Gruppenschlüssel", "Stimmen"
PAIR_A1 = "Wahlberechtigte ohne Wahlschein"
PAIR_A2 = "Wahlberechtigte mit Wahlschein"
PAIR_A3 = "Wahlberechtigte nicht im Wählerverzeichnis"
PAIR_VOTERS_WITHOUT = "Wähler ohne Wahlschein"
PAIR_VOTERS_WITH = "Wähler mit Wahlschein"
PAIR_VALID = "Gültige Stimmen"
PAIR_INVALID = "Ungültige Stimmen"
PAIR_LETTERS = {
    PAIR_A1: "A1",
    PAIR_A2: "A2",
    PAIR_A3: "A3",
    PAIR_VOTERS_WITH: "B1",
    PAIR_INVALID: "C",
    PAIR_VALID: "D",
}
PAIR_COUNTS_NOT_CARRIED = (PAIR_VOTERS_WITHOUT, "Briefwähler in Urnenwahlgebiet erfasst")

SUFFIXED = re.compile(r"^(.*)#([0-9]+)$")
DMY = re.compile(r"(?<![0-9])([0-9]{2})\.([0-9]{2})\.([0-9]{4})(?![0-9])")
YMD = re.compile(r"(?<![0-9])([0-9]{4})([0-9]{2})([0-9]{2})(?![0-9])")
WAHL_NAMES = (
    (("btw",), ("bundestag",), "Bundestagswahl"),
    (("ltw",), ("landtag",), "Landtagswahl"),
    (("ew", "euw"), ("europa",), "Europawahl"),
    ((), ("bezirkstag",), "Bezirkswahl"),
    ((), ("landrat",), "Landratswahl"),
    ((), ("oberbuergermeister", "oberbürgermeister"), "Oberbürgermeisterwahl"),
    ((), ("buergermeister", "bürgermeister"), "Bürgermeisterwahl"),
    ((), ("kreistag",), "Kreistagswahl"),
    ((), ("gemeinderat", "stadtrat", "marktgemeinderat"), "Gemeinderatswahl"),
)
# Internal columns of the normalized frame.
ART, NUMMER, AGS, GNAME, WK, GEBIET_NAME, BNR = (
    "_art",
    "_nummer",
    "_ags",
    "_gname",
    "_wk",
    "_name",
    "_bnr",
)
BEZIRK_ART, GS, CHILDREN, KEY_COLUMN = "_bezirk_art", "_gs", "_children", "_key"


def _base(column: str) -> str:
    """The header name of an internal column name (`Stimmen#14` → `Stimmen`)."""
    match = SUFFIXED.match(column)
    return match.group(1) if match else column


def sniff(header: list[str]) -> bool:
    names = [h.strip().lstrip("\ufeff") for h in header]
    return GEBIETSART in names and (
        KEY in names or any(re.search(r"\([A-F][0-9]?\)$", n) for n in names)
    )


def sniff_text(lines: list[str]) -> bool:
    return bool(lines) and sniff(lines[0].split(";"))


@dataclass
class Layout:
    """How the columns of one file map to OWD."""

    name: str
    counts: dict[str, str] = field(default_factory=dict)  # source column → OWD column
    checked: list[str] = field(default_factory=list)  # numbers read but not carried
    dropped: list[str] = field(default_factory=list)  # columns not carried (K09)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (Gruppenschlüssel, Stimmen)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def numeric(self) -> list[str]:
        return [*self.counts, *self.checked, *(votes for _, votes in self.pairs)]


def _empty_columns(table: CsvTable) -> list[str]:
    """Columns without a header name and without any value (the trailing `;` of every line)."""
    frame = table.frame
    return [
        c
        for c in table.columns
        if re.fullmatch(r"#[0-9]+", c) and frame[c].null_count() == frame.height
    ]


def _forget_expected_header_issues(table: CsvTable, empty: list[str], layout: str) -> None:
    """The empty last header field and the repeated pair columns are the format, not defects."""
    positions = {int(c[1:]) for c in empty if int(c[1:]) == len(table.header)}
    table.issues["S04"] = [
        i
        for i in table.issues.get("S04", [])
        if not (isinstance(i, Finding) and i.params.get("position") in positions)
    ]
    if layout == PAIRS:
        table.issues["S03"] = [
            i
            for i in table.issues.get("S03", [])
            if not (isinstance(i, Finding) and i.location.column in (KEY, VOTES))
        ]


def layout_of(columns: list[str], ignore: Iterable[str] = ()) -> Layout:
    """Map the columns of a header by name; unknown and missing columns are listed."""
    skip = set(ignore)
    pair_layout = any(_base(c) == KEY for c in columns)
    layout = Layout(PAIRS if pair_layout else WIDE)
    letters = PAIR_LETTERS if pair_layout else LETTERS
    not_carried = PAIR_COUNTS_NOT_CARRIED if pair_layout else COUNTS_NOT_CARRIED
    pending_key: str | None = None
    for column in columns:
        base = _base(column)
        if column in skip or column in AREA_COLUMNS:
            continue
        if pair_layout and base in (KEY, VOTES):
            if base == KEY and pending_key is None:
                pending_key = column
            elif base == VOTES and pending_key is not None:
                layout.pairs.append((pending_key, column))
                pending_key = None
            else:
                layout.unknown.append(column)
            continue
        if column in letters:
            layout.counts[column] = letters[column]
        elif not pair_layout and OPTION.match(column):
            layout.counts[column] = column
        elif column in not_carried:
            layout.checked.append(column)
            layout.dropped.append(column)
        elif not pair_layout and column in TEXT_NOT_CARRIED:
            layout.dropped.append(column)
        else:
            layout.unknown.append(column)
    if pending_key is not None:
        layout.unknown.append(pending_key)
    targets = list(layout.counts.values())
    layout.unknown += [c for c, t in layout.counts.items() if targets.count(t) > 1]
    layout.missing = [c for c in REQUIRED if c not in columns]
    return layout


# --- names, dates, keys ------------------------------------------------------------------------


def _names_of(display: str) -> list[str]:
    """The file name and the names of the two folders above it, nearest first."""
    path = PurePath(display.replace("\\", "/"))
    return [path.name, *(p.name for p in list(path.parents)[:2])]


def _valid_date(day: str, month: str, year: str) -> str | None:
    if not 1949 <= int(year) <= 2099:
        return None
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return None
    return f"{day}.{month}.{year}"


def date_from_name(display: str) -> str | None:
    """An election date in the file or folder name: `…_23.02.2025…` or `…20250223…`."""
    for name in _names_of(display):
        for match in DMY.finditer(name):
            found = _valid_date(*match.groups())
            if found:
                return found
        for match in YMD.finditer(name):
            year, month, day = match.groups()
            found = _valid_date(day, month, year)
            if found:
                return found
    return None


def wahl_name_from(display: str, arten: set[str], two_votes: bool) -> str:
    """A default name of the election from the file or folder name, else from the content."""
    for name in _names_of(display):
        tokens = [t for t in re.split(r"[^a-zäöüß]+", name.lower()) if t]
        for exact, prefixes, title in WAHL_NAMES:
            if any(t in exact or t.startswith(prefixes) for t in tokens):
                return title
    if two_votes and STIMMKREIS in arten:
        return "Landtagswahl"
    if two_votes:
        return "Bundestagswahl"
    return "Wahl"


def _is_kreis_key(gs: str) -> bool:
    return len(gs) == 8 and gs.endswith("000")


# --- reading -------------------------------------------------------------------------------------


def _text(frame: pl.DataFrame, column: str) -> pl.Expr:
    if column in frame.columns:
        return pl.col(column).str.strip_chars()
    return pl.lit(None, dtype=pl.String)


def _normalize(typed: pl.DataFrame, layout: Layout) -> tuple[pl.DataFrame, list[str]]:
    """One row per source row: helper columns (area, keys) and the counts under OWD names."""
    nummer = pl.col(GEBIETSNUMMER).str.strip_chars()
    art = pl.col(GEBIETSART).str.strip_chars().str.to_uppercase()
    twelve = nummer.str.contains(r"^[0-9]{12}$")
    ags = pl.coalesce(
        _text(typed, GEMEINDE_COLUMN),
        pl.when(twelve)
        .then(nummer.str.slice(0, 8))
        .when((art == GEMEINDE) & nummer.str.contains(r"^[0-9]{8}$"))
        .then(nummer),
    )
    bnr = pl.coalesce(
        _text(typed, BEZIRKSNUMMER), pl.when(twelve).then(nummer.str.slice(8, 4)), nummer
    )
    counts: list[pl.Expr] = [pl.col(s).alias(o) for s, o in layout.counts.items()]
    if layout.name == PAIRS:
        if {PAIR_A1, PAIR_A2, PAIR_A3} <= set(typed.columns):
            counts.append((pl.col(PAIR_A1) + pl.col(PAIR_A2) + pl.col(PAIR_A3)).alias("A"))
        if {PAIR_VOTERS_WITHOUT, PAIR_VOTERS_WITH} <= set(typed.columns):
            counts.append((pl.col(PAIR_VOTERS_WITHOUT) + pl.col(PAIR_VOTERS_WITH)).alias("B"))
        for position, key in enumerate(_pair_keys(typed, layout), start=1):
            counts.append(
                pl.coalesce(
                    [
                        pl.when(pl.col(k).str.strip_chars() == key).then(pl.col(v))
                        for k, v in layout.pairs
                    ]
                ).alias(f"D{position}")
            )
    frame = typed.select(
        pl.col(LINE_COLUMN),
        art.alias(ART),
        nummer.alias(NUMMER),
        ags.alias(AGS),
        _text(typed, GEMEINDENAME).alias(GNAME),
        _text(typed, WAHLKREISNUMMER).alias(WK),
        pl.col(GEBIETSNAME).alias(GEBIET_NAME)
        if GEBIETSNAME in typed.columns
        else pl.lit(None, dtype=pl.String).alias(GEBIET_NAME),
        bnr.alias(BNR),
        *counts,
    )
    names = [c for c in frame.columns if not c.startswith("_")]
    return frame, _ordered(names)


def _ordered(columns: list[str]) -> list[str]:
    letters = ["A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F"]
    head = [c for c in letters if c in columns]
    return head + [c for c in columns if c not in head]


def _pairs_long(typed: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The filled pairs of every row: line, pair index, votes column, key, votes."""
    parts = [
        typed.select(
            pl.col(LINE_COLUMN),
            pl.col(GEBIETSNUMMER),
            pl.lit(index, dtype=pl.Int32).alias("pair"),
            pl.lit(votes).alias("column"),
            pl.col(key).str.strip_chars().alias("key"),
            pl.col(votes).alias("votes"),
        )
        for index, (key, votes) in enumerate(layout.pairs)
    ]
    if not parts:
        return pl.DataFrame(
            schema={
                LINE_COLUMN: pl.UInt32,
                GEBIETSNUMMER: pl.String,
                "pair": pl.Int32,
                "column": pl.String,
                "key": pl.String,
                "votes": pl.Int64,
            }
        )
    return pl.concat(parts).filter(pl.col("key").is_not_null() | pl.col("votes").is_not_null())


def _pair_keys(typed: pl.DataFrame, layout: Layout) -> list[str]:
    """The distinct Gruppenschlüssel in order of first appearance (row by row, left to right)."""
    long = _pairs_long(typed, layout).filter(pl.col("key").is_not_null())
    keys = long.sort(LINE_COLUMN, "pair")["key"].unique(maintain_order=True)
    return [str(k) for k in keys.to_list()]


def _check_pairs(context: SourceContext, display: str, typed: pl.DataFrame, layout: Layout) -> bool:
    """Votes without a Gruppenschlüssel, or a key twice in one row, cannot be placed (K01)."""
    long = _pairs_long(typed, layout)
    orphans = long.filter(pl.col("key").is_null())
    twice = long.filter(
        pl.col("key").is_not_null() & (pl.len().over(LINE_COLUMN, "key") > 1)
    ).unique(subset=[LINE_COLUMN, "key"], keep="first", maintain_order=True)
    title = LAYOUT_TITLES[PAIRS]
    if orphans.height:
        context.note(
            "K01",
            context.rows(
                display,
                orphans,
                column=None,
                bezirk=GEBIETSNUMMER,
                columns=pl.format("{} ({})", pl.col("column"), pl.lit(KEY)),
                layout=title,
            ),
        )
    if twice.height:
        context.note(
            "K01",
            context.rows(
                display,
                twice,
                column=None,
                bezirk=GEBIETSNUMMER,
                columns=pl.format("{} {}", pl.lit(KEY), pl.col("key")),
                layout=title,
            ),
        )
    return not (orphans.height or twice.height)


@dataclass
class Part:
    """The precincts of one package: its authority, its name and its rows."""

    gs: str
    name: str | None
    rows: pl.DataFrame


def _named(rows: pl.DataFrame, where: pl.Expr, column: str) -> str | None:
    found = rows.filter(where)[column].drop_nulls()
    return str(found[0]) if found.len() else None


def _authority_name(rows: pl.DataFrame, gs: str) -> str | None:
    """The name of an authority as the file gives it: its KREIS or GEMEINDE row, or Gemeindename."""
    return _named(
        rows, (pl.col(ART).is_in([KREIS, GEMEINDE])) & (pl.col(NUMMER) == gs), GEBIET_NAME
    ) or _named(rows, pl.col(AGS) == gs, GNAME)


def _parts(
    rows: pl.DataFrame, precincts: pl.DataFrame, meta: Meta, display: str
) -> tuple[list[Part], bool]:
    """Split the precincts into packages by authority; True if the authority was constructed."""
    if meta.gs:
        return [Part(meta.gs, _authority_name(rows, meta.gs), precincts)], False
    placed = precincts.filter(pl.col(AGS).is_not_null())
    prefixes = [str(p) for p in placed[AGS].str.slice(0, 5).unique(maintain_order=True).to_list()]
    if not prefixes:
        raise SourceError("convert.gs_missing", path=display)
    kreise = rows.filter((pl.col(ART) == KREIS) & pl.col(NUMMER).str.contains(r"^[0-9]{8}$"))
    parts: list[Part] = []
    constructed = False
    for index, prefix in enumerate(prefixes):
        inside = pl.col(AGS).str.slice(0, 5) == prefix
        if index == 0:
            inside = inside | pl.col(AGS).is_null()  # Bezirke without a municipality (K19)
        members = precincts.filter(inside)
        kreis = kreise.filter(pl.col(NUMMER).str.slice(0, 5) == prefix)
        municipalities = members[AGS].drop_nulls().unique()
        if kreis.height:
            gs = str(kreis[NUMMER][0])
        elif municipalities.len() == 1 and members[AGS].null_count() == 0:
            gs = str(municipalities[0])
        else:
            gs = prefix + "000"
            constructed = True
        parts.append(Part(gs, _authority_name(rows, gs), members))
    return parts, constructed or len(parts) > 1


def _with_keys(parts: list[Part], meta: Meta) -> tuple[list[Part], pl.DataFrame, pl.DataFrame]:
    """Give every precinct its key; returns the parts, the Bezirke without municipality (K19)
    and the renamed duplicates (K08)."""
    keyed: list[Part] = []
    unplaced: list[pl.DataFrame] = []
    duplicates: list[pl.DataFrame] = []
    known_municipality = bool(meta.gs) and not _is_kreis_key(meta.gs or "")
    for part in parts:
        rows = part.rows.with_columns(pl.coalesce(pl.col(AGS), pl.lit(part.gs)).alias(GS))
        occurrence = pl.int_range(pl.len()).over(GS, BNR)
        rows = rows.with_columns(occurrence.alias("_occurrence"))
        twice = rows.filter(pl.col("_occurrence") > 0)
        if twice.height:
            renamed = pl.format("{}-{}", pl.col(BNR), pl.col("_occurrence") + 1)
            duplicates.append(
                twice.select(
                    LINE_COLUMN, NUMMER, pl.col(BNR).alias("value"), renamed.alias("renamed")
                )
            )
            rows = rows.with_columns(
                pl.when(pl.col("_occurrence") > 0).then(renamed).otherwise(pl.col(BNR)).alias(BNR)
            )
        if not known_municipality:
            unplaced.append(
                rows.filter(pl.col(AGS).is_null() & pl.col(ART).is_in(list(PRECINCTS))).select(
                    LINE_COLUMN, NUMMER, pl.col(BNR).alias("value"), pl.col(GS).alias("gs")
                )
            )
        keyed.append(Part(part.gs, part.name, rows.drop("_occurrence")))
    empty = pl.DataFrame(
        schema={LINE_COLUMN: pl.UInt32, NUMMER: pl.String, "value": pl.String, "gs": pl.String}
    )
    dup_empty = pl.DataFrame(
        schema={LINE_COLUMN: pl.UInt32, NUMMER: pl.String, "value": pl.String, "renamed": pl.String}
    )
    return (
        keyed,
        pl.concat([empty, *unplaced], how="vertical_relaxed"),
        pl.concat([dup_empty, *duplicates], how="vertical_relaxed"),
    )


def _area_art(rows: pl.DataFrame) -> str:
    """The Gebietsart of the electoral area: STIMMKREIS in a Landtag file, else WAHLKREIS."""
    return STIMMKREIS if (rows[ART] == STIMMKREIS).any() else WAHLKREIS


def _aggregate_checks(
    context: SourceContext,
    display: str,
    aggregates: pl.DataFrame,
    precincts: pl.DataFrame,
    counts: list[str],
    sources: dict[str, str],
) -> None:
    """K05 for every aggregate row; K06 where an aggregate is not the sum of its precincts.

    GEMEINDE = Σ precincts of the municipality, KREIS = Σ precincts of municipalities of the
    Kreis, WAHLKREIS (or, in a Landtag file, STIMMKREIS) = Σ precincts with its Wahlkreisnummer;
    all hold in every row of the real files. VERBANDSGEMEINDE rows are not checked: the file does
    not name their members (in EW 2024 a non-member sits between the members of VG Aßling), and
    neither are the Landtag's WAHLKREIS rows (Regierungsbezirke, larger than the file's
    Stimmkreis); their number of precincts is unknown (`–`).
    """
    if aggregates.height == 0:
        return
    has_wk = precincts[WK].is_not_null().any()
    area = _area_art(aggregates)
    kinds: list[tuple[list[str], pl.Expr, pl.Expr]] = [
        ([GEMEINDE], pl.coalesce(pl.col(AGS), pl.col(NUMMER)), pl.col(GS)),
        ([KREIS], pl.col(NUMMER).str.slice(0, 5), pl.col(GS).str.slice(0, 5)),
        (
            [area],
            pl.coalesce(pl.col(WK), pl.col(NUMMER)) if has_wk else pl.lit("*"),
            pl.col(WK) if has_wk else pl.lit("*"),
        ),
    ]
    checked: list[pl.DataFrame] = []
    for arten, parent_key, child_key in kinds:
        parents = aggregates.filter(pl.col(ART).is_in(arten))
        if parents.height == 0:
            continue
        sums = precincts.group_by(child_key.alias(KEY_COLUMN)).agg(
            pl.len().alias(CHILDREN),
            *[
                pl.when(pl.col(c).is_not_null().all()).then(pl.col(c).sum()).alias(f"_sum_{c}")
                for c in counts
            ],
        )
        joined = parents.with_columns(parent_key.alias(KEY_COLUMN)).join(
            sums, on=KEY_COLUMN, how="left", maintain_order="left"
        )
        for column in counts:
            # No precinct at all: the aggregate's votes are in no Bezirk, the sum is 0.
            expected = (
                pl.when(pl.col(CHILDREN).is_null())
                .then(pl.lit(0, dtype=pl.Int64))
                .otherwise(pl.col(f"_sum_{column}"))
            )
            hits = joined.filter(
                pl.col(column).is_not_null() & expected.is_not_null() & (pl.col(column) != expected)
            )
            if hits.height:
                context.note(
                    "K06",
                    context.rows(
                        display,
                        hits,
                        column=sources.get(column, column),
                        bezirk=NUMMER,
                        found=pl.col(column),
                        expected=expected,
                    ),
                )
        checked.append(joined.select(LINE_COLUMN, NUMMER, pl.col(CHILDREN).fill_null(0)))
    unchecked = aggregates.filter(~pl.col(ART).is_in([GEMEINDE, KREIS, area]))
    checked.append(
        unchecked.select(LINE_COLUMN, NUMMER, pl.lit(None, dtype=pl.UInt32).alias(CHILDREN))
    )
    every = pl.concat(checked, how="vertical_relaxed").sort(LINE_COLUMN)
    context.note("K05", context.rows(display, every, bezirk=NUMMER, count=pl.col(CHILDREN)))


def _precincts(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, bool]:
    """Precinct rows (with bezirk-art) and aggregate rows; a file of totals only has its lowest
    level of areas as Bezirke (True)."""
    is_precinct = pl.col(ART).is_in(list(PRECINCTS))
    precincts = rows.filter(is_precinct).with_columns(
        pl.col(ART)
        .replace_strict(PRECINCTS, default=None, return_dtype=pl.String)
        .alias(BEZIRK_ART)
    )
    if precincts.height:
        return precincts, rows.filter(~is_precinct), False
    for level in (GEMEINDE, KREIS, STIMMKREIS, WAHLKREIS):
        chosen = pl.col(ART) == level
        if rows.filter(chosen).height:
            promoted = rows.filter(chosen).with_columns(
                pl.col(NUMMER).alias(BNR), pl.lit("W").alias(BEZIRK_ART)
            )
            return promoted, rows.filter(~chosen), True
    return precincts, rows, False


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    table = source_table(source)
    context = SourceContext(source_format=NAME, layout=WIDE, tables=[table])
    display = table.display
    if not table.usable:
        return [], context
    empty = _empty_columns(table)
    layout = layout_of(table.columns, ignore=empty)
    context.layout = layout.name
    _forget_expected_header_issues(table, empty, layout.name)
    title = LAYOUT_TITLES[layout.name]
    if layout.missing or layout.unknown:
        columns = layout.missing or layout.unknown
        context.note(
            "K01",
            note(display, table.header_line, columns[0], columns=", ".join(columns), layout=title),
        )
        return [], context
    frame = table.frame
    if frame.height == 0:
        return [], context
    arten = pl.col(GEBIETSART).str.strip_chars().str.to_uppercase()
    strange = frame.filter(arten.is_null() | ~arten.is_in([*PRECINCTS, *AGGREGATES]))
    if strange.height:
        context.note(
            "K01",
            context.rows(
                display,
                strange,
                column=GEBIETSART,
                bezirk=GEBIETSNUMMER,
                columns=pl.format("{} = {}", pl.lit(GEBIETSART), pl.col(GEBIETSART).fill_null("")),
                layout=title,
            ),
        )
        return [], context
    bad = frame.filter(malformed_counts(frame, layout.numeric))
    if bad.height:
        context.note("K02", context.rows(display, bad, bezirk=GEBIETSNUMMER))
        return [], context
    typed = to_counts(frame, layout.numeric)
    context.facts.update(display=display, typed=typed, layout=layout)
    if layout.name == PAIRS and not _check_pairs(context, display, typed, layout):
        return [], context

    rows, counts = _normalize(typed, layout)
    sources = {owd: src for src, owd in layout.counts.items()}
    if layout.dropped:
        context.note(
            "K09",
            note(display, table.header_line, layout.dropped[0], columns=", ".join(layout.dropped)),
        )
    if layout.name == PAIRS:
        for letter, formula in (
            ("A", f"{PAIR_A1} + {PAIR_A2} + {PAIR_A3}"),
            ("B", f"{PAIR_VOTERS_WITHOUT} + {PAIR_VOTERS_WITH}"),
        ):
            if letter in counts:
                context.note("K10", note(display, None, letter, field=letter, value=formula))

    datum_found = meta.wahl_datum or date_from_name(display)
    datum = require_date(datum_found, display)
    if meta.wahl_datum is None:
        context.note("K10", note(display, None, None, field="wahl-datum", value=datum))
    arten_found = {str(a) for a in rows[ART].unique().to_list()}
    two_votes = "F" in counts
    wahl_name = meta.wahl_name or wahl_name_from(display, arten_found, two_votes)
    if meta.wahl_name is None:
        context.note("K10", note(display, None, None, field="wahl-name", value=wahl_name))

    precincts, aggregates, promoted = _precincts(rows)
    parts, constructed = _parts(rows, precincts, meta, display)
    parts, unplaced, duplicates = _with_keys(parts, meta)
    if constructed:
        context.note(
            "K10",
            note(
                display,
                None,
                GEBIETSNUMMER,
                field="wahl-behoerde-gs",
                value=", ".join(p.gs for p in parts),
            ),
        )
    if unplaced.height:
        context.facts["unplaced"] = unplaced
    if duplicates.height:
        context.note("K08", context.rows(display, duplicates, column=BEZIRKSNUMMER, bezirk=NUMMER))
    keyed = pl.concat([p.rows for p in parts], how="vertical_relaxed")
    if promoted:
        context.note(
            "K05", context.rows(display, keyed, bezirk=NUMMER, count=pl.lit(1, dtype=pl.Int64))
        )
    _aggregate_checks(context, display, aggregates, keyed, counts, sources)

    positions = sorted({int(m.group(1)) for c in counts if (m := POSITION.match(c))})
    if not positions:
        context.note("K13", note(display, table.header_line, None))
    ballot_meta = meta
    if layout.name == PAIRS:
        keys = _pair_keys(typed, layout)
        ballot_meta = Meta(parties={i: Party(i, kurzname=k) for i, k in enumerate(keys, start=1)})
    wk_label = "Stimmkreis" if STIMMKREIS in arten_found else "Wahlkreis"
    wk_names = (
        aggregates.filter(pl.col(ART) == _area_art(aggregates))
        .select(
            pl.coalesce(pl.col(WK), pl.col(NUMMER)).alias(WK), pl.col(GEBIET_NAME).alias("_wk_name")
        )
        .unique(subset=WK, keep="first", maintain_order=True)
    )
    elections: list[tuple[Election, pl.Series]] = []
    unnamed_all: set[int] = set()
    for part in parts:
        election, unnamed = _election(
            part, counts, positions, ballot_meta, meta, wk_names, wk_label, datum, wahl_name
        )
        unnamed_all.update(unnamed)
        if meta.behoerde_name is None and part.name is None:
            context.note(
                "K10",
                note(
                    display,
                    None,
                    None,
                    field="wahl-behoerde-name",
                    value=election.wahlparameter["wahl-behoerde-name"],
                ),
            )
        elections.append((election, part.rows[LINE_COLUMN]))
    if unnamed_all:
        context.note(
            "K03",
            note(
                meta.parties_source or display,
                None,
                None,
                positions=", ".join(map(str, sorted(unnamed_all))),
            ),
        )
    return elections, context


def _election(
    part: Part,
    counts: list[str],
    positions: list[int],
    ballot_meta: Meta,
    meta: Meta,
    wk_names: pl.DataFrame,
    wk_label: str,
    datum: str,
    wahl_name: str,
) -> tuple[Election, list[int]]:
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
            pl.col(WK).alias("stimmzettel-gebiet-nr"),
            pl.col("_wk_name").alias("stimmzettel-gebiet-bezeichnung"),
        ]
    results = rows.select(
        pl.col(GS).alias("wahl-behoerde-gs"),
        pl.col(BNR).alias("bezirk-nr"),
        pl.col(GEBIET_NAME).alias("bezirk-name"),
        pl.col(BEZIRK_ART).alias("bezirk-art"),
        *area,
        *counts,
    )
    areas: list[str | None] = (
        [str(a) for a in rows[WK].drop_nulls().unique(maintain_order=True).to_list()]
        if has_wk
        else [None]
    )
    frames = []
    unnamed: list[int] = []
    for gebiet in areas:
        frame, missing = ballot(positions, ballot_meta, area=gebiet)
        frames.append(frame)
        unnamed += missing
    names = dict(zip(wk_names[WK].to_list(), wk_names["_wk_name"].to_list(), strict=True))
    parties = pl.concat(frames).with_columns(
        pl.col("stimmzettel-gebiet-nr")
        .replace_strict(names, default=None, return_dtype=pl.String)
        .alias("stimmzettel-gebiet-bezeichnung")
    )
    behoerde = meta.behoerde_name or part.name or f"Behörde {part.gs}"
    wahl: dict[str, str | None] = {
        "wahl-behoerde-gs": part.gs,
        "wahl-behoerde-name": behoerde,
        "wahl-datum": datum,
        "wahl-name": wahl_name,
        "wahl-bezeichnung": wahl_name,
        "bezirk-bezeichnung": "Stimmbezirk",
        "gebiet-ebene-2-bezeichnung": "Gemeinde" if has_level_2 else None,
        "gebiet-ebene-3-bezeichnung": wk_label if has_wk else None,
    }
    election = assemble(results=results, counts=counts, parties=parties, wahl=wahl)
    return election, sorted(set(unnamed))


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
