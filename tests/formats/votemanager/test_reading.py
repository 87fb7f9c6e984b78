"""Reading votemanager / OK.VOTE files: mapping to OWD, postal districts, names, real totals."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest

import wahldaten
from support import FIXTURES, realdata
from vendor_support import VM
from wahldaten.api.conversion import convert, inspect
from wahldaten.core.model import Election
from wahldaten.formats import votemanager
from wahldaten.formats.facts import Origin
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect


def codes(report: object) -> set[str]:
    return {r.code for r in report.all_results()}  # type: ignore[attr-defined]


def election_of(folder: Path, **meta: str) -> Election:
    report, elections = inspect([folder], meta=Meta(**meta))
    assert len(elections) == 1, [r.code for r in report.all_results()]
    return elections[0]


def test_bundestag_two_votes_names_and_postal_districts_from_siblings() -> None:
    election = election_of(VM / "valid" / "bundestagswahl")
    results = election.results
    assert results["bezirk-nr"].to_list() == ["0001", "0002", "0003", "0031", "0032"]
    assert results["F4"].to_list() == [91, 50, 82, 91, 85]
    gebiete = election.tables["Wahlgebietseinteilungen"]
    assert gebiete["bezirk-art"].to_list() == ["W", "W", "W", "B", "B"]
    ballot = election.tables["Stimmzettel"]
    assert ballot["partei-langname"][0] == "Christlich-Soziale Union in Bayern e.V."
    assert election.wahl_datum == "26.09.2021" and election.gs == "09175132"


def test_lower_saxony_council_maps_to_extension_columns_and_drops_checked_sums() -> None:
    election = election_of(VM / "valid" / "ratswahl-nds")
    results = election.results
    assert "GUELTIGE-STIMMZETTEL" in results.columns and "D1_liste" in results.columns
    assert not any("summe" in c for c in results.columns)
    row = results.row(0, named=True)  # the total row is not a Bezirk
    assert row["bezirk-nr"] == "101"
    assert row["C"] + row["GUELTIGE-STIMMZETTEL"] == row["B"]
    assert row["D1"] == row["D1_liste"] + row["D1_1"] + row["D1_2"]
    assert election.wahlparameter["wahl-behoerde-name"] == "Gemeinde Beispielstadt"


def test_bavarian_council_keeps_ballots_per_list_and_checks_e() -> None:
    election = election_of(VM / "valid" / "gemeinderat-bayern")
    columns = election.results.columns
    assert (
        "E" not in columns
        and "B1" in columns
        and "D1_unveraendert" in columns
        and "D2_3" in columns
    )


def test_okvote_referendum_columns_become_ja_and_nein() -> None:
    election = election_of(VM / "valid" / "buergerentscheid-okvote")
    row = election.results.row(0, named=True)
    assert (row["D"], row["C"], row["D1"], row["D2"]) == (2363, 10, 672, 1691)
    assert election.tables["Stimmzettel"]["partei-kurzname"].to_list() == ["Ja", "Nein"]
    assert election.results["wahl-behoerde-gs"].to_list() == ["09175111", "09175112"]
    assert election.gs == "09175000"  # the Kreis whose municipalities the rows carry


def test_template_before_election_night_keeps_empty_counts_empty() -> None:
    election = election_of(VM / "valid" / "vorlage")
    assert election.results.select(pl.col("A").is_null().all()).item()
    assert election.tables["Stimmzettel"].height == 0


def test_single_candidate_gets_a_nein_option() -> None:
    report, (election,) = inspect([VM / "invalid" / "K16"])
    assert "K16" in codes(report)
    assert election.tables["Stimmzettel"]["partei-kurzname"].to_list() == [None, "Nein"]


def test_owd_findings_on_converted_data_point_to_the_source_file(tmp_path: Path) -> None:
    source = VM / "valid" / "bundestagswahl" / "Open-Data-Bundestagswahl1576.csv"
    text = source.read_text(encoding="utf-8").replace(
        "09175132;0002;Stimmbezirk 2;1;1;354;541;0;895",
        "09175132;0002;Stimmbezirk 2;1;1;354;541;0;896",
    )
    (tmp_path / source.name).write_text(text, encoding="utf-8")
    report, _ = inspect([tmp_path / source.name])
    (a01,) = [r for p in report.packages for r in p.results if r.code == "A01"]
    assert a01.examples[0].location.line == 3
    assert str(a01.examples[0].location.file).endswith("Open-Data-Bundestagswahl1576.csv")


def test_conversion_with_errors_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out"
    report = convert([VM / "invalid" / "K14"], target)
    assert report.exit_code == 1 and report.written == []
    assert not target.exists()


def test_plain_counts_are_read_as_integers_and_the_facts_say_where_values_come_from() -> None:
    folder = VM / "valid" / "bundestagswahl"
    reading = votemanager.read(collect([next(folder.glob("Open-Data-*.csv"))]), Meta())
    facts = reading.contexts[0].facts_as(votemanager.VotemanagerFacts)
    assert facts is not None and facts.raw is not None and facts.typed is not None
    assert facts.raw.schema["B"] == pl.Int64 and facts.raw.schema["gebiet-nr"] == pl.String
    assert {w.field: w.origin for w in facts.written} == {
        "wahl-name": Origin.SOURCE,
        "wahl-behoerde-name": Origin.DEFAULT,
    }


def test_date_is_required(tmp_path: Path) -> None:
    source = VM / "valid" / "vorlage" / "Open-Data-03254005-Buergermeisterwahl-Wahlbezirk.csv"
    (tmp_path / "x.csv").write_text(
        source.read_text(encoding="utf-8").replace("13.09.2026", ""), encoding="utf-8"
    )
    with pytest.raises(SourceError) as error:
        inspect([tmp_path / "x.csv"])
    assert error.value.key == "convert.date_missing"
    report, _ = inspect([tmp_path / "x.csv"], meta=Meta(wahl_datum="13.09.2026"))
    assert report.exit_code == 0


POSTAL_ONLY = VM / "valid" / "stichwahl-briefwahl"


def test_postal_only_run_off_keeps_its_electorate_on_a_bezirk_without_votes(
    tmp_path: Path,
) -> None:
    """Bavaria's run-offs of March 2020: the electorate on a pseudo-row `0;Stimmberechtigte`,
    the votes on postal Bezirke with A = 0. The row is no total (no K06): it stays a Bezirk."""
    source = next(POSTAL_ONLY.glob("Open-Data-*.csv"))
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")), delimiter=";"))
    counts = [c for c in rows[0] if c not in votemanager.FIXED]
    expected = {c: sum(int(r[c]) for r in rows) for c in counts}
    out = tmp_path / "owd"
    report = convert([POSTAL_ONLY], out, stamp="20200330T080000")
    assert report.exit_code == 0, [(r.code, r.count) for r in report.all_results()]
    assert {"K05", "K06"}.isdisjoint(codes(report)) and "K30" in codes(report)
    (totals,) = report.totals
    assert totals == expected and totals["A"] == 12480
    assert wahldaten.validate(out).exit_code == 0
    written = pl.read_csv(next(out.glob("*_Wahlergebnisse_*.csv")), separator=";")
    assert {c: int(written[c].sum()) for c in counts} == expected
    electorate = written.filter(pl.col("bezirk-nr") == 0)
    assert electorate.select("A", "B", "D").row(0) == (12480, 0, 0)
    gebiete = pl.read_csv(next(out.glob("*_Wahlgebietseinteilungen_*.csv")), separator=";")
    arten = dict(gebiete.select("bezirk-nr", "bezirk-art").iter_rows())
    assert arten == {0: "W", 31: "B", 32: "B", 33: "B", 34: "B"}


def test_a_total_beside_the_electorate_row_is_checked_against_it(tmp_path: Path) -> None:
    """A Gemeinde row (gebiet-nr empty) beside the electorate row totals it with the postal
    Bezirke: it stays a total and adds up (K05, no K06)."""
    for path in POSTAL_ONLY.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    source = next(tmp_path.glob("Open-Data-*.csv"))
    header, *lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    cells = [line.split(";") for line in lines]
    first = header.split(";").index("A1")
    sums = [sum(int(r[i]) for r in cells) for i in range(first, len(cells[0]))]
    total = [*cells[0][:3], "", "Markt Beispielstadt", "5", "5", *map(str, sums)]
    source.write_text("\n".join([header, ";".join(total), *lines]) + "\n", encoding="utf-8")
    report, (election,) = inspect([tmp_path])
    assert "K06" not in codes(report) and {"K05", "K30"} <= codes(report)
    assert election.results["bezirk-nr"].to_list() == ["0", "31", "32", "33", "34"]
    assert election.tables["Wahlparameter"]["wahl-behoerde-name"][0] == "Markt Beispielstadt"


def test_a_total_row_with_votes_is_no_electorate_row() -> None:
    """The Lower Saxony example's city row adds up its Bezirke: a total, not kept (K05)."""
    report, (election,) = inspect([VM / "valid" / "ratswahl-nds"])
    assert "K05" in codes(report) and "K30" not in codes(report)
    assert election.results["bezirk-nr"].to_list() == ["101", "901"]


