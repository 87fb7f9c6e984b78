"""AKDB Wahlportal layouts: sniffing, the wide and the pair layout, columns mapped by name."""

from __future__ import annotations

import re

from vendor_support import BTW, BTW_FILE, PAIRS, PAIRS_FILE, records
from wahldaten.formats import akdb
from wahldaten.formats.akdb.layouts import is_count


def test_both_layouts_are_sniffed_and_other_files_are_not() -> None:
    wide = (BTW / BTW_FILE).read_text(encoding="utf-8").splitlines()
    pairs = (PAIRS / PAIRS_FILE).read_text(encoding="utf-8").splitlines()
    assert akdb.sniff_text(wide) and akdb.sniff_text(pairs)
    assert not akdb.sniff_text(["datum;wahl;ags;gebiet-nr;gebiet-name;A;B"])
    assert not akdb.sniff_text(["Gebietsart;Gebietsnummer;Bemerkung"])
    assert not akdb.sniff_text([])


def test_wide_header_maps_by_name_in_any_order() -> None:
    header = [
        "Stimmen gueltige (D)",
        "Gebietsart",
        "D2",
        "Wahlberechtigte nicht im WVZ (A3)",
        "Gebietsnummer",
        "Waehler mit Wahlschein",
        "Waehler gesamt (B)",
        "Stimmen ungueltige (C)",
        "D1",
        "F3_12",
        "D4_unveraendert",
        "D4_veraendert",
        "D4_7",
        "Ausbleibend",
        "Waehler ohne Wahlschein",
    ]
    layout = akdb.layout_of(header)
    assert layout.name == akdb.WIDE and not layout.unknown and not layout.missing
    assert layout.counts == {
        "Stimmen gueltige (D)": "D",
        "D2": "D2",
        "Wahlberechtigte nicht im WVZ (A3)": "A3",
        "Waehler mit Wahlschein": "B1",
        "Waehler gesamt (B)": "B",
        "Stimmen ungueltige (C)": "C",
        "D1": "D1",
        "F3_12": "F3_12",
        "D4_unveraendert": "D4_unveraendert",
        "D4_veraendert": "D4_veraendert",
        "D4_7": "D4_7",
    }
    assert layout.checked == ["Waehler ohne Wahlschein"]
    assert layout.dropped == ["Ausbleibend", "Waehler ohne Wahlschein"]


def test_the_two_vote_letters_map_to_c_d_e_f() -> None:
    layout = akdb.layout_of(records(BTW / BTW_FILE)[0])
    letters = {s: o for s, o in layout.counts.items() if not re.fullmatch(r"[DF][0-9]+", o)}
    assert letters == {
        "Wahlberechtigte gesamt (A)": "A",
        "Wahlberechtigte ohne Wahlschein (A1)": "A1",
        "Wahlberechtigte mit Wahlschein (A2)": "A2",
        "Wahlberechtigte nicht im WVZ (A3)": "A3",
        "Waehler gesamt (B)": "B",
        "Waehler mit Wahlschein": "B1",
        "Direktstimmen ungueltige (C)": "C",
        "Direktstimmen gueltige (D)": "D",
        "Listenstimmen ungueltige (E)": "E",
        "Listenstimmen gueltige (F)": "F",
    }


def test_unknown_missing_and_ambiguous_columns_are_listed() -> None:
    assert akdb.layout_of(["Gebietsart", "Gebietsnummer", "Bemerkung"]).unknown == ["Bemerkung"]
    assert akdb.layout_of(["Gebietsart", "D1"]).missing == ["Gebietsnummer"]
    both = ["Gebietsart", "Gebietsnummer", "Stimmen ungueltige (C)", "Direktstimmen ungueltige (C)"]
    assert akdb.layout_of(both).unknown == both[2:]


def test_pair_layout_is_recognised_with_its_repeated_columns() -> None:
    header = records(PAIRS / PAIRS_FILE)[0]
    names = [*header[:10], "Gruppenschlüssel", "Stimmen", "Gruppenschlüssel#13", "Stimmen#14"]
    layout = akdb.layout_of(names)
    assert layout.name == akdb.PAIRS and not layout.unknown
    assert layout.pairs == [("Gruppenschlüssel", "Stimmen"), ("Gruppenschlüssel#13", "Stimmen#14")]
    assert layout.counts["Gültige Stimmen"] == "D" and layout.counts["Ungültige Stimmen"] == "C"
    lonely = akdb.layout_of([*header[:10], "Gruppenschlüssel", "Stimmen", "Gruppenschlüssel#13"])
    assert lonely.unknown == ["Gruppenschlüssel#13"]


def test_count_columns_of_both_layouts_may_be_read_as_integers() -> None:
    counts = ["Waehler gesamt (B)", "Waehler ohne Wahlschein", "D3", "F2_7", "D1_unveraendert"]
    counts += ["Stimmen", "Stimmen#14", "Gültige Stimmen", "Briefwähler in Urnenwahlgebiet erfasst"]
    assert all(is_count(c) for c in counts)
    text = ["Gebietsnummer", "Gemeinde", "Bezirksnummer", "Gruppenschlüssel#13", "Ausbleibend"]
    assert not any(is_count(c) for c in text)
