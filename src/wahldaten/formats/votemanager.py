"""vote iT votemanager Open-Data CSV (also AKDB OK.VOTE, which runs the same engine).

One file per election and Ebene; the header is `datum;wahl;ags;gebiet-nr;gebiet-name;
max-schnellmeldungen;anz-schnellmeldungen` followed by the Schnellmeldung letters, whose set
depends on the election type, the Land template and the stage of counting (LAYOUTS). Party
names are not in the file: they come from `open_data.json` or a Stimmzettel file (`--meta`),
the type of a Bezirk from `opendata-wahllokale.csv` or, failing that, from its figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import STIMMZETTEL, WAHLGEBIETSEINTEILUNGEN, Election
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
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "votemanager"
TITLE = "vote iT votemanager / AKDB OK.VOTE Open-Data-CSV"
FIXED = [
    "datum",
    "wahl",
    "ags",
    "gebiet-nr",
    "gebiet-name",
    "max-schnellmeldungen",
    "anz-schnellmeldungen",
]
LETTERS = ["A1", "A2", "A3", "A", "B", "B1", "B2", "C", "D", "E", "F"]
MAX, ANZ = "max-schnellmeldungen", "anz-schnellmeldungen"

STANDARD = "standard"
NDS_2021 = "nds-2021"
NDS_2026 = "nds-2026"
BY_COUNCIL = "by-council"
REFERENDUM = "okvote-buergerentscheid"
LAYOUT_TITLES = {
    STANDARD: "Schnellmeldung (A–F, D<n>/F<n>)",
    NDS_2021: "Kommunalwahl Niedersachsen bis 2021 (C1/C2, D<n>_liste, D<n>_<k>)",
    NDS_2026: "Kommunalwahl Niedersachsen ab 2026 (D<n>_1, D<n>_2_<k>, D<n>_3, D<n>_4)",
    BY_COUNCIL: "Gemeinde-/Kreistagswahl Bayern (B2, E, D<n>_unveraendert, D<n>_<k>)",
    REFERENDUM: "Bürgerentscheid OK.VOTE (C01–C04)",
}

OPTION = re.compile(r"^([DF])([1-9][0-9]*)$")
NDS21 = re.compile(r"^D([1-9][0-9]*)_(liste|summe_kandidaten|summe_liste_kandidaten|[1-9][0-9]*)$")
NDS26 = re.compile(r"^D([1-9][0-9]*)_(1|2_[1-9][0-9]*|3|4)$")
BY = re.compile(r"^D([1-9][0-9]*)_(unveraendert|veraendert|[1-9][0-9]*)$")
REFERENDUM_COLUMNS = {"C01", "C02", "C03", "C04"}


def sniff(header: list[str]) -> bool:
    names = [h.strip().lower() for h in header[:3]]
    return names == ["datum", "wahl", "ags"]


def sniff_text(lines: list[str]) -> bool:
    return bool(lines) and sniff(lines[0].split(";"))


def layout_of(columns: list[str]) -> tuple[str, list[str]]:
    """The layout of a header and the columns it cannot place (empty if the layout is known)."""
    counts = [c for c in columns if c not in FIXED]
    if set(counts) >= REFERENDUM_COLUMNS:
        known = {*REFERENDUM_COLUMNS, "A1", "A2", "A3", "A", "B", "B1"}
        return REFERENDUM, [c for c in counts if c not in known]
    if "C1" in counts and "C2" in counts:
        if any(NDS26.match(c) and not c.endswith("_1") for c in counts) and not any(
            c.endswith("_liste") for c in counts
        ):
            known_26 = {*LETTERS, "C1", "C2"}
            return NDS_2026, [c for c in counts if c not in known_26 and not NDS26.match(c)]
        known_21 = {*LETTERS, "C1", "C2"}
        return NDS_2021, [c for c in counts if c not in known_21 and not NDS21.match(c)]
    if any(BY.match(c) for c in counts) or "Summe_unveraendert" in counts:
        known_by = {*LETTERS, "Summe_unveraendert", "Summe_veraendert"}
        return BY_COUNCIL, [
            c for c in counts if c not in known_by and not BY.match(c) and not OPTION.match(c)
        ]
    return STANDARD, [c for c in counts if c not in LETTERS and not OPTION.match(c)]


def _position(column: str) -> int:
    return int(re.match(r"^[DF]([0-9]+)", column).group(1))  # type: ignore[union-attr]


def _normalize(frame: pl.DataFrame, layout: str) -> tuple[pl.DataFrame, list[str], list[str]]:
    """Rename the layout's columns to OWD names; returns frame, OWD count columns, dropped columns."""
    columns = [c for c in frame.columns if c not in FIXED and c != LINE_COLUMN]
    rename: dict[str, str] = {}
    dropped: list[str] = []
    for column in columns:
        target: str | None = column
        if column == "B2":
            target = "B1"
        elif layout in (NDS_2021, NDS_2026) and column in ("C1", "C2"):
            target = "C" if column == "C1" else "GUELTIGE-STIMMZETTEL"
        elif layout == NDS_2021 and (m := NDS21.match(column)):
            n, part = m.groups()
            target = {
                "liste": f"D{n}_liste",
                "summe_kandidaten": None,
                "summe_liste_kandidaten": f"D{n}",
            }.get(part, f"D{n}_{part}")
        elif layout == NDS_2026 and (m := NDS26.match(column)):
            n, part = m.groups()
            target = {"1": f"D{n}_liste", "3": None, "4": f"D{n}"}.get(part, f"D{n}_{part[2:]}")
        elif layout == BY_COUNCIL and column in ("E", "Summe_unveraendert", "Summe_veraendert"):
            target = None  # E = ballots cast (= B, rule K15); the sums are derivable
        elif layout == REFERENDUM and column in REFERENDUM_COLUMNS:
            target = {"C01": "D1", "C02": "D2", "C03": "C", "C04": "D"}[column]
        if target is None:
            dropped.append(column)
        else:
            rename[column] = target
    renamed = frame.rename(rename).drop(dropped)
    counts = list(rename.values())
    return renamed, _ordered_counts(counts), dropped


