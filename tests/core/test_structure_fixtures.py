"""The structure fixtures and the real OWD packages, read plainly and checked identity by identity."""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from support import FIXTURES, ROOT, realdata
from wahldaten.core.structure import (
    EXAMPLES,
    ElectionStructure,
    Identity,
    StructureStatement,
    derive,
)

sys.path.insert(0, str(ROOT / "fixtures"))
from builders import structures as builder  # the fixture builder, by path

COUNT = re.compile(r"^(A[123]?|B[12]?|C|D|E|F|GUELTIGE-STIMMZETTEL|[DF][1-9][0-9]*(_.+)?)$")


def violated_rows(identity: Identity, data: pl.DataFrame) -> list[int]:
    flags = data.select(identity.violated(data.columns).alias("v"))["v"]
    return [i for i, v in enumerate(flags) if v]


# --- the structure fixtures -----------------------------------------------------------------


def read_package(folder: Path) -> dict[str, pl.DataFrame]:
    """The files of a fixture package as text frames; short rows read as ending in empty cells."""
    tables = {}
    for path in folder.glob("*.csv"):
        file_type = re.search(r"_(Wahl\w+|Stimmzettel|Kandidaten)_V", path.name).group(1)  # type: ignore[union-attr]
        header, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";")
        rows = [r + [""] * (len(header) - len(r)) for r in rows if r]
        data = {h: [r[i] or None for r in rows] for i, h in enumerate(header)}
        tables[file_type] = pl.DataFrame(data, schema=dict.fromkeys(header, pl.String))
    results = tables["Wahlergebnisse"]
    counts = [c for c in results.columns if COUNT.match(c)]
    tables["Wahlergebnisse"] = results.with_columns(pl.col(counts).cast(pl.Int64))
    return tables


def derive_package(folder: Path, structure_name: str) -> tuple[ElectionStructure, pl.DataFrame]:
    tables = read_package(folder)
    results, gebiete = tables["Wahlergebnisse"], tables["Wahlgebietseinteilungen"]
    arts = results.join(gebiete.select("bezirk-nr", "bezirk-art"), on="bezirk-nr").drop_nulls("B")
    statement = builder.STATEMENTS.get(structure_name)
    found = derive(
        results.columns,
        wahlparameter=tables["Wahlparameter"],
        ballot_areas=gebiete["stimmzettel-gebiet-nr"].to_list(),
        options=tables["Stimmzettel"]["partei-kurzname"].to_list(),
        voters_by_art={a: int(g["B"].sum()) for (a,), g in arts.group_by("bezirk-art")},
        statement=StructureStatement.from_cli(statement) if statement else None,
    )
    return found, results


def test_the_builder_knows_the_identities_of_every_structure() -> None:
    assert set(builder.VALID) == set(EXAMPLES)
    for name, example in EXAMPLES.items():
        assert builder.IDENTITIES[name] == [i.name for i in example.identities()]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_valid_structure_fixture_has_its_structure_and_holds(name: str) -> None:
    found, results = derive_package(FIXTURES / "valid" / name, name)
    assert found == EXAMPLES[name]
    assert {
        i.name: violated_rows(i, results) for i in found.identities() if violated_rows(i, results)
    } == {}


INVALID = sorted(builder.invalid().items())


@pytest.mark.parametrize(("case", "broken"), INVALID, ids=[f"{i}/{s}" for (i, s), _ in INVALID])
def test_invalid_structure_fixture_breaks_its_identity(
    case: tuple[str, str], broken: set[str]
) -> None:
    identity, name = case
    found, results = derive_package(FIXTURES / "invalid" / f"structure-{identity}" / name, name)
    violations = {i.name: violated_rows(i, results) for i in found.identities()}
    assert {n for n, rows in violations.items() if rows} == broken
    assert all(len(rows) <= 1 for rows in violations.values())  # one cell: one row


def test_several_ballots_fixture_has_rows_that_end_after_their_last_option() -> None:
    (path,) = (FIXTURES / "valid" / "several-ballots").glob("*_Wahlergebnisse_*")
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    assert {len(r.split(";")) for r in rows} > {len(header.split(";"))}


# --- the real OWD packages ------------------------------------------------------------------

REAL = {
    "badmuenstereifel-kommunal2020__05366004_20200913_Buergermeisterwahl-NRW": "one-vote",
    "badmuenstereifel-kommunal2020__05366004_20200913_Ratswahl-NRW": "one-vote",
    "duesseldorf-kommunal2020__05111000_20200913_Ratswahl-NRW": "one-vote",
    "goettingen-eu-rad-2024__03159016_09.06.2024_Radentscheid": "referendum",
    "hagen-eu2019__05914000_20190526_Europawahl": "one-vote",
    "karlsruhe-btw2021__08212000_20210926_Bundestagswahl": "two-votes",
    "kreis-euskirchen-2020__05366000_20200913_Kreistagswahl-NRW": "one-vote",
    "wiesbaden-citybahn__06414000_20201101_Citybahn": "referendum",
}


def _real_tables(prefix: str) -> dict[str, pl.DataFrame]:
    folder = realdata("owd")
    tables: dict[str, Any] = {}
    for path in folder.glob(prefix + "*.csv"):
        file_type = re.search(r"_(Wahl\w+?|Stimmzettel|Kandidaten)_V", path.name).group(1)  # type: ignore[union-attr]
        table = pl.read_csv(path, separator=";", infer_schema=False)
        table = table.rename({c: c.strip() for c in table.columns})
        tables[file_type] = table.with_columns(pl.all().str.strip_chars())
    results = tables["Wahlergebnisse"]
    counts = [c for c in results.columns if COUNT.match(c)]
    tables["Wahlergebnisse"] = results.with_columns(pl.col(counts).cast(pl.Int64))
    return tables


@pytest.mark.parametrize(
    ("prefix", "scheme"), list(REAL.items()), ids=[p.split("__")[0] for p in REAL]
)
def test_real_packages_hold_every_identity_of_their_structure(prefix: str, scheme: str) -> None:
    tables = _real_tables(prefix)
    results, gebiete = tables["Wahlergebnisse"], tables["Wahlgebietseinteilungen"]
    found = derive(
        results.columns,
        wahlparameter=tables["Wahlparameter"],
        ballot_areas=gebiete["stimmzettel-gebiet-nr"].to_list()
        if "stimmzettel-gebiet-nr" in gebiete.columns
        else [],
        options=tables["Stimmzettel"]["partei-kurzname"].to_list(),
    )
    assert found.scheme.value == scheme
    assert {i.name for i in found.identities() if violated_rows(i, results)} == set()
