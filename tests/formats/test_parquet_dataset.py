"""Several elections as one hive-partitioned Parquet dataset: polars scans it as one table
with the totals of the per-election conversions."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import FIXTURES, realdata
from wahldaten.formats import targets

KEY = ["wahl-datum", "wahl-behoerde-gs", "wahl-name"]
_TYPE = re.compile(
    r"_(?:Wahlparameter|Wahlgebietseinteilungen|Stimmzettel|Kandidaten|Wahlergebnisse)_V"
)


def _totals(frame: pl.DataFrame) -> dict[tuple[object, ...], int | None]:
    sums = frame.group_by(KEY).agg(pl.col("anzahl").sum())
    return {tuple(row[:-1]): row[-1] for row in sums.rows()}


def _dataset(sources: list[Path], out: Path) -> pl.DataFrame:
    report = wahldaten.convert(sources, out, target_format=targets.PARQUET_DATASET)
    assert not report.failed
    return pl.scan_parquet(out, hive_partitioning=True).collect()


def test_two_elections_are_one_table_partitioned_by_day_and_authority(tmp_path: Path) -> None:
    sources = [FIXTURES / "valid" / "ratswahl", FIXTURES / "valid" / "bundestagswahl"]
    table = _dataset(sources, tmp_path / "ds")
    parts = sorted(
        p.relative_to(tmp_path / "ds").parts[:2] for p in (tmp_path / "ds").rglob("*.parquet")
    )
    assert len(parts) == 2 and all(
        a.startswith("wahl-datum=") and b.startswith("wahl-behoerde=") for a, b in parts
    )
    # The keys keep their leading zero.
    assert table["wahl-behoerde-gs"].dtype == table["wahl-behoerde"].dtype == pl.String
    single = {}
    for source in sources:
        out = tmp_path / f"{source.name}.parquet"
        assert not wahldaten.convert([source], out).failed
        single |= _totals(pl.read_parquet(out))
    assert _totals(table) == single
    assert table["anzahl"].null_count() == sum(
        pl.read_parquet(tmp_path / f"{s.name}.parquet")["anzahl"].null_count() for s in sources
    )


def test_the_real_owd_elections_become_one_dataset(tmp_path: Path) -> None:
    folder = realdata("owd")
    source = tmp_path / "source"
    source.mkdir()
    for path in folder.glob("*__*.csv"):
        (source / path.name.split("__", 1)[1]).write_bytes(path.read_bytes())
    report = wahldaten.convert([source], tmp_path / "ds", target_format=targets.PARQUET_DATASET)
    if report.failed:
        pytest.skip("a real package does not convert as it is")
    table = pl.scan_parquet(tmp_path / "ds", hive_partitioning=True).collect()
    assert table.select("wahl-datum", "wahl-behoerde", "wahl-name").unique().height == len(
        report.written
    )
    assert len(report.written) >= 8
    # A Kreis package keeps each row's municipality.
    assert table.filter(pl.col("wahl-behoerde") == "05366000")["wahl-behoerde-gs"].n_unique() > 1
    # Each election converted on its own (tidy Parquet) gives the same totals.
    single: dict[tuple[object, ...], int | None] = {}
    for index, key in enumerate(sorted({_TYPE.split(p.name)[0] for p in source.iterdir()})):
        alone = tmp_path / f"alone-{index}"
        alone.mkdir()
        for path in source.glob("*.csv"):
            if _TYPE.split(path.name)[0] == key:
                (alone / path.name).write_bytes(path.read_bytes())
        assert not wahldaten.convert([alone], alone / "tidy.parquet").failed
        single |= _totals(pl.read_parquet(alone / "tidy.parquet"))
    assert _totals(table) == single


def test_parquet_into_a_folder_is_the_dataset_and_into_a_file_one_table(tmp_path: Path) -> None:
    sources = [FIXTURES / "valid" / "ratswahl", FIXTURES / "valid" / "bundestagswahl"]
    folder = tmp_path / "wahlen"
    report = wahldaten.convert(sources, folder, target_format=targets.PARQUET)
    assert not report.failed
    assert len(list(folder.rglob("wahl-datum=*/wahl-behoerde=*/*.parquet"))) == 2
    one = tmp_path / "wahlen.parquet"
    assert not wahldaten.convert(sources, one, target_format=targets.PARQUET).failed
    assert one.is_file()
    scanned = pl.scan_parquet(folder, hive_partitioning=True).collect()
    assert _totals(scanned) == _totals(pl.read_parquet(one))
