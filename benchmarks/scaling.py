"""How cost grows: validation time and peak memory over the number of Bezirke and of columns.

Each size is a generated package (benchmarks/generate.py), validated as a whole process and
read by the polars floor in the same run. The growth is the least-squares slope of log(cost)
over log(size): 1.0 is linear. The plot (PNG) needs matplotlib, an optional benchmark
dependency (`pip install -e '.[bench]'`); without it the table is printed alone.
"""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import generate
import measure

PYTHON = sys.executable
ROWS_FULL = (10_000, 100_000, 1_000_000)
ROWS_SMALL = (1_000, 3_000, 10_000)
COLUMNS_FULL = (10, 100, 1_000)
COLUMNS_SMALL = (10, 30, 100)
COLUMNS_AT_ROWS = 10_000  # the column series holds the Bezirke fixed
# Count columns of a one-vote package besides the parties: A1, A2, A3, A, B, B1, C, D.
LETTERS = 8
BASE = generate.Spec(
    gs="09000000",
    name="Bundestagswahl",
    datum="23.02.2025",
    bezirke=10_000,
    parties=30,
    municipalities=1_000,
    areas=20,
    second_vote=True,
)


@dataclass(frozen=True)
class Point:
    """One size of a series."""

    series: str  # "rows" or "columns"
    size: int  # Bezirke, or count columns
    bytes: int
    seconds: float
    floor_seconds: float
    peak_rss: int
    floor_peak_rss: int


