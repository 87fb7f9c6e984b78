"""Shared machinery for reading vendor formats into the canonical model.

A vendor reader turns its files into one normalized frame of results (one row per Bezirk, OWD
column names, counts as Int64) plus a ballot, and `assemble` builds the five OWD tables from
them, so that every format fills OWD the same way. What the source does not say (date, name
of the election, party names, the type of a Bezirk) comes from the user's metadata (`Meta`)
or is inferred; every such decision is a typed fact of the reader (`formats/facts.py`), from
which the K rules report it with the source's location. Counts are read by `formats/counts.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wahldaten.core import standard
from wahldaten.core.findings import RowFindings, row_findings
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import (
    KANDIDATEN,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
    Election,
)
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NAME,
    BEZIRK_NR,
    BRIEFWAHLBEZIRK_NR,
    DATUM,
    GS,
    NAME,
    VERSION,
)
from wahldaten.formats.errors import SourceError as SourceError  # re-exported
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable, read_csv_table
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

DATE = re.compile(r"^(0[1-9]|[12][0-9]|3[01])\.(0[1-9]|1[0-2])\.[0-9]{4}$")
HIERARCHY = [f"gebiet-ebene-{level}-{part}" for level in (5, 4, 3, 2) for part in ("nr", "name")]
# Columns of Wahlgebietseinteilungen that a normalized results frame may carry.
GEBIET_COLUMNS = [
    "wahl-leiter-gs",
    "wahl-leiter-name",
    *HIERARCHY,
    BEZIRK_NR,
    BEZIRK_NAME,
    BEZIRK_ART,
    "bezirk-repräsentativ",
    "kandidat-gebiet-nr",
    "kandidat-gebiet-bezeichnung",
    "stimmzettel-gebiet-nr",
    "stimmzettel-gebiet-bezeichnung",
    BRIEFWAHLBEZIRK_NR,
]
PARTY_COLUMNS = [
    "stimmzettel-gebiet-nr",
    "stimmzettel-gebiet-bezeichnung",
    "stimmzettel-position",
    "partei-kurzname",
    "partei-langname",
    "partei-rgb-wert",
    "partei-typ",
]


@dataclass
class Party:
    """One ballot entry as metadata names it."""

    position: int
    kurzname: str | None = None
    langname: str | None = None
    farbe: str | None = None
    typ: str = "P"


@dataclass
class Meta:
    """What the user adds because the source does not say it (CLI options and --meta files)."""

    wahl_datum: str | None = None
    wahl_name: str | None = None
    gs: str | None = None
    behoerde_name: str | None = None
    parties: dict[int, Party] | None = None
    parties_source: str | None = None
    bezirk_art: dict[str, str] = field(default_factory=dict)
    bezirk_art_source: str | None = None
    files: list[str] = field(default_factory=list)


FactsT = TypeVar("FactsT")


@dataclass
class SourceContext:
    """What a source-format rule sees: the tables as read, the layout found, and helpers.

    `observed` holds the reader's typed facts: one dataclass per format (what it read, which
    columns it dropped, which decisions it took), from which the rules detect their codes.
    """

    source_format: str
    layout: str
    tables: list[CsvTable]
    observed: object | None = None

    def facts_as(self, kind: type[FactsT]) -> FactsT | None:
        """The reader's facts if they are of this kind (a rule of another format gets None)."""
        return self.observed if isinstance(self.observed, kind) else None

    def rows(
        self,
        display: str,
        frame: pl.DataFrame,
        *,
        column: str | None = None,
        bezirk: str | None = BEZIRK_NR,
        **params: Any,
    ) -> RowFindings:
        return row_findings(
            display, frame, line_column=LINE_COLUMN, column=column, bezirk=bezirk, **params
        )


@dataclass
class Reading:
    """What a reader found: the elections, the contexts for the format's rules, a description."""

    elections: list[Election]
    contexts: list[SourceContext]
    detected: str
    # Source lines of each election's Wahlergebnisse rows, for locating findings in the source.
    provenance: list[tuple[str, pl.Series | None]] = field(default_factory=list)


# --- metadata files ---------------------------------------------------------------------------


