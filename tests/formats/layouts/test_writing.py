"""Round trip: an election written in a writable layout's shape reads back as the same."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wahldaten.formats import layouts
from wahldaten.formats.layouts.writing import not_writable, write
from wahldaten.formats.source import Meta, Party, assemble, ballot
from wahldaten.io.sources import collect

KRZN = layouts.shipped("krzn")
LETTERS = ("A", "A1", "A2", "A3", "B", "B1", "C", "D", "E", "F")
count = st.one_of(st.none(), st.integers(0, 10**6))
party = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)


@st.composite
def elections(draw: st.DrawFn) -> tuple[object, list[str]]:
    first = sorted(draw(st.sets(st.integers(1, 20), min_size=1, max_size=5)))
    second = sorted(draw(st.sets(st.integers(1, 20), min_size=1, max_size=5)))
    counts = [*LETTERS, *(f"D{p}" for p in first), *(f"F{p}" for p in second)]
    n = draw(st.integers(1, 8))
    rows = [
        {
            "bezirk-nr": str(100 + i),
            "bezirk-name": f"Bezirk {i}",
            "bezirk-art": "W",
            **{c: draw(count) for c in counts},
        }
        for i in range(n)
    ]
    for row in rows:  # an urn Bezirk: an electorate, so that its type is not read as postal
        row["A"], row["B"] = draw(st.integers(1, 10**6)), draw(st.integers(0, 10**6))
    import polars as pl

    results = pl.DataFrame(
        rows,
        schema={
            "bezirk-nr": pl.String,
            "bezirk-name": pl.String,
            "bezirk-art": pl.String,
            **dict.fromkeys(counts, pl.Int64),
        },
    )
    positions = sorted(set(first) | set(second))
    names = {p: Party(p, kurzname=draw(party)) for p in positions}
    parties, _ = ballot(positions, Meta(parties=names))
    wahl = {
        "wahl-behoerde-gs": "05999001",
        "wahl-behoerde-name": "Stadt Musterstadt",
        "wahl-datum": "23.02.2025",
        "wahl-name": "Bundestagswahl",
        "wahl-bezeichnung": "Bundestagswahl",
        "bezirk-bezeichnung": "Wahlbezirk",
    }
    return assemble(results=results, counts=counts, parties=parties, wahl=wahl), counts


def test_krzn_is_writable_and_a_layout_with_a_title_is_not() -> None:
    assert not_writable(KRZN) is None
    titled = layouts.parse(
        layouts.shipped_files()["krzn"]
        .replace("[file]", "[file]\n")
        .replace('patterns = ["^D[0-9]+$"]', 'patterns = ["^D[0-9]+$"]\ntitle = "erstellt"'),
        "titled.toml",
    )
    assert not_writable(titled) is not None
    with pytest.raises(ValueError):
        write(None, titled)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(drawn=elections())
def test_model_to_krzn_to_model_is_the_identity(
    tmp_path_factory: pytest.TempPathFactory, drawn: tuple[object, list[str]]
) -> None:
    election, counts = drawn
    folder = tmp_path_factory.mktemp("krzn")
    (folder / "wahlergebnis.csv").write_bytes(write(election, KRZN))  # type: ignore[arg-type]
    reading = layouts.read(collect([folder]), KRZN, Meta(gs="05999001"))
    back = reading.elections[0]
    columns = ["bezirk-nr", "bezirk-name", *counts]
    assert (
        back.tables["Wahlergebnisse"]
        .select(columns)
        .equals(
            election.tables["Wahlergebnisse"].select(columns)  # type: ignore[attr-defined]
        )
    )
    names = ["stimmzettel-position", "partei-kurzname"]
    assert (
        back.tables["Stimmzettel"]
        .select(names)
        .equals(
            election.tables["Stimmzettel"].select(names)  # type: ignore[attr-defined]
        )
    )
    assert back.wahl_datum == "23.02.2025"
