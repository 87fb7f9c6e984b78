"""Writing votemanager files: a converted package goes out and comes back the same."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


HEADER = ["datum", "wahl", "ags", "gebiet-nr", "gebiet-name", "max-schnellmeldungen"]


@st.composite
def hessian_files(draw: st.DrawFn) -> str:
    """A Hessian council file: lists with candidates, ballot kinds within the valid ballots, a
    list's total at least its candidates' votes; some cells empty (not on the ballot there)."""
    lists = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    header = [*HEADER, "anz-schnellmeldungen", "A1", "A2", "A3", "A", "B", "B1", "C", "D"]
    for n, count in enumerate(lists, 1):
        header += [f"unveraendert_{n}", f"veraendert_{n}", f"panasch_{n}", f"D{n}"]
        header += [f"D{n}_{k}" for k in range(1, count + 1)]
    lines = [";".join(header)]
    for nr in range(1, draw(st.integers(1, 4)) + 1):
        a1, a2, invalid = (
            draw(st.integers(0, 900)),
            draw(st.integers(0, 300)),
            draw(st.integers(0, 9)),
        )
        valid = draw(st.integers(1, 400))
        cells: list[object] = ["14.03.2021", "Gemeindewahl", "06999004", nr, f"Bezirk {nr}", 1, 1]
        cells += [a1, a2, 0, a1 + a2, valid + invalid, 0, invalid]
        lists_cells: list[object] = []
        votes = 0
        left = valid
        for count in lists:
            kinds = [draw(st.integers(0, left)) for _ in range(3)]
            while sum(kinds) > left:
                kinds[kinds.index(max(kinds))] -= 1
            left -= sum(kinds)
            candidates = [draw(st.one_of(st.none(), st.integers(0, 300))) for _ in range(count)]
            total = sum(c or 0 for c in candidates) + draw(st.integers(0, 50))
            votes += total
            lists_cells += [*kinds, total, *candidates]
        cells += [votes, *lists_cells]
        lines.append(";".join("" if c is None else str(c) for c in cells))
    return "\n".join(lines) + "\n"


@SETTINGS
@given(hessian_files())
def test_hessian_council_round_trips_through_the_writer(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source" / "Open-Data-06999004-Gemeindewahl-Wahlbezirk.csv"
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
        report, (election,) = wahldaten.inspect([source])
        assert not {"K14", "K34"} & {r.code for r in report.source_results}
        votemanager.write(election, Path(tmp) / "back")
        _, (back,) = wahldaten.inspect([Path(tmp) / "back"])
    keep = ["bezirk-nr", *election.counts()]
    assert same_frame(back.results.select(keep), election.results.select(keep))