def _parties_from_open_data(document: dict[str, Any]) -> dict[int, Party]:
    """votemanager `open_data.json`: `dateifelder[].parteien[]` with "D1 / F1" → name."""
    parties: dict[int, Party] = {}
    for entry in document.get("dateifelder", []):
        for party in entry.get("parteien", []) or []:
            field_name = str(party.get("feld", ""))
            match = re.match(r"\s*[DF]([0-9]+)\b", field_name)
            name = str(party.get("wert", "")).strip()
            if match and name:
                position = int(match.group(1))
                parties.setdefault(position, Party(position=position, langname=name))
    return parties


def _parties_from_stimmzettel(table: CsvTable) -> dict[int, Party]:
    """An OWD Stimmzettel file: position → short and long name, colour and type."""
    frame = table.frame
    if "stimmzettel-position" not in frame.columns:
        return {}
    parties: dict[int, Party] = {}
    for row in frame.iter_rows(named=True):
        try:
            position = int(row["stimmzettel-position"])
        except (TypeError, ValueError):
            continue
        parties.setdefault(
            position,
            Party(
                position=position,
                kurzname=row.get("partei-kurzname"),
                langname=row.get("partei-langname"),
                farbe=row.get("partei-rgb-wert"),
                typ=row.get("partei-typ") or "P",
            ),
        )
    return parties


def _bezirk_art_from_wahllokale(table: CsvTable) -> dict[str, str]:
    """votemanager `opendata-wahllokale.csv`: Bezirk-Nr → Bezirk-Art (W/B)."""
    frame = table.frame
    if "Bezirk-Nr" not in frame.columns or "Bezirk-Art" not in frame.columns:
        return {}
    pairs = frame.select("Bezirk-Nr", "Bezirk-Art").drop_nulls()
    return {
        str(nr): str(art).upper()
        for nr, art in pairs.iter_rows()
        if str(art).upper() in ("W", "B", "U")
    }


def read_meta_files(paths: list[Path], meta: Meta) -> Meta:
    """Fill `meta` from metadata files: open_data.json, an OWD Stimmzettel CSV, a wahllokale CSV."""
    from wahldaten.io.sources import collect

    return read_meta_sources(collect(paths), meta)


