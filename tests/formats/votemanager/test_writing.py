"""Writing votemanager files: a converted package goes out and comes back the same."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings

import wahldaten
from strategies import Generated, elections
from vendor_support import VM
from wahldaten.api.conversion import convert, inspect
from wahldaten.core.findings import Severity
from wahldaten.core.model import Election, same_frame
from wahldaten.formats import votemanager
from wahldaten.formats.source import Meta

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def election_of(folder: Path) -> Election:
    report, found = inspect([folder], meta=Meta())
    assert len(found) == 1, [r.code for r in report.all_results()]
    return found[0]


def test_converted_package_validates_and_round_trips_through_the_writer(tmp_path: Path) -> None:
    for name in ("bundestagswahl", "ratswahl-nds", "kommunalwahl-hessen", "gemeinderat-bayern"):
        out = tmp_path / name
        report = convert([VM / "valid" / name], out, stamp="20250101T000000")
        assert report.exit_code == 0 and report.written
        assert wahldaten.validate(out).exit_code == 0
        original = election_of(VM / "valid" / name)
        back_folder = tmp_path / f"{name}-vm"
        votemanager.write(original, back_folder)
        again = election_of(back_folder)
        assert same_frame(
            original.results.drop("zeitstempel-erfassung"),
            again.results.drop("zeitstempel-erfassung"),
        )


@SETTINGS
@given(elections())
def test_votemanager_round_trip(generated: Generated) -> None:
    election: Election = generated.election  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        votemanager.write(election, Path(tmp))
        report, (back,) = wahldaten.inspect([Path(tmp)])
    keep = ["wahl-behoerde-gs", "bezirk-nr", "bezirk-name", *election.counts()]
    assert same_frame(back.results.select(keep), election.results.select(keep))
    art = ["bezirk-nr", "bezirk-art"]
    assert same_frame(
        back.tables["Wahlgebietseinteilungen"].select(art),
        election.tables["Wahlgebietseinteilungen"].select(art),
    )
    shown = pl.coalesce("partei-kurzname", "partei-langname")
    ballot = election.tables["Stimmzettel"].select("stimmzettel-position", shown.alias("name"))
    assert same_frame(
        back.tables["Stimmzettel"].select(
            "stimmzettel-position", pl.col("partei-langname").alias("name")
        ),
        ballot,
    )
    assert (back.wahl_datum, back.wahl_name, back.gs) == (
        election.wahl_datum,
        election.wahl_name,
        election.gs,
    )
    assert not any(r.severity is Severity.ERROR for r in report.all_results())
