"""C09–C11, R24–R28 and R17 on OWD 0.4: the draft's additions checked against the counts and
each other; its structure columns feed the election structure."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES, REALDATA, ROOT, codes, realdata, set_cell
from wahldaten.core.structure import derive
from wahldaten.core.structure_model import Source, Stage

V04 = ROOT / "fixtures" / "owd-0.4" / "valid" / "gemeinderatswahl-nds"
OWN = {"C09", "C10", "C11", "R24", "R25", "R26", "R27", "R28", "R17"}
# What each invalid fixture reports beyond its code: an emptied final Bezirk is not reported
# (C02) and leaves the counting incomplete (C05).
CONSEQUENCES = {"C10": {"C02", "C05"}}


@pytest.fixture
def v04(tmp_path: Path) -> Path:
    target = tmp_path / "v04"
    shutil.copytree(V04, target)
    return target


def test_the_valid_04_package_has_no_finding_but_its_extension() -> None:
    assert set(codes(V04)) == {"S13"}  # GUELTIGE-STIMMZETTEL is still an extension in 0.4


@pytest.mark.parametrize("code", sorted(OWN - {"R17"}))
def test_each_invalid_fixture_reports_its_code_and_nothing_else(code: str) -> None:
    found = set(codes(FIXTURES / "invalid" / code)) - {"S13"}
    assert found == {code} | CONSEQUENCES.get(code, set())


def test_the_03_packages_are_not_checked_by_the_04_rules() -> None:
    for folder in (FIXTURES / "valid").iterdir():
        assert not OWN & set(codes(folder)), folder.name


def test_a_provisional_bezirk_without_counts_is_c10_per_status(v04: Path) -> None:
    set_cell(v04, "Wahlparameter", 2, "ergebnis-status", "vorlaeufig")
    path = next(v04.glob("*_Wahlergebnisse_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    first, status = header.index("A1"), header.index("bezirk-status")
    for index, value in ((1, "vorlaeufig"), (2, "endgueltig")):
        cells = lines[index].split(";")
        cells[first:status] = [""] * (status - first)
        cells[status] = value
        lines[index] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = wahldaten.validate(v04)
    (c10,) = [r for p in report.packages for r in p.results if r.code == "C10"]
    assert sorted((f.params["value"], f.params["rows"]) for f in c10.examples) == [
        ("endgueltig", 1),
        ("vorlaeufig", 1),
    ]


def test_a_malformed_count_is_not_an_empty_row(v04: Path) -> None:
    set_cell(v04, "Wahlergebnisse", "001", "A1", "")
    for column in ("A2", "A3", "A", "B", "B1", "C", "GUELTIGE-STIMMZETTEL", "D"):
        set_cell(v04, "Wahlergebnisse", "001", column, "")
    path = next(v04.glob("*_Wahlergebnisse_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    cells = lines[1].split(";")
    for column in header[header.index("D1") : header.index("bezirk-status")]:
        cells[header.index(column)] = "x" if column == "D1" else ""
    lines[1] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = codes(v04)
    assert "T05" in found and "C10" not in found


def test_a_postal_link_of_04_to_no_postal_bezirk_is_r17(v04: Path) -> None:
    set_cell(v04, "Wahlgebietseinteilungen", "002", "briefwahlbezirk-nr", "999")
    report = wahldaten.validate(v04)
    (r17,) = [r for p in report.packages for r in p.results if r.code == "R17"]
    (finding,) = r17.examples
    assert finding.location.column == "briefwahlbezirk-nr" and finding.params["value"] == "999"


def test_an_id_in_a_package_without_candidate_columns_is_not_r24(v04: Path) -> None:
    path = next(v04.glob("*_Wahlergebnisse_*.csv"))
    lines = [line.split(";") for line in path.read_text(encoding="utf-8").splitlines()]
    keep = [i for i, c in enumerate(lines[0]) if "_" not in c or not c[1].isdigit()]
    path.write_text("\n".join(";".join(r[i] for i in keep) for r in lines) + "\n", "utf-8")
    assert not {"R24", "R25"} & set(codes(v04))


def test_r25_lists_the_columns_without_a_candidacy(v04: Path) -> None:
    for line in range(2, 8):
        set_cell(v04, "Kandidaten", line, "kandidat-id", "")
    set_cell(v04, "Kandidaten", 2, "kandidat-id", "1_1")
    report = wahldaten.validate(v04)
    (r25,) = [r for p in report.packages for r in p.results if r.code == "R25"]
    assert r25.examples[0].params == {"columns": "D1_2, D1_3, D2_1, D2_2, … (+1)", "count": 5}


def test_areas_may_reuse_an_id_but_one_area_may_not(v04: Path) -> None:
    """Lower Saxony: each Wahlbereich has its own candidates for the same columns D<n>_<k>."""
    path = next(v04.glob("*_Kandidaten_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    other_area = lines[1].replace(";Landwirt;1;", ";Landwirt;2;")
    assert other_area != lines[1]
    path.write_text("\n".join([*lines, other_area]) + "\n", "utf-8")
    assert "R28" not in codes(v04)
    path.write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8")
    assert codes(v04)["R28"] == 1


# --- the structure Wahlparameter states ------------------------------------------------------


def test_the_04_package_states_its_structure() -> None:
    (package,) = wahldaten.validate(V04).packages
    structure = package.structure
    assert (structure.votes, structure.separate_ballots, structure.votes_per_ballot) == (
        1,
        False,
        3,
    )
    for attribute in ("votes", "separate_ballots", "votes_per_ballot"):
        assert structure.source(attribute) is Source.STATED
    assert structure.stage is Stage.FINAL and structure.source("stage") is Source.STATED


def test_a_stated_structure_wins_over_the_columns_and_the_user_over_both(v04: Path) -> None:
    set_cell(v04, "Wahlparameter", 2, "stimmen-je-stimmzettel", "5")
    (package,) = wahldaten.validate(v04).packages
    assert package.structure.votes_per_ballot == 5
    (package,) = wahldaten.validate(v04, structure={"votes-per-ballot": 7}).packages
    assert package.structure.votes_per_ballot == 7
    assert package.structure.source("votes_per_ballot") is Source.USER


def test_separate_ballots_stated_means_two_votes() -> None:
    letters = ["A1", "A2", "A3", "A", "B", "B1", "C", "D", "D1", "D2"]
    plain = derive(letters)
    assert plain.votes == 1 and plain.source("votes") is Source.COLUMNS
    stated = derive(letters, wahlparameter={"stimmzettel-getrennt": "J"})
    assert stated.votes == 2 and stated.separate_ballots
    assert stated.source("separate_ballots") is Source.STATED
    # Empty or values the schema rejects (T07) state nothing.
    for params in ({"stimmen-anzahl": ""}, {"stimmen-anzahl": "3", "stimmen-je-stimmzettel": "0"}):
        assert derive(letters, wahlparameter=params) == plain
    assert derive(letters, wahlparameter={"ergebnis-status": "endgueltig"}).stage is Stage.FINAL


def test_the_json_report_schema_knows_every_source_of_a_structure() -> None:
    """Regression: the source `stated` was missing from the report schema's enum."""
    schema = json.loads((ROOT / "src/wahldaten/report/report.schema.json").read_text("utf-8"))
    enum = next(iter(_find(schema, "source")))["enum"]
    assert set(enum) == {s.value for s in Source}


