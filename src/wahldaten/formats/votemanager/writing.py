"""Writing votemanager Open-Data files, so that OWD can be handed to tools that read them.

The CSV, `open_data.json` (names of the ballot options) and `opendata-wahllokale.csv` (Bezirk
types): together they carry everything the reader needs to give the election back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import STIMMZETTEL, WAHLGEBIETSEINTEILUNGEN, Election
from wahldaten.core.names import BEZIRK_ART, BEZIRK_NAME, BEZIRK_NR, DATUM, GS
from wahldaten.core.names import NAME as WAHL_NAME
from wahldaten.formats.votemanager.layouts import ANZ, MAX, OPTION, position

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


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


def _candidates(counts: list[str], n: int) -> list[str]:
    return sorted(
        (c for c in counts if re.match(rf"^D{n}_[0-9]+$", c)), key=lambda c: int(c.split("_")[1])
    )


def _or_empty(column: str, counts: list[str]) -> pl.Expr:
    return pl.col(column) if column in counts else pl.lit(None, dtype=pl.Int64)


def _lower_saxony(counts: list[str], options: list[int]) -> list[tuple[str, pl.Expr]]:
    """C1/C2, D<n>_liste, the candidates' sum and the list's total (NDS 2021)."""
    columns = [("C1", pl.col("C")), ("C2", pl.col("GUELTIGE-STIMMZETTEL")), ("D", pl.col("D"))]
    for n in options:
        candidates = _candidates(counts, n)
        columns.append((f"D{n}_liste", _or_empty(f"D{n}_liste", counts)))
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
        columns.append((f"D{n}_summe_kandidaten", pl.when(all_null).then(None).otherwise(total)))
        columns.append((f"D{n}_summe_liste_kandidaten", pl.col(f"D{n}")))
        columns.extend((c, pl.col(c)) for c in candidates)
    return columns


def _by_list(counts: list[str], options: list[int], hessian: bool) -> list[tuple[str, pl.Expr]]:
    """Councils with ballots per list: Hesse (`unveraendert_<n>;veraendert_<n>;D<n>;D<n>_<k>`,
    the reader derives `D<n>_liste` back) or Bavaria (`D<n>_unveraendert;D<n>_veraendert;…`)."""
    columns: list[tuple[str, pl.Expr]] = [(c, pl.col(c)) for c in ("C", "D") if c in counts]
    for n in options:
        for kind in ("unveraendert", "veraendert"):
            source = f"D{n}_{kind}"
            if hessian:
                columns.append((f"{kind}_{n}", _or_empty(source, counts)))
            elif source in counts:
                columns.append((source, pl.col(source)))
        columns.append((f"D{n}", pl.col(f"D{n}")))
        columns.extend((c, pl.col(c)) for c in _candidates(counts, n))
    return columns


def _vm_columns(election: Election) -> list[tuple[str, pl.Expr]]:
    """The votemanager columns of an election, in votemanager order, as expressions: the scheme
    of the Land template whose reader gives the election back."""
    counts = election.counts()
    columns: list[tuple[str, pl.Expr]] = []
    for letter in ["A1", "A2", "A3", "A", "B", "B1"]:
        if letter in counts:
            columns.append((letter, pl.col(letter)))
    options = sorted({position(c) for c in counts if OPTION.match(c)})
    if "GUELTIGE-STIMMZETTEL" in counts:
        return columns + _lower_saxony(counts, options)
    if any(re.match(r"^D[0-9]+_(liste|unveraendert|veraendert|[0-9]+)$", c) for c in counts):
        hessian = any(re.match(r"^D[0-9]+_liste$", c) for c in counts)
        return columns + _by_list(counts, options, hessian)
    for letter in ["C", "D", "E", "F"]:
        if letter in counts:
            columns.append((letter, pl.col(letter)))
    two_votes = any(c.startswith("F") and OPTION.match(c) for c in counts)
    for n in options:
        for prefix in ("D", "F") if two_votes else ("D",):
            if f"{prefix}{n}" in counts:
                columns.append((f"{prefix}{n}", pl.col(f"{prefix}{n}")))
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
        pl.col(DATUM).alias("datum"),
        pl.col(WAHL_NAME).alias("wahl"),
        pl.col(GS).alias("ags"),
        pl.col(BEZIRK_NR).alias("gebiet-nr"),
        pl.col(BEZIRK_NAME).alias("gebiet-name"),
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
        pl.col(DATUM).alias("datum"),
        pl.col(GS).alias("ags"),
        pl.col(BEZIRK_NR).alias("Bezirk-Nr"),
        pl.col(BEZIRK_NAME).alias("Bezirk-Name"),
        pl.col(BEZIRK_ART).alias("Bezirk-Art"),
    )
    lokale_path = folder / "opendata-wahllokale.csv"
    lokale.write_csv(lokale_path, separator=";", null_value="", quote_style="necessary")
    return [csv_path, json_path, lokale_path]
