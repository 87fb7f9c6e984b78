"""The benchmark script still works: CI runs it in its small mode (speed is judged by the
full run, never by timed tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT


def test_small_benchmark_runs_and_reports_every_measurement(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--small",
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
