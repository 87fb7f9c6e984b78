"""Layout keys beyond counts: merged and partly counted rows, areas, entry time, a date from
the file name, and single spaces that are empty rather than padded values."""

from __future__ import annotations

from pathlib import Path

from wahldaten.formats import layouts
from wahldaten.formats.layouts import LayoutFacts
from wahldaten.formats.source import Meta
from wahldaten.io.sources import collect

LAYOUT = """
[layout]
name = "extras-test"
title = "Test: areas, merged and partly counted rows"
example = "wahl_20250223.csv"
[recognise]
columns = ["Schluessel", "Name", "WK"]
[columns]
A = "A"
B = "B"
C = "C"
D = "D"
[[options]]
vote = "D"
pattern = "^D(?P<position>[0-9]+)$"
[keys]
gs = { column = "Schluessel", slice = [0, 8] }
bezirk = { column = "Schluessel", slice = [8, 11] }
name = "Name"
kandidat = { column = "WK" }
kandidat_name = "WK-Name"
time = { column = "Stand", format = "%Y-%m-%d %H:%M:%S" }
[[areas]]
level = 4
key = { column = "Schluessel", slice = [0, 5] }
name = "Kreis"
label = "Kreis"
[rows]
merged = { column = "aufgenommen in" }
counted = { column = "gezaehlt", of = "Bezirke" }
[election]
date = { file_name = "_(?P<d>[0-9]{4}-[0-9]{2}-[0-9]{2})" }
"""
FILE = (
    "Schluessel;Name;WK;WK-Name;Kreis;Stand;aufgenommen in;gezaehlt;Bezirke;A;B;C;D;D1;D2\n"
    "07111000001;Nord;201;Nordkreis;Kreis A;2025-02-23 19:10:00;;1;1;100;50;1;49;30;19\n"
    "07111000002;Mitte;201;Nordkreis;Kreis A;2025-02-23 19:20:00;001;1;1;;;;;;\n"
    "07111000003;Süd;201;Nordkreis;Kreis A;2025-02-23 19:30:00;;0;1;80;40;0;40; ;40\n"
)


def test_areas_time_merged_partial_and_the_date_from_the_name(tmp_path: Path) -> None:
    path = tmp_path / "wahl_2025-02-23.csv"
    path.write_text(FILE, encoding="utf-8")
    layout = layouts.parse(LAYOUT, "extras.toml")
    reading = layouts.read(collect([path]), layout, Meta())
    election = reading.elections[0]
    results = election.tables["Wahlergebnisse"]
    # Mitte is counted with Nord: left out, never "not reported"; Süd not counted yet: empty.
    assert results["bezirk-nr"].to_list() == ["001", "003"]
    assert results["B"].to_list() == [50, None]
    assert results["zeitstempel-erfassung"].to_list() == [
        "23.02.2025 19:10:00",
        "23.02.2025 19:30:00",
    ]
    gebiete = election.tables["Wahlgebietseinteilungen"]
    assert gebiete["kandidat-gebiet-nr"].to_list() == ["201", "201"]
    assert gebiete["gebiet-ebene-4-nr"].to_list() == ["07111", "07111"]
    parameter = election.tables["Wahlparameter"]
    assert parameter["wahl-datum"].to_list() == ["23.02.2025"]
    assert parameter["gebiet-ebene-4-bezeichnung"].to_list() == ["Kreis"]
    facts = reading.contexts[0].facts_as(LayoutFacts)
    assert facts is not None and facts.merged is not None and facts.partial is not None
    assert facts.merged.frame["__value"].to_list() == ["001"]
    # A single space is empty by the layout's definition, not a padded value (T11).
    assert reading.contexts[0].tables[0].facts.padded_values is None


def test_a_merged_row_with_votes_of_its_own_refuses_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wahl_2025-02-23.csv"
    path.write_text(FILE.replace("001;1;1;;;;;;", "001;1;1;10;5;0;5;5;0"), encoding="utf-8")
    reading = layouts.read(collect([path]), layouts.parse(LAYOUT, "extras.toml"), Meta())
    facts = reading.contexts[0].facts_as(LayoutFacts)
    assert not reading.elections and facts is not None and facts.refused
    assert facts.refused[0].frame["__what"].to_list() == ["aufgenommen in = 001"]
