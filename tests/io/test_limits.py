"""Limits on what is actually read: per file, per zip member, per run, and the zip ratio."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from wahldaten.io.limits import (
    CHUNK,
    DEFAULT_LIMITS,
    GIB,
    MIB,
    Budget,
    Limits,
    format_size,
    parse_size,
    read_limited,
)
from wahldaten.io.sources import InputError, collect, gather

BOMB_NAME = "05999001_20250914_Ratswahl-NRW_Wahlergebnisse_V0-3_20250915T101500.csv"


@contextmanager
def refused(key: str) -> Iterator[dict[str, object]]:
    """An `InputError` with this key must be raised; its params fill the yielded dict."""
    params: dict[str, object] = {}
    with pytest.raises(InputError) as caught:
        yield params
    assert caught.value.key == key, caught.value.key
    params.update(caught.value.params)


def zip_of(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# --- the settings ------------------------------------------------------------------------------


def test_defaults_fit_a_nationwide_package_with_room() -> None:
    assert Limits() == DEFAULT_LIMITS
    assert (DEFAULT_LIMITS.max_bytes, DEFAULT_LIMITS.max_file_bytes) == (GIB, 512 * MIB)
    assert DEFAULT_LIMITS.max_ratio == 200
    assert DEFAULT_LIMITS.file_limit == 512 * MIB
    assert Limits(max_bytes=100 * MIB).file_limit == 100 * MIB


@pytest.mark.parametrize(
    "bad", [{"max_bytes": -1}, {"max_file_bytes": 1.5}, {"max_ratio": 0}, {"max_members": True}]
)
def test_nonsensical_limits_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Limits(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1073741824", GIB),
        ("512M", 512 * MIB),
        ("512 MiB", 512 * MIB),
        ("1g", GIB),
        ("1.5GB", 3 * GIB // 2),
        ("64k", 64 * 1024),
        (2048, 2048),
    ],
)
def test_parse_size(text: str | int, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "viel", "-5", "5X", "1 GB 2", -1])
def test_parse_size_refuses_what_is_no_size(text: str | int) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_format_size() -> None:
    assert [format_size(n) for n in (GIB, 512 * MIB, 64 * 1024, 1000, 3 * MIB // 2, 1_500_000)] == [
        "1 GiB",
        "512 MiB",
        "64 KiB",
        "1000 B",
        "1536 KiB",
        "1.4 MiB",
    ]


# --- counting what is read ---------------------------------------------------------------------


def test_read_limited_stops_at_the_file_limit_without_reading_on() -> None:
    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            self.served = 0

        def read(self, size: int = -1) -> bytes:
            self.served += size
            return b"0" * size

    stream = Endless()
    limits = Limits(max_file_bytes=10 * MIB)
    with refused("input.file_too_large") as params:
        read_limited(stream, "/dev/endless", Budget(limits))
    assert params == {"path": "/dev/endless", "limit": "10 MiB"}
    assert stream.served <= 10 * MIB + 1


class Served(io.RawIOBase):
    """A stream of `data` that records the size of every read asked for."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.asked: list[int] = []
        self.pieces: list[bytes] = []

    def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        piece, self.data = self.data[:size], self.data[size:]
        self.pieces.append(piece)
        return piece


def test_a_listed_size_is_read_in_one_piece_and_returned_without_a_copy() -> None:
    data = b"0" * (CHUNK + 1000)
    stream = Served(data)
    budget = Budget()
    read = read_limited(stream, "a.csv", budget, size=len(data))
    assert read == data
    assert read is stream.pieces[0]  # the one buffer read, not a joined copy
    assert stream.asked[0] == len(data)
    assert budget.used == len(data)


def test_without_a_listed_size_a_stream_is_read_in_chunks() -> None:
    stream = Served(b"0" * (CHUNK + 1000))
    assert len(read_limited(stream, "a.csv", Budget())) == CHUNK + 1000
    assert stream.asked[:2] == [CHUNK, CHUNK]


def test_a_zip_member_is_read_in_chunks_whatever_its_declared_size() -> None:
    stream = Served(b"0" * (CHUNK + 1000))
    with refused("input.zip_ratio"):
        read_limited(stream, "p.zip:x.csv", Budget(), compressed=1000, size=CHUNK + 1000)
    assert stream.asked == [CHUNK]


def test_what_follows_the_listed_size_is_read_and_counted() -> None:
    stream = Served(b"0" * 3000)
    budget = Budget(Limits(max_file_bytes=10 * MIB))
    assert len(read_limited(stream, "a.csv", budget, size=1000)) == 3000
    assert stream.asked[0] == 1000
    assert budget.used == 3000


