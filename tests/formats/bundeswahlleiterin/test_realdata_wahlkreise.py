"""The real kerg and kerg2 files: every count of every Wahlkreis, read here without the reader.

Each source is parsed with the `csv` module and a few lines of its own (header found by its
content, groups carried over merged header cells, the previous period left out), then
compared cell by cell with the OWD files `wahldaten convert` wrote: a count the source gives is
the same number in OWD, a cell the source leaves empty is empty or absent in OWD, a 0 stays 0.
Skipped where ../shared/realdata is absent.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support import realdata
from wahldaten.cli import app

# (group, vote) → count per Wahlkreis; vote 0 for counts not split by vote (A, B).
Cells = dict[tuple[str, str, int], int | None]
KERG = [
    "btw1990-endg-archiv__btw1990_kerg.csv",
    "btw2013-endg-archiv__btw2013_kerg.csv",
    "btw2017-vorl-krstnschwpwr__btw17_kerg.csv",
    "btw2021-wiederholung-endg__btw2021-w_kerg.csv",
]
KERG2 = [
    "btw2021_endgueltig_kerg2.csv",
    "btw2021-wiederholung-endg__w-btw21_kerg2.csv",
    "btw2021-resaved-tab-statistikvolker__btw21_kerg2.csv",
]
SYSTEM = {"wahlberechtigte": "A", "wähler": "B", "wählende": "B", "ungültige": "C", "gültige": "D"}
SECOND = {"C": "E", "D": "F"}


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _number(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


def _system(group: str) -> str | None:
    first = group.split()[0].lower() if group.split() else ""
    return SYSTEM.get(first)


# --- the sources, parsed here --------------------------------------------------------------------


def kerg_cells(path: Path, bund: bool = False) -> Cells:
    """Every current-period count of every Wahlkreis row of a kerg file (and with `bund` of
    the Bund's row, under the number `Bund`)."""
    rows = list(csv.reader(io.StringIO(_text(path)), delimiter=";"))
    start = next(
        i
        for i, r in enumerate(rows)
        if r and r[0].strip() in ("Nr", "Nr.", "Wahlkreis") and "Wahlberechtigte" in r
    )
    end = next(i for i in range(start + 1, len(rows)) if rows[i] and rows[i][0].strip().isdigit())
    header = [r for r in rows[start:end] if any(c.strip() for c in r)]
    votes_row = next((r for r in header[1:] if "Erststimmen" in r), None)
    period_row = next((r for r in header[1:] if "Vorperiode" in r), None)
    first = header[0].index("Wahlberechtigte")
    columns: dict[int, tuple[str, int]] = {}
    group, vote = "", 0
    for index in range(first, len(header[0])):
        if header[0][index].strip():
            group, vote = header[0][index].strip(), 0
        if votes_row is not None and index < len(votes_row) and votes_row[index].strip():
            vote = 1 if votes_row[index].strip() == "Erststimmen" else 2
        previous = period_row is not None and period_row[index].strip() == "Vorperiode"
        if group and not previous:
            columns[index] = (group, vote if votes_row is not None else 1)
    cells: Cells = {}
    for row in rows[end:]:
        if not row or not row[0].strip().isdigit():
            continue
        nr, parent = int(row[0]), row[2].strip()
        is_bund = nr in (99, 999) and parent in ("", "Bund")
        if (nr >= 900 or parent in ("99", "", "Bund")) and not (bund and is_bund):
            continue  # the Länder's and the Bund's totals
        area = "Bund" if is_bund else f"{nr:03d}"
        for index, (group, vote) in columns.items():
            letter = _system(group)
            if letter in ("A", "B"):
                key = (area, letter, 0)
                value = _number(row[index])
                cells[key] = cells.get(key) if value is None else value
            else:
                cells[(area, letter or group, vote)] = _number(row[index])
    return cells


def kerg2_cells(path: Path) -> Cells:
    """Every Anzahl of every Wahlkreis row of a kerg2 file (`;` or, re-saved, Tab)."""
    text = _text(path)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Wahlart"))
    separator = "\t" if "\t" in lines[start] else ";"
    reader = csv.DictReader(io.StringIO("\n".join(lines[start:])), delimiter=separator)
    cells: Cells = {}
    for row in reader:
        if row["Gebietsart"] != "Wahlkreis":
            continue
        nr = f"{int(row['Gebietsnummer']):03d}"
        vote = int(row["Stimme"]) if row["Stimme"].strip() else 0
        value = _number(row["Anzahl"])
        if row["Gruppenart"] == "System-Gruppe":
            letter = _system(row["Gruppenname"])
            if letter is None:  # Übrige: previous period only
                assert value is None
                continue
            cells[(nr, letter, vote)] = value
        else:
            cells[(nr, row["Gruppenname"], vote)] = value
    return cells


# --- the written OWD ------------------------------------------------------------------------------


def owd_cells(folder: Path) -> Cells:
    """The same cells from the written Wahlergebnisse, options named by each Land's ballot."""
    cells: Cells = {}
    for package in sorted(p for p in folder.iterdir() if p.is_dir()):
        (ballot_file,) = package.glob("*_Stimmzettel_*.csv")
        (results_file,) = package.glob("*_Wahlergebnisse_*.csv")
        with ballot_file.open(encoding="utf-8") as handle:
            names = {
                r["stimmzettel-position"]: r["partei-kurzname"] or r["partei-langname"]
                for r in csv.DictReader(handle, delimiter=";")
            }
        with results_file.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                nr = row["bezirk-nr"]
                for column, value in row.items():
                    if column in ("A", "B"):
                        cells[(nr, column, 0)] = _number(value)
                    elif column in ("C", "D"):
                        cells[(nr, column, 1)] = _number(value)
                    elif column in ("E", "F"):
                        cells[(nr, {"E": "C", "F": "D"}[column], 2)] = _number(value)
                    elif column[:1] in "DF" and column[1:].isdigit():
                        # An Einzelbewerber is one entry per Wahlkreis: entries of the same
                        # name are empty in every other Wahlkreis of the Land.
                        key = (nr, names[column[1:]], 1 if column[0] == "D" else 2)
                        if _number(value) is not None:
                            assert cells.get(key) is None, key
                            cells[key] = _number(value)
                        else:
                            cells.setdefault(key, None)
    return cells


def _compare(source: Cells, written: Cells) -> None:
    """Every source cell is in OWD with its value; empty source cells are empty or absent."""
    given = {k: v for k, v in source.items() if v is not None}
    assert {k: written.get(k) for k in given} == given
    empty = [k for k, v in source.items() if v is None]
    assert [k for k in empty if written.get(k) is not None] == []
    # Nothing in OWD that the source does not give.
    assert {k for k, v in written.items() if v is not None} == set(given)


def _convert_and_validate(path: Path, out: Path) -> None:
    runner = CliRunner()
    converted = runner.invoke(app, ["convert", str(path), "-o", str(out)])
    assert converted.exit_code == 0, converted.output
    checked = runner.invoke(app, ["validate", str(out), "-r"])
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("name", KERG)
def test_real_kerg_converts_every_count(tmp_path: Path, name: str) -> None:
    path = realdata("bundeswahlleiterin", name)
    out = tmp_path / "out"
    _convert_and_validate(path, out)
    source = kerg_cells(path)
    _compare(source, owd_cells(out))
    wahlkreise = {k[0] for k in source}
    assert len(wahlkreise) in (299, 328)  # 1990: 328 Wahlkreise, 2002 on 299


@pytest.mark.parametrize("name", KERG2)
def test_real_kerg2_converts_every_count(tmp_path: Path, name: str) -> None:
    path = realdata("bundeswahlleiterin", name)
    out = tmp_path / "out"
    _convert_and_validate(path, out)
    _compare(kerg2_cells(path), owd_cells(out))


@pytest.mark.parametrize("name", KERG)
def test_real_kerg_wahlkreise_add_up_to_the_bund_row(name: str) -> None:
    """The parse above agrees with the file itself: Σ Wahlkreise = the Bund's row, for every
    group and vote the Bund row gives (so a wrong parse here cannot agree with a wrong
    reader)."""
    path = realdata("bundeswahlleiterin", name)
    cells = kerg_cells(path, bund=True)
    bund = {k[1:]: v for k, v in cells.items() if k[0] == "Bund" and v is not None}
    sums: dict[tuple[str, int], int] = {}
    for (nr, group, vote), value in cells.items():
        if nr != "Bund" and value is not None:
            sums[group, vote] = sums.get((group, vote), 0) + value
    assert {k: sums.get(k) for k in bund} == bund
    assert len(bund) > 20


def test_resaved_kerg2_is_the_provisional_result_of_the_same_election() -> None:
    """The tab-separated re-save is the provisional 2021 result (Status Vorläufig), the other
    file the final one: same Wahlkreise, groups and votes, the same parties standing; the
    numbers differ as the provisional and the final result do."""
    resaved_path = realdata("bundeswahlleiterin", KERG2[2])
    resaved = kerg2_cells(resaved_path)
    final = kerg2_cells(realdata("bundeswahlleiterin", KERG2[0]))
    assert "Status:\tVorläufig" in _text(resaved_path)
    assert set(resaved) == set(final)
    assert {k for k, v in resaved.items() if v is None} == {
        k for k, v in final.items() if v is None
    }
    assert [k for k in final if final[k] != resaved[k]]  # the final result corrected it
