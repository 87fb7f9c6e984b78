"""What kerg2 and kerg share: totals of the long frame, the Land packages and their refusals."""

from __future__ import annotations

import subprocess
import sys

import polars as pl

from wahldaten.formats.bundeswahlleiterin.facts import Kerg2Facts
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    AREA,
    ART,
    COUNT,
    GROUP,
    KIND,
    LETTER,
    NR,
    ORDER,
    PARENT,
    POS,
    STIMME,
    WahlkreisElection,
    has_wahlkreise,
    land_elections,
    land_names,
    totals,
)
from wahldaten.formats.facts import AREA as ROW_AREA
from wahldaten.formats.facts import LINE, TOTAL, WHAT
from wahldaten.formats.source import Meta
from wahldaten.io.csvtable import LINE_COLUMN

# (art, nr, name, parent, kind, group, stimme, count, letter, pos)
Row = tuple[str, str, str, str | None, str, str, int | None, int | None, str | None, int | None]


def long(rows: list[Row]) -> pl.DataFrame:
    columns = [ART, NR, AREA, PARENT, KIND, GROUP, STIMME, COUNT, LETTER, POS]
    frame = pl.DataFrame(
        rows,
        schema={
            **dict.fromkeys([ART, NR, AREA, PARENT, KIND, GROUP], pl.String),
            STIMME: pl.Int64,
            COUNT: pl.Int64,
            LETTER: pl.String,
            POS: pl.Int64,
        },
        orient="row",
    )
    return (
        frame.select(columns)
        .with_row_index(LINE_COLUMN, offset=2)
        .with_columns(pl.col(POS).alias(ORDER))
    )


WK = "Wahlkreis"
ROWS: list[Row] = [
    (WK, "001", "Nord", "01", "system", "Wahlberechtigte", None, 100, "A", None),
    (WK, "001", "Nord", "01", "party", "CDU", 1, 40, None, 1),
    (WK, "001", "Nord", "01", "eb", "EB: Meier", 1, 5, None, None),
    (WK, "002", "Süd", "01", "system", "Wahlberechtigte", None, 200, "A", None),
    (WK, "002", "Süd", "01", "party", "CDU", 1, None, None, 1),  # no candidate here
    ("Land", "01", "Schleswig-Holstein", "99", "system", "Wahlberechtigte", None, 301, "A", None),
    ("Land", "01", "Schleswig-Holstein", "99", "party", "CDU", 1, 40, None, None),
    (
        "Land",
        "01",
        "Schleswig-Holstein",
        "99",
        "eb",
        "Einzelbewerber/Wählergruppe",
        1,
        5,
        None,
        None,
    ),
]


def test_totals_one_row_per_land_with_its_wahlkreise_as_members() -> None:
    found = totals(long(ROWS))
    assert found is not None
    assert found.rows.select(LINE, ROW_AREA, TOTAL).rows() == [(7, "01", "01")]
    # The Wahlkreise are members of their Land, the Land of the Bund (99).
    assert found.members[TOTAL].to_list() == ["01", "01", "99"]
    assert found.counts == ["A|", "P:CDU|1", "EB|1"]
    # Findings name a count by the total row's group and vote.
    assert found.columns == {
        "A|": "Wahlberechtigte",
        "P:CDU|1": "CDU (1)",
        "EB|1": "Einzelbewerber/Wählergruppe (1)",
    }
    row = found.rows.row(0, named=True)
    assert (row["A|"], row["P:CDU|1"], row["EB|1"]) == (301, 40, 5)
    # Empty members stay empty: the CDU did not stand in 002.
    assert found.members["P:CDU|1"].to_list() == [40, None, 40]
    assert not found.complete


def test_no_totals_without_land_or_bund_rows() -> None:
    wahlkreise = long(ROWS[:5])
    assert totals(wahlkreise) is None
    assert has_wahlkreise(wahlkreise) and not has_wahlkreise(long(ROWS[5:]))
    assert land_names(long(ROWS)) == {"01": "Schleswig-Holstein"}


INFO = WahlkreisElection("Bundestagswahl", "26.09.2021", None, "partei-kurzname")


def test_land_package_with_einzelbewerber_after_the_parties() -> None:
    facts = Kerg2Facts("k.csv")
    ((election, lines),) = land_elections(facts, long(ROWS), INFO, Meta())
    assert election.gs == "010000000000"
    assert election.results["bezirk-nr"].to_list() == ["001", "002"]
    assert election.results["D2"].to_list() == [5, None]
    assert lines.to_list() == [2, 5]
    assert facts.refused == []


def test_a_cell_filled_twice_refuses_the_land() -> None:
    facts = Kerg2Facts("k.csv")
    assert land_elections(facts, long([*ROWS, ROWS[1]]), INFO, Meta()) == []
    (refused,) = facts.refused
    assert refused.frame[WHAT].to_list() == ["D1 ×2 (Wahlkreis 001)"]


def test_importing_the_readers_does_not_import_polars() -> None:
    """The source registry imports them for `--help`, which must start without polars."""
    code = (
        "import sys\n"
        "from wahldaten.formats.bundeswahlleiterin import kerg, kerg2, wbz\n"
        "print('polars' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr[-500:]