def _ordered_counts(columns: list[str]) -> list[str]:
    letters = ["A1", "A2", "A3", "A", "B", "B1", "C", "GUELTIGE-STIMMZETTEL", "D", "E", "F"]
    head = [c for c in letters if c in columns]
    rest = [c for c in columns if c not in head]
    return head + rest


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


def _read_one(
    source: SourceFile, meta: Meta
) -> tuple[Election | None, SourceContext, pl.Series | None]:
    table = source_table(source)
    header = [h.strip() for h in table.header]
    layout, unknown = layout_of(header)
    context = SourceContext(source_format=NAME, layout=layout, tables=[table])
    display = table.display
    if not table.usable:
        return None, context, None
    missing = [c for c in FIXED if c not in table.columns]
    if missing or unknown:
        context.note(
            "K01",
            note(
                display,
                table.header_line,
                (missing or unknown)[0],
                columns=", ".join(missing or unknown),
                layout=LAYOUT_TITLES.get(layout, layout),
            ),
        )
        return None, context, None
    frame = table.frame
    raw_counts = [c for c in frame.columns if c not in FIXED and c != LINE_COLUMN]
    context.facts.update(frame=frame, display=display, counts=raw_counts)
    bad = frame.filter(malformed_counts(frame, raw_counts))
    if bad.height:
        context.note("K02", context.rows(display, bad, bezirk="gebiet-nr"))
        return None, context, None

    typed = to_counts(frame, raw_counts)
    context.facts["typed"] = typed
    normalized, counts, dropped = _normalize(typed, layout)
    if dropped:
        context.note(
            "K09", note(display, table.header_line, dropped[0], columns=", ".join(dropped))
        )

    # Aggregate rows (empty or 0 gebiet-nr) beside Bezirke are checked against them and dropped.
    is_total = pl.col("gebiet-nr").is_null() | (pl.col("gebiet-nr") == "0")
    totals = normalized.filter(is_total)
    bezirke = normalized.filter(~is_total)
    if totals.height and bezirke.height:
        context.facts["aggregates"] = (totals, bezirke, counts)
        context.note("K05", context.rows(display, totals, bezirk="gebiet-nr", count=bezirke.height))
        normalized = bezirke
    elif totals.height:
        context.note("K05", context.rows(display, totals, bezirk="gebiet-nr", count=1))
        normalized = normalized.with_columns(pl.col("gebiet-nr").fill_null("0"))

    datum = require_date(meta.wahl_datum or _first(frame, "datum"), display)
    wahl_name = meta.wahl_name or _first(frame, "wahl") or "Wahl"
    authority = _authority(frame, meta)
    if authority is None:
        raise SourceError("convert.gs_missing", path=display)

    art = _bezirk_art(normalized, meta)
    inferred = normalized.filter(~pl.col("gebiet-nr").is_in(list(meta.bezirk_art)))
    if inferred.height:
        context.note(
            "K04",
            note(
                display,
                None,
                "gebiet-nr",
                count=inferred.height,
                postal=int(
                    (
                        art.filter(~pl.col("gebiet-nr").is_in(list(meta.bezirk_art)))["bezirk-art"]
                        == "B"
                    ).sum()
                ),
            ),
        )
    results = normalized.join(art, on="gebiet-nr", how="left", maintain_order="left").select(
        pl.col("ags").alias("wahl-behoerde-gs"),
        pl.col("gebiet-nr").alias("bezirk-nr"),
        pl.col("gebiet-name").alias("bezirk-name"),
        pl.col("bezirk-art"),
        *counts,
    )
    positions = sorted({_position(c) for c in counts if OPTION.match(c)})
    parties_meta = meta
    if layout == REFERENDUM:
        parties_meta = Meta(parties={1: Party(1, kurzname="Ja"), 2: Party(2, kurzname="Nein")})
    elif meta.parties is not None and len(meta.parties) == 1 and positions == [1, 2]:
        # One candidate on a Bavarian ballot: D1 = Ja (the candidate), D2 = Nein.
        only = next(iter(meta.parties.values()))
        parties_meta = Meta(parties={1: only, 2: Party(2, kurzname="Nein")})
        context.note(
            "K16", note(display, table.header_line, "D2", name=only.kurzname or only.langname)
        )
    parties, unnamed = ballot(positions, parties_meta)
    if unnamed:
        context.note(
            "K03",
            note(
                meta.parties_source or display, None, None, positions=", ".join(map(str, unnamed))
            ),
        )
    if not positions:
        context.note("K13", note(display, table.header_line, None))
    if meta.wahl_name is None and _first(frame, "wahl") is None:
        context.note("K10", note(display, None, "wahl", field="wahl-name", value=wahl_name))
    behoerde = meta.behoerde_name or _total_name(totals, authority) or f"Behörde {authority}"
    if meta.behoerde_name is None and behoerde.startswith("Behörde "):
        context.note("K10", note(display, None, "ags", field="wahl-behoerde-name", value=behoerde))
    wahl: dict[str, str | None] = {
        "wahl-behoerde-gs": authority,
        "wahl-behoerde-name": behoerde,
        "wahl-datum": datum,
        "wahl-name": wahl_name,
        "wahl-bezeichnung": wahl_name,
        "bezirk-bezeichnung": "Wahlbezirk",
    }
    election = assemble(results=results, counts=counts, parties=parties, wahl=wahl)
    lines = normalized[LINE_COLUMN] if LINE_COLUMN in normalized.columns else None
    return election, context, lines


