"""Finding input files: single files, folders (flat and recursive) and zip archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from wahldaten.io import sources
from wahldaten.io.sources import InputError, SourceFile, collect


def write(path: Path, data: bytes = b"a;b\n1;2\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def displays(found: list[SourceFile]) -> list[str]:
    return [f.display for f in found]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "daten"
    write(root / "b.csv", b"b;x\n")
    write(root / "a.CSV", b"a;x\n")
    write(root / "c.txt", b"c;x\n")
    write(root / "bericht.pdf", b"%PDF-1.7")
    write(root / "tabelle.xlsx", b"PK\x03\x04")
    write(root / ".versteckt.csv")
    write(root / "sub" / "d.csv", b"d;x\n")
    write(root / "sub" / ".e.csv")
    write(root / "sub" / "tief" / "f.csv", b"f;x\n")
    write(root / ".git" / "g.csv")
    return root


def test_folder_non_recursive(tree: Path) -> None:
    found = collect([tree])
    assert displays(found) == [str(tree / "a.CSV"), str(tree / "b.csv"), str(tree / "c.txt")]
    first = found[0]
    assert first.name == "a.CSV"
    assert first.size == 4
    assert first.read() == b"a;x\n"


def test_folder_recursive_skips_hidden_files_and_folders(tree: Path) -> None:
    found = collect([tree], recursive=True)
    assert sorted(displays(found)) == sorted(
        str(p)
        for p in (
            tree / "a.CSV",
            tree / "b.csv",
            tree / "c.txt",
            tree / "sub" / "d.csv",
            tree / "sub" / "tief" / "f.csv",
        )
    )
    assert {f.name: f.read() for f in found}["f.csv"] == b"f;x\n"


def test_a_hidden_folder_given_explicitly_is_read(tmp_path: Path) -> None:
    folder = tmp_path / ".export"
    write(folder / "x.csv")
    assert displays(collect([folder])) == [str(folder / "x.csv")]


def test_a_file_given_directly_is_taken_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "ergebnisse.dat", b"x")
    found = collect([path, str(path)])
    assert displays(found) == [str(path), str(path)]
    assert found[0].name == "ergebnisse.dat"
    assert found[0].read() == b"x"


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "gibt-es-nicht.csv"
    with pytest.raises(InputError) as error:
        collect([tmp_path, missing])
    assert error.value.key == "input.missing"
    assert error.value.params == {"path": str(missing)}


def test_file_deleted_before_reading_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv")
    (found,) = collect([path])
    path.unlink()
    with pytest.raises(InputError) as error:
        found.read()
    assert error.value.key == "input.unreadable"
    assert error.value.params["path"] == str(path)


# --- zip archives --------------------------------------------------------------------------------


def test_zip_members_are_read_in_memory(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "paket.zip",
        {
            "ordner/": b"",
            "ordner/b.csv": b"b;x\n" * 100,
            "a.csv": "a;ä\n".encode(),
            "liesmich.pdf": b"%PDF",
            "c.TXT": b"c\n",
        },
    )
    before = sorted(tmp_path.rglob("*"))
    found = collect([archive])
    assert displays(found) == [f"{archive}:a.csv", f"{archive}:c.TXT", f"{archive}:ordner/b.csv"]
    assert [f.name for f in found] == ["a.csv", "c.TXT", "b.csv"]
    assert [f.size for f in found] == [len("a;ä\n".encode()), 2, 400]
    assert found[0].read() == "a;ä\n".encode()
    assert found[2].read() == b"b;x\n" * 100
    assert sorted(tmp_path.rglob("*")) == before, "nothing may be extracted"


def test_zip_in_a_folder(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "in" / "paket.zip", {"x.csv": b"1"})
    write(tmp_path / "in" / "y.csv", b"2")
    found = collect([tmp_path / "in"])
    assert displays(found) == [f"{archive}:x.csv", str(tmp_path / "in" / "y.csv")]
    assert [f.read() for f in found] == [b"1", b"2"]


def test_zip_in_a_subfolder_is_found_recursively_only(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "in" / "sub" / "paket.zip", {"x.csv": b"1"})
    assert collect([tmp_path / "in"]) == []
    assert displays(collect([tmp_path / "in"], recursive=True)) == [f"{archive}:x.csv"]


def test_zip_skips_hidden_members_and_macos_resource_forks(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "paket.zip",
        {
            "x.csv": b"1",
            ".y.csv": b"2",
            "__MACOSX/._x.csv": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
            "ordner/.z.csv": b"3",
        },
    )
    assert displays(collect([archive])) == [f"{archive}:x.csv"]


@pytest.mark.parametrize(
    "member",
    [
        "../evil.csv",
        "ordner/../../evil.csv",
        "/etc/evil.csv",
        "..\\evil.csv",
        "C:/evil.csv",
        "C:evil.csv",
    ],
)
def test_zip_with_an_unsafe_member_name_is_refused(tmp_path: Path, member: str) -> None:
    archive = make_zip(tmp_path / "paket.zip", {"gut.csv": b"1", member: b"2"})
    for given in (archive, tmp_path):
        with pytest.raises(InputError) as error:
            collect([given])
        assert error.value.key == "input.zip_unsafe"
        assert error.value.params == {"path": str(archive), "member": member}


def test_zip_member_names_with_dots_inside_are_safe(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "paket.zip", {"a..b.csv": b"1", "./c.csv": b"2"})
    assert [f.name for f in collect([archive])] == ["c.csv", "a..b.csv"]


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04 truncated"])
def test_broken_zip_in_a_folder_and_given_directly(tmp_path: Path, content: bytes) -> None:
    archive = write(tmp_path / "kaputt.zip", content)
    for given in (tmp_path, archive):
        with pytest.raises(InputError) as error:
            collect([given])
        assert error.value.key == "input.zip_broken"
        assert error.value.params["path"] == str(archive)


def test_truncated_zip_given_directly_is_broken(tmp_path: Path) -> None:
    full = make_zip(tmp_path / "voll.zip", {"x.csv": b"a;b\n" * 1000})
    archive = write(tmp_path / "abgeschnitten.zip", full.read_bytes()[:-30])
    with pytest.raises(InputError) as error:
        collect([archive])
    assert error.value.key == "input.zip_broken"


def test_encrypted_zip_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "geheim.zip", {"x.csv": b"1"})
    # zipfile cannot encrypt; set the "encrypted" flag in the central directory by hand.
    data = bytearray(archive.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x01
    archive.write_bytes(bytes(data))
    with pytest.raises(InputError) as error:
        collect([archive])
    assert error.value.key == "input.zip_encrypted"
    assert error.value.params == {"path": str(archive), "member": "x.csv"}


def test_zip_inflating_beyond_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_zip(tmp_path / "bombe.zip", {"x.csv": b"0" * 600, "y.csv": b"0" * 600})
    monkeypatch.setattr(sources, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(InputError) as error:
        collect([archive])
    assert error.value.key == "input.zip_too_large"
    assert error.value.params == {"path": str(archive), "limit": 1000}
    monkeypatch.setattr(sources, "MAX_UNCOMPRESSED_BYTES", 1200)
    assert len(collect([archive])) == 2


def test_zip_damaged_after_listing_fails_on_read(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "paket.zip", {"x.csv": b"a;b\n" * 100})
    (found,) = collect([archive])
    archive.write_bytes(b"weg")
    with pytest.raises(InputError) as error:
        found.read()
    assert error.value.key == "input.zip_broken"


def test_relative_dot_paths_are_not_hidden(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "sub")
    assert displays(collect(["."], recursive=True)) == ["d.csv", str(Path("tief", "f.csv"))]
    assert str(Path("..", "sub", "d.csv")) in displays(collect([".."], recursive=True))