def _find(node: object, key: str) -> list[dict[str, object]]:
    if isinstance(node, dict):
        found = [node[key]] if isinstance(node.get(key), dict) and "enum" in node[key] else []
        return found + [f for v in node.values() for f in _find(v, key)]
    if isinstance(node, list):
        return [f for v in node for f in _find(v, key)]
    return []


# --- the same rules on 0.3 and 0.4 ---------------------------------------------------------------

MUTATED = ("B", "D", "D1", "D1_1", "D1_liste", "F1")


def _first_row(folder: Path) -> dict[str, str]:
    (path,) = folder.glob("*_Wahlergebnisse_*.csv")
    header, first = path.read_text(encoding="utf-8").splitlines()[:2]
    return dict(zip(header.split(";"), first.split(";"), strict=True))


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "valid").iterdir()))
def test_a_count_changed_in_03_and_in_its_04_migration_is_reported_alike(
    name: str, tmp_path: Path
) -> None:
    """Regression: 0.4 made D<n>_<k> and D<n>_liste standard columns, and the results frame,
    which took only extensions beyond D<n>, lost them, so A08 never fired on 0.4."""
    source = FIXTURES / "valid" / name
    migrated = tmp_path / "v04"
    assert not wahldaten.migrate([source], migrated, to="0.4").failed
    row = _first_row(source)
    reported: set[bool] = set()
    for column in (c for c in MUTATED if row.get(c, "").isdigit()):
        found = []
        for folder, copy in (
            (source, tmp_path / f"a-{column}"),
            (migrated, tmp_path / f"b-{column}"),
        ):
            shutil.copytree(folder, copy)
            set_cell(copy, "Wahlergebnisse", 2, column, str(int(row[column]) + 1))
            found.append({c: n for c, n in codes(copy).items() if c not in ("S13", "F14")})
        assert found[0] == found[1], column
        reported.add(bool(found[0]))
    assert True in reported  # some change breaks an identity: the comparison says something


# --- real packages ----------------------------------------------------------------------------

_TYPE = re.compile(
    r"_(?:Wahlparameter|Wahlgebietseinteilungen|Stimmzettel|Kandidaten|Wahlergebnisse)_V"
)


def _real_packages() -> list[str]:
    """One key per real election (a folder of the shared data may hold two of one day)."""
    folder = REALDATA / "owd"
    return (
        sorted({_TYPE.split(p.name)[0] for p in folder.glob("*__*.csv")}) if folder.is_dir() else []
    )


@pytest.mark.parametrize("key", _real_packages() or ["absent"])
def test_a_real_package_migrated_to_04_keeps_its_structure_and_passes_the_cross_checks(
    key: str, tmp_path: Path
) -> None:
    """The migration writes the structure the validator derived into Wahlparameter; read back
    as stated, it is the same structure, and none of the 0.4 cross-checks fires."""
    source = tmp_path / "source"
    source.mkdir()
    for path in realdata("owd").glob("*__*.csv"):
        if _TYPE.split(path.name)[0] == key:
            (source / path.name.split("__", 1)[1]).write_bytes(path.read_bytes())
    if wahldaten.migrate([source], tmp_path / "v04", to="0.4").failed:
        pytest.skip(f"{key} does not validate as it is")
    (before,) = wahldaten.validate(source).packages
    (after,) = wahldaten.validate(tmp_path / "v04").packages
    assert after.version == "0.4"
    assert before.structure is not None and after.structure is not None
    assert dataclasses.replace(after.structure, sources=()) == dataclasses.replace(
        before.structure, sources=()
    )
    assert after.structure.source("votes") is Source.STATED
    assert not (OWN - {"R17"}) & {r.code for r in after.results}
