"""Reading files with a layout: the KRZN fixtures, keys, occurrences and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

import wahldaten
from wahldaten.api.conversion import inspect
from wahldaten.formats import layouts
from wahldaten.formats.layouts import LayoutFacts
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures" / "layouts" / "krefeld"
KRZN = layouts.shipped("krzn")


def codes(folder: Path, **meta: str) -> set[str]:
    report, _ = inspect([folder], meta=Meta(**meta), max_examples=100)
    return {r.code for r in report.all_results()}


def test_the_valid_fixture_converts_with_names_totals_and_empty_not_zero(tmp_path: Path) -> None:
    reading = layouts.read(collect([FIXTURES / "valid"]), KRZN, Meta(gs="05999001"))
    election = reading.elections[0]
    results = election.tables["Wahlergebnisse"]
    assert results["bezirk-nr"].to_list() == ["101", "102", "901"]
    # `---` (did not stand) is empty, never 0.
    assert results["D4"].to_list() == [46, None, 49]
    assert election.tables["Wahlgebietseinteilungen"]["bezirk-art"].to_list() == ["W", "W", "B"]
    names = election.tables["Stimmzettel"]["partei-kurzname"].to_list()
    assert names == ["Partei A", "Partei B", "Partei C", "Partei D"]
    facts = reading.contexts[0].facts_as(LayoutFacts)
    assert facts is not None and facts.not_standing_cells == 1 and facts.totals is not None
    assert "krzn" in reading.detected and "EBENE" in reading.detected
    report = wahldaten.convert([FIXTURES / "valid"], tmp_path / "out", meta=Meta(gs="05999001"))
    assert report.exit_code == 0
    assert {r.code for r in report.all_results()} <= {"K05", "C07"}


@pytest.mark.parametrize("code", ["K01", "K06"])
def test_each_invalid_fixture_gives_its_code(code: str) -> None:
    assert code in codes(FIXTURES / "invalid" / code, gs="05999001")


def test_without_a_key_the_gs_is_asked_for() -> None:
    with pytest.raises(SourceError) as error:
        layouts.read(collect([FIXTURES / "valid"]), KRZN, Meta())
    assert error.value.key == "convert.gs_missing"


LAND = """
[layout]
name = "land-test"
title = "Test: a Land file"
example = "land.csv"
[recognise]
columns = ["Schluessel", "Name"]
[header]
rows = 1
[columns]
A = "Wahlberechtigte"
B = "Waehler"
C = "ungueltig"
D = "gueltig"
ignore = [{ pattern = "^P_", occurrence = 2 }]
[[options]]
vote = "D"
pattern = "^P_(?P<name>.+)$"
name_group = "name"
occurrence = 1
[keys]
gs = { parts = [{ const = "07" }, { column = "Schluessel", slice = [0, 6] }], join = "" }
bezirk = { parts = [{ column = "Schluessel" }, { ordinal = true }] }
name = "Name"
art = { column = "Art", urn = ["U"], postal = ["W"] }
[election]
date = "01.02.2025"
"""
LAND_FILE = (
    "Schluessel;Name;Art;Wahlberechtigte;Waehler;ungueltig;gueltig;P_X;P_Y;P_X;P_Y\n"
    "111222333;Nord;U;100;50;1;49;30;19;61,2;38,8\n"
    "111222333;Nord;W;0;20;0;20;10;10;50,0;50,0\n"
    "111222444;Sued;U;80;40;0;40; ;40;0,0;100,0\n"
)


def test_constant_and_sliced_key_parts_ordinals_and_occurrences(tmp_path: Path) -> None:
    (tmp_path / "land.csv").write_text(LAND_FILE, encoding="utf-8")
    layout = layouts.parse(LAND, "land.toml")
    reading = layouts.read(collect([tmp_path / "land.csv"]), layout, Meta())
    results = reading.elections[0].tables["Wahlergebnisse"]
    assert results["wahl-behoerde-gs"].to_list() == ["07111222"] * 3
    assert results["bezirk-nr"].to_list() == ["111222333-1", "111222333-2", "111222444-1"]
    assert results["D1"].to_list() == [30, 10, None]  # a single space is empty, never 0
    assert results["D2"].to_list() == [19, 10, 40]
    arten = reading.elections[0].tables["Wahlgebietseinteilungen"]["bezirk-art"].to_list()
    assert arten == ["W", "B", "W"]
    facts = reading.contexts[0].facts_as(LayoutFacts)
    assert facts is not None and facts.dropped == ["P_X#10", "P_Y#11"]


def test_a_row_of_no_kind_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "wahlergebnis.csv").read_text(encoding="utf-8")
    (tmp_path / "x.csv").write_text(
        text.replace(";Wahlbezirk;102;", ";Ortsteil?;102;"), encoding="utf-8"
    )
    layout = layouts.parse(
        layouts.shipped_files()["krzn"].replace('{ values = ["re:."], members = "unknown" },', ""),
        "strict.toml",
    )
    reading = layouts.read(collect([tmp_path / "x.csv"]), layout, Meta(gs="05999001"))
    facts = reading.contexts[0].facts_as(LayoutFacts)
    assert not reading.elections and facts is not None and facts.refused


def test_cp1252_is_read_when_the_layout_allows_it(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "wahlergebnis.csv").read_text(encoding="utf-8")
    (tmp_path / "x.csv").write_bytes(text.encode("cp1252"))
    reading = layouts.read(collect([tmp_path / "x.csv"]), KRZN, Meta(gs="05999001"))
    names = reading.elections[0].tables["Wahlergebnisse"]["bezirk-name"].to_list()
    assert names[1] == "Schule Süd"


def test_a_comma_separated_file_and_an_unreadable_one(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "wahlergebnis.csv").read_text(encoding="utf-8")
    source = layouts.shipped_files()["krzn"]
    comma = layouts.parse(
        source.replace('separator = ";"', 'separator = ","').replace("^WAHLDATUM;", "^WAHLDATUM,"),
        "comma.toml",
    )
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "x.csv").write_text(text.replace(";", ","), encoding="utf-8")
    reading = layouts.read(collect([tmp_path / "ok"]), comma, Meta(gs="05999001"))
    assert reading.elections[0].tables["Wahlergebnisse"]["D4"].to_list() == [46, None, 49]
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.csv").write_bytes(bytes(range(256)) * 10)
    refused = layouts.read(collect([tmp_path / "bad"]), comma, Meta(gs="05999001"))
    facts = refused.contexts[0].facts_as(LayoutFacts)
    assert not refused.elections and facts is not None and facts.missing


def test_blocks_numbered_by_name_align_on_the_name(tmp_path: Path) -> None:
    """An Einzelbewerber in the first vote only gets a position of its own; the parties after
    it keep the position of their second-vote column (no votes under another party's name)."""
    layout = layouts.parse(
        LAND.replace(
            'ignore = [{ pattern = "^P_", occurrence = 2 }]',
            'F = "gueltig2"\nignore = [{ pattern = "^P_", occurrence = 2 }]',
        )
        + '\n[[options]]\nvote = "F"\npattern = "^Z_(?P<name>.+)$"\nname_group = "name"\n',
        "land.toml",
    )
    text = (
        "Schluessel;Name;Art;Wahlberechtigte;Waehler;ungueltig;gueltig;P_X;P_EB;P_Y;gueltig2;Z_X;Z_Y\n"
        "111222333;Nord;U;100;50;1;49;30;5;14;49;30;19\n"
    )
    (tmp_path / "land.csv").write_text(text, encoding="utf-8")
    reading = layouts.read(collect([tmp_path / "land.csv"]), layout, Meta())
    election = reading.elections[0]
    names = election.tables["Stimmzettel"]["partei-kurzname"].to_list()
    assert names == ["X", "EB", "Y"]
    results = election.tables["Wahlergebnisse"]
    assert (results["D3"].item(), results["F3"].item()) == (14, 19)
    assert "F2" not in results.columns
