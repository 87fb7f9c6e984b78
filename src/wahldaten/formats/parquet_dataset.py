"""Several elections as one hive-partitioned Parquet dataset of the tidy table.

`FOLDER/wahl-datum=2020-09-13/wahl-behoerde=05111000/<wahl-name>.parquet`: one file per
election, partitioned by election day and publishing authority, so that polars
(`pl.scan_parquet(FOLDER, hive_partitioning=True)`) and DuckDB read every election as one table
and skip the partitions a filter excludes.

The authority's partition is `wahl-behoerde`, not `wahl-behoerde-gs`: a reader takes a
partition's value from the path, and the rows of a Kreis package keep their own municipality's
key in `wahl-behoerde-gs`. Both partition columns are inside the files too, as written, so that
polars reads `wahl-behoerde` as text (with its leading zero) rather than inferring a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats import owd, tidy

if TYPE_CHECKING:
    import polars as pl

    from wahldaten.core.model import Election
else:
    pl = _pl

DATE = "wahl-datum"
AUTHORITY = "wahl-behoerde"


def partition(election: Election) -> Path:
    """The election's folder in the dataset: `wahl-datum=YYYY-MM-DD/wahl-behoerde=GS`."""
    day, month, year = [*election.wahl_datum.split("."), "", "", ""][:3]
    return Path(f"{DATE}={year}-{month}-{day}") / f"{AUTHORITY}={election.gs}"


def write(elections: Sequence[Election], output: Path, stamp: str | None = None) -> list[Path]:
    """One Parquet file per election below `output`; returns their paths."""
    written: list[Path] = []
    for election in elections:
        folder = output / partition(election)
        folder.mkdir(parents=True, exist_ok=True)
        stem = owd.file_stem(election.wahl_name) or "wahl"
        path, number = folder / f"{stem}.parquet", 1
        while path.exists():  # two elections of one name, day and authority
            number += 1
            path = folder / f"{stem}-{number}.parquet"
        table = tidy.to_tidy(election).with_columns(pl.lit(election.gs).alias(AUTHORITY))
        table.write_parquet(path, compression="zstd", statistics=True)
        written.append(path)
    return written
