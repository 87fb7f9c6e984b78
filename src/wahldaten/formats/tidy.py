"""A tidy long table for analysis: one row per Bezirk × vote × choice (CSV or Parquet).

Every count cell of Wahlergebnisse becomes one row, with the Bezirk's type and parent areas,
the vote (1 = first or only vote, 2 = second vote), what is counted (`art`), the ballot
position and party names for choices, and `anzahl` – null where nothing was reported.
Filter `art == "wahlvorschlag"` for votes per party or candidate. `wahl-datum` is a date
(Parquet's DATE; in CSV, which is `;`-separated, ISO 8601 `2025-09-14`), not OWD's text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.core import standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import (
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
    Election,
    ModelError,
)
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NAME,
    BEZIRK_NR,
    DATUM,
    GS,
    NAME,
    STIMMZETTEL_GEBIET,
    VERSION,
)
from wahldaten.formats.errors import SourceError

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

KEY = [GS, BEZIRK_NR]
OWD_DATE = "%d.%m.%Y"
OWD_DATE_PATTERN = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"
ELECTION = [DATUM, NAME]
RESULT_TEXT = [BEZIRK_NAME, "zeitstempel-erfassung"]
GEBIET = [
    BEZIRK_ART,
    "gebiet-ebene-5-nr",
    "gebiet-ebene-5-name",
    "gebiet-ebene-4-nr",
    "gebiet-ebene-4-name",
    "gebiet-ebene-3-nr",
    "gebiet-ebene-3-name",
    "gebiet-ebene-2-nr",
    "gebiet-ebene-2-name",
    "kandidat-gebiet-nr",
    STIMMZETTEL_GEBIET,
]
PARTEI = ["partei-kurzname", "partei-langname", "partei-typ", "partei-rgb-wert"]
COLUMNS = [
    *ELECTION,
    *KEY,
    *RESULT_TEXT,
    *GEBIET,
    "merkmal",
    "art",
    "stimme",
    "position",
    "listenplatz",
    *PARTEI,
    "anzahl",
]

# What each result column counts: (pattern, art, vote).
KINDS = [
    (r"^A1$", "wahlberechtigte-ohne-sperrvermerk", None),
    (r"^A2$", "wahlberechtigte-mit-sperrvermerk", None),
    (r"^A3$", "wahlberechtigte-nicht-im-verzeichnis", None),
    (r"^A$", "wahlberechtigte", None),
    (r"^B$", "waehler", None),
    (r"^B[12]$", "waehler-mit-wahlschein", None),
    (r"^C$", "ungueltig", 1),
    (r"^D$", "gueltig", 1),
    (r"^E$", "ungueltig", 2),
    (r"^F$", "gueltig", 2),
    (r"^GUELTIGE-STIMMZETTEL$", "gueltige-stimmzettel", 1),
    (r"^D[0-9]+$", "wahlvorschlag", 1),
    (r"^F[0-9]+$", "wahlvorschlag", 2),
    (r"^D[0-9]+_liste$", "liste", 1),
    (r"^D[0-9]+_[0-9]+$", "kandidat", 1),
    (r"^F[0-9]+_[0-9]+$", "kandidat", 2),
    (r"^D[0-9]+_unveraendert$", "stimmzettel-unveraendert", 1),
    (r"^D[0-9]+_veraendert$", "stimmzettel-veraendert", 1),
]


def _kind(expression: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    art: pl.Expr = pl.lit(None, dtype=pl.String)
    vote: pl.Expr = pl.lit(None, dtype=pl.Int8)
    for pattern, name, number in reversed(KINDS):
        matches = expression.str.contains(pattern)
        art = pl.when(matches).then(pl.lit(name)).otherwise(art)
        vote = pl.when(matches).then(pl.lit(number, dtype=pl.Int8)).otherwise(vote)
    return art, vote


def to_tidy(election: Election) -> pl.DataFrame:
    results = election.results
    results = results.with_columns(_as_date(results, DATUM))
    counts = election.counts()
    index = [c for c in (*ELECTION, *KEY, *RESULT_TEXT) if c in results.columns]
    long = results.select(*index, *counts).unpivot(
        on=counts, index=index, variable_name="merkmal", value_name="anzahl"
    )
    # Bezirk by Bezirk, in the order of the source, then the columns of each.
    long = (
        long.with_row_index("__i")
        .sort(pl.col("__i") % max(results.height, 1), pl.col("__i") // max(results.height, 1))
        .drop("__i")
    )
    gebiete = election.tables[WAHLGEBIETSEINTEILUNGEN]
    facts = gebiete.select([c for c in (*KEY, *GEBIET) if c in gebiete.columns]).unique(
        subset=KEY, keep="first"
    )
    long = long.join(facts, on=KEY, how="left", nulls_equal=True, maintain_order="left")
    art, vote = _kind(pl.col("merkmal"))
    long = long.with_columns(
        art.alias("art"),
        vote.alias("stimme"),
        pl.col("merkmal").str.extract(r"^[DF]([0-9]+)", 1).cast(pl.Int32).alias("position"),
        pl.col("merkmal")
        .str.extract(r"^[DF][0-9]+_([0-9]+)$", 1)
        .cast(pl.Int32)
        .alias("listenplatz"),
    )
    ballot = election.tables[STIMMZETTEL]
    area = STIMMZETTEL_GEBIET
    stimmzettel = ballot.select(
        pl.col(area) if area in ballot.columns else pl.lit(None, dtype=pl.String).alias(area),
        pl.col("stimmzettel-position").cast(pl.Int32).alias("position"),
        *[pl.col(c) for c in PARTEI if c in ballot.columns],
    ).unique(subset=[STIMMZETTEL_GEBIET, "position"], keep="first")
    if STIMMZETTEL_GEBIET not in long.columns:
        long = long.with_columns(pl.lit(None, dtype=pl.String).alias(STIMMZETTEL_GEBIET))
    long = long.join(
        stimmzettel,
        on=[STIMMZETTEL_GEBIET, "position"],
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    return long.select(
        [
            pl.col(c) if c in long.columns else pl.lit(None, dtype=pl.String).alias(c)
            for c in COLUMNS
        ]
    )


def _as_date(frame: pl.DataFrame, column: str) -> pl.Expr:
    """OWD's `TT.MM.JJJJ` as a date. Text that is none raises SourceError (convert.tidy_date)
    rather than becoming null; only a conversion with --keep-errors gets this far with it."""
    if column not in frame.columns:
        return pl.lit(None, dtype=pl.Date).alias(column)
    text = pl.col(column).str.strip_chars()
    parsed = (
        pl.when(text.str.contains(OWD_DATE_PATTERN))
        .then(text.str.to_date(OWD_DATE, strict=False))
        .otherwise(None)
    )
    bad = frame.select(pl.col(column)).filter(pl.col(column).is_not_null() & parsed.is_null())
    if bad.height:
        raise SourceError("convert.tidy_date", value=str(bad[column][0]))
    return parsed.alias(column)


def _canonical_count_order(columns: list[str]) -> list[str]:
    def key(column: str) -> tuple[int, int, int, str]:
        letters = [
            "A1",
            "A2",
            "A3",
            "A",
            "B",
            "B1",
            "B2",
            "C",
            "GUELTIGE-STIMMZETTEL",
            "D",
            "E",
            "F",
        ]
        if column in letters:
            return (0, letters.index(column), 0, "")
        match = re.match(r"^([DF])([0-9]+)(?:_(.*))?$", column)
        if match is None:
            return (2, 0, 0, column)
        suffix = match.group(3) or ""
        return (1, int(match.group(2)), 0 if match.group(1) == "D" else 1, suffix.zfill(6))

    return sorted(columns, key=key)


def from_tidy(frame: pl.DataFrame, version: str | None = None) -> Election:
    """The results, Bezirke and ballot of a tidy table (Wahlparameter and Kandidaten are not in it)."""
    missing = [c for c in ("merkmal", "anzahl", *KEY) if c not in frame.columns]
    if missing:
        raise ModelError(f"not a tidy table: missing {', '.join(missing)}")
    chosen = version or standard.latest()
    if DATUM in frame.columns and frame.schema[DATUM] == pl.Date:
        frame = frame.with_columns(pl.col(DATUM).dt.strftime(OWD_DATE))
    index = [c for c in (*ELECTION, *KEY, *RESULT_TEXT) if c in frame.columns]
    order = frame.select(*KEY).unique(maintain_order=True)
    results = frame.pivot(on="merkmal", index=index, values="anzahl", aggregate_function="first")
    results = order.join(results, on=KEY, how="left", nulls_equal=True, maintain_order="left")
    counts = _canonical_count_order([c for c in results.columns if c not in index])
    first = frame.row(0, named=True) if frame.height else {}
    common = {
        VERSION: chosen,
        GS: first.get(GS),
        DATUM: first.get(DATUM),
        NAME: first.get(NAME),
    }
    results = results.with_columns(pl.lit(chosen).alias(VERSION)).select(VERSION, *index, *counts)
    gebiete = frame.select(*KEY, *[c for c in GEBIET if c in frame.columns]).unique(
        subset=KEY, maintain_order=True
    )
    options = (
        frame.filter(pl.col("art") == "wahlvorschlag")
        .select(
            STIMMZETTEL_GEBIET,
            pl.col("position").cast(pl.String).alias("stimmzettel-position"),
            *[c for c in PARTEI if c in frame.columns],
        )
        .unique(subset=[STIMMZETTEL_GEBIET, "stimmzettel-position"], maintain_order=True)
    )
    parameter = pl.DataFrame([common], schema=dict.fromkeys(common, pl.String))
    return Election(
        tables={
            WAHLPARAMETER: parameter,
            WAHLGEBIETSEINTEILUNGEN: gebiete,
            STIMMZETTEL: options,
            WAHLERGEBNISSE: results,
        },
        version=chosen,
    )


def write_csv(election: Election, path: Path) -> None:
    write_frame_csv(to_tidy(election), path)


def write_frame_csv(frame: pl.DataFrame, path: Path) -> None:
    """A tidy table as CSV: `;`-separated, UTF-8 without BOM, empty where nothing was
    reported, dates in ISO 8601."""
    frame.write_csv(path, separator=";", null_value="", quote_style="necessary")


def write_parquet(election: Election, path: Path) -> None:
    to_tidy(election).write_parquet(path, compression="zstd", statistics=True)