def spec_for(series: str, size: int) -> generate.Spec:
    if series == "rows":
        return dataclasses.replace(
            BASE, bezirke=size, municipalities=max(10, size // 10), areas=max(1, size // 5_000)
        )
    return dataclasses.replace(
        BASE,
        bezirke=COLUMNS_AT_ROWS,
        municipalities=COLUMNS_AT_ROWS // 10,
        parties=max(1, size - LETTERS),
        second_vote=False,
        areas=1,
    )


def _prepared(spec: generate.Spec, folder: Path) -> Path:
    stamp = folder / ".spec"
    if not stamp.exists() or stamp.read_text() != repr(spec):
        shutil.rmtree(folder, ignore_errors=True)
        generate.write(spec, folder)
        stamp.write_text(repr(spec))
    return folder


def measure_point(
    series: str, size: int, workdir: Path, repeat: int, floor_process: str, schemas: object
) -> Point:
    """`floor_process` and `schemas` (a callable: folder → {path: {column: type}}) come from
    run.py, so that the floor is the same as in the main table."""
    folder = _prepared(spec_for(series, size), workdir / f"scaling-{series}-{size}")
    files = sorted(folder.glob("*.csv"))
    argument = json.dumps({str(p): s for p, s in schemas(folder).items()})  # type: ignore[operator]
    floor = measure.process([PYTHON, "-c", floor_process, argument], repeat)
    cli = measure.process([PYTHON, "-m", "wahldaten", "validate", str(folder)], repeat, 1800)
    if cli.returncode not in (0, 1):
        raise RuntimeError(f"validate failed on the {series} series at {size}")
    return Point(
        series,
        size,
        measure.size_on_disk(files),
        cli.seconds,
        floor.seconds,
        cli.peak_rss,
        floor.peak_rss,
    )


def growth(points: list[Point], value: str) -> float | None:
    """The least-squares slope of log(value) over log(size): 1.0 is linear growth."""
    pairs = [(math.log(p.size), math.log(getattr(p, value))) for p in points]
    if len(pairs) < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    spread = sum((x - mean_x) ** 2 for x, _ in pairs)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / spread


def table(points: list[Point]) -> str:
    lines = [
        "| series | size | CSV | validate | floor | ratio | peak memory | ÷ CSV | floor memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        unit = "Bezirke" if p.series == "rows" else "columns"
        lines.append(
            f"| {p.series} | {p.size:,} {unit} | {p.bytes / 2**20:,.0f} MiB | "
            f"{p.seconds:.2f} s | {p.floor_seconds:.2f} s | {p.seconds / p.floor_seconds:.1f}× | "
            f"{p.peak_rss / 2**20:,.0f} MiB | {p.peak_rss / p.bytes:.1f}× | "
            f"{p.floor_peak_rss / 2**20:,.0f} MiB |"
        )
    for series in ("rows", "columns"):
        chosen = [p for p in points if p.series == series]
        time_growth, memory_growth = growth(chosen, "seconds"), growth(chosen, "peak_rss")
        if time_growth is not None and memory_growth is not None:
            lines.append(
                f"\nGrowth over {series}: time ∝ size^{time_growth:.2f}, "
                f"peak memory ∝ size^{memory_growth:.2f} (1.00 = linear)"
            )
        # The smallest sizes are mostly start-up; the last step shows the cost per row.
        last_time, last_memory = growth(chosen[-2:], "seconds"), growth(chosen[-2:], "peak_rss")
        if len(chosen) > 2 and last_time is not None and last_memory is not None:
            lines.append(
                f"between the two largest sizes: time ∝ size^{last_time:.2f}, "
                f"peak memory ∝ size^{last_memory:.2f}"
            )
    return "\n".join(lines)


def plot(points: list[Point], path: Path) -> bool:
    """Write the series as a PNG (log-log); False where matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axes = plt.subplots(2, 2, figsize=(10, 7))
    for column, series in enumerate(("rows", "columns")):
        chosen = [p for p in points if p.series == series]
        if not chosen:
            continue
        sizes = [p.size for p in chosen]
        label = "Bezirke" if series == "rows" else "count columns"
        timing, memory = axes[0][column], axes[1][column]
        timing.loglog(sizes, [p.seconds for p in chosen], "o-", label="wahldaten validate")
        timing.loglog(sizes, [p.floor_seconds for p in chosen], "s--", label="polars read (floor)")
        memory.loglog(sizes, [p.peak_rss / 2**20 for p in chosen], "o-", label="validate")
        memory.loglog(sizes, [p.bytes / 2**20 for p in chosen], "s--", label="CSV on disk")
        timing.set_title(f"time over {label}")
        memory.set_title(f"peak memory (MiB) over {label}")
        for axis in (timing, memory):
            axis.set_xlabel(label)
            axis.grid(True, which="both", alpha=0.3)
            axis.legend()
        timing.set_ylabel("seconds (median)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return True


BATCHES_FULL = (100, 1_000)
BATCHES_SMALL = (10, 30)


@dataclass(frozen=True)
class BatchPoint:
    packages: int
    seconds: float
    cores: int
    peak_rss: int

    @property
    def per_core(self) -> float:
        """Packages validated per second and core."""
        return self.packages / self.seconds / self.cores


def measure_batch(packages: int, workdir: Path, repeat: int, cores: int) -> BatchPoint:
    """`wahldaten validate -r` over `packages` small council elections, as one process that
    starts one worker per core."""
    folder = workdir / f"scaling-batch-{packages}"
    stamp = folder / ".spec"
    if not stamp.exists() or stamp.read_text() != str(packages):
        shutil.rmtree(folder, ignore_errors=True)
        for number in range(packages):
            generate.write(generate.small_municipality(number), folder / f"{number:04d}")
        stamp.write_text(str(packages))
    run = measure.process([PYTHON, "-m", "wahldaten", "validate", "-r", str(folder)], repeat, 1800)
    return BatchPoint(packages, run.seconds, cores, run.peak_rss)


def batch_table(points: list[BatchPoint]) -> str:
    lines = [
        "| packages | validate -r | packages/s | per core | peak memory |",
        "|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        lines.append(
            f"| {p.packages:,} | {p.seconds:.1f} s | {p.packages / p.seconds:.1f} | "
            f"{p.per_core:.1f} | {p.peak_rss / 2**20:,.0f} MiB |"
        )
    return "\n".join(lines)
