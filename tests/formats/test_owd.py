"""The OWD format: file names, recognising file types, packages, versions.

The reader records facts (what a name says, the type a header shows, the lines before it);
the rules report them. Tests here look at the facts, and at what the rules make of them.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from wahldaten.core import standard
from wahldaten.core.codes import Input
from wahldaten.core.findings import Finding, RowFindings
from wahldaten.formats import owd
from wahldaten.formats.owd import (
    NameInfo,
    OwdFile,
    Package,
    parse_file_name,
    read_file,
    read_packages,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import collect
from wahldaten.rules import registry
from wahldaten.rules.context import Context

VALID = Path(__file__).resolve().parents[2] / "fixtures" / "owd" / "valid"
RATSWAHL = VALID / "ratswahl"
STAMP = "20250915T101500"
TYPES = ("Wahlparameter", "Wahlgebietseinteilungen", "Stimmzettel", "Kandidaten", "Wahlergebnisse")


def ratswahl_name(
    file_type: str, gs: str = "05999001", version: str = "V0-3", stamp: str = STAMP
) -> str:
    return f"{gs}_20250914_Ratswahl-NRW_{file_type}_{version}_{stamp}.csv"


def ratswahl_data(file_type: str) -> bytes:
    return (RATSWAHL / ratswahl_name(file_type)).read_bytes()


def put(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def copy_ratswahl(
    folder: Path, edit: Callable[[bytes], bytes] = lambda d: d, gs: str = "05999001"
) -> None:
    for file_type in TYPES:
        put(folder, ratswahl_name(file_type, gs=gs), edit(ratswahl_data(file_type)))


def packages_of(*paths: Path) -> tuple[list[Package], list[str]]:
    packages, others = read_packages(collect(paths))
    return packages, [o.display for o in others]


def single(path: Path) -> OwdFile:
    (source,) = collect([path])
    owd_file = read_file(source)
    assert owd_file is not None
    return owd_file


def reported(package: Package, code: str) -> list[Finding]:
    """The findings of a rule over a package, each one (rows of a frame too)."""
    rule = registry.get(code)
    context = Context(package)
    if not rule.applies(context):
        return []
    found: list[Finding] = []
    for item in rule.check(context):
        found.extend(item.head(item.count) if isinstance(item, RowFindings) else [item])
    return found


def findings(owd_file: OwdFile, code: str, package: Package | None = None) -> list[Finding]:
    """The findings of a rule in one file, read alone or as part of `package`."""
    chosen = package or owd.make_package([owd_file])
    return [f for f in reported(chosen, code) if f.location.file == owd_file.display]


def params(
    owd_file: OwdFile, code: str, package: Package | None = None
) -> list[dict[str, object]]:
    return [dict(f.params) for f in findings(owd_file, code, package)]


def file_codes(owd_file: OwdFile, package: Package | None = None) -> set[str]:
    """Codes of the rules that read how files were read, found in this file."""
    return {
        rule.code
        for rule in registry.all_rules()
        if Input.READING in rule.reads
        and rule.applies_to("owd")
        and findings(owd_file, rule.code, package)
    }


def newest_version() -> str:
    return max(standard.versions(), key=lambda v: tuple(int(p) for p in v.split(".")))


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


# --- packages ------------------------------------------------------------------------------------


def test_the_valid_example_packages(tmp_path: Path) -> None:
    packages, others = packages_of(VALID)
    assert packages == [] and others == []  # not recursive: the packages are in sub-folders
    packages, others = read_packages(collect([VALID], recursive=True))
    assert others == []
    # One package per folder below valid/, each of one election.
    assert len(packages) == len([p for p in VALID.iterdir() if p.is_dir()])
    names = {p.identity()["wahl-name"] for p in packages}
    assert {"Bürgerentscheid Stadtbahn", "Bundestagswahl", "Gemeinderatswahl", "Ratswahl NRW"} <= names
    assert all(p.declared_version == p.version for p in packages)
    assert {p.version for p in packages} == {"0.2", "0.3"}
    for package in packages:
        assert not package.duplicates
        assert not reported(package, "S11") and not reported(package, "R21")
        for owd_file in package.files.values():
            assert file_codes(owd_file, package) == set(), owd_file.display


def test_two_elections_in_one_folder_are_two_packages(tmp_path: Path) -> None:
    for source in (*RATSWAHL.iterdir(), *(VALID / "bundestagswahl").iterdir()):
        shutil.copy(source, tmp_path / source.name)
    packages, others = packages_of(tmp_path)
    assert others == []
    assert len(packages) == 2
    by_name = {p.identity()["wahl-name"]: p for p in packages}
    assert set(by_name) == {"Ratswahl NRW", "Bundestagswahl"}
    assert by_name["Ratswahl NRW"].identity() == {
        "wahl-name": "Ratswahl NRW",
        "wahl-datum": "14.09.2025",
        "wahl-behoerde-gs": "05999001",
    }
    for name, package in by_name.items():
        assert sorted(package.files) == sorted(TYPES)
        assert not package.duplicates
        assert not reported(package, "R21")
        marker = "Ratswahl-NRW" if name == "Ratswahl NRW" else "Bundestagswahl"
        assert all(marker in f.display for f in package.files.values())


def test_two_municipalities_with_the_same_election_are_split_by_authority(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    copy_ratswahl(tmp_path, edit=lambda d: d.replace(b"05999001", b"05999002"), gs="05999002")
    packages, _ = packages_of(tmp_path)
    assert len(packages) == 2
    assert sorted(p.identity()["wahl-behoerde-gs"] for p in packages) == ["05999001", "05999002"]
    for package in packages:
        gs = package.identity()["wahl-behoerde-gs"]
        assert sorted(package.files) == sorted(TYPES)
        assert not package.duplicates
        assert not reported(package, "R21")
        assert all(Path(f.display).name.startswith(f"{gs}_") for f in package.files.values())
        assert all(f.first("wahl-behoerde-gs") == gs for f in package.files.values())


def test_the_same_election_by_name_or_content_is_one_package(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    # Kandidaten exported before nominations: a header and no rows, so only its name says which
    # election it belongs to ("Ratswahl-NRW", 20250914 against "Ratswahl NRW", 14.09.2025).
    header_only = ratswahl_data("Kandidaten").split(b"\n", 1)[0] + b"\n"
    put(tmp_path, ratswahl_name("Kandidaten"), header_only)
    (package,), _ = packages_of(tmp_path)
    assert sorted(package.files) == sorted(TYPES)
    assert package.files["Kandidaten"].table.frame.height == 0


def test_umlaut_spelt_out_in_the_file_name_is_the_same_election(tmp_path: Path) -> None:
    """Regression: an unreadable file named `Buergerentscheid-…` formed a package of its own,
    apart from the files whose content says `Bürgerentscheid …`."""
    source = VALID / "buergerentscheid"
    for path in source.iterdir():
        shutil.copy(path, tmp_path / path.name)
    stimmzettel = next(tmp_path.glob("*_Stimmzettel_*.csv"))
    stimmzettel.write_bytes(b"")  # readable only by its name
    (package,), _ = packages_of(tmp_path)
    assert sorted(package.files) == sorted(t for t in TYPES if t != "Kandidaten")
    assert package.files["Stimmzettel"].table.facts.empty
    assert params(package.files["Stimmzettel"], "F11", package) == [{}]


def test_grouping_keys_of_spelt_out_umlauts_agree() -> None:
    key = owd._grouping_text
    assert key("Bürgerentscheid Stadtbahn") == key("Buergerentscheid-Stadtbahn")
    assert key("„Radentscheid I - Allgemeine Strategien“") == key(
        "Radentscheid_I-Allgemeine_Strategien"
    )
    assert key("Wahl des/der Bürgermeisters/in") == key("Wahl des-der Buergermeisters-in")
    assert key("Ratswahl NRW") != key("Kreistagswahl NRW")


def test_second_file_of_one_type_is_r21(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    later = put(
        tmp_path,
        ratswahl_name("Wahlergebnisse", stamp="20250915T143000"),
        ratswahl_data("Wahlergebnisse"),
    )
    earlier = tmp_path / ratswahl_name("Wahlergebnisse")
    (package,), _ = packages_of(tmp_path)
    assert sorted(package.files) == sorted(TYPES)
    assert package.files["Wahlergebnisse"].display == str(earlier)
    assert [d.display for d in package.duplicates] == [str(later)]
    (r21,) = reported(package, "R21")
    assert r21.params == {"file_type": "Wahlergebnisse", "used": str(earlier)}
    assert r21.location.file == str(later)


def test_two_municipalities_and_a_duplicate(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    copy_ratswahl(tmp_path, edit=lambda d: d.replace(b"05999001", b"05999002"), gs="05999002")
    put(tmp_path, ratswahl_name("Stimmzettel", gs="05999002", stamp="20250916T080000"), b"")
    packages, _ = packages_of(tmp_path)
    by_gs = {p.identity()["wahl-behoerde-gs"]: p for p in packages}
    assert set(by_gs) == {"05999001", "05999002"}
    assert not reported(by_gs["05999001"], "R21")
    (r21,) = reported(by_gs["05999002"], "R21")
    assert r21.params["file_type"] == "Stimmzettel"
    assert r21.location.file.endswith("20250916T080000.csv")


def test_package_from_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "ratswahl.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for source in RATSWAHL.iterdir():
            z.write(source, f"export/{source.name}")
    (package,), others = packages_of(archive)
    assert others == []
    assert sorted(package.files) == sorted(TYPES)
    assert (
        package.files["Wahlparameter"].display
        == f"{archive}:export/{ratswahl_name('Wahlparameter')}"
    )


# --- versions ------------------------------------------------------------------------------------


def test_unknown_version_is_s11_and_checked_against_the_newest(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path, edit=lambda d: d.replace(b"\n0.3;", b"\n0.9;"))
    (package,), _ = packages_of(tmp_path)
    assert package.declared_version == "0.9"
    assert package.version == newest_version()
    (s11,) = reported(package, "S11")
    assert s11.params == {
        "version": "0.9",
        "used": newest_version(),
        "known": ", ".join(standard.versions()),
    }
    assert s11.location.file in {f.display for f in package.files.values()}
    # The names still say V0-3: every file disagrees with its content.
    for owd_file in package.files.values():
        assert params(owd_file, "F09", package) == [
            {"part": "Version", "in_name": "0.3", "in_content": "0.9"}
        ]


def test_known_older_version_is_kept(tmp_path: Path) -> None:
    for source in (VALID / "buergerentscheid").iterdir():
        shutil.copy(source, tmp_path / source.name)
    (package,), _ = packages_of(tmp_path)
    assert package.declared_version == "0.2"
    assert package.version == "0.2" != newest_version()
    assert not reported(package, "S11")


def test_version_from_the_file_name_when_no_content_has_one(tmp_path: Path) -> None:
    data = b"wahl-behoerde-gs;wahl-datum;wahl-name;zeitstempel-erfassung\n05999001;14.09.2025;Ratswahl NRW;x\n"
    put(tmp_path, ratswahl_name("Wahlergebnisse", version="V0-2"), data)
    (package,), _ = packages_of(tmp_path)
    assert package.declared_version == "0.2"
    assert package.version == "0.2"
    assert not reported(package, "S11")


def test_frame_of_a_package(tmp_path: Path) -> None:
    copy_ratswahl(tmp_path)
    put(tmp_path, ratswahl_name("Kandidaten"), b"\x00\x01")  # binary: unusable
    (package,), _ = packages_of(tmp_path)
    frame = owd.frame_of(package, "Wahlergebnisse")
    assert frame is not None and frame.height == 6
    assert owd.frame_of(package, "Kandidaten") is None