def read_meta_sources(sources: list[SourceFile], meta: Meta) -> Meta:
    """Fill `meta` from metadata files given as sources (also members of a zip)."""
    for source in sources:
        data = source.read()
        path = Path(source.name)
        display = source.display
        meta.files.append(display)
        if path.suffix.lower() == ".json":
            try:
                document = json.loads(data.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise SourceError(
                    "convert.meta_unreadable", path=display, reason=str(error)
                ) from None
            parties = _parties_from_open_data(document) if isinstance(document, dict) else {}
            if not parties:
                raise SourceError(
                    "convert.meta_unreadable", path=display, reason="no dateifelder[].parteien[]"
                )
            meta.parties = parties
            meta.parties_source = display
            continue
        table = read_csv_table(data, display)
        parties = _parties_from_stimmzettel(table)
        if parties:
            meta.parties = parties
            meta.parties_source = display
            continue
        arten = _bezirk_art_from_wahllokale(table)
        if arten:
            meta.bezirk_art.update(arten)
            meta.bezirk_art_source = display
            continue
        raise SourceError("convert.meta_unknown", path=display)
    return meta


# --- assembling the OWD tables -----------------------------------------------------------------


def position_names(positions: list[int], meta: Meta) -> dict[int, str | None]:
    """The name metadata gives each ballot position, in order (None: none, K03)."""
    names: dict[int, str | None] = {}
    for position in sorted(set(positions)):
        party = (meta.parties or {}).get(position)
        names[position] = (party.kurzname or party.langname or None) if party else None
    return names


def ballot(
    positions: list[int], meta: Meta, *, area: str | None = None
) -> tuple[pl.DataFrame, list[int]]:
    """Stimmzettel rows for the positions found in the results, named from metadata.

    Returns the frame and the positions that had no name (they get a placeholder).
    """
    unnamed: list[int] = []
    rows = []
    for position, name in position_names(positions, meta).items():
        party = (meta.parties or {}).get(position)
        if party is None or name is None:
            unnamed.append(position)
            party = Party(position=position, langname=f"Wahlvorschlag {position}")
        rows.append(
            {
                "stimmzettel-gebiet-nr": area,
                "stimmzettel-gebiet-bezeichnung": None,
                "stimmzettel-position": str(position),
                "partei-kurzname": party.kurzname,
                "partei-langname": party.langname,
                "partei-rgb-wert": party.farbe,
                "partei-typ": party.typ if party.typ in ("P", "E") else "P",
            }
        )
    frame = pl.DataFrame(rows, schema=dict.fromkeys(PARTY_COLUMNS, pl.String))
    return frame, unnamed


def assemble(
    *,
    results: pl.DataFrame,
    counts: list[str],
    parties: pl.DataFrame,
    wahl: Mapping[str, str | None],
    kandidaten: pl.DataFrame | None = None,
    version: str | None = None,
) -> Election:
    """Build an election from normalized results (one row per Bezirk) and a ballot.

    `results` has `wahl-behoerde-gs`, `bezirk-nr`, `bezirk-name`, `bezirk-art`, optional
    hierarchy and area columns (GEBIET_COLUMNS), optional `zeitstempel-erfassung`, and the
    `counts` columns (OWD names, Int64). `wahl` holds the Wahlparameter values.
    """
    chosen = version or standard.latest()
    authority = pl.lit(wahl.get(GS), dtype=pl.String)
    row_gs = (pl.col(GS) if GS in results.columns else authority).alias(GS)

    def text(column: str) -> pl.Expr:
        return (
            pl.col(column)
            if column in results.columns
            else pl.lit(None, dtype=pl.String).alias(column)
        )

    def common_columns(gs: pl.Expr) -> list[pl.Expr]:
        return [
            pl.lit(chosen).alias(VERSION),
            gs,
            pl.lit(wahl.get(DATUM), dtype=pl.String).alias(DATUM),
            pl.lit(wahl.get(NAME), dtype=pl.String).alias(NAME),
        ]

    spec = standard.load(chosen).files
    parameter_columns = list(spec[WAHLPARAMETER].columns)
    parameter = pl.DataFrame(
        [{c: wahl.get(c) for c in parameter_columns}],
        schema=dict.fromkeys(parameter_columns, pl.String),
    ).with_columns(pl.lit(chosen).alias(VERSION))

    common = (VERSION, GS, DATUM, NAME)
    gebiet_columns = [c for c in spec[WAHLGEBIETSEINTEILUNGEN].columns if c not in common]
    gebiet_columns += [
        c for c in GEBIET_COLUMNS if c in results.columns and c not in gebiet_columns
    ]
    gebiete = results.select(
        *common_columns(row_gs), *[text(c) for c in gebiet_columns]
    ).with_columns(
        pl.col("wahl-leiter-gs").fill_null(authority),
        pl.col("wahl-leiter-name").fill_null(
            pl.lit(wahl.get("wahl-behoerde-name"), dtype=pl.String)
        ),
    )
    result_text = [BEZIRK_NR, BEZIRK_NAME, "zeitstempel-erfassung"]
    ergebnisse = results.select(
        *common_columns(row_gs),
        *[text(c) for c in result_text],
        *[pl.col(c).cast(pl.Int64) for c in counts],
    )
    stimmzettel = parties.select(*common_columns(authority.alias(GS)), *PARTY_COLUMNS)
    tables = {
        WAHLPARAMETER: parameter.select(parameter_columns),
        WAHLGEBIETSEINTEILUNGEN: gebiete,
        STIMMZETTEL: stimmzettel,
        WAHLERGEBNISSE: ergebnisse,
    }
    if kandidaten is not None:
        tables[KANDIDATEN] = kandidaten
    return Election(tables=tables, version=chosen)


def require_date(value: str | None, display: str) -> str:
    """The election date in OWD form, or a SourceError asking for --datum."""
    if value and DATE.match(value):
        return value
    raise SourceError("convert.date_missing", path=display)
