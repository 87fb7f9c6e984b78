"""What the Bundeswahlleiterin's files share: Länder keys, preambles, reading without the BOM."""

from __future__ import annotations

from codecs import BOM_UTF8

import pytest

from support import ROOT
from wahldaten.formats.bundeswahlleiterin.common import (
    find_line,
    head_lines,
    land_key,
    read_preamble,
    read_table,
    stand_timestamp,
    strip_bom,
)
from wahldaten.io.csvtable import read_csv_table

KERG2 = ROOT / "fixtures" / "kerg2" / "valid" / "bundestagswahl" / "btw21_kerg2.csv"


def test_land_key_is_the_twelve_digit_regionalschluessel() -> None:
    assert land_key("01") == "010000000000"


def test_the_formats_bom_is_dropped_before_reading() -> None:
    data = (
        ROOT / "fixtures" / "wbz" / "valid" / "europawahl" / "Wbz_EW24_Ergebnisse.csv"
    ).read_bytes()
    assert data.startswith(BOM_UTF8)
    assert strip_bom(data) == data[len(BOM_UTF8) :] == strip_bom(strip_bom(data))
    table = read_table(data, "x")
    exact = read_csv_table(data[len(BOM_UTF8) :], "x")
    assert table.frame.equals(exact.frame)
    assert table.header == exact.header and table.header[0] == "Land"


def test_header_found_below_the_preamble() -> None:
    lines = head_lines(KERG2.read_bytes())
    assert find_line(lines, "wahlart;wahltag;gebietsart") == 9
    assert find_line(lines, "Nr;Gebiet") is None


def test_preamble_of_kerg2_gives_status_stand_and_line() -> None:
    lines = head_lines(strip_bom(KERG2.read_bytes()))[:9]
    preamble = read_preamble(lines)
    assert (preamble.status, preamble.status_raw, preamble.status_line) == (
        "endgültig",
        "Endgültig",
        5,
    )
    assert preamble.stand == "14.10.2021 15:11"
    assert stand_timestamp(preamble.stand) == "14.10.2021 15:11"


@pytest.mark.parametrize(
    ("lines", "status", "raw", "title"),
    [
        (
            ["Bundestagswahl 2025;", "Vorläufiges Ergebnis;"],
            "vorläufig",
            "Vorläufiges Ergebnis",
            ("BT", "2025"),
        ),
        (
            ["Europawahl 2024", "Status:;Zwischenergebnis"],
            "Zwischenergebnis",
            "Zwischenergebnis",
            ("EW", "2024"),
        ),
        (["Status:;Hochrechnung"], None, "Hochrechnung", None),
        (["(c) Der Bundeswahlleiter"], None, None, None),
    ],
)
def test_status_and_title(
    lines: list[str], status: str | None, raw: str | None, title: tuple[str, str] | None
) -> None:
    preamble = read_preamble(lines)
    assert (preamble.status, preamble.status_raw, preamble.title) == (status, raw, title)


def test_stand_without_a_time_and_malformed_stand() -> None:
    assert stand_timestamp("14.10.2021") == "14.10.2021"
    assert stand_timestamp("14.10.21") is None
    assert stand_timestamp(None) is None
