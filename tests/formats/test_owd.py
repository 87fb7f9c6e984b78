"""The OWD format: file names, recognising file types, packages, versions.

The reader records facts (what a name says, the type a header shows, the lines before it);
the rules report them. Tests here look at the facts, and at what the rules make of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from owd_support import (
    TYPES,
    copy_ratswahl,
    file_codes,
    findings,
    packages_of,
    params,
    put,
    ratswahl_data,
    ratswahl_name,
    single,
)
from wahldaten.formats.owd import NameInfo, parse_file_name, read_file
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import collect

# --- file names ----------------------------------------------------------------------------------


def test_file_name_compact_style() -> None:
    info = parse_file_name("05366004_20200913_Ratswahl-NRW_Wahlergebnisse_V0-2_20200930T111111.csv")
    assert info == NameInfo(
        gs="05366004",
        datum="13.09.2020",
        name="Ratswahl-NRW",
        file_type="Wahlergebnisse",
        version="0.2",
        zeitstempel="20200930T111111",
    )


def test_file_name_dotted_style_with_spaces() -> None:
    info = parse_file_name(
        "05914000_26.09.2021_Wahl zum Deutschen Bundestag_Wahlergebnisse_V0-3_05.02.2025 090606 833.csv"
    )
    assert info == NameInfo(
        gs="05914000",
        datum="26.09.2021",
        name="Wahl zum Deutschen Bundestag",
        file_type="Wahlergebnisse",
        version="0.3",
        zeitstempel="05.02.2025 090606 833",
    )


def test_file_name_with_a_prefix() -> None:
    plain = parse_file_name("05366004_20200913_Ratswahl-NRW_Kandidaten_V0-2_20200930T111111.csv")
    prefixed = parse_file_name(
        "set__05366004_20200913_Ratswahl-NRW_Kandidaten_V0-2_20200930T111111.csv"
    )
    assert prefixed is not None
    assert prefixed == plain
    assert prefixed.gs == "05366004"
    assert prefixed.file_type == "Kandidaten"


@pytest.mark.parametrize("file_type", TYPES)
def test_file_name_every_type(file_type: str) -> None:
    info = parse_file_name(f"05366004_20200913_Ratswahl_{file_type}_V0-3_x.csv")
    assert info is not None
    assert info.file_type == file_type


def test_file_name_twelve_digit_key_underscores_in_the_name_and_big_version() -> None:
    info = parse_file_name(
        "053660040004_20200913_Wahl_zum_Rat_Stimmzettel_V1-12_20200930T111111.csv"
    )
    assert info is not None
    assert (info.gs, info.name, info.file_type, info.version) == (
        "053660040004",
        "Wahl_zum_Rat",
        "Stimmzettel",
        "1.12",
    )


@pytest.mark.parametrize(
    "name",
    [
        "ergebnisse.csv",
        "05366004_20200913_Ratswahl-NRW_Wahlergebnisse_V0-2_20200930T111111.txt",
        "05366004_20200913_Ratswahl-NRW_Ergebnisse_V0-2_20200930T111111.csv",
        "0536600_20200913_Ratswahl-NRW_Wahlergebnisse_V0-2_20200930T111111.csv",
        "05366004_2020-09-13_Ratswahl-NRW_Wahlergebnisse_V0-2_20200930T111111.csv",
        "05366004_20200913_Ratswahl-NRW_Wahlergebnisse_V0.2_20200930T111111.csv",
        "05366004_20200913_Ratswahl-NRW_Wahlergebnisse_V0-2.csv",
    ],
)
def test_file_names_off_the_convention(name: str) -> None:
    assert parse_file_name(name) is None


# --- recognising files ---------------------------------------------------------------------------


def test_well_named_file_has_no_file_findings(tmp_path: Path) -> None:
    owd_file = single(
        put(tmp_path, ratswahl_name("Wahlergebnisse"), ratswahl_data("Wahlergebnisse"))
    )
    assert owd_file.file_type == "Wahlergebnisse"
    assert owd_file.name_info is not None and owd_file.name_info.gs == "05999001"
    assert file_codes(owd_file) == set()
    assert owd_file.table.header_line == 1
    assert owd_file.table.frame[LINE_COLUMN][0] == 2
    assert owd_file.first("wahl-name") == "Ratswahl NRW"


@pytest.mark.parametrize("file_type", TYPES)
def test_odd_names_are_recognised_by_their_header(tmp_path: Path, file_type: str) -> None:
    owd_file = single(put(tmp_path, "export 3.csv", ratswahl_data(file_type)))
    assert owd_file.file_type == file_type
    assert owd_file.name_info is None
    assert params(owd_file, "F13") == [{"file_name": "export 3.csv"}]
    assert params(owd_file, "F09") == []


def test_header_recognition_tolerates_case_spaces_and_quotes(tmp_path: Path) -> None:
    data = b'"Version"; Wahl-Behoerde-GS ;wahl-datum;"WAHL-NAME";kandidat-name\n0.3;05999001;14.09.2025;X;Y\n'
    owd_file = single(put(tmp_path, "liste.csv", data))
    assert owd_file.file_type == "Kandidaten"


def test_csv_that_is_not_owd_is_left_aside(tmp_path: Path) -> None:
    notes = put(tmp_path, "notizen.csv", b"a;b\n1;2\n")
    (source,) = collect([notes])
    assert read_file(source) is None
    packages, others = packages_of(tmp_path)
    assert packages == []
    assert others == [str(notes)]


def test_type_by_header_wins_over_the_name(tmp_path: Path) -> None:
    path = put(tmp_path, ratswahl_name("Kandidaten"), ratswahl_data("Wahlergebnisse"))
    owd_file = single(path)
    assert owd_file.file_type == "Wahlergebnisse"
    assert params(owd_file, "F09") == [
        {"part": "Dateityp", "in_name": "Kandidaten", "in_content": "Wahlergebnisse"}
    ]
    assert params(owd_file, "F13") == []


def test_type_from_the_name_when_the_header_shows_no_type(tmp_path: Path) -> None:
    data = b"version;wahl-behoerde-gs;wahl-datum;wahl-name;sonstiges\n0.3;05999001;14.09.2025;Ratswahl NRW;x\n"
    owd_file = single(put(tmp_path, ratswahl_name("Stimmzettel"), data))
    assert owd_file.file_type == "Stimmzettel"
    assert params(owd_file, "F09") == []


def test_lines_before_the_header(tmp_path: Path) -> None:
    data = b"Export Ratswahl NRW vom 15.09.2025\n\n" + ratswahl_data("Wahlergebnisse")
    owd_file = single(put(tmp_path, ratswahl_name("Wahlergebnisse"), data))
    assert owd_file.file_type == "Wahlergebnisse"
    assert owd_file.lines_before_header == 2
    (finding,) = findings(owd_file, "F05")
    assert finding.location.line == 1
    assert finding.params == {"header_line": 3}
    table = owd_file.table
    assert table.header[:2] == ["version", "wahl-behoerde-gs"]
    assert table.header_line == 3
    # The six data rows follow on lines 4 to 9 of the file.
    assert table.frame[LINE_COLUMN].to_list() == [4, 5, 6, 7, 8, 9]
    assert not table.facts.blank_lines, "blank lines above the header are part of F05"


def test_lines_before_the_header_keep_later_findings_on_their_physical_line(tmp_path: Path) -> None:
    body = ratswahl_data("Kandidaten").split(b"\n")
    body[3] = b";".join(body[3].split(b";")[:-1])  # the third record loses its last field
    data = b"Titel\n" + b"\n".join(body)
    owd_file = single(put(tmp_path, ratswahl_name("Kandidaten"), data))
    (f07,) = findings(owd_file, "F07")
    # Line 1 title, line 2 header, records from line 3: the third record is on line 5.
    assert (f07.location.line, f07.params) == (5, {"found": 14, "expected": 15})


@pytest.mark.parametrize("odd_break", [b"\r", b"\x0c", "\u2028".encode()])
def test_header_search_counts_lines_like_the_reader(tmp_path: Path, odd_break: bytes) -> None:
    # A title with a lone CR, a form feed or a line separator is still one line of the file.
    data = b"Export" + odd_break + b"vom 15.09.2025\n" + ratswahl_data("Wahlergebnisse")
    owd_file = single(put(tmp_path, "ergebnisse.csv", data))
    assert owd_file.file_type == "Wahlergebnisse"
    assert params(owd_file, "F05") == [{"header_line": 2}]
    assert owd_file.table.header[0] == "version"
    assert owd_file.table.frame[LINE_COLUMN][0] == 3
    assert owd_file.table.frame.height == 6


def test_bom_before_the_header_is_no_preamble(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + ratswahl_data("Wahlparameter")
    owd_file = single(put(tmp_path, "parameter.csv", data))
    assert owd_file.file_type == "Wahlparameter"
    assert params(owd_file, "F05") == []
    assert owd_file.table.facts.bom and params(owd_file, "F02") == [{}]
    assert owd_file.table.header[0] == "version"


# --- F09: name against content -------------------------------------------------------------------


def test_name_and_content_disagree_about_version_and_date(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    bad = tmp_path / ratswahl_name("Wahlergebnisse")
    bad.rename(tmp_path / "05999001_20250915_Ratswahl-NRW_Wahlergebnisse_V0-2_20250915T101500.csv")
    (package,), _ = packages_of(tmp_path)
    assert sorted(package.files) == sorted(TYPES)
    assert params(package.files["Wahlergebnisse"], "F09", package) == [
        {"part": "Datum", "in_name": "15.09.2025", "in_content": "14.09.2025"},
        {"part": "Version", "in_name": "0.2", "in_content": "0.3"},
    ]
    assert all(
        not params(f, "F09", package) for t, f in package.files.items() if t != "Wahlergebnisse"
    )


def test_name_of_another_municipality_is_reported(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    (tmp_path / ratswahl_name("Stimmzettel")).rename(
        tmp_path / ratswahl_name("Stimmzettel", gs="05999002")
    )
    (package,), _ = packages_of(tmp_path)
    assert params(package.files["Stimmzettel"], "F09", package) == [
        {"part": "Gemeindeschlüssel", "in_name": "05999002", "in_content": "05999001"}
    ]


def test_kreis_package_named_after_the_kreis_is_accepted(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    (tmp_path / ratswahl_name("Stimmzettel")).rename(
        tmp_path / ratswahl_name("Stimmzettel", gs="05999000")
    )
    (package,), _ = packages_of(tmp_path)
    assert params(package.files["Stimmzettel"], "F09", package) == []
