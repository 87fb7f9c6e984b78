"""Statistics offices' precinct files, converted through their shipped layouts.

Three classes of file (issue 11, point 6): the Statistisches Landesamt Rheinland-Pfalz (18-digit
Identifikationsschlüssel, counts and percentages side by side), Sachsen-Anhalt's Landesamt
(Kreis/Gemeinde/Verbandsgemeinde keys, single spaces for empty) and the Hessisches Statistisches
Landesamt (a title line, totals of every level beside the Bezirke). The real files are read here
with the `csv` module alone, never with the library's reader, and their totals compared with
the written OWD: nothing lost, nothing turned into 0, empty stays empty.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from clirun import run

import wahldaten
from support import ROOT, realdata
from wahldaten.api.conversion import ConversionReport, convert
from wahldaten.core.findings import Severity
from wahldaten.formats.source import Meta

FIXTURES = ROOT / "fixtures" / "layouts"
LETTERS = ("A", "A1", "A2", "A3", "B", "B1", "C", "D", "E", "F")

Row = list[str]


# --- reading a source without the library ---------------------------------------------------


@dataclass(frozen=True)
class Office:
    """What this test knows about one class of file, to read it on its own."""

    layout: str
    skip: int  # lines before the header
    letters: dict[str, str]  # OWD letter -> the source column (first column of that name)
    options: dict[str, str]  # "D"/"F" -> regex with group `name` (and maybe `position`)
    is_bezirk: Callable[[dict[str, str]], bool]
    is_postal: Callable[[dict[str, str]], bool]
    wahlkreis: Callable[[dict[str, str]], str]  # the Erststimme's area
    is_merged: Callable[[dict[str, str]], bool]  # counted with another Bezirk
    land: str  # the Land's two digits
    empty: tuple[str, ...] = ("",)
    total: Callable[[dict[str, str]], bool] | None = None  # the Land's own total row, if any


@dataclass
class Totals:
    """Sums and non-empty cells per count, over Bezirk rows; options by (vote, key)."""

    sums: dict[tuple[str, str], int] = field(default_factory=dict)
    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    bezirke: int = 0
    reported: int = 0
    postal: int = 0
    merged: int = 0  # Bezirke counted with another one
    merged_postal: int = 0
    wahlkreise: dict[str, int] = field(default_factory=dict)  # valid Erststimmen per Wahlkreis

    def add(self, key: tuple[str, str], value: int | None) -> None:
        self.sums.setdefault(key, 0)
        self.cells.setdefault(key, 0)
        if value is not None:
            self.sums[key] += value
            self.cells[key] += 1


def _number(cell: str, empty: tuple[str, ...]) -> int | None:
    if cell in empty or not cell.strip():
        return None
    return int(cell)


def _read(path: Path, skip: int) -> tuple[Row, list[Row]]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header, body = rows[skip], rows[skip + 1 :]
    return header, [r for r in body if any(c.strip() for c in r)]


def _first(header: Row) -> dict[str, int]:
    """Each column name's first position (a repeated name is a percentage block)."""
    first: dict[str, int] = {}
    for index, name in enumerate(header):
        first.setdefault(name, index)
    return first


def _option_columns(office: Office, header: Row) -> Iterator[tuple[str, str, int]]:
    """(vote, key, position in the row) of every option column; key = `position` or `name`."""
    for vote, pattern in office.options.items():
        for name, index in _first(header).items():
            match = re.fullmatch(pattern, name)
            if match:
                groups = match.groupdict()
                yield vote, groups.get("position") or groups["name"], index


def source_totals(office: Office, path: Path) -> Totals:
    header, body = _read(path, office.skip)
    first = _first(header)
    options = list(_option_columns(office, header))
    totals = Totals()
    for row in body:
        named = dict(zip(header, row, strict=True))
        if not office.is_bezirk(named):
            continue
        totals.bezirke += 1
        values = [row[first[c]] for c in office.letters.values()] + [row[i] for _, _, i in options]
        totals.reported += any(_number(v, office.empty) is not None for v in values)
        totals.postal += office.is_postal(named)
        totals.merged += office.is_merged(named)
        totals.merged_postal += office.is_merged(named) and office.is_postal(named)
        for letter, column in office.letters.items():
            totals.add(("", letter), _number(row[first[column]], office.empty))
        valid = _number(row[first[office.letters["D"]]], office.empty) or 0
        wahlkreis = office.wahlkreis(named)
        totals.wahlkreise[wahlkreis] = totals.wahlkreise.get(wahlkreis, 0) + valid
        for vote, key, index in options:
            totals.add((vote, key), _number(row[index], office.empty))
    return totals


