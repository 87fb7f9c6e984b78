"""The header of the Wahlbezirksstatistik: fields placed by their names."""

from __future__ import annotations

import pytest

from support import ROOT
from wahldaten.formats.bundeswahlleiterin.common import read_table
from wahldaten.formats.bundeswahlleiterin.wbz_header import (
    BEZIRKSART,
    LAND,
    LONG_NAME,
    MERGED,
    POSTAL_KEY,
    RB,
    WAHLBEZIRK,
    Columns,
    place,
    role,
    sniff_text,
)

RESULTS = ROOT / "fixtures" / "wbz" / "valid" / "europawahl" / "Wbz_EW24_Ergebnisse.csv"


@pytest.mark.parametrize(
    ("name", "meaning"),
    [
        ("Land", LAND),
        ("Reg.-Bezirk", RB),
        ("Regierungsbezirk", RB),
        ("  Wahlbezirk ", WAHLBEZIRK),
        ("Bezirksart", BEZIRKSART),
        ("Wahlberechtigte ohne Sperrvermerk (A1)", "A1"),
        ("Wahlberechtigte n. § 24 (2) EuWO (A3)", "A3"),
        ("Wähler (B)", "B"),
        ("dar. Wählende mit Wahlschein", "B1"),
        ("ungültig", "C"),
        ("Gültige", "D"),
        ("Kennziffer zusammen-gelegte Urnenwahlbezirke n. § 61 EuWO", MERGED),
        ("Kennziffer Briefwahlzugehörigkeit", POSTAL_KEY),
        ("Optional: Ungekürzte Wahlbezirksbezecihnung", LONG_NAME),
        ("CDU", None),
    ],
)
def test_role_by_name(name: str, meaning: str | None) -> None:
    assert role(name) == meaning


def test_the_example_header_is_placed_parties_after_the_valid_votes() -> None:
    table = read_table(RESULTS.read_bytes(), "x")
    columns = place(table.header, table.columns)
    assert isinstance(columns, Columns)
    assert columns.parties == {1: "CDU", 2: "GRÜNE", 3: "SPD", 4: "AfD", 5: "CSU", 6: "FDP"}
    assert list(columns.counts) == [
        "A",
        "A1",
        "A2",
        "A3",
        "B",
        "B1",
        "C",
        "D",
        *(f"D{n}" for n in range(1, 7)),
    ]
    assert LONG_NAME in columns.roles and len(columns.extra_names) == 6


def test_what_cannot_be_placed() -> None:
    header = ["Land", "Kreis", "Gemeinde", "Wahlbezirk", "Wahlberechtigte", "Wählende", "gültig"]
    header += ["CDU", "Erststimmen SPD"]
    assert place(header, header) == (["bezirksart", "C"], ["Erststimmen SPD"])
    header = ["Land", "Kreis", "Gemeinde", "Wahlbezirk", "Bezirksart", "A (A)", "B (B)"]
    header += ["ungültig", "gültig", "CDU", "", "SPD"]
    assert place(header, header) == ([], ["SPD"])


def test_sniffed_by_its_header_or_the_leitband() -> None:
    assert sniff_text(["Land;Reg.-Bezirk;Kreis;Verbandsgemeinde;Gemeinde;Wahlbezirk;Bezirksart"])
    assert sniff_text(["(c)", "Satzart;Land;Regierungsbezirk;Kreis;Verbandsgemeinde;Gemeinde"])
    assert not sniff_text(["Nr;Gebiet;gehört zu"])