def _total_name(totals: pl.DataFrame, authority: str) -> str | None:
    """The name of the authority's own total row (`Flecken Langwedel`), if the file has one."""
    own = totals.filter(pl.col("ags") == authority)
    return _first(own, "gebiet-name")


def _first(frame: pl.DataFrame, column: str) -> str | None:
    if column not in frame.columns:
        return None
    values = frame[column].drop_nulls()
    return str(values[0]) if values.len() else None


def _bezirk_art(frame: pl.DataFrame, meta: Meta) -> pl.DataFrame:
    """W or B per gebiet-nr: from opendata-wahllokale.csv, else postal if A = 0 and B > 0 or the
    name says Briefwahl (VOTEMANAGER.md: postal rows carry no electorate)."""
    known = (
        pl.col("gebiet-nr").replace_strict(meta.bezirk_art, default=None, return_dtype=pl.String)
        if meta.bezirk_art
        else pl.lit(None, dtype=pl.String)
    )
    has_a = "A" in frame.columns and "B" in frame.columns
    postal_by_figures = ((pl.col("A") == 0) & (pl.col("B") > 0)) if has_a else pl.lit(False)
    postal_by_name = pl.col("gebiet-name").str.contains(r"(?i)brief")
    guess = pl.when(postal_by_figures | postal_by_name).then(pl.lit("B")).otherwise(pl.lit("W"))
    return frame.select("gebiet-nr", pl.coalesce(known, guess).alias("bezirk-art")).unique(
        subset="gebiet-nr", keep="first"
    )


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    elections: list[Election] = []
    contexts: list[SourceContext] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    layouts: list[str] = []
    for source in sources:
        election, context, lines = _read_one(source, meta)
        contexts.append(context)
        layouts.append(LAYOUT_TITLES.get(context.layout, context.layout))
        if election is not None:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{TITLE}: " + "; ".join(sorted(set(layouts)))
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)


# --- writing -----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = text
    for umlaut, spelt in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        ascii_text = ascii_text.replace(umlaut, spelt)
    return re.sub(r"[^0-9A-Za-z]+", "-", ascii_text).strip("-") or "Wahl"


