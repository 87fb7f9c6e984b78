"""The steps between OWD 0.3 and the 0.4 draft, as whole-table polars expressions.

Up (0.3 → 0.4) is lossless and derives what the package already tells: the postal link
(the extension `BRIEFWAHLBEZIRK-NR` becomes the standard column `briefwahlbezirk-nr`), the
election's structure in Wahlparameter (from the columns, the Wahlparameter, `wahl-name` and the
Land, as the validator derives it), `bezirk-status` `nicht-gezaehlt` where a row has no count
at all, a list's ballot position and the candidacy id `n_k` in Kandidaten where the short name
names exactly one position. What it cannot derive stays empty and is noted.

Down (0.4 → 0.3) keeps every count (candidate and list votes are registered extensions of 0.3)
and notes every column with values that 0.3 cannot hold, with the number of rows.

Each step returns the tables and its notes: (catalog key, file type, column, rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    BRIEFWAHLBEZIRK_NR,
    KANDIDATEN,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.core.structure_derive import derive

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

Tables = Mapping[str, "pl.DataFrame"]
Note = tuple[str, str, str, int]  # catalog key, file type, column, rows

POSTAL_LINK = "briefwahlbezirk-nr"
BEZIRK_STATUS = "bezirk-status"
ERGEBNIS_STATUS = "ergebnis-status"
VOTES = "stimmen-anzahl"
SEPARATE = "stimmzettel-getrennt"
VOTES_PER_BALLOT = "stimmen-je-stimmzettel"
POSITION = "kandidat-stimmzettel-position"
BALLOT_POSITION = "stimmzettel-position"
CANDIDATE_ID = "kandidat-id"
NOT_COUNTED = "nicht-gezaehlt"
NOT_DERIVED = "migration.not_derived"
LOST = "migration.lost"
# The columns 0.4 adds, per file type: what 0.3 cannot hold (the postal link excepted).
ADDED = {
    WAHLPARAMETER: (ERGEBNIS_STATUS, VOTES, SEPARATE, VOTES_PER_BALLOT),
    WAHLERGEBNISSE: (BEZIRK_STATUS,),
    KANDIDATEN: (POSITION, CANDIDATE_ID),
}
# The counts that say whether a Bezirk has reported anything.
_REPORTED = ("A", "B", "C", "D")


def _filled(frame: pl.DataFrame, column: str) -> int:
    values = frame[column].cast(pl.String)
    return int((values.is_not_null() & (values != "")).sum())


def _text(value: object) -> pl.Expr:
    return pl.lit(None if value is None else str(value), dtype=pl.String)


def _structure(tables: Tables) -> dict[str, str | None]:
    params = tables[WAHLPARAMETER]
    areas = tables[WAHLGEBIETSEINTEILUNGEN]
    ballot = tables[STIMMZETTEL]
    structure = derive(
        tables[WAHLERGEBNISSE].columns,
        wahlparameter=params,
        ballot_areas=areas["stimmzettel-gebiet-nr"].to_list()
        if "stimmzettel-gebiet-nr" in areas.columns
        else (),
        options=ballot["partei-kurzname"].to_list() if "partei-kurzname" in ballot.columns else (),
    )
    return {
        VOTES: str(structure.votes),
        SEPARATE: "J" if structure.separate_ballots else "N",
        VOTES_PER_BALLOT: None
        if structure.votes_per_ballot is None
        else str(structure.votes_per_ballot),
    }


def _results_up(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Note]]:
    counts = [c for c in _REPORTED if c in frame.columns]
    nothing = pl.all_horizontal([pl.col(c).is_null() for c in counts]) if counts else pl.lit(False)
    status = pl.when(nothing).then(pl.lit(NOT_COUNTED)).otherwise(pl.lit(None, dtype=pl.String))
    frame = frame.with_columns(status.alias(BEZIRK_STATUS))
    unknown = frame.height - _filled(frame, BEZIRK_STATUS)
    notes = [(NOT_DERIVED, WAHLERGEBNISSE, BEZIRK_STATUS, unknown)] if unknown else []
    return frame, notes


def _candidates_up(frame: pl.DataFrame, ballot: pl.DataFrame) -> tuple[pl.DataFrame, list[Note]]:
    # A short name with one position in the whole ballot joins without doubt.
    positions = (
        ballot.filter(pl.col("partei-kurzname").is_not_null() & (pl.col("partei-kurzname") != ""))
        .group_by("partei-kurzname")
        .agg(pl.col(BALLOT_POSITION).cast(pl.String).unique().alias(POSITION))
        .filter(pl.col(POSITION).list.len() == 1)
        .select("partei-kurzname", pl.col(POSITION).list.first())
    )
    joined = frame.join(positions, on="partei-kurzname", how="left", maintain_order="left")
    place = (
        pl.col("kandidat-listenplatz").cast(pl.String)
        if "kandidat-listenplatz" in joined.columns
        else pl.lit(None, dtype=pl.String)
    )
    listed = pl.col(POSITION).is_not_null() & place.str.contains(r"^[1-9][0-9]*$").fill_null(False)
    ident = pl.when(listed).then(pl.concat_str(pl.col(POSITION), pl.lit("_"), place))
    joined = joined.with_columns(ident.otherwise(pl.lit(None, dtype=pl.String)).alias(CANDIDATE_ID))
    # An id must name one candidacy: where two share it, neither gets it.
    joined = joined.with_columns(
        pl.when(pl.col(CANDIDATE_ID).is_duplicated())
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(pl.col(CANDIDATE_ID))
        .alias(CANDIDATE_ID)
    )
    notes = []
    for column in (POSITION, CANDIDATE_ID):
        missing = joined.height - _filled(joined, column)
        if missing:
            notes.append((NOT_DERIVED, KANDIDATEN, column, missing))
    return joined, notes


def up(tables: Tables) -> tuple[dict[str, pl.DataFrame], list[Note]]:
    """0.3 → 0.4: every value kept, the additions derived where the package tells them."""
    result = dict(tables)
    notes: list[Note] = []
    params = result[WAHLPARAMETER]
    derived = _structure(tables)
    result[WAHLPARAMETER] = params.with_columns(
        _text(None).alias(ERGEBNIS_STATUS), *(_text(v).alias(k) for k, v in derived.items())
    )
    notes.append((NOT_DERIVED, WAHLPARAMETER, ERGEBNIS_STATUS, params.height))
    areas = result[WAHLGEBIETSEINTEILUNGEN]
    if BRIEFWAHLBEZIRK_NR in areas.columns:
        result[WAHLGEBIETSEINTEILUNGEN] = areas.rename({BRIEFWAHLBEZIRK_NR: POSTAL_LINK})
    else:
        # Optional in 0.4: left out rather than written empty, so that 0.3 gets back what it had.
        urn = areas.filter(pl.col("bezirk-art") != "B").height if "bezirk-art" in areas else 0
        if urn:
            notes.append((NOT_DERIVED, WAHLGEBIETSEINTEILUNGEN, POSTAL_LINK, urn))
    result[WAHLERGEBNISSE], found = _results_up(result[WAHLERGEBNISSE])
    notes += found
    if KANDIDATEN in result and "partei-kurzname" in result[KANDIDATEN].columns:
        result[KANDIDATEN], found = _candidates_up(result[KANDIDATEN], result[STIMMZETTEL])
        notes += found
    return result, notes


def down(tables: Tables) -> tuple[dict[str, pl.DataFrame], list[Note]]:
    """0.4 → 0.3: every count kept; the values of the columns 0.3 lacks are noted and left out."""
    result = dict(tables)
    notes: list[Note] = []
    for file_type, columns in ADDED.items():
        frame = result.get(file_type)
        if frame is None:
            continue
        present = [c for c in columns if c in frame.columns]
        for column in present:
            rows = _filled(frame, column)
            if rows:
                notes.append((LOST, file_type, column, rows))
        result[file_type] = frame.drop(present)
    areas = result[WAHLGEBIETSEINTEILUNGEN]
    if POSTAL_LINK in areas.columns:
        # 0.3 holds the postal link as its registered extension: nothing is lost.
        result[WAHLGEBIETSEINTEILUNGEN] = areas.rename({POSTAL_LINK: BRIEFWAHLBEZIRK_NR})
    return result, notes
