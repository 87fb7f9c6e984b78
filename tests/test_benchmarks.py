"""The benchmark script still works: CI runs it in its small mode (speed is judged by the
full run, never by timed tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import ROOT


def test_small_benchmark_runs_and_reports_every_measurement(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--small",
            "--no-scaling",  # the series are tested on their own below
            "--workdir",
            str(tmp_path / "inputs"),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| Measurement |" in result.stdout
    rows = {row["name"]: row for row in json.loads(output.read_text(encoding="utf-8"))["rows"]}
    for name in (
        "nationwide: validate, in-process",
        "nationwide: validate, whole process",
        "nationwide: peak memory (RSS)",
        "München-like: validate, in-process",
        "nationwide JSON document: validate",
        "nationwide OWD → Parquet: convert",
        "batch of 20 packages: validate",
        "start-up: wahldaten --help",
        "start-up: wahldaten rules",
    ):
        assert rows[name]["measured"] > 0, name
        assert rows[name]["status"] in ("holds", "missed", "missed (within ceiling)", "–"), name
    # The light commands never import polars or jsonschema (also tested in test_cli.py).
    assert rows["start-up: wahldaten rules"]["status"] == "holds"
    load = "web: 20 uploads, 10 concurrent"
    if f"{load}: errors" in rows:  # where the web extra is installed
        assert rows[f"{load}: errors"]["status"] == "holds"
        assert rows[f"{load}: throughput"]["measured"] > 0


def test_load_run_with_a_few_requests() -> None:
    pytest.importorskip("starlette", reason="the web extra is not installed")
    pytest.importorskip("uvicorn", reason="the web extra is not installed")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "load.py"),
            "--requests",
            "6",
            "--concurrency",
            "3",
            "--workers",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    done = json.loads(result.stdout)
    assert done["statuses"] == {"200": 6} and done["errors"] == 0
    assert done["requests_per_second"] > 0 and 0 < done["p50"] <= done["p95"]
    assert done["peak_rss"] is None or done["peak_rss"] > 10 * 2**20  # server and worker


def _scaling() -> object:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import scaling

    return scaling


def test_growth_is_the_slope_of_cost_over_size_on_log_scales() -> None:
    scaling: Any = _scaling()

    def point(size: int, seconds: float) -> object:
        return scaling.Point("rows", size, size * 100, seconds, seconds / 2, size * 400, size * 200)

    linear = [point(n, n / 1000) for n in (1_000, 10_000, 100_000)]
    quadratic = [point(n, (n / 1000) ** 2) for n in (1_000, 10_000, 100_000)]
    assert scaling.growth(linear, "seconds") == pytest.approx(1.0)
    assert scaling.growth(quadratic, "seconds") == pytest.approx(2.0)
    assert scaling.growth(linear[:1], "seconds") is None
    assert "size^1.00" in scaling.table(linear)


def test_scaling_series_measures_each_size_and_draws_the_plot(tmp_path: Path) -> None:
    scaling: Any = _scaling()
    import run

    def schemas(folder: Path) -> dict[Path, dict[str, str]]:
        return {p: run.explicit_schema(p) for p in run.package_files(folder)}

    points = [
        scaling.measure_point(series, size, tmp_path, 1, run.FLOOR_PROCESS, schemas)
        for series, size in (("rows", 200), ("rows", 800), ("columns", 12), ("columns", 40))
    ]
    assert [p.size for p in points] == [200, 800, 12, 40]
    assert all(p.seconds > 0 and p.peak_rss > 0 and p.bytes > 0 for p in points)
    assert points[1].bytes > points[0].bytes and points[3].bytes > points[2].bytes
    batch = scaling.measure_batch(3, tmp_path, 1, 1)
    assert batch.packages == 3 and batch.per_core > 0
    picture = tmp_path / "scaling.png"
    if scaling.plot(points, picture):
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
