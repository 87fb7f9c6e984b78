"""The canonical form of one election: OWD's five tables, counts as integers.

Every reader produces an `Election` and every writer consumes one. The tables keep OWD's
column names (and registered extension columns); text columns stay text (`0001` stays
`0001`), count columns are Int64 where null means "not reported" (never 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core import migrations, standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    DATUM,
    FILE_TYPES,
    GS,
    KANDIDATEN,
    NAME,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

__all__ = [
    "COUNT",
    "FILE_TYPES",
    "KANDIDATEN",
    "STIMMZETTEL",
    "WAHLERGEBNISSE",
    "WAHLGEBIETSEINTEILUNGEN",
    "WAHLPARAMETER",
    "Election",
    "ModelError",
    "count_columns",
    "same_election",
    "same_frame",
]

COUNT = "Int64"


class ModelError(ValueError):
    """Tables that cannot form an election (a count that is not an integer, a missing table)."""


def count_columns(columns: list[str], version: str | None = None) -> list[str]:
    """The Wahlergebnisse columns that hold counts: standard letters, D<n>/F<n>, count extensions."""
    spec = standard.load(version or standard.latest()).files[WAHLERGEBNISSE]
    return [c for c in columns if spec.is_count(c)]


@dataclass(frozen=True, eq=False)
class Election:
    """One election. `tables` maps OWD file types to frames; Kandidaten may be absent."""

    tables: Mapping[str, pl.DataFrame]
    version: str = field(default_factory=standard.latest)

    def __post_init__(self) -> None:
        for file_type in (WAHLPARAMETER, WAHLGEBIETSEINTEILUNGEN, STIMMZETTEL, WAHLERGEBNISSE):
            if file_type not in self.tables:
                raise ModelError(f"{file_type} missing")

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_text(cls, tables: Mapping[str, pl.DataFrame], version: str | None = None) -> Election:
        """Build from frames of text columns (as read from CSV): counts become Int64.

        The frames hold the election's columns only (a reader drops its own, such as line
        numbers). Raises ModelError if a count cell is not a non-negative integer; validate first.
        """
        chosen = version or standard.latest()
        typed: dict[str, pl.DataFrame] = {}
        for file_type, frame in tables.items():
            if file_type == WAHLERGEBNISSE:
                counts = count_columns(frame.columns, chosen)
                schema = frame.schema  # built on each access: once, not per column
                texts = [c for c in counts if schema[c] != pl.Int64]  # others read as integers
                try:
                    frame = frame.with_columns(
                        [
                            pl.col(c).cast(pl.String).str.strip_chars().cast(pl.Int64, strict=True)
                            for c in texts
                        ]
                    )
                except pl.exceptions.PolarsError as error:
                    raise ModelError(f"a count is not an integer: {error}") from None
                negative = [c for c in counts if (frame[c] < 0).any()]
                if negative:
                    raise ModelError(f"negative counts in {', '.join(negative)}")
            typed[file_type] = frame
        return cls(tables=typed, version=chosen)

    # --- access -------------------------------------------------------------------------

    def table(self, file_type: str) -> pl.DataFrame | None:
        return self.tables.get(file_type)

    @property
    def wahlparameter(self) -> dict[str, str | None]:
        frame = self.tables[WAHLPARAMETER]
        return frame.row(0, named=True) if frame.height else {}

    @property
    def wahl_name(self) -> str:
        return str(self.wahlparameter.get(NAME) or "")

    @property
    def wahl_datum(self) -> str:
        return str(self.wahlparameter.get(DATUM) or "")

    @property
    def gs(self) -> str:
        return str(self.wahlparameter.get(GS) or "")

    @property
    def results(self) -> pl.DataFrame:
        return self.tables[WAHLERGEBNISSE]

    def counts(self) -> list[str]:
        return count_columns(self.results.columns, self.version)

    def migrated(self, version: str) -> Election:
        """The election in another version of the standard, by the registered migrations
        (`core.migrations`); raises MigrationError where no chain of migrations leads there."""
        if version == self.version:
            return self
        return Election(migrations.migrate(self.tables, self.version, version), version=version)

    def with_version(self, version: str) -> Election:
        """Deprecated name of `migrated` (it used to rewrite only the version column)."""
        return self.migrated(version)

    def text_tables(self) -> dict[str, pl.DataFrame]:
        """The tables as text, as they are written to CSV (null stays empty)."""
        return {
            t: f.with_columns(pl.col(self.counts()).cast(pl.String)) if t == WAHLERGEBNISSE else f
            for t, f in self.tables.items()
        }

    # --- comparison ---------------------------------------------------------------------

    def totals(self) -> dict[str, int | None]:
        """Sum per count column over all Bezirke (None where no Bezirk reported the column)."""
        results = self.results
        return {
            c: (int(results[c].sum()) if results[c].is_not_null().any() else None)
            for c in self.counts()
        }


def same_frame(
    left: pl.DataFrame, right: pl.DataFrame, *, ignore_column_order: bool = False
) -> bool:
    """Equal values, types and nulls; optionally the same columns in any order."""
    if ignore_column_order:
        if set(left.columns) != set(right.columns):
            return False
        right = right.select(left.columns)
    return left.equals(right)


def same_election(left: Election, right: Election, *, ignore_column_order: bool = False) -> bool:
    if set(left.tables) != set(right.tables) or left.version != right.version:
        return False
    return all(
        same_frame(left.tables[t], right.tables[t], ignore_column_order=ignore_column_order)
        for t in left.tables
    )
