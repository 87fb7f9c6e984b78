"""The shared machinery of vendor readers: names of ballot positions, the date, assembly."""

from __future__ import annotations

import polars as pl
import pytest

from wahldaten.core.names import GS
from wahldaten.formats.source import (
    Meta,
    Party,
    SourceError,
    assemble,
    ballot,
    position_names,
    require_date,
)


def test_positions_get_the_names_metadata_gives_and_the_rest_a_placeholder() -> None:
    meta = Meta(parties={1: Party(1, kurzname="CSU"), 3: Party(3, langname="Freie Wähler")})
    assert position_names([3, 1, 2, 1], meta) == {1: "CSU", 2: None, 3: "Freie Wähler"}
    frame, unnamed = ballot([1, 2, 3], meta, area="212")
    assert unnamed == [2]
    assert frame["partei-langname"].to_list() == [None, "Wahlvorschlag 2", "Freie Wähler"]
    assert set(frame["stimmzettel-gebiet-nr"].to_list()) == {"212"}


def test_the_date_must_be_a_date() -> None:
    assert require_date("23.02.2025", "x.csv") == "23.02.2025"
    for value in (None, "2025-02-23", "32.01.2025"):
        with pytest.raises(SourceError) as error:
            require_date(value, "x.csv")
        assert error.value.key == "convert.date_missing"


def test_assemble_fills_the_five_tables_from_one_frame_of_results() -> None:
    results = pl.DataFrame(
        {
            "bezirk-nr": ["1", "2"],
            "bezirk-name": ["Nord", "Brief"],
            "bezirk-art": ["W", "B"],
            "A": [10, None],
            "D1": [3, 4],
        }
    )
    parties, _ = ballot([1], Meta(parties={1: Party(1, kurzname="X")}))
    wahl = {GS: "09175132", "wahl-datum": "08.03.2026", "wahl-name": "Wahl"}
    election = assemble(results=results, counts=["A", "D1"], parties=parties, wahl=wahl)
    assert election.results["A"].to_list() == [10, None]  # empty stays empty, never 0
    assert election.results[GS].to_list() == ["09175132"] * 2
    assert election.tables["Wahlgebietseinteilungen"]["bezirk-art"].to_list() == ["W", "B"]
    assert election.gs == "09175132"
