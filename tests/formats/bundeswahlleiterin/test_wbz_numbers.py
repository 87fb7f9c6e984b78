"""Numbers and postal links of the precincts."""

from __future__ import annotations

import polars as pl

from wahldaten.formats.bundeswahlleiterin.wbz_header import (
    ARS,
    BEZIRKSART,
    KREIS,
    LAND,
    POSTAL_KEY,
    RB,
    WAHLBEZIRK,
)
from wahldaten.formats.bundeswahlleiterin.wbz_numbers import (
    LINK,
    NUMBER_B,
    REPEAT,
    numbered,
    postal_links,
)

FLENSBURG, HEIDE, AMT_A, AMT_POSTAL = "010010000000", "010510044044", "010515163003", "010515163963"


def precincts(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """(municipality key, Wahlbezirk, Bezirksart, Kennziffer Briefwahlzugehörigkeit)."""
    frame = pl.DataFrame(rows, schema=[ARS, WAHLBEZIRK, BEZIRKSART, POSTAL_KEY], orient="row")
    return frame.with_columns(
        pl.col(ARS).str.slice(0, 2).alias(LAND),
        pl.col(ARS).str.slice(2, 1).alias(RB),
        pl.col(ARS).str.slice(3, 2).alias(KREIS),
    )


def test_postal_numbers_of_urn_districts_get_b_repeated_keys_a_suffix() -> None:
    frame = numbered(
        precincts(
            [
                (HEIDE, "000001", "0", "00"),
                (HEIDE, "000001", "5", "00"),
                (FLENSBURG, "000901", "5", "00"),
                (FLENSBURG, "000901", "5", "00"),
                (FLENSBURG, "000001", "0", "00"),
            ]
        )
    )
    assert frame["bezirk-nr"].to_list() == ["000001", "000001-B", "000901", "000901-2", "000001"]
    assert frame[NUMBER_B].to_list()[:2] == ["000001", "000001-B"]
    assert frame[REPEAT].to_list() == [0, 0, 0, 1, 0]


def test_links_to_one_postal_district_of_the_own_municipality() -> None:
    frame = postal_links(
        numbered(
            precincts(
                [
                    (FLENSBURG, "000001", "0", "00"),
                    (FLENSBURG, "000901", "5", "00"),
                    (HEIDE, "000001", "0", "00"),
                    (HEIDE, "000901", "5", "00"),
                    (HEIDE, "000902", "5", "00"),
                    (AMT_A, "000001", "0", "63"),
                    (AMT_POSTAL, "000001", "5", "63"),
                    (AMT_A, "000002", "0", "64"),
                ]
            )
        )
    )
    assert frame["BRIEFWAHLBEZIRK-NR"].to_list()[0] == "000901"
    assert frame[LINK].to_list() == [
        "linked",
        "postal",
        "several",
        "postal",
        "postal",
        "elsewhere",
        "postal",
        "none",
    ]


def test_without_the_kennziffer_nothing_is_linked() -> None:
    frame = numbered(precincts([(FLENSBURG, "000001", "0", "00")])).drop(POSTAL_KEY)
    linked = postal_links(frame)
    assert linked["BRIEFWAHLBEZIRK-NR"].to_list() == [None]
    assert linked[LINK].to_list() == ["none"]
