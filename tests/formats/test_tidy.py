"""The tidy long table: one row per Bezirk × count, and back (proven by hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings

from strategies import Generated, elections
from support import FIXTURES
from wahldaten.core.model import Election, same_frame
from wahldaten.engine.checks import election_of
from wahldaten.formats import tidy
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
