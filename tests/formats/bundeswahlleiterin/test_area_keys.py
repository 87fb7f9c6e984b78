"""Area keys as every generation of the Wahlkreis files writes them, read as the same keys."""

from __future__ import annotations

import polars as pl

from wahldaten.formats.bundeswahlleiterin.area_keys import (
    WRITTEN_NR,
    WRITTEN_PARENT,
    keyed,
    padded,
    rewritten,
)
from wahldaten.formats.bundeswahlleiterin.wahlkreise import AREA, ART, NR, PARENT


def _rows(nrs: list[str], parents: list[str | None], names: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {NR: nrs, PARENT: parents, AREA: names},
        schema={NR: pl.String, PARENT: pl.String, AREA: pl.String},
    )


def _keys(frame: pl.DataFrame) -> list[tuple[str, str, str | None]]:
    return list(frame.select(ART, NR, PARENT).iter_rows())


def test_archive_1990_abbreviations_and_total_rows_in_file_order() -> None:
    # 902 is the second Land listed (Mecklenburg-Vorpommern, 13), not Land 02.
    frame = keyed(
        _rows(
            ["001", "901", "012", "902", "999"],
            ["SH", "SH", "MV", "MV", "Bund"],
            ["Flensburg", "Schleswig-Holstein", "Schwerin", "Mecklenburg-Vorpommern", "Bund"],
        )
    )
    assert _keys(frame) == [
        ("Wahlkreis", "001", "01"),
        ("Land", "01", "99"),
        ("Wahlkreis", "012", "13"),
        ("Land", "13", "99"),
        ("Bund", "99", None),
    ]
    assert frame[WRITTEN_PARENT].to_list() == ["SH", "SH", "MV", "MV", "Bund"]


def test_total_rows_without_a_land_name_close_the_block_of_their_wahlkreise() -> None:
    frame = keyed(_rows(["7", "8", "905", "999"], ["5", "5", "99", None], ["a", "b", "NRW", "B"]))
    assert _keys(frame)[2] == ("Land", "05", "99")


def test_keys_without_zeros_2013_and_2017() -> None:
    frame = keyed(
        _rows(
            ["1", "99", "1", "99"],
            ["1", "5", "99", None],
            ["Flensburg", "Bonn", "Schleswig-Holstein", "Bundesgebiet"],
        )
    )
    # Wahlkreis 99 lies in a Land: it is not the Bund.
    assert _keys(frame) == [
        ("Wahlkreis", "001", "01"),
        ("Wahlkreis", "099", "05"),
        ("Land", "01", "99"),
        ("Bund", "99", None),
    ]
    assert frame.select(rewritten()).to_series().to_list() == [True, True, True, False]


def test_modern_keys_stay_and_unknown_spellings_stay_as_written() -> None:
    frame = keyed(
        _rows(["001", "01", "99", "1a", "002"], ["01", "99", None, "01", "XY"], list("abcde"))
    )
    assert frame[NR].to_list() == ["001", "01", "99", "1a", "002"]
    assert frame[PARENT].to_list() == ["01", "99", None, "01", "XY"]
    assert frame.select(rewritten()).to_series().to_list() == [False] * 5


def test_kerg2_writes_the_kind_and_only_the_zeros_are_missing() -> None:
    frame = padded(
        pl.DataFrame(
            {
                ART: ["Wahlkreis", "Land", "Bund", "Wahlkreis"],
                NR: ["1", "1", "99", "123"],
                PARENT: ["1", "99", None, "12"],
            }
        )
    )
    assert _keys(frame) == [
        ("Wahlkreis", "001", "01"),
        ("Land", "01", "99"),
        ("Bund", "99", None),
        ("Wahlkreis", "123", "12"),
    ]
    assert frame[WRITTEN_NR].to_list() == ["1", "1", "99", "123"]


def test_the_land_of_a_wahlkreis_by_its_name() -> None:
    frame = keyed(_rows(["001", "999"], ["Schleswig-Holstein", None], ["Flensburg", "Bund"]))
    assert _keys(frame) == [("Wahlkreis", "001", "01"), ("Bund", "99", None)]
