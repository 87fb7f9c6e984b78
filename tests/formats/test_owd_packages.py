"""The OWD format: files grouped into packages by election and authority, and versions."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from owd_support import (
    RATSWAHL,
    TYPES,
    VALID,
    copy_ratswahl,
    file_codes,
    newest_version,
    packages_of,
    params,
    put,
    ratswahl_data,
    ratswahl_name,
    reported,
)
from wahldaten.core import standard
from wahldaten.formats import owd
from wahldaten.formats.owd import read_packages
from wahldaten.io.sources import collect

# --- packages ------------------------------------------------------------------------------------


def test_the_valid_example_packages(tmp_path: Path) -> None:
    packages, others = packages_of(VALID)
    assert packages == [] and others == []  # not recursive: the packages are in sub-folders
    packages, others = read_packages(collect([VALID], recursive=True))
    assert others == []
    # One package per folder below valid/, each of one election.
    assert len(packages) == len([p for p in VALID.iterdir() if p.is_dir()])
    names = {p.identity()["wahl-name"] for p in packages}
    assert {
        "Bürgerentscheid Stadtbahn",
        "Bundestagswahl",
        "Gemeinderatswahl",
        "Ratswahl NRW",
    } <= names
    assert all(p.declared_version == p.version for p in packages)
    assert {p.version for p in packages} == {"0.2", "0.3"}
    for package in packages:
        assert not package.duplicates
        assert not reported(package, "S11") and not reported(package, "R21")
        for owd_file in package.files.values():
            # Rows that end after their own ballot are read whole, with a warning (F14).
            ends_early = owd_file.file_type == "Wahlergebnisse" and "Bezirksvertretung" in str(
                package.identity()["wahl-name"]
            )
            expected = {"F14"} if ends_early else set()
            assert file_codes(owd_file, package) == expected, owd_file.display


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
