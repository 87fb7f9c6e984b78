"""votemanager layouts: recognised by their header, unknown columns refused, counts read."""

from __future__ import annotations

import polars as pl
import pytest

from wahldaten.formats import votemanager
from wahldaten.formats.votemanager.layouts import normalize


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (
            "datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen;A;B;B1;C;D;D1;D2",
            votemanager.STANDARD,
        ),
        (
            "datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen;A;B;C1;C2;D;D1_liste;D1_summe_kandidaten;D1_summe_liste_kandidaten;D1_1",
            votemanager.NDS_2021,
        ),
        (
            "datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen;A;B;C1;C2;D;D1_1;D1_2_1;D1_2_2;D1_3;D1_4;D2_4",
            votemanager.NDS_2026,
        ),
        (
            "datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen;A;B;B2;C;D;E;D1_unveraendert;D1_veraendert;D1;D1_1",
            votemanager.BY_COUNCIL,
        ),
        (
            "datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen;A;B;B1;C04;C03;C01;C02",
            votemanager.REFERENDUM,
        ),
    ],
)
def test_layouts_are_recognised_by_their_header(header: str, layout: str) -> None:
    found, unknown = votemanager.layout_of(header.split(";"))
    assert (found, unknown) == (layout, [])


def test_unknown_column_is_refused_not_guessed() -> None:
    header = "datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen;A;B;D;D1;Bemerkung"
    assert votemanager.layout_of(header.split(";")) == (votemanager.STANDARD, ["Bemerkung"])


def test_council_sums_and_ballots_cast_are_not_carried() -> None:
    frame = pl.DataFrame(
        {
            c: [1]
            for c in ["A", "B", "B2", "C", "D", "E", "D1", "D1_unveraendert", "Summe_veraendert"]
        }
    )
    renamed, counts, dropped = normalize(frame, votemanager.BY_COUNCIL)
    assert dropped == ["E", "Summe_veraendert"]
    assert "B1" in counts and "B2" not in renamed.columns
