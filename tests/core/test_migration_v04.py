"""OWD 0.3 ↔ 0.4 (draft): lossless up with what the package tells derived, every count kept
down and every value 0.3 cannot hold noted; real packages round-trip and validate as 0.4."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings

import wahldaten
from strategies import Generated, elections
from support import FIXTURES, REALDATA, realdata, set_cell
from wahldaten.core import migration_v04 as v04
from wahldaten.core import migrations, standard
from wahldaten.core.names import (
    FILE_TYPES,
    KANDIDATEN,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)

COUNT_PREFIXES = ("A", "B", "C", "D", "E", "F", "GUELTIGE")


def test_04_is_a_draft_and_not_the_default() -> None:
    assert "0.4" in standard.versions()
    assert standard.status("0.4") == "draft" and standard.status("0.3") == "released"
    assert standard.latest() == "0.3"
    assert {("0.3", "0.4"), ("0.4", "0.3")} <= migrations.registered()


def test_04_holds_the_additions_as_standard_columns() -> None:
    files = standard.load("0.4").files
    assert files[WAHLERGEBNISSE].is_count("D3_12") and files[WAHLERGEBNISSE].is_standard("D3_12")
    assert files[WAHLERGEBNISSE].is_standard("D2_liste")
    assert files[WAHLERGEBNISSE].check_for("bezirk-status").accepts("nicht-gezaehlt")  # type: ignore[union-attr]
    assert not files[WAHLERGEBNISSE].check_for("bezirk-status").accepts("fertig")  # type: ignore[union-attr]
    assert files[WAHLGEBIETSEINTEILUNGEN].is_standard("briefwahlbezirk-nr")
    assert not files[WAHLGEBIETSEINTEILUNGEN].is_extension("BRIEFWAHLBEZIRK-NR")
    assert files[KANDIDATEN].is_standard("kandidat-id")
    for column in ("ergebnis-status", "stimmen-anzahl", "stimmzettel-getrennt"):
        assert files[WAHLPARAMETER].is_standard(column)
        assert column not in files[WAHLPARAMETER].required  # 0.3 data migrates without them


@settings(max_examples=40, deadline=None)
@given(elections(version="0.3"))
def test_03_to_04_to_03_is_the_identity(generated: Generated) -> None:
    election = generated.election
    tables = election.tables  # type: ignore[attr-defined]
    up, _ = migrations.migrate_noted(tables, "0.3", "0.4")
    assert all(f["version"].unique().to_list() == ["0.4"] for t, f in up.items() if t in tables)
    back, _ = migrations.migrate_noted(up, "0.4", "0.3")
    assert set(back) == set(tables)
    for file_type, frame in tables.items():
        assert back[file_type].equals(frame), file_type


def _ratswahl() -> dict[str, pl.DataFrame]:
    _, found = wahldaten.inspect([FIXTURES / "valid" / "ratswahl"])
    return dict(found[0].tables)


def test_up_derives_structure_empty_bezirke_and_candidacy_ids() -> None:
    tables = _ratswahl()
    results = tables[WAHLERGEBNISSE]
    # A Bezirk that has not reported: every count empty.
    counts = [c for c in results.columns if results[c].dtype == pl.Int64]
    tables[WAHLERGEBNISSE] = results.with_columns(
        [
            pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col(c)).alias(c)
            for c in counts
        ]
    )
    up, notes = migrations.migrate_noted(tables, "0.3", "0.4")
    assert up[WAHLPARAMETER].select("stimmen-anzahl", "stimmzettel-getrennt").row(0) == ("1", "N")
    assert up[WAHLERGEBNISSE]["bezirk-status"].to_list()[:2] == ["nicht-gezaehlt", None]
    ids = up[KANDIDATEN].select("partei-kurzname", "kandidat-listenplatz", "kandidat-id")
    assert ("CDU", "2", "1_2") in ids.rows()
    # What 0.3 does not tell is said, not guessed.
    said = {(n.file_type, n.column) for n in notes}
    assert (WAHLPARAMETER, "ergebnis-status") in said
    assert all(n.key == migrations.NOT_DERIVED for n in notes)


def test_down_notes_every_value_03_cannot_hold_and_keeps_every_count() -> None:
    up, _ = migrations.migrate_noted(_ratswahl(), "0.3", "0.4")
    up[WAHLPARAMETER] = up[WAHLPARAMETER].with_columns(
        pl.lit("endgueltig").alias("ergebnis-status")
    )
    down, notes = migrations.migrate_noted(up, "0.4", "0.3")
    lost = {(n.file_type, n.column): n.rows for n in notes if n.key == migrations.LOST}
    assert lost[(WAHLPARAMETER, "ergebnis-status")] == 1
    assert lost[(KANDIDATEN, "kandidat-id")] == up[KANDIDATEN]["kandidat-id"].is_not_null().sum()
    assert (WAHLERGEBNISSE, "bezirk-status") not in lost  # nothing in it: nothing lost
    assert "ergebnis-status" not in down[WAHLPARAMETER].columns
    assert down[WAHLERGEBNISSE].equals(_ratswahl()[WAHLERGEBNISSE])


def test_the_postal_link_becomes_a_standard_column_and_back() -> None:
    areas = pl.DataFrame(
        {"bezirk-nr": ["1", "9"], "bezirk-art": ["W", "B"], "BRIEFWAHLBEZIRK-NR": ["9", None]}
    )
    tables = {**_ratswahl(), WAHLGEBIETSEINTEILUNGEN: areas}
    up, _ = v04.up(tables)
    assert up[WAHLGEBIETSEINTEILUNGEN]["briefwahlbezirk-nr"].to_list() == ["9", None]
    down, notes = v04.down(up)
    assert down[WAHLGEBIETSEINTEILUNGEN].equals(areas)
    assert all(n[2] != "briefwahlbezirk-nr" for n in notes)


def test_migrating_a_04_package_down_reports_what_03_cannot_hold(tmp_path: Path) -> None:
    wahldaten.migrate([FIXTURES / "valid" / "ratswahl"], tmp_path / "v04", to="0.4")
    assert wahldaten.validate(tmp_path / "v04").exit_code == 0
    report = wahldaten.migrate([tmp_path / "v04"], tmp_path / "v03", to="0.3")
    assert not report.failed
    (result,) = [r for p in report.packages for r in p.results if r.code == migrations.NOT_CARRIED]
    columns = {f.location.column for f in result.examples}
    assert {"stimmen-anzahl", "kandidat-id"} <= columns


# --- real packages ----------------------------------------------------------------------------


def _csv_totals(folder: Path) -> dict[str, int]:
    """Σ of every count column of Wahlergebnisse, read with the csv module (not the library)."""
    (path,) = folder.glob("*_Wahlergebnisse_*.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    totals: dict[str, int] = {}
    for column in rows[0]:
        if column.startswith(COUNT_PREFIXES) and column[1:2] in ("", *"0123456789"):
            cells = [r[column].strip() for r in rows if r[column].strip()]
            if cells and all(c.isdigit() for c in cells):
                totals[column] = sum(int(c) for c in cells)
    return totals


def _empty_cells(folder: Path) -> int:
    (path,) = folder.glob("*_Wahlergebnisse_*.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    return sum(cell == "" for row in rows[1:] for cell in row)


_TYPE = re.compile(
    r"_(?:Wahlparameter|Wahlgebietseinteilungen|Stimmzettel|Kandidaten|Wahlergebnisse)_V"
)


def _packages() -> list[str]:
    """One key per real election: the file names up to their file type (a folder of the
    shared data may hold two elections of one day)."""
    folder = REALDATA / "owd"
    if not folder.is_dir():
        return []
    return sorted({_TYPE.split(p.name)[0] for p in folder.glob("*__*.csv")})


def _copy(key: str, into: Path) -> Path:
    into.mkdir()
    for path in realdata("owd").glob("*__*.csv"):
        if _TYPE.split(path.name)[0] == key:
            (into / path.name.split("__", 1)[1]).write_bytes(path.read_bytes())
    return into


@pytest.mark.parametrize("tag", _packages() or ["absent"])
def test_real_package_round_trips_through_04_with_every_count(tag: str, tmp_path: Path) -> None:
    source = _copy(tag, tmp_path / "source") if tag != "absent" else realdata("owd", "absent")
    before = _csv_totals(source)
    up = wahldaten.migrate([source], tmp_path / "v04", to="0.4")
    if up.failed:
        pytest.skip(f"{tag} does not validate as it is")
    assert all("_V0-4_" in p.name for p in (tmp_path / "v04").glob("*.csv"))
    assert wahldaten.validate(tmp_path / "v04").exit_code == 0
    assert _csv_totals(tmp_path / "v04") == before
    down = wahldaten.migrate([tmp_path / "v04"], tmp_path / "v03", to="0.3")
    assert not down.failed
    assert _csv_totals(tmp_path / "v03") == before
    # Empty stays empty: nothing became 0 on the way.
    assert _empty_cells(tmp_path / "v03") == _empty_cells(source)


def _read(folder: Path, file_type: str) -> pl.DataFrame:
    (path,) = folder.glob(f"*_{file_type}_*.csv")
    return pl.read_csv(path, separator=";", infer_schema=False)


def test_real_packages_fill_the_04_additions_where_they_can(tmp_path: Path) -> None:
    realdata("owd")
    filled: dict[str, set[str]] = {}
    for tag in _packages():
        out = tmp_path / f"out{len(filled)}-{len(list(tmp_path.iterdir()))}"
        if wahldaten.migrate([_copy(tag, tmp_path / f"in-{out.name}")], out, to="0.4").failed:
            continue
        for file_type in FILE_TYPES:
            if not list(out.glob(f"*_{file_type}_*.csv")):
                continue
            frame = _read(out, file_type)
            for column in frame.columns:
                if frame[column].drop_nulls().len():
                    filled.setdefault(column, set()).add(tag)
    # Two votes (Karlsruhe's Bundestag election), the postal link (Göttingen's packages of
    # 2024), candidacy ids from list places (the council packages).
    assert "stimmen-anzahl" in filled and "stimmzettel-getrennt" in filled
    assert any("karlsruhe" in t for t in filled["stimmen-anzahl"])
    assert "briefwahlbezirk-nr" in filled
    assert "kandidat-id" in filled and "kandidat-stimmzettel-position" in filled


def test_a_04_package_is_checked_with_the_new_columns_types(tmp_path: Path) -> None:
    wahldaten.migrate([FIXTURES / "valid" / "ratswahl"], tmp_path / "v04", to="0.4")
    set_cell(tmp_path / "v04", WAHLERGEBNISSE, "0101", "bezirk-status", "fertig")
    set_cell(tmp_path / "v04", WAHLPARAMETER, 2, "stimmen-anzahl", "3")
    report = wahldaten.validate(tmp_path / "v04")
    found = {
        (r.code, e.location.column) for p in report.packages for r in p.results for e in r.examples
    }
    assert ("T07", "bezirk-status") in found and ("T07", "stimmen-anzahl") in found


def _unreported_rows(path: Path) -> int | None:
    """Rows of a votemanager export with none of A, B, C, D given (csv module, not the reader)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    if not rows or not {"A", "B", "C", "D", "gebiet-nr"} <= set(rows[0]):
        return None
    return sum(all(not (r[c] or "").strip() for c in "ABCD") for r in rows)


def test_a_bezirk_without_any_count_is_nicht_gezaehlt_in_04(tmp_path: Path) -> None:
    found = 0
    for path in sorted(realdata("votemanager").glob("*.csv")):
        unreported = _unreported_rows(path)
        if not unreported:
            continue
        out = tmp_path / f"out{found}"
        if wahldaten.convert([path], out, version="0.4").failed:
            continue
        results = _read(out, WAHLERGEBNISSE)
        assert (results["bezirk-status"] == "nicht-gezaehlt").sum() == unreported, path.name
        found += 1
    assert found, "no real export with a Bezirk not reported yet"
