"""The tidy long table: one row per Bezirk × count, and back (proven by hypothesis)."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from strategies import Generated, elections
from support import FIXTURES
from wahldaten.core.model import WAHLERGEBNISSE, Election, same_frame
from wahldaten.core.names import DATUM
from wahldaten.engine.checks import election_of
from wahldaten.formats import tidy
from wahldaten.formats.errors import SourceError
from wahldaten.formats.owd import read_packages
from wahldaten.io.sources import collect

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def carried_by_tidy(election: Election) -> dict[str, pl.DataFrame]:
    """What a tidy table carries: results (without version), Bezirke and ballot columns."""
    back = tidy.from_tidy(tidy.to_tidy(election), election.version)
    return {
        file_type: election.tables[file_type].select(back.tables[file_type].columns)
        for file_type in ("Wahlergebnisse", "Wahlgebietseinteilungen", "Stimmzettel")
    }


@SETTINGS
@given(elections())
def test_tidy_round_trip(generated: Generated) -> None:
    election: Election = generated.election  # type: ignore[assignment]
    long = tidy.to_tidy(election)
    # One row per Bezirk and count cell; an empty count stays null, never 0.
    assert long.height == election.results.height * len(election.counts())
    assert long["anzahl"].null_count() == sum(
        election.results[c].null_count() for c in election.counts()
    )
    back = tidy.from_tidy(long, election.version)
    for file_type, expected in carried_by_tidy(election).items():
        assert same_frame(back.tables[file_type], expected, ignore_column_order=True), file_type


def test_an_empty_count_stays_empty_and_names_its_party() -> None:
    (package,), _ = read_packages(collect([FIXTURES / "valid" / "ratswahl"]))
    long = tidy.to_tidy(election_of(package))
    votes = long.filter(pl.col("art") == "wahlvorschlag")
    assert votes["partei-kurzname"].null_count() < votes.height
    assert set(long["stimme"].drop_nulls().to_list()) <= {1, 2}


def test_the_election_date_is_a_date_in_parquet_and_iso_in_csv(tmp_path: Path) -> None:
    """Regression: `wahl-datum` was OWD's text `14.09.2025`, which no analysis tool reads as
    a date."""
    election = _ratswahl()
    long = tidy.to_tidy(election)
    assert long.schema[DATUM] == pl.Date
    assert set(long[DATUM].to_list()) == {datetime.date(2025, 9, 14)}
    tidy.write_parquet(election, tmp_path / "t.parquet")
    assert pl.read_parquet(tmp_path / "t.parquet").schema[DATUM] == pl.Date
    tidy.write_csv(election, tmp_path / "t.csv")
    header, first = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.split(";")[0] == DATUM and first.split(";")[0] == "2025-09-14"
    # Back to OWD's own spelling.
    back = tidy.from_tidy(long, election.version)
    assert back.wahl_datum == "14.09.2025"
    assert set(back.results[DATUM].to_list()) == {"14.09.2025"}


@pytest.mark.parametrize("value", ["14.9.2025", "2025-09-14", "14.09.25", "31.02.2025"])
def test_a_date_that_is_none_is_refused_not_turned_into_null(value: str) -> None:
    election = _ratswahl()
    results = election.results.with_columns(pl.lit(value).alias(DATUM))
    broken = Election(tables={**election.tables, WAHLERGEBNISSE: results}, version=election.version)
    with pytest.raises(SourceError) as error:
        tidy.to_tidy(broken)
    assert error.value.key == "convert.tidy_date" and error.value.params == {"value": value}


def test_a_padded_date_is_still_a_date() -> None:
    election = _ratswahl()
    results = election.results.with_columns(pl.lit(" 14.09.2025").alias(DATUM))
    padded = Election(tables={**election.tables, WAHLERGEBNISSE: results}, version=election.version)
    assert set(tidy.to_tidy(padded)[DATUM].to_list()) == {datetime.date(2025, 9, 14)}


def _ratswahl() -> Election:
    (package,), _ = read_packages(collect([FIXTURES / "valid" / "ratswahl"]))
    return election_of(package)
