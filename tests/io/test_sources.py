"""Finding input files: single files, folders (flat and recursive) and zip archives."""

from __future__ import annotations

import errno
import os
import pickle
import socket
import stat
import zipfile
from pathlib import Path
from typing import BinaryIO

import pytest

from wahldaten.io import files, sources
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


def test_zip_member_of_an_unsupported_compression_fails_on_read(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "paket.zip", {"x.csv": b"a;b\n" * 100})
    # Method 9 (Deflate64) is common in Windows archives and unsupported by zipfile.
    data = bytearray(archive.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(signature)
        data[at + offset : at + offset + 2] = (9).to_bytes(2, "little")
    archive.write_bytes(bytes(data))
    (found,) = collect([archive])
    with pytest.raises(InputError) as error:
        found.read()
    assert error.value.key == "input.zip_broken"
    assert error.value.params["path"] == f"{archive}:x.csv"


def test_zip_members_stored_as_symlinks_are_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "paket.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("gut.csv", b"1")
        link = zipfile.ZipInfo("link.csv")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(link, "/etc/passwd")
    found = sources.gather([archive])
    assert displays(found.files) == [f"{archive}:gut.csv"]
    assert [(s.path, s.key) for s in found.skipped] == [
        (f"{archive}:link.csv", "input.zip_member_special")
    ]


def test_head_reads_only_the_first_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", b"a;b\n" * 1000)
    archive = make_zip(tmp_path / "p.zip", {"y.csv": b"c;d\n" * 1000})
    for source in collect([path, archive]):
        assert source.head(6) in (b"a;b\na;", b"c;d\nc;")
        assert len(source.head()) == 4000


# --- only regular files ------------------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


def test_a_fifo_given_directly_is_refused_without_opening_it(fifo: Path) -> None:
    with pytest.raises(InputError) as error:
        collect([fifo])
    assert (error.value.key, error.value.params) == ("input.not_regular_fifo", {"path": str(fifo)})


def test_a_symlink_to_a_fifo_is_refused(fifo: Path) -> None:
    link = fifo.with_name("link.csv")
    link.symlink_to(fifo)
    with pytest.raises(InputError) as error:
        collect([link])
    assert error.value.key == "input.not_regular_fifo"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_given_directly_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    with pytest.raises(InputError) as error:
        collect([device])
    assert (error.value.key, error.value.params) == ("input.not_regular_device", {"path": device})


def test_a_fifo_named_like_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "paket.zip"
    os.mkfifo(path)
    with pytest.raises(InputError) as error:
        collect([path])
    assert error.value.key == "input.not_regular_fifo"


def test_special_files_in_a_folder_are_skipped_and_reported(tmp_path: Path, fifo: Path) -> None:
    write(tmp_path / "gut.csv")
    (tmp_path / "link.csv").symlink_to(fifo)
    (tmp_path / "null.csv").symlink_to("/dev/null")
    (tmp_path / "weg.csv").symlink_to(tmp_path / "gibt-es-nicht.csv")
    os.mkfifo(tmp_path / "egal.pdf")  # not a data file: not even looked at
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.csv"))
        found = sources.gather([tmp_path])
    finally:
        server.close()
    assert displays(found.files) == [str(tmp_path / "gut.csv")]
    assert sorted((Path(s.path).name, s.key) for s in found.skipped) == [
        ("link.csv", "input.not_regular_fifo"),
        ("null.csv", "input.not_regular_device"),
        ("pipe.csv", "input.not_regular_fifo"),
        ("s.csv", "input.not_regular_socket"),
        ("weg.csv", "input.unreadable"),
    ]
    assert displays(collect([tmp_path])) == displays(found.files)
    (weg,) = (s for s in found.skipped if s.path.endswith("weg.csv"))
    assert "weg.csv" in weg.message("de") and "No such file" in weg.message("en")


def test_a_file_swapped_for_a_fifo_after_listing_is_refused_on_read(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv")
    (found,) = collect([path])
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(InputError) as error:
        found.read()  # would hang forever if the FIFO were opened for blocking reads
    assert error.value.key == "input.not_regular_fifo"


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "daten" / "x.csv")
    (tmp_path / "daten" / "schleife").symlink_to(tmp_path / "daten")
    (tmp_path / "daten" / "ordner.csv").symlink_to(tmp_path)
    found = sources.gather([tmp_path / "daten"], recursive=True)
    assert displays(found.files) == [str(tmp_path / "daten" / "x.csv")]
    assert found.skipped == []


# --- unreadable input --------------------------------------------------------------------------


def _denied(path: Path) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def _deny_listing(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real = sources._listing

    def listing(folder: Path) -> list[os.DirEntry[str]]:
        if folder == denied:
            raise _denied(folder)
        return real(folder)

    monkeypatch.setattr(sources, "_listing", listing)


def _deny_open(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real = files.open_regular

    def open_regular(path: Path) -> BinaryIO:
        if path == denied:
            raise InputError("input.unreadable", path=str(path), reason=_denied(path).strerror)
        return real(path)

    monkeypatch.setattr(files, "open_regular", open_regular)


def test_an_unreadable_folder_given_directly_is_an_input_error(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny_listing(monkeypatch, tree)
    with pytest.raises(InputError) as error:
        collect([tree])
    assert error.value.key == "input.unreadable"
    assert error.value.params == {"path": str(tree), "reason": "Permission denied"}


def test_an_unreadable_sub_folder_is_reported_not_skipped_silently(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny_listing(monkeypatch, tree / "sub")
    found = sources.gather([tree], recursive=True)
    assert sorted(Path(f.display).name for f in found.files) == ["a.CSV", "b.csv", "c.txt"]
    assert found.skipped == [
        sources.Skipped(
            str(tree / "sub"),
            "input.unreadable",
            {"path": str(tree / "sub"), "reason": "Permission denied"},
        )
    ]


def test_an_unreadable_file_given_directly_or_in_a_folder(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denied = tree / "b.csv"
    _deny_open(monkeypatch, denied)
    with pytest.raises(InputError) as error:
        collect([denied])
    assert (error.value.key, error.value.params["path"]) == ("input.unreadable", str(denied))
    found = sources.gather([tree])
    assert displays(found.files) == [str(tree / "a.CSV"), str(tree / "c.txt")]
    assert [(s.path, s.key) for s in found.skipped] == [(str(denied), "input.unreadable")]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files without permission"
)
def test_permissions_really_denied(tree: Path) -> None:
    (tree / "sub").chmod(0)
    (tree / "b.csv").chmod(0)
    try:
        found = sources.gather([tree], recursive=True)
        assert {Path(s.path).name for s in found.skipped} == {"sub", "b.csv"}
        (tree / "sub").chmod(0o700)
        with pytest.raises(InputError):
            collect([tree / "b.csv"])
    finally:
        (tree / "sub").chmod(0o700)
        (tree / "b.csv").chmod(0o600)


def test_a_path_below_an_unsearchable_folder_is_unreadable_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.csv"
    real = Path.stat

    def denied_stat(self: Path, **kwargs: bool) -> os.stat_result:
        if self == target:
            raise _denied(self)
        return real(self, **kwargs)

    monkeypatch.setattr(Path, "stat", denied_stat)
    with pytest.raises(InputError) as error:
        collect([target])
    assert error.value.key == "input.unreadable"


# --- the error itself --------------------------------------------------------------------------


def test_input_error_renders_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    error = InputError("input.missing", path="/x.csv")
    assert (error.key, error.params) == ("input.missing", {"path": "/x.csv"})
    monkeypatch.setenv("WAHLDATEN_LANG", "de")
    assert str(error) == "Der Pfad /x.csv existiert nicht."
    monkeypatch.setenv("WAHLDATEN_LANG", "en")
    assert str(error) == "The path /x.csv does not exist."
    assert error.message("de") == "Der Pfad /x.csv existiert nicht."


def test_input_error_crosses_process_boundaries() -> None:
    error = pickle.loads(pickle.dumps(InputError("input.unreadable", path="p", reason="r")))
    assert isinstance(error, InputError)
    assert (error.key, error.params) == ("input.unreadable", {"path": "p", "reason": "r"})