def _vm_columns(election: Election) -> list[tuple[str, pl.Expr]]:
    """The votemanager columns of an election, in votemanager order, as expressions."""
    results = election.results
    counts = election.counts()
    columns: list[tuple[str, pl.Expr]] = []
    multi = "GUELTIGE-STIMMZETTEL" in counts or any(
        re.match(r"^D[0-9]+_(liste|[0-9]+)$", c) for c in counts
    )
    for letter in ["A1", "A2", "A3", "A", "B", "B1"]:
        if letter in counts:
            columns.append((letter, pl.col(letter)))
    options = sorted({_position(c) for c in counts if OPTION.match(c)})
    if multi:
        columns.append(("C1", pl.col("C")))
        columns.append(("C2", pl.col("GUELTIGE-STIMMZETTEL")))
        columns.append(("D", pl.col("D")))
        for n in options:
            candidates = sorted(
                (c for c in counts if re.match(rf"^D{n}_[0-9]+$", c)),
                key=lambda c: int(c.split("_")[1]),
            )
            liste = f"D{n}_liste"
            columns.append(
                (f"D{n}_liste", pl.col(liste) if liste in counts else pl.lit(None, dtype=pl.Int64))
            )
            total = (
                pl.sum_horizontal([pl.col(c) for c in candidates])
                if candidates
                else pl.lit(None, dtype=pl.Int64)
            )
            all_null = (
                pl.all_horizontal([pl.col(c).is_null() for c in candidates])
                if candidates
                else pl.lit(True)
            )
            columns.append(
                (f"D{n}_summe_kandidaten", pl.when(all_null).then(None).otherwise(total))
            )
            columns.append((f"D{n}_summe_liste_kandidaten", pl.col(f"D{n}")))
            columns.extend((c, pl.col(c)) for c in candidates)
        return columns
    for letter in ["C", "D", "E", "F"]:
        if letter in counts:
            columns.append((letter, pl.col(letter)))
    two_votes = any(c.startswith("F") and OPTION.match(c) for c in counts)
    for n in options:
        for prefix in ("D", "F") if two_votes else ("D",):
            if f"{prefix}{n}" in counts:
                columns.append((f"{prefix}{n}", pl.col(f"{prefix}{n}")))
    del results
    return columns


def write(election: Election, folder: Path) -> list[Path]:
    """Write votemanager Open-Data files: the CSV, open_data.json (names) and
    opendata-wahllokale.csv (Bezirk types), so that a reader gets everything back."""
    folder.mkdir(parents=True, exist_ok=True)
    results = election.results
    counts = election.counts()
    reported = (
        pl.any_horizontal([pl.col(c).is_not_null() for c in counts]) if counts else pl.lit(False)
    )
    table = results.select(
        pl.col("wahl-datum").alias("datum"),
        pl.col("wahl-name").alias("wahl"),
        pl.col("wahl-behoerde-gs").alias("ags"),
        pl.col("bezirk-nr").alias("gebiet-nr"),
        pl.col("bezirk-name").alias("gebiet-name"),
        pl.lit(1).alias(MAX),
        pl.when(reported).then(1).otherwise(0).alias(ANZ),
        *[expression.alias(name) for name, expression in _vm_columns(election)],
    )
    name = f"Open-Data-{election.gs}-{_slug(election.wahl_name)}-Wahlbezirk.csv"
    csv_path = folder / name
    table.write_csv(csv_path, separator=";", null_value="", quote_style="necessary")
    stimmzettel = election.tables[STIMMZETTEL]
    parteien = [
        {
            "feld": f"D{row['stimmzettel-position']} / F{row['stimmzettel-position']}",
            "wert": row["partei-kurzname"] or row["partei-langname"],
        }
        for row in stimmzettel.unique(
            subset="stimmzettel-position", keep="first", maintain_order=True
        ).iter_rows(named=True)
    ]
    document: dict[str, Any] = {
        "csvs": [{"wahl": election.wahl_name, "ebene": "Wahlbezirk", "url": name}],
        "dateifelder": [
            {
                "name": election.wahl_name,
                "felder": [{"feld": c} for c in table.columns],
                "parteien": parteien,
            }
        ],
    }
    json_path = folder / "open_data.json"
    json_path.write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    gebiete = election.tables[WAHLGEBIETSEINTEILUNGEN]
    lokale = gebiete.select(
        pl.col("wahl-datum").alias("datum"),
        pl.col("wahl-behoerde-gs").alias("ags"),
        pl.col("bezirk-nr").alias("Bezirk-Nr"),
        pl.col("bezirk-name").alias("Bezirk-Name"),
        pl.col("bezirk-art").alias("Bezirk-Art"),
    )
    lokale_path = folder / "opendata-wahllokale.csv"
    lokale.write_csv(lokale_path, separator=";", null_value="", quote_style="necessary")
    return [csv_path, json_path, lokale_path]
