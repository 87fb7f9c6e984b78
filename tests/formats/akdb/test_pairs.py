"""The pair layout: Gruppenschlüssel become ballot positions, pairs that cannot be placed."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from vendor_support import PAIRS, PAIRS_FILE, codes, edited, only
from wahldaten.api.conversion import inspect
from wahldaten.formats import akdb
from wahldaten.formats.akdb.pairs import pair_keys, unplaceable
from wahldaten.formats.facts import AREA, WHAT
from wahldaten.formats.source import Meta
from wahldaten.io.sources import collect


def facts_of(path: Path) -> akdb.AkdbFacts:
    (context,) = akdb.read(collect([path]), Meta(wahl_datum="08.03.2026")).contexts
    facts = context.facts_as(akdb.AkdbFacts)
    assert facts is not None
    return facts


def test_pairs_become_ballot_positions_by_key_and_b_is_derived() -> None:
    report, election = only(PAIRS)
    ballot = election.tables["Stimmzettel"]
    assert ballot["partei-kurzname"].to_list() == ["CSU", "AfD", "GRÜNE"]
    results = election.results
    # Record 4 lists AfD before CSU: the key, not the pair's place, names the option.
    assert results["D1"].to_list() == [86, 72, 101, 150, 140]
    assert results["D2"].to_list() == [35, 33, 41, 61, 40]
    assert results["B"].to_list() == [218, 195, 248, 315, 276]
    assert results["B1"].to_list() == [0, 0, 248, 3, 276]
    assert results["A"].to_list() == [950, 901, 0, 1200, 0]
    assert results["D"].to_list() == [217, 193, 243, 311, 273]
    assert results["bezirk-nr"].to_list() == ["0001", "0002", "0011", "0001", "0011"]
    assert election.gs == "09175000"
    k10 = {f.params["field"] for r in report.source_results if r.code == "K10" for f in r.examples}
    assert {"A", "B", "wahl-behoerde-gs", "wahl-behoerde-name"} <= k10
    # The repeated names and the empty last field are the format (HeaderForm), not S03/S04.
    assert {"S03", "S04", "K03"}.isdisjoint(codes(report))


def test_keys_in_order_of_first_appearance() -> None:
    facts = facts_of(PAIRS / PAIRS_FILE)
    assert facts.typed is not None and facts.mapping is not None
    assert pair_keys(facts.typed, facts.mapping) == ["CSU", "AfD", "GRÜNE"]
    assert facts.header_form.repeated == {"Gruppenschlüssel", "Stimmen"}


def test_pair_without_key_or_with_a_key_twice_cannot_be_placed(tmp_path: Path) -> None:
    folder = edited(tmp_path, PAIRS, PAIRS_FILE, {(2, "Gruppenschlüssel"): ""})
    facts = facts_of(folder / PAIRS_FILE)
    (orphans,) = facts.refused
    assert orphans.frame[WHAT].to_list() == ["Stimmen (Gruppenschlüssel)"]
    assert inspect([folder])[1] == []
    folder = edited(tmp_path / "b", PAIRS, PAIRS_FILE, {(2, "Gruppenschlüssel"): "AfD"})
    facts = facts_of(folder / PAIRS_FILE)
    assert facts.typed is not None and facts.mapping is not None
    (twice,) = unplaceable(facts.typed, facts.mapping)
    assert twice.frame.select("__zeile", AREA, WHAT).row(0) == (
        3,
        "091751110002",
        "Gruppenschlüssel AfD",
    )


def test_derived_letters_are_recorded_with_their_formula() -> None:
    facts = facts_of(PAIRS / PAIRS_FILE)
    assert facts.typed is not None and facts.typed.schema["Stimmen"] == pl.Int64
    assert {w.field: w.value for w in facts.written if w.field in ("A", "B")} == {
        "A": "Wahlberechtigte ohne Wahlschein + Wahlberechtigte mit Wahlschein"
        " + Wahlberechtigte nicht im Wählerverzeichnis",
        "B": "Wähler ohne Wahlschein + Wähler mit Wahlschein",
    }


def test_a_derived_letter_stays_empty_where_a_part_is(tmp_path: Path) -> None:
    part = "Wahlberechtigte nicht im Wählerverzeichnis"
    _, election = only(edited(tmp_path, PAIRS, PAIRS_FILE, {(1, part): ""}))
    assert election.results["A"].to_list()[:2] == [None, 901]
