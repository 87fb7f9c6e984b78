"""Reading Wahlportal files: counts, line numbers, date and names, facts, and the real files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import realdata
from vendor_support import (
    BTW,
    BTW_FILE,
    MAYOR,
    MAYOR_FILE,
    codes,
    edited,
    only,
    records,
    source_result,
    write,
)
from wahldaten.api.conversion import convert, inspect
from wahldaten.core.findings import Severity
from wahldaten.formats import akdb
from wahldaten.formats.facts import Origin
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect


def facts_of(path: Path, meta: Meta) -> akdb.AkdbFacts:
    facts = akdb.read(collect([path]), meta).contexts[0].facts_as(akdb.AkdbFacts)
    assert facts is not None
    return facts


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


def test_plain_counts_are_read_as_integers_by_the_csv_layer() -> None:
    facts = facts_of(MAYOR / MAYOR_FILE, Meta())
    assert facts.raw is not None
    assert facts.raw.schema["Waehler gesamt (B)"] == pl.Int64
    assert facts.raw.schema["Gebietsnummer"] == pl.String


def test_a_count_beyond_int64_is_not_a_count(tmp_path: Path) -> None:
    folder = edited(tmp_path, MAYOR, MAYOR_FILE, {(2, "D1"): "99999999999999999999"})
    report, elections = inspect([folder])
    assert elections == [] and codes(report)["K02"] == 1


def test_options_are_written_and_read_as_options_when_meta_names_them() -> None:
    _, election = only(MAYOR, Meta(wahl_name="Wahl des ersten Bürgermeisters"))
    assert election.wahl_name == "Wahl des ersten Bürgermeisters"
    assert election.tables["Stimmzettel"]["partei-langname"].to_list() == [
        "Leonhard Spitzauer (CSU)",
        "Maria Wild (GRÜNE)",
        "Josef Huber (FW)",
    ]


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
    assert facts_of(BTW / BTW_FILE, Meta()).header_form.empty == {
        len(records(BTW / BTW_FILE)[0]) + 1
    }
    rows = records(MAYOR / MAYOR_FILE)
    for row in rows:
        row.insert(3, "")
    report, _ = inspect([write(tmp_path / MAYOR_FILE, rows)], meta=Meta())
    assert "S04" in codes(report)  # an empty name inside the header still is one


def test_where_each_written_value_comes_from() -> None:
    facts = facts_of(BTW / BTW_FILE, Meta(gs="09175000"))
    origins = {w.field: w.origin for w in facts.written}
    assert origins == {
        "wahl-datum": Origin.FILE_NAME,
        "wahl-name": Origin.FILE_NAME,  # the folder is `bundestagswahl`
        "wahl-behoerde-gs": Origin.USER,
        "wahl-behoerde-name": Origin.SOURCE,  # its KREIS row
    }
    # Checked (K17) before it is dropped: B − B1 in OWD.
    assert "Waehler ohne Wahlschein" in facts.dropped


def test_date_from_meta_is_not_assumed() -> None:
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