# --- real files -------------------------------------------------------------------------------

# How the source's count columns appear in OWD (per layout), for the totals check.
RENAME = {
    "B2": "B1",
    "C1": "C",
    "C2": "GUELTIGE-STIMMZETTEL",
    "C04": "D",
    "C03": "C",
    "C01": "D1",
    "C02": "D2",
}


def source_totals(path: Path) -> dict[str, int]:
    """Sums per count column over the Bezirk rows of a votemanager file, without the reader."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))
    bezirke = [r for r in rows if r["gebiet-nr"] not in ("", "0")] or rows
    totals: dict[str, int] = {}
    bavarian_council = any(c.endswith("_unveraendert") for c in rows[0])
    for column in rows[0]:
        if column in votemanager.FIXED or column in ("Summe_unveraendert", "Summe_veraendert"):
            continue
        if column == "E" and bavarian_council:  # ballots cast there, checked against B (K15)
            continue
        if re.search(r"_summe_kandidaten$", column):
            continue
        name = RENAME.get(column, column)
        name = re.sub(r"^D([0-9]+)_summe_liste_kandidaten$", r"D\1", name)
        values = [int(r[column]) for r in bezirke if r[column] != ""]
        if values:
            totals[name] = sum(values)
    return totals


REAL = [
    "votemanager/levino_20170924_03361006_Open-Data-Bundestagswahl13.csv",
    "votemanager/levino_20230305_03254003_Open-Data-03254003-Wahl-des-der-Buergermeisters-in-Wahlbezirk.csv",
    "votemanager/levino_20260913_03254005_Open-Data-03254005-Buergermeisterwahl-Wahlbezirk.csv",
    "votemanager/ratslotse_ratswahl-2021-stadt.csv",
    "okvote/vaterstetten_btw2021_Open-Data-Bundestagswahl1576.csv",
    "okvote/vaterstetten_kw2020_Open-Data-Gemeinderatswahl-Bayern1163.csv",
    "okvote/vaterstetten_kw2020_Open-Data-Landratswahl-Bayern1146.csv",
]


@pytest.mark.parametrize("name", REAL, ids=lambda n: n.split("/")[-1][:40])
def test_real_file_converts_to_valid_owd_with_the_source_totals(name: str, tmp_path: Path) -> None:
    source = realdata(*name.split("/"))
    out = tmp_path / "owd"
    report = convert([source], out, stamp="20250101T000000")
    assert report.exit_code == 0, [(r.code, r.count) for r in report.all_results()]
    check = wahldaten.validate(out)
    assert check.exit_code == 0
    (package,) = wahldaten.validate(out).packages
    written = pl.read_csv(
        next(out.glob("*_Wahlergebnisse_*.csv")), separator=";", infer_schema_length=0
    )
    owd_totals = {
        c: int(written[c].cast(pl.Int64).sum())
        for c in written.columns
        if re.fullmatch(r"A1|A2|A3|A|B|B1|C|D|E|F|GUELTIGE-STIMMZETTEL|[DF][0-9]+(_.+)?", c)
        and written[c].is_not_null().any()
    }
    assert owd_totals == source_totals(source)
    assert package.summary.bezirke == written.height


def test_real_okvote_with_its_open_data_json_gets_party_names(tmp_path: Path) -> None:
    folder = realdata("okvote")
    report, (election,) = inspect(
        [folder / "vaterstetten_btw2021_Open-Data-Bundestagswahl1576.csv"],
        meta_files=[
            folder / "vaterstetten_btw2021_open_data.json",
            folder / "vaterstetten_btw2021_opendata-wahllokale.csv",
        ],
    )
    assert "K03" not in codes(report) and "K04" not in codes(report)
    names = election.tables["Stimmzettel"]["partei-langname"].to_list()
    assert names[0] == "Christlich-Soziale Union in Bayern e.V."
    arten = (
        election.tables["Wahlgebietseinteilungen"]["bezirk-art"]
        .value_counts()
        .sort("bezirk-art")
        .rows()
    )
    assert arten == [("B", 13), ("W", 14)]


def test_fixture_owd_examples_stay_untouched() -> None:
    assert (FIXTURES / "valid" / "ratswahl").is_dir()
