"""Batch runs: many packages below a folder, validated in parallel, one line per package."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wahldaten
from strategies import elections
from support import FIXTURES, ROOT
from wahldaten.formats import owd
from wahldaten.formats import votemanager as vm


@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(elections(), min_size=24, max_size=24))
def test_many_generated_packages_in_parallel(tmp_path_factory: object, generated: list) -> None:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("archiv")  # type: ignore[attr-defined]
    for number, item in enumerate(generated):
        folder = root / f"kreis-{number % 3}" / f"gemeinde-{number:02d}"
        if number % 4 == 3:
            vm.write(item.election, folder)  # vendor exports sit beside OWD packages
        else:
            owd.write_package(item.election, folder, stamp="20250101T000000")
    serial = wahldaten.validate(root, recursive=True, jobs=1)
    seen: list[tuple[int, int]] = []
    parallel = wahldaten.validate(
        root, recursive=True, jobs=2, progress=lambda done, total: seen.append((done, total))
    )
    assert len(parallel.packages) == len(serial.packages) == 24
    assert [p.title for p in parallel.packages] == [p.title for p in serial.packages]
    assert parallel.counts_by_code() == serial.counts_by_code()
    assert parallel.exit_code == 0
    assert seen[-1] == (24, 24)


def test_recursive_cli_prints_one_line_per_package_and_totals() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "validate",
            str(FIXTURES / "valid"),
            "--recursive",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = result.stdout.splitlines()
    package_lines = [line for line in lines if line.startswith(("✓ ", "✗ "))]
    packages = [d for d in (FIXTURES / "valid").iterdir() if d.is_dir()]
    failed = sum(line.startswith("✗ ") for line in package_lines)
    assert len(package_lines) == len(packages) > 1
    assert f"{len(packages)} packages checked, {failed} failed." in result.stdout
    assert result.returncode == (1 if failed else 0)
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from wahldaten.report.progress import Progress

    stream = io.StringIO()
    bar = Progress(stream=stream)
    bar.started -= 10
    bar.update(1, 2)
    assert stream.getvalue() == ""  # StringIO is not a terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    bar = Progress(stream=terminal)
    bar.started -= 10
    bar.update(1, 2)
    bar.close()
    assert "1/2" in terminal.getvalue()
    quiet = Progress(enabled=False, stream=Terminal())
    quiet.started -= 10
    quiet.update(1, 2)
    assert quiet.stream.getvalue() == ""  # type: ignore[attr-defined]


def test_whole_packages_option_validates_the_folder_of_a_changed_file() -> None:
    changed = next((FIXTURES / "invalid" / "A01").glob("*_Wahlergebnisse_*.csv"))
    alone = subprocess.run(
        [sys.executable, "-m", "wahldaten", "validate", str(changed)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "R01" in alone.stdout  # one file alone lacks its package
    whole = subprocess.run(
        [sys.executable, "-m", "wahldaten", "validate", "--whole-packages", str(changed)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "R01" not in whole.stdout and "A01" in whole.stdout
