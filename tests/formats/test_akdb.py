"""AKDB-OSRZ Wahlportal: layouts, mapping to OWD, pair layout, aggregates, own checks, real files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import ROOT, realdata
from wahldaten.api.conversion import ConversionReport, convert, inspect
from wahldaten.core.findings import Severity
from wahldaten.core.model import Election
from wahldaten.formats import akdb
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect

AKDB = ROOT / "fixtures" / "akdb"
BTW = AKDB / "valid" / "bundestagswahl"
BTW_FILE = "wahlbezirksergebnisse_20250223.csv"
MAYOR = AKDB / "valid" / "buergermeisterwahl"
MAYOR_FILE = "gesamtergebnis_08.03.2026.csv"
PAIRS = AKDB / "valid" / "landratswahl"
PAIRS_FILE = "landratStimmen_20260308.csv"


def codes(report: ConversionReport) -> dict[str, int]:
    """Code → number of findings, over the source and every converted package."""
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def source_result(report: ConversionReport, code: str) -> list[wahldaten.Finding]:
    (result,) = [r for r in report.source_results if r.code == code]
    return list(result.examples)


def records(path: Path) -> list[list[str]]:
    """The records of a Wahlportal file, header first, without the empty last field."""
    text = path.read_bytes().decode("utf-8")
    return [r[:-1] for r in csv.reader(io.StringIO(text, newline=""), delimiter=";") if r]


def write(path: Path, rows: list[list[str]]) -> Path:
    """Write records back in the Wahlportal form: CRLF and a `;` at the end of every line."""
    lines = []
    for row in rows:
        cells = ['"' + c + '"' if "\n" in c or ";" in c else c for c in row]
        lines.append(";".join(cells) + ";")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def edited(
    tmp_path: Path,
    folder: Path,
    name: str,
    changes: dict[tuple[int, str], str],
    *,
    target: str | None = None,
) -> Path:
    """A copy of a fixture folder with cells changed: (record index, column) → value.

    Record 0 is the header; the column is a header name (the first occurrence).
    """
    out = tmp_path / "in"
    out.mkdir(parents=True, exist_ok=True)
    for sibling in folder.iterdir():
        if sibling.name != name:
            (out / sibling.name).write_bytes(sibling.read_bytes())
    rows = records(folder / name)
    for (index, column), value in changes.items():
        rows[index][rows[0].index(column)] = value
    write(out / (target or name), rows)
    return out


def only(folder: Path, meta: Meta | None = None) -> tuple[ConversionReport, Election]:
    report, elections = inspect([folder], meta=meta or Meta())
    assert len(elections) == 1, codes(report)
    return report, elections[0]


# --- detection and layouts -----------------------------------------------------------------------


def test_both_layouts_are_sniffed_and_other_files_are_not() -> None:
    wide = (BTW / BTW_FILE).read_text(encoding="utf-8").splitlines()
    pairs = (PAIRS / PAIRS_FILE).read_text(encoding="utf-8").splitlines()
    assert akdb.sniff_text(wide) and akdb.sniff_text(pairs)
    assert not akdb.sniff_text(["datum;wahl;ags;gebiet-nr;gebiet-name;A;B"])
    assert not akdb.sniff_text(["Gebietsart;Gebietsnummer;Bemerkung"])
    assert not akdb.sniff_text([])


def test_wide_header_maps_by_name_in_any_order() -> None:
    header = [
        "Stimmen gueltige (D)",
        "Gebietsart",
        "D2",
        "Wahlberechtigte nicht im WVZ (A3)",
        "Gebietsnummer",
        "Waehler mit Wahlschein",
        "Waehler gesamt (B)",
        "Stimmen ungueltige (C)",
        "D1",
        "F3_12",
        "D4_unveraendert",
        "D4_veraendert",
        "D4_7",
        "Ausbleibend",
        "Waehler ohne Wahlschein",
    ]
    layout = akdb.layout_of(header)
    assert layout.name == akdb.WIDE and not layout.unknown and not layout.missing
    assert layout.counts == {
        "Stimmen gueltige (D)": "D",
        "D2": "D2",
        "Wahlberechtigte nicht im WVZ (A3)": "A3",
        "Waehler mit Wahlschein": "B1",
        "Waehler gesamt (B)": "B",
        "Stimmen ungueltige (C)": "C",
        "D1": "D1",
        "F3_12": "F3_12",
        "D4_unveraendert": "D4_unveraendert",
        "D4_veraendert": "D4_veraendert",
        "D4_7": "D4_7",
    }
    assert layout.checked == ["Waehler ohne Wahlschein"]
    assert layout.dropped == ["Ausbleibend", "Waehler ohne Wahlschein"]


def test_the_two_vote_letters_map_to_c_d_e_f() -> None:
    layout = akdb.layout_of(records(BTW / BTW_FILE)[0])
    letters = {s: o for s, o in layout.counts.items() if not re.fullmatch(r"[DF][0-9]+", o)}
    assert letters == {
        "Wahlberechtigte gesamt (A)": "A",
        "Wahlberechtigte ohne Wahlschein (A1)": "A1",
        "Wahlberechtigte mit Wahlschein (A2)": "A2",
        "Wahlberechtigte nicht im WVZ (A3)": "A3",
        "Waehler gesamt (B)": "B",
        "Waehler mit Wahlschein": "B1",
        "Direktstimmen ungueltige (C)": "C",
        "Direktstimmen gueltige (D)": "D",
        "Listenstimmen ungueltige (E)": "E",
        "Listenstimmen gueltige (F)": "F",
    }


def test_unknown_missing_and_ambiguous_columns_are_listed() -> None:
    assert akdb.layout_of(["Gebietsart", "Gebietsnummer", "Bemerkung"]).unknown == ["Bemerkung"]
    assert akdb.layout_of(["Gebietsart", "D1"]).missing == ["Gebietsnummer"]
    both = ["Gebietsart", "Gebietsnummer", "Stimmen ungueltige (C)", "Direktstimmen ungueltige (C)"]
    assert akdb.layout_of(both).unknown == both[2:]


def test_pair_layout_is_recognised_with_its_repeated_columns() -> None:
    header = records(PAIRS / PAIRS_FILE)[0]
    names = [*header[:10], "Gruppenschlüssel", "Stimmen", "Gruppenschlüssel#13", "Stimmen#14"]
    layout = akdb.layout_of(names)
    assert layout.name == akdb.PAIRS and not layout.unknown
    assert layout.pairs == [("Gruppenschlüssel", "Stimmen"), ("Gruppenschlüssel#13", "Stimmen#14")]
    assert layout.counts["Gültige Stimmen"] == "D" and layout.counts["Ungültige Stimmen"] == "C"
    lonely = akdb.layout_of([*header[:10], "Gruppenschlüssel", "Stimmen", "Gruppenschlüssel#13"])
    assert lonely.unknown == ["Gruppenschlüssel#13"]


def test_unknown_column_is_refused_with_k01(tmp_path: Path) -> None:
    rows = records(MAYOR / MAYOR_FILE)
    rows[0].append("Bemerkung")
    for row in rows[1:]:
        row.append("x")
    report, elections = inspect([write(tmp_path / MAYOR_FILE, rows)], meta=Meta())
    assert elections == [] and "K01" in codes(report) and report.exit_code == 1


def test_unknown_gebietsart_is_refused_not_dropped(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(3, "Gebietsart"): "SONDERBEZIRK"})
    report, elections = inspect([folder])
    assert elections == []
    (finding,) = source_result(report, "K01")
    assert finding.location.line == 4 and "SONDERBEZIRK" in finding.params["columns"]


def test_a_count_that_is_not_a_number_is_k02(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(2, "D1"): "12a"})
    report, elections = inspect([folder])
    assert elections == [] and codes(report)["K02"] == 1


# --- the wide layout ---------------------------------------------------------------------------


def test_two_vote_file_keeps_precincts_only_with_their_municipality() -> None:
    report, election = only(BTW)
    results = election.results
    assert results["bezirk-nr"].to_list() == ["0001", "0002", "0011", "0001", "0011"]
    assert results["wahl-behoerde-gs"].to_list() == ["09175111"] * 3 + ["09175112"] * 2
    row = results.row(0, named=True)
    assert {k: row[k] for k in ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F")} == {
        "A1": 1200,
        "A2": 390,
        "A3": 7,
        "A": 1597,
        "B": 621,
        "B1": 21,
        "C": 4,
        "D": 617,
        "E": 3,
        "F": 618,
    }
    assert [row[f"D{n}"] for n in (1, 2, 3, 5)] == [290, 60, 150, 117]
    assert "D4" not in results.columns and row["F5"] == 58
    assert election.gs == "09175000"
    assert election.wahlparameter["wahl-behoerde-name"] == "Landkreis Ebersberg"
    assert election.wahl_name == "Bundestagswahl" and election.wahl_datum == "23.02.2025"
    gebiete = election.tables["Wahlgebietseinteilungen"]
    assert gebiete["bezirk-art"].to_list() == ["W", "W", "B", "W", "B"]
    assert gebiete["gebiet-ebene-2-name"].to_list() == ["Anzing"] * 3 + ["Aßling"] * 2
    assert set(gebiete["gebiet-ebene-3-name"].to_list()) == {"Erding – Ebersberg"}
    assert set(gebiete["stimmzettel-gebiet-nr"].to_list()) == {"212"}
    ballot = election.tables["Stimmzettel"]
    assert ballot["stimmzettel-position"].to_list() == ["1", "2", "3", "4", "5"]
    assert ballot["partei-langname"][4] == "Alternative für Deutschland"
    assert set(ballot["stimmzettel-gebiet-nr"].to_list()) == {"212"}
    assert {r.code for r in report.all_results() if r.severity is not Severity.INFO} == set()


def test_single_vote_file_of_one_municipality() -> None:
    _, election = only(MAYOR)
    assert election.gs == "09175132"
    assert election.wahlparameter["wahl-behoerde-name"] == "Gemeinde Vaterstetten"
    assert election.wahl_datum == "08.03.2026" and election.wahl_name == "Bürgermeisterwahl"
    results = election.results
    assert [c for c in results.columns if re.fullmatch(r"[A-F][0-9]*", c)] == [
        "A1",
        "A2",
        "A3",
        "A",
        "B",
        "B1",
        "C",
        "D",
        "D1",
        "D2",
        "D4",
    ]
    assert results["C"].to_list() == [7, 0, 7, 3, 2]


def test_options_are_written_and_read_as_options_when_meta_names_them() -> None:
    _, election = only(MAYOR, Meta(wahl_name="Wahl des ersten Bürgermeisters"))
    assert election.wahl_name == "Wahl des ersten Bürgermeisters"
    assert election.tables["Stimmzettel"]["partei-langname"].to_list() == [
        "Leonhard Spitzauer (CSU)",
        "Maria Wild (GRÜNE)",
        "Josef Huber (FW)",
    ]


def test_without_names_the_positions_are_k03(tmp_path: Path) -> None:
    source = tmp_path / MAYOR_FILE
    source.write_bytes((MAYOR / MAYOR_FILE).read_bytes())
    report, _ = inspect([source])
    assert codes(report)["K03"] == 1


def test_embedded_line_break_keeps_the_line_numbers(tmp_path: Path) -> None:
    reading = akdb.read(collect([BTW / BTW_FILE]), Meta())
    ((_, lines),) = reading.provenance
    assert lines is not None and lines.to_list() == [5, 6, 8, 11, 12]
    assert reading.elections[0].results["bezirk-name"][1] == "Zimmer 004\nEG"
    # A finding on the record after the quoted line break points to its physical line.
    folder = edited(tmp_path, BTW, BTW_FILE, {(6, "Waehler ohne Wahlschein"): "1"})
    report, _ = inspect([folder])
    (finding,) = source_result(report, "K17")
    assert finding.location.line == 8 and finding.location.bezirk == "091751110011"


def test_trailing_separator_is_the_format_not_an_empty_column_name(tmp_path: Path) -> None:
    report, _ = inspect([BTW])
    assert "S04" not in codes(report)
    rows = records(MAYOR / MAYOR_FILE)
    for row in rows:
        row.insert(3, "")
    report, _ = inspect([write(tmp_path / MAYOR_FILE, rows)], meta=Meta())
    assert "S04" in codes(report)  # an empty name inside the header still is one


def test_date_from_the_file_name_or_from_meta() -> None:
    assert akdb.date_from_name("x/wahlbezirksergebnisse_20250223.csv") == "23.02.2025"
    assert akdb.date_from_name("gesamtergebnis_08.03.2026.csv") == "08.03.2026"
    assert akdb.date_from_name("ob-p/1/20240609/europawahl/stimmen.csv") == "09.06.2024"
    assert akdb.date_from_name("09175132_stimmen.csv") is None  # an AGS is no date
    assert akdb.date_from_name("20250231.csv") is None
    report, election = only(BTW, Meta(wahl_datum="24.02.2025"))
    assert election.wahl_datum == "24.02.2025"
    k10 = [f.params["field"] for r in report.source_results if r.code == "K10" for f in r.examples]
    assert "wahl-datum" not in k10


def test_without_a_date_the_source_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "ebersberg_btw2025_wahlbezirksergebnisse.csv"
    source.write_bytes((BTW / BTW_FILE).read_bytes())
    with pytest.raises(SourceError) as error:
        inspect([source])
    assert error.value.key == "convert.date_missing"


def test_wahl_name_defaults_from_the_file_name() -> None:
    assert akdb.wahl_name_from("ebersberg_ew2024_stimmen.csv", set(), False) == "Europawahl"
    assert akdb.wahl_name_from("a/landratStimmen.csv", set(), False) == "Landratswahl"
    assert akdb.wahl_name_from("stimmen.csv", {"STIMMKREIS"}, True) == "Landtagswahl"
    assert akdb.wahl_name_from("stimmen.csv", set(), False) == "Wahl"


def test_duplicate_bezirk_gets_a_suffix(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(3, "Bezirksnummer"): "0001"})
    report, election = only(folder)
    assert codes(report)["K08"] == 1
    assert election.results["bezirk-nr"].to_list()[:2] == ["0001", "0001-2"]


# --- aggregates ----------------------------------------------------------------------------------


def test_aggregate_rows_are_noted_with_their_number_of_precincts() -> None:
    report, _ = inspect([BTW])
    k05 = source_result(report, "K05")
    assert [(f.location.line, f.params["count"]) for f in k05] == [
        (2, 5),  # WAHLKREIS
        (3, 5),  # KREIS
        (4, 3),  # GEMEINDE Anzing
        (9, None),  # VERBANDSGEMEINDE: members not in the file
        (10, 2),  # GEMEINDE Aßling
    ]
    assert "K06" not in codes(report)


@pytest.mark.parametrize(
    ("record", "area"),
    [(1, "212"), (2, "09175000"), (3, "09175111"), (8, "09175112")],
)
def test_aggregate_that_is_not_the_sum_of_its_precincts_is_k06(
    tmp_path: Path, record: int, area: str
) -> None:
    rows = records(BTW / BTW_FILE)
    column = rows[0].index("F2")
    folder = edited(tmp_path, BTW, BTW_FILE, {(record, "F2"): str(int(rows[record][column]) + 1)})
    report, _ = inspect([folder])
    (finding,) = source_result(report, "K06")
    assert finding.location.column == "F2" and finding.location.bezirk == area
    assert finding.params["found"] == finding.params["expected"] + 1
    assert report.exit_code == 1


def test_verbandsgemeinde_is_not_checked(tmp_path: Path) -> None:
    folder = edited(tmp_path, BTW, BTW_FILE, {(7, "Waehler gesamt (B)"): "1"})
    report, _ = inspect([folder])
    assert "K06" not in codes(report)


def test_file_of_totals_only_has_its_municipalities_as_bezirke(tmp_path: Path) -> None:
    rows = [r for r in records(BTW / BTW_FILE) if r[4] in ("Gebietsart", "KREIS", "GEMEINDE")]
    report, election = only(write(tmp_path / BTW_FILE, rows).parent)
    assert election.results["bezirk-nr"].to_list() == ["09175111", "09175112"]
    assert "K06" not in codes(report) and "K05" in codes(report)


def test_file_spanning_two_kreise_becomes_two_packages(tmp_path: Path) -> None:
    rows = records(BTW / BTW_FILE)
    gemeinde, nummer = rows[0].index("Gemeinde"), rows[0].index("Gebietsnummer")
    for row in rows[1:]:
        if row[gemeinde] == "09175112":
            row[gemeinde] = "09177112"
            row[nummer] = row[nummer].replace("09175112", "09177112")
    rows = [r for r in rows if r[4] != "VERBANDSGEMEINDE"]
    write(tmp_path / "in" / BTW_FILE, rows)
    (tmp_path / "in" / "open_data.json").write_bytes((BTW / "open_data.json").read_bytes())
    # The KREIS row of Ebersberg now covers Anzing only; the Wahlkreis row still covers both.
    anzing = next(r for r in rows if r[4] == "GEMEINDE" and r[0] == "09175111")
    rows[2][10:] = anzing[10:]
    write(tmp_path / "in" / BTW_FILE, rows)
    report, elections = inspect([tmp_path / "in"])
    # Ebersberg by its KREIS row; in Erding (no KREIS row) the single municipality.
    assert [e.gs for e in elections] == ["09175000", "09177112"]
    assert [e.results.height for e in elections] == [3, 2]
    assert elections[1].wahlparameter["wahl-behoerde-name"] == "Aßling"
    assert "K06" not in codes(report)
    assert {r.code for r in report.all_results() if r.severity is Severity.ERROR} == set()
    # With --gs the file is one package; rows outside its Kreis are then errors (R03).
    report, elections = inspect([tmp_path / "in"], meta=Meta(gs="09175000"))
    assert len(elections) == 1 and "R03" in codes(report)


# --- the pair layout -----------------------------------------------------------------------------


def test_pairs_become_ballot_positions_by_key_and_b_is_derived() -> None:
    report, election = only(PAIRS)
    ballot = election.tables["Stimmzettel"]
    assert ballot["partei-kurzname"].to_list() == ["CSU", "AfD", "GRÜNE"]
    results = election.results
    # Record 4 lists AfD before CSU: the key, not the pair's place, names the option.
    assert results["D1"].to_list() == [86, 72, 101, 150, 140]
    assert results["D2"].to_list() == [35, 33, 41, 61, 40]
    assert results["B"].to_list() == [218, 195, 248, 315, 276]
    assert results["B1"].to_list() == [0, 0, 248, 3, 276]
    assert results["A"].to_list() == [950, 901, 0, 1200, 0]
    assert results["D"].to_list() == [217, 193, 243, 311, 273]
    assert results["bezirk-nr"].to_list() == ["0001", "0002", "0011", "0001", "0011"]
    assert election.gs == "09175000"
    k10 = {f.params["field"] for r in report.source_results if r.code == "K10" for f in r.examples}
    assert {"A", "B", "wahl-behoerde-gs", "wahl-behoerde-name"} <= k10
    assert {"S03", "S04", "K03"}.isdisjoint(codes(report))


def test_pair_without_key_or_with_a_key_twice_is_refused(tmp_path: Path) -> None:
    folder = edited(tmp_path, PAIRS, PAIRS_FILE, {(2, "Gruppenschlüssel"): ""})
    report, elections = inspect([folder])
    assert elections == [] and "K01" in codes(report)
    folder = edited(tmp_path / "b", PAIRS, PAIRS_FILE, {(2, "Gruppenschlüssel"): "AfD"})
    report, elections = inspect([folder])
    assert elections == [] and source_result(report, "K01")[0].location.line == 3


def test_k18_pair_identities(tmp_path: Path) -> None:
    report, _ = inspect([PAIRS])
    assert "K18" not in codes(report)
    report, _ = inspect([AKDB / "invalid" / "K18"])
    (finding,) = source_result(report, "K18")
    assert (finding.location.line, finding.params["found"], finding.params["expected"]) == (
        2,
        217,
        218,
    )
    folder = edited(tmp_path, PAIRS, PAIRS_FILE, {(5, "Wähler ohne Wahlschein"): "1"})
    report, _ = inspect([folder])
    (finding,) = source_result(report, "K18")
    assert finding.location.line == 6 and finding.params["left"].startswith("Wähler ohne")


def test_k19_bezirk_without_municipality_gets_the_authority() -> None:
    report, election = only(AKDB / "invalid" / "K19")
    (finding,) = source_result(report, "K19")
    assert finding.location.line == 3 and finding.params["gs"] == "09175000"
    assert election.results["wahl-behoerde-gs"][1] == "09175000"
    # Given the municipality with --gs, the short keys belong to it.
    report, election = only(AKDB / "invalid" / "K19", Meta(gs="09175111"))
    assert "K19" not in codes(report)


def test_all_short_keys_without_gs_cannot_be_placed(tmp_path: Path) -> None:
    rows = records(PAIRS / PAIRS_FILE)
    for row in rows[1:]:
        row[1] = row[1][-4:]
    write(tmp_path / PAIRS_FILE, rows)
    with pytest.raises(SourceError) as error:
        inspect([tmp_path / PAIRS_FILE])
    assert error.value.key == "convert.gs_missing"


# --- K17 -----------------------------------------------------------------------------------------


def test_k17_voters_split() -> None:
    assert "K17" not in codes(inspect([BTW])[0])
    report, _ = inspect([AKDB / "invalid" / "K17"])
    (finding,) = source_result(report, "K17")
    assert (finding.params["found"], finding.params["expected"]) == (621, 620)
    assert finding.location.column == "Waehler gesamt (B)" and report.exit_code == 1


# --- the real files ------------------------------------------------------------------------------

REAL = {
    "ebersberg_btw2025_wahlbezirksergebnisse.csv": "23.02.2025",
    "ebersberg_ew2024_stimmen.csv": "09.06.2024",
    "ebersberg_kw2026_landrat_stimmen.csv": "08.03.2026",
    "vaterstetten_kw2026_buergermeister_gesamtergebnis.csv": "08.03.2026",
}


# Source columns without a letter in parentheses → the OWD columns whose sum they make up
# (in the pair layout A and B are sums of columns).
NAMED = {
    "Waehler mit Wahlschein": ["B1"],
    "Wahlberechtigte ohne Wahlschein": ["A1", "A"],
    "Wahlberechtigte mit Wahlschein": ["A2", "A"],
    "Wahlberechtigte nicht im Wählerverzeichnis": ["A3", "A"],
    "Wähler ohne Wahlschein": ["B"],
    "Wähler mit Wahlschein": ["B1", "B"],
    "Gültige Stimmen": ["D"],
    "Ungültige Stimmen": ["C"],
}


def source_totals(path: Path) -> dict[str, int]:
    """Sums over the precinct rows, computed from the raw file: by letter in parentheses,
    D<n>/F<n>, by name (NAMED), or in the pair layout per Gruppenschlüssel."""
    text = path.read_bytes().decode("utf-8")
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=";") if r]
    header, body = rows[0], rows[1:]
    frame = pl.DataFrame(
        {f"{i}:{h}": [r[i] for r in body] for i, h in enumerate(header) if h},
    )
    art = next(c for c in frame.columns if c.endswith(":Gebietsart"))
    precincts = frame.filter(pl.col(art).is_in(["STIMMBEZIRK", "BRIEFWAHLBEZIRK"]))
    sums: dict[str, int] = {}
    for column in precincts.columns:
        name = column.split(":", 1)[1]
        letter = re.search(r"\(([A-F][0-9]?)\)$", name)
        if letter or re.fullmatch(r"[DF][0-9]+(_[0-9a-z]+)?", name):
            owd = letter.group(1) if letter else name
            sums[owd] = int(precincts[column].cast(pl.Int64).sum())
        elif name in NAMED:
            for owd in NAMED[name]:
                sums[owd] = sums.get(owd, 0) + int(precincts[column].cast(pl.Int64).sum())
        elif name == "Gruppenschlüssel":
            index = int(column.split(":")[0])
            votes = precincts[f"{index + 1}:Stimmen"].cast(pl.Int64)
            for key, value in zip(precincts[column].to_list(), votes.to_list(), strict=True):
                if key:
                    sums[f"party:{key}"] = sums.get(f"party:{key}", 0) + value
    return sums


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_file_converts_to_valid_owd_with_the_source_totals(name: str, tmp_path: Path) -> None:
    source = realdata("akdb_wahlportal", name)
    out = tmp_path / "out"
    report = convert([source], out, meta=Meta(wahl_datum=REAL[name]))
    assert report.exit_code == 0, [(r.code, r.count) for r in report.all_results()]
    assert report.written
    check = wahldaten.validate(out, recursive=True)
    assert check.exit_code == 0
    errors = [r.code for p in check.packages for r in p.results if r.severity is Severity.ERROR]
    assert errors == []
    results = pl.concat(
        [
            pl.read_csv(p, separator=";", infer_schema=False)
            for p in sorted(out.rglob("*_Wahlergebnisse_*.csv"))
        ],
        how="diagonal",
    )
    ballot = pl.concat(
        [pl.read_csv(p, separator=";", infer_schema=False) for p in out.rglob("*_Stimmzettel_*")]
    ).unique(subset="stimmzettel-position")
    position_of = dict(zip(ballot["partei-kurzname"], ballot["stimmzettel-position"], strict=True))
    expected = source_totals(source)
    assert {"A", "B", "B1", "C", "D"} <= set(expected)
    for column, total in expected.items():
        owd = f"D{position_of[column[6:]]}" if column.startswith("party:") else column
        assert int(results[owd].cast(pl.Int64).sum()) == total, column
    assert results.height == sum(p.summary.bezirke or 0 for p in check.packages)


def test_real_btw_file_shows_its_quirks() -> None:
    source = realdata("akdb_wahlportal", "ebersberg_btw2025_wahlbezirksergebnisse.csv")
    report, elections = inspect([source], meta=Meta(wahl_datum="23.02.2025"))
    assert [e.gs for e in elections] == ["09175000", "09177000"]  # Wahlkreis 212: two Kreise
    found = codes(report)
    assert "K06" not in found  # GEMEINDE, KREIS, WAHLKREIS all equal the sums of their precincts
    assert found["A16"] == 81 + 95  # A1..A3 = 0 with A > 0 on 176 urn precincts
    erding = elections[1].results
    assert "Zimmer 004\nEG" in erding["bezirk-name"].to_list()


def test_real_landrat_file_keeps_the_short_keys() -> None:
    source = realdata("akdb_wahlportal", "ebersberg_kw2026_landrat_stimmen.csv")
    report, (election,) = inspect([source], meta=Meta(wahl_datum="08.03.2026"))
    assert codes(report)["K19"] == 33
    assert "K18" not in codes(report)
    assert election.tables["Stimmzettel"]["partei-kurzname"].to_list() == ["CSU", "AfD", "GRÜNE"]
    assert election.results.height == 254