def land_total(office: Office, path: Path) -> dict[tuple[str, str], int | None]:
    """The office's own row for the whole Land: letters and options as in `source_totals`."""
    assert office.total is not None
    header, body = _read(path, office.skip)
    first = _first(header)
    (row,) = [r for r in body if office.total(dict(zip(header, r, strict=True)))]
    found: dict[tuple[str, str], int | None] = {
        ("", letter): _number(row[first[c]], office.empty) for letter, c in office.letters.items()
    }
    for vote, key, index in _option_columns(office, header):
        found[vote, key] = _number(row[index], office.empty)
    return found


# --- reading the written OWD, also with the csv module ---------------------------------------


def _owd_rows(out: Path, file_type: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(out.rglob(f"*_{file_type}_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle, delimiter=";"))
    return rows


def owd_totals(out: Path, source: Totals) -> Totals:
    """The written package's totals, keyed like the source's (options by name or position)."""
    results = _owd_rows(out, "Wahlergebnisse")
    ballot = _owd_rows(out, "Stimmzettel")
    position_of: dict[str, str] = {}
    for entry in ballot:
        for name in (entry.get("partei-kurzname"), entry.get("partei-langname")):
            if name:
                position_of.setdefault(name, entry["stimmzettel-position"])
    totals = Totals()
    areas = _owd_rows(out, "Wahlgebietseinteilungen")
    totals.bezirke = len(areas)
    totals.postal = sum(r["bezirk-art"] == "B" for r in areas)
    wahlkreis_of = {(r["wahl-behoerde-gs"], r["bezirk-nr"]): r["kandidat-gebiet-nr"] for r in areas}
    columns = [(vote, key) for vote, key in source.sums if vote]
    for row in results:
        cells = [row.get(letter, "") for letter in LETTERS]
        cells += [row.get(_owd_column(vote, key, position_of), "") for vote, key in columns]
        totals.reported += any(c != "" for c in cells)
        wahlkreis = wahlkreis_of[row["wahl-behoerde-gs"], row["bezirk-nr"]]
        valid = _number(row.get("D", ""), ("",)) or 0
        totals.wahlkreise[wahlkreis] = totals.wahlkreise.get(wahlkreis, 0) + valid
        for letter in LETTERS:
            totals.add(("", letter), _number(row.get(letter, ""), ("",)))
        for vote, key in columns:
            totals.add(
                (vote, key), _number(row.get(_owd_column(vote, key, position_of), ""), ("",))
            )
    return totals


def _owd_column(vote: str, key: str, position_of: dict[str, str]) -> str:
    position = key if key.isdigit() else position_of.get(key, "?")
    return f"{vote}{int(position)}" if position.isdigit() else f"{vote}?{key}"


# --- the three offices ------------------------------------------------------------------------

RLP = Office(
    layout="rlp-statla",
    skip=0,
    letters={
        "A": "A (WB insgesamt)",
        "A1": "A1 (WB ohne Sperrv.)",
        "A2": "A2 (WB mit Sperrv.)",
        "A3": "A3 (WB nach §25(2) BWO",
        "B": "B Wähler insgesamt",
        "B1": "B1 Wähler mit Wahlschein",
        "C": "ungültige Erst",
        "D": "gültige Erst",
        "E": "ungültige Zweit",
        "F": "gültige Zweit",
    },
    options={"D": r"E_(?P<name>.+)", "F": r"Z_(?P<name>.+)"},
    is_bezirk=lambda row: True,
    is_postal=lambda row: row["Urne (U) Briefwahl (W)"] == "W",
    wahlkreis=lambda row: row["Identifikationsschlüssel"][:3],
    is_merged=lambda row: row["Zusammenlegung Abgabe Identifikationsschlüssel"] != "",
    land="07",
)

SACHSEN_ANHALT = Office(
    layout="sachsen-anhalt-statla",
    skip=0,
    letters={
        "A": "A - Wahlberechtigte",
        "B": "B - Wähler/-innen",
        "C": "C - Ungültige Erststimmen",
        "D": "D - Gültige Erststimmen",
        "E": "E - Ungültige Zweitstimmen",
        "F": "F - Gültige Zweitstimmen",
    },
    options={
        "D": r"D(?P<position>[0-9]+) - (?P<name>.+)",
        "F": r"F(?P<position>[0-9]+) - (?P<name>.+)",
    },
    is_bezirk=lambda row: True,
    is_postal=lambda row: row["Wahllokal"] == "B",
    wahlkreis=lambda row: row["Wahlkreis Nr."],
    is_merged=lambda row: False,
    land="15",
    empty=("", " "),
)

HESSEN = Office(
    layout="hessen-hsl",
    skip=1,
    letters={
        "A": "Wahlberechtigte",
        "A1": "Wahlberechtigte ohne Sperrvermerk",
        "A2": "Wahlberechtigte mit Sperrvermerk",
        "A3": "Wahlberechtigte nach §12a(2) LWO",
        "B": "Wählerinnen und Wähler",
        "B1": "Wählerinnen und Wähler mit Wahlschein",
        "C": "ungültige Wahlkreisstimmen",
        "D": "gültige Wahlkreisstimmen",
        "E": "ungültige Landesstimmen",
        "F": "gültige Landesstimmen",
    },
    options={
        "D": r"(?!(un)?gültige )(?P<name>.+) Wahlkreisstimmen",
        "F": r"(?!(un)?gültige )(?P<name>.+) Landesstimmen",
    },
    is_bezirk=lambda row: row["Gebietstyp"] == "SB",
    # No Bezirksart column: a postal Bezirk is one without electorate.
    is_postal=lambda row: row["Wahlberechtigte"] == "0",
    wahlkreis=lambda row: row["Gebietsschlüssel"][:3],
    is_merged=lambda row: row["Nummer aufnehmender Wahlbezirk"] != "",
    land="06",
    total=lambda row: row["Gebietstyp"] == "LD",
)

REAL = {
    "rlp": (RLP, ("other", "rlp-btw2025-statla-wbz__RheinlandPfalz.csv"), "23.02.2025"),
    "sachsen-anhalt": (
        SACHSEN_ANHALT,
        ("other", "sachsenanhalt-btw2025-statla-wbz__SachsenAnhalt.csv"),
        "23.02.2025",
    ),
    "hessen": (HESSEN, ("other", "hessen-ltw2023-hsl-stand-0249__2023-10-09_1413.csv"), None),
}
OFFICES = {office.layout: office for office, _, _ in REAL.values()}


def codes(report: ConversionReport) -> dict[str, int]:
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def _converted(
    path: Path, out: Path, datum: str | None, *, final: bool | None = None
) -> ConversionReport:
    report = convert([path], out, meta=Meta(wahl_datum=datum) if datum else None, final=final)
    errors = [
        (r.code, r.examples[:1]) for r in report.all_results() if r.severity is Severity.ERROR
    ]
    assert report.exit_code == 0, errors or codes(report)
    return report


def _assert_same(office: Office, source: Totals, written: Totals) -> None:
    for key, total in source.sums.items():
        assert written.sums.get(key) == total, (key, total, written.sums.get(key))
        assert written.cells.get(key) == source.cells[key], ("non-empty cells", key)
    # Letters the source does not have stay empty in OWD (never 0).
    for letter in LETTERS:
        if letter not in office.letters:
            assert written.cells[("", letter)] == 0, letter
    assert written.reported == source.reported
    # Each Bezirk keeps its Wahlkreis (kandidat-gebiet-nr): the Erststimmen of every Wahlkreis.
    assert written.wahlkreise == source.wahlkreise
    # The Bezirke of Wahlgebietseinteilungen: every Bezirk row but those counted with another
    # one (merged: no count of their own, left out and named by K39).
    assert written.bezirke == source.bezirke - source.merged
    assert written.postal == source.postal - source.merged_postal


# --- the real files ---------------------------------------------------------------------------


Converted = Callable[[str], tuple[Path, ConversionReport, Path]]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    """Each real file converted once (the source, the report, the output folder); skips where
    the real data is absent. Checked as the final result: a Bezirk counted with another one is
    no Bezirk missing."""
    done: dict[str, tuple[Path, ConversionReport, Path]] = {}

    def get(case: str) -> tuple[Path, ConversionReport, Path]:
        if case not in done:
            _, parts, datum = REAL[case]
            path = realdata(*parts)
            out = tmp_path_factory.mktemp(case) / "out"
            done[case] = (path, _converted(path, out, datum, final=True), out)
        return done[case]

    return get


@pytest.mark.parametrize("case", sorted(REAL))
def test_real_file_converts_with_every_count(case: str, converted: Converted) -> None:
    office = REAL[case][0]
    path, report, out = converted(case)
    source = source_totals(office, path)
    assert source.reported > 0 and source.sums[("", "B")] > 0
    assert office.layout in f"{report.source_format} {report.detected}"
    assert "K06" not in codes(report)
    assert codes(report).get("K39", 0) == source.merged
    written = owd_totals(out, source)
    _assert_same(office, source, written)
    # One package for the Land; its rows carry their municipality's key in that Land.
    (parameters,) = _owd_rows(out, "Wahlparameter")
    assert parameters["wahl-behoerde-gs"].startswith(office.land)
    assert {r["wahl-behoerde-gs"][:2] for r in _owd_rows(out, "Wahlergebnisse")} == {office.land}
    check = wahldaten.validate(out, recursive=True, final=True)
    assert check.exit_code == 0, [(r.code, r.count) for p in check.packages for r in p.results]


def test_hessen_land_total_is_the_sum_of_the_written_bezirke(converted: Converted) -> None:
    """The office's own Land row against the written OWD: the same number in every count."""
    office = REAL["hessen"][0]
    path, report, out = converted("hessen")
    total = land_total(office, path)
    # Every row of a larger area is a total, checked against its Stimmbezirke: none differs.
    header, body = _read(path, office.skip)
    totals = sum(not office.is_bezirk(dict(zip(header, r, strict=True))) for r in body)
    assert codes(report).get("K05") == totals and "K06" not in codes(report)
    source = source_totals(office, path)
    written = owd_totals(out, source)
    for key, value in total.items():
        expected = written.sums[key] if written.cells[key] else None
        assert expected == value, (key, value, expected)
    (parameters,) = _owd_rows(out, "Wahlparameter")
    # From the title line: `Landtagswahl 2023; Wahldatum: 2023-10-08; Stand: …`.
    assert (parameters["wahl-datum"], parameters["wahl-name"]) == ("08.10.2023", "Landtagswahl")


# --- the synthetic fixtures -----------------------------------------------------------------

DATES = {"rlp-statla": "23.02.2025", "sachsen-anhalt-statla": "23.02.2025", "hessen-hsl": None}
# (layout, folder below invalid/) → the code: a cell that is no count (K02), a total that is not
# the sum of its Bezirke (K06), a Bezirk marked as counted with another one that has counts (K01).
INVALID = {
    ("rlp-statla", "K02"): "K02",
    ("rlp-statla", "K01"): "K01",
    ("sachsen-anhalt-statla", "K02"): "K02",
    ("hessen-hsl", "K06"): "K06",
}


def _fixture(layout: str, kind: str) -> Path:
    folder = FIXTURES / layout / kind
    paths: list[Path] = sorted(folder.glob("*.csv"))
    assert len(paths) == 1, paths
    return paths[0]


@pytest.mark.parametrize("layout", sorted(DATES))
def test_valid_fixture_converts_with_every_count(layout: str, tmp_path: Path) -> None:
    office = OFFICES[layout]
    path = _fixture(layout, "valid")
    source = source_totals(office, path)
    out = tmp_path / "out"
    report = _converted(path, out, DATES[layout])
    assert layout in f"{report.source_format} {report.detected}"
    _assert_same(office, source, owd_totals(out, source))
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0, [(r.code, r.count) for p in check.packages for r in p.results]


@pytest.mark.parametrize(("layout", "folder"), sorted(INVALID))
def test_invalid_fixture_gives_its_code_and_writes_nothing(
    layout: str, folder: str, tmp_path: Path
) -> None:
    path = _fixture(layout, f"invalid/{folder}")
    out = tmp_path / "out"
    datum = DATES[layout]
    report = convert([path], out, meta=Meta(wahl_datum=datum) if datum else None)
    assert report.exit_code == 1
    # Exactly the one defect, nothing written.
    assert codes(report).get(INVALID[layout, folder]) == 1, codes(report)
    if folder == "K01":  # the mark of the merged Bezirk is named, not an unknown column
        (found,) = [r for r in report.all_results() if r.code == "K01"]
        assert "Zusammenlegung Abgabe" in str(found.examples[0].params["columns"])
    assert not out.exists() or not any(out.iterdir())


def test_a_first_vote_only_candidate_keeps_every_party_on_its_position(tmp_path: Path) -> None:
    """An Einzelbewerber in the Erststimme block only (before Volt): the blocks are aligned by
    name, so every party's Erst- and Zweitstimmen stay under its own name."""
    office = OFFICES["rlp-statla"]
    text = _fixture("rlp-statla", "valid").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    count, percent = (i for i, name in enumerate(header) if name == "E_Volt")
    changed = []
    for n, row in enumerate(rows):
        new = list(row)
        # Inserted from the right, so that the first index still holds.
        for index in (percent, count):
            new.insert(index, "E_EB Muster" if n == 0 else ("0" if row[2] else ""))
        changed.append(";".join(new))
    path = tmp_path / "Wahlbezirke.csv"
    path.write_text("\r\n".join(changed), encoding="utf-8", newline="")
    source = source_totals(office, path)
    assert ("D", "EB Muster") in source.sums
    out = tmp_path / "out"
    _converted(path, out, DATES["rlp-statla"])
    _assert_same(office, source, owd_totals(out, source))


def test_hessen_file_converts_and_validates_at_the_command_line(tmp_path: Path) -> None:
    """As a user runs it: detected without options (its title line gives the date)."""
    path = realdata(*REAL["hessen"][1])
    out = tmp_path / "out"
    converted = run("convert", path, "-o", out)
    assert converted.returncode == 0, converted.stdout + converted.stderr
    assert "hessen-hsl" in converted.stdout
    checked = run("validate", out, "--final")
    assert checked.returncode == 0, checked.stdout