def test_an_endless_stream_with_a_listed_size_stops_at_the_file_limit() -> None:
    class Endless(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            return b"0" * size

    with refused("input.file_too_large"):
        read_limited(Endless(), "/dev/endless", Budget(Limits(max_file_bytes=MIB)), size=100)


def test_a_file_exactly_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    limits = Limits(max_file_bytes=1000)
    at_limit, over = tmp_path / "a.csv", tmp_path / "b.csv"
    at_limit.write_bytes(b"0" * 1000)
    over.write_bytes(b"0" * 1001)
    (found,) = collect([at_limit], limits=limits)
    assert len(found.read()) == 1000
    with refused("input.file_too_large"):
        collect([over], limits=limits)
    # At the limit when listed, one byte more when read: the byte after the listed size counts.
    at_limit.write_bytes(b"0" * 1001)
    with refused("input.file_too_large"):
        found.read()


def test_a_file_that_shrinks_after_listing_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a;b\n" * 100)
    (found,) = collect([path])
    path.write_bytes(b"a;b\n")
    assert found.read() == b"a;b\n"


def test_budget_counts_a_source_read_twice_once() -> None:
    budget = Budget(Limits(max_bytes=100))
    budget.charge("a", 60)
    budget.charge("a", 60)
    budget.charge("a", 10)
    assert budget.used == 60
    with refused("input.run_too_large") as params:
        budget.charge("b", 41)
    assert params == {"path": "b", "limit": "100 B"}


def test_a_plain_file_above_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gross.csv"
    path.write_bytes(b"a;b\n" * 300)
    with refused("input.file_too_large") as params:
        collect([path], limits=Limits(max_file_bytes=1000))
    assert params == {"path": str(path), "limit": "1000 B"}
    with refused("input.file_too_large"):
        collect([tmp_path], limits=Limits(max_file_bytes=1000))
    assert len(collect([path], limits=Limits(max_file_bytes=1200))) == 1


def test_a_file_that_grows_after_listing_is_stopped_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(b"a;b\n")
    (found,) = collect([path], limits=Limits(max_file_bytes=1000))
    path.write_bytes(b"a;b\n" * 1000)
    with refused("input.file_too_large"):
        found.read()


def test_the_run_limit_counts_every_file_of_the_run(tmp_path: Path) -> None:
    for name in ("a.csv", "b.csv", "c.csv"):
        (tmp_path / name).write_bytes(b"0" * 400)
    with refused("input.run_too_large") as params:
        collect([tmp_path], limits=Limits(max_bytes=1000))
    assert params == {"path": str(tmp_path / "c.csv"), "limit": "1000 B"}
    # Known sizes pass, but the files grow: the bytes read still count.
    found = collect([tmp_path], limits=Limits(max_bytes=1300))
    (tmp_path / "c.csv").write_bytes(b"0" * 600)
    found[0].read()
    found[1].read()
    found[0].read()  # read again: not counted twice
    with refused("input.run_too_large"):
        found[2].read()


def test_calls_sharing_a_budget_share_the_run_limit(tmp_path: Path) -> None:
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_bytes(b"0" * 600)
    budget = Budget(Limits(max_bytes=1000))
    collect([tmp_path / "a.csv"], budget=budget)
    collect([tmp_path / "a.csv"], budget=budget)  # the same file again: planned once
    with refused("input.run_too_large") as params:
        collect([tmp_path / "b.csv"], budget=budget)
    assert params["path"] == str(tmp_path / "b.csv")
    with pytest.raises(ValueError):
        collect([tmp_path], limits=Limits(max_bytes=5), budget=budget)


def test_the_same_file_given_twice_counts_once(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"0" * 600)
    found = collect([path, path], limits=Limits(max_bytes=1000))
    assert [len(f.read()) for f in found] == [600, 600]


# --- zip archives ------------------------------------------------------------------------------


def test_a_member_declared_above_the_limit_is_refused_before_inflating(tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "p.zip", {"x.csv": b"a;b\n" * 500, "y.csv": b"1"})
    with refused("input.file_too_large") as params:
        gather([archive], limits=Limits(max_file_bytes=1000))
    assert params == {"path": f"{archive}:x.csv", "limit": "1000 B"}


def test_members_that_are_not_read_do_not_count(tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "p.zip", {"x.csv": b"1", "handbuch.pdf": os.urandom(5000)})
    assert len(collect([archive], limits=Limits(max_bytes=1000))) == 1


def test_the_run_limit_holds_across_members_and_archives(tmp_path: Path) -> None:
    zip_of(tmp_path / "a.zip", {"x.csv": b"0" * 600})
    zip_of(tmp_path / "b.zip", {"y.csv": b"0" * 600})
    with refused("input.run_too_large") as params:
        collect([tmp_path], limits=Limits(max_bytes=1000))
    assert params["path"] == f"{tmp_path / 'b.zip'}:y.csv"


def test_a_member_inflating_too_many_times_is_refused(tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "p.zip", {"x.csv": b"0" * (2 * MIB)})
    limits = Limits(ratio_from_bytes=MIB)
    with refused("input.zip_ratio") as params:
        collect([archive], limits=limits)
    assert params["path"] == f"{archive}:x.csv"
    assert params["limit"] == "200"
    assert int(str(params["ratio"])) > 200
    # Small members are not judged by their ratio (a tiny CSV can compress well).
    assert len(collect([archive], limits=Limits(ratio_from_bytes=4 * MIB))) == 1
    assert len(collect([archive], limits=Limits(ratio_from_bytes=MIB, max_ratio=5000))) == 1


def test_many_small_members_are_judged_together(tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "p.zip", {f"m{i}.csv": b"0" * (512 * 1024) for i in range(8)})
    with refused("input.zip_ratio") as params:
        collect([archive], limits=Limits(ratio_from_bytes=MIB))
    assert params["path"] == str(archive)


def test_the_ratio_is_checked_while_inflating(tmp_path: Path) -> None:
    # A member whose declared sizes pass (as if forged), and that inflates far beyond them.
    archive = zip_of(tmp_path / "p.zip", {"x.csv": b"0" * (8 * MIB)})
    (found,) = collect([archive], limits=Limits(ratio_from_bytes=16 * MIB))
    budget = Budget(Limits(ratio_from_bytes=MIB))
    with (
        zipfile.ZipFile(archive) as opened,
        opened.open("x.csv") as stream,
        refused("input.zip_ratio"),
    ):
        read_limited(stream, "p.zip:x.csv", budget, compressed=1000)
    assert len(found.read()) == 8 * MIB


def test_too_many_members(tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "p.zip", {f"m{i}.csv": b"1" for i in range(11)})
    with refused("input.zip_too_many") as params:
        collect([archive], limits=Limits(max_members=10))
    assert params == {"path": str(archive), "count": 11, "limit": 10}


def test_the_real_europawahl_archive_fits_the_defaults() -> None:
    archive = Path(__file__).parents[3] / "shared/realdata/bundeswahlleiterin/ew24_wbz.zip"
    if not archive.exists():
        pytest.skip("../shared/realdata is not here")
    found = collect([archive])
    assert sum(len(f.read()) for f in found) > 10 * MIB


# --- the zip bomb of issue 9, end to end -------------------------------------------------------


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1 GiB of `0` in a 1 MiB zip, named like a Wahlergebnisse file."""
    path = tmp_path_factory.mktemp("bomb") / "b.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(BOMB_NAME, "w", force_zip64=True) as member,
    ):
        block = b"0" * MIB
        for _ in range(1024):
            member.write(block)
    return path


MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(done.returncode, peak, time.monotonic() - start)
sys.stderr.write(done.stderr)
"""


def measured(*args: str) -> tuple[int, int, float, str]:
    """Exit code, peak RSS in bytes and seconds of a child process, and its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "WAHLDATEN_LANG": "en"},
    )
    code, peak, seconds = done.stdout.split()
    return int(code), int(peak), float(seconds), done.stderr


LIBRARY = """
import sys, wahldaten
try:
    if sys.argv[1] == "inspect":
        wahldaten.inspect([sys.argv[2]])
    else:
        wahldaten.validate(sys.argv[2])
except wahldaten.InputError as error:
    sys.stderr.write(str(error))
    sys.exit(3)
"""


@pytest.mark.parametrize(
    "command",
    [
        ("-c", LIBRARY, "validate"),
        ("-c", LIBRARY, "inspect"),
        ("-m", "wahldaten", "validate"),
        ("-m", "wahldaten", "convert", "-o", "/nonexistent/out"),
    ],
    ids=["library-validate", "library-inspect", "cli-validate", "cli-convert"],
)
def test_the_zip_bomb_ends_at_once_in_bounded_memory(bomb: Path, command: tuple[str, ...]) -> None:
    """Issue 9: 1 GiB of zeros in a 1 MiB zip grew `validate` to 23 GiB."""
    flag, program, *rest = command
    if flag == "-m":
        args = (sys.executable, flag, program, rest[0], str(bomb), *rest[1:])
    else:
        args = (sys.executable, flag, program, rest[0], str(bomb))
    code, peak, seconds, stderr = measured(*args)
    assert code == 3, stderr
    assert seconds < 60
    assert peak < GIB
    assert BOMB_NAME in stderr and "512 MiB" in stderr
