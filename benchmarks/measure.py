"""Timing and memory measurement: medians of repeated runs, in-process and as whole processes."""

from __future__ import annotations

import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Timing:
    seconds: float  # median wall time
    runs: list[float]


@dataclass
class ProcessRun:
    seconds: float  # median wall time
    runs: list[float]
    peak_rss: int  # bytes, the largest of the runs
    cpu_seconds: float  # user + system of the median run, its children included
    timed_out: bool = False
    returncode: int | None = None


def in_process(function: Callable[[], object], repeat: int) -> Timing:
    """Median wall time of `function`, after one untimed warm-up run (imports, caches)."""
    function()
    runs = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return Timing(statistics.median(runs), runs)


# Runs one command and reports on it. A child's peak RSS counts the memory of the process it
# was forked from until it calls exec: forked from the benchmark (which holds large frames), it
# would inherit that; forked from this small launcher, it inherits a few MiB at most.
LAUNCHER = """
import json, resource, subprocess, sys, time
timeout, cwd, command = float(sys.argv[1]), sys.argv[2] or None, sys.argv[3:]
start = time.perf_counter()
try:
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=timeout)
    code, timed_out, tail = done.returncode, False, done.stderr.decode(errors="replace")[-300:]
except subprocess.TimeoutExpired:
    code, timed_out, tail = None, True, ""
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "maxrss": usage.ru_maxrss * 1024, "returncode": code,
                  "cpu": usage.ru_utime + usage.ru_stime, "timed_out": timed_out, "stderr": tail}))
"""


def process(
    command: Sequence[str], repeat: int, timeout: float = 600.0, cwd: Path | None = None
) -> ProcessRun:
    """Median wall time, peak RSS and CPU time of a command run as a whole process."""
    runs: list[float] = []
    peak = 0
    cpu: list[float] = []
    code: int | None = None
    for _ in range(repeat):
        launched = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(timeout), str(cwd or ""), *command],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(launched.stdout)
        if result["timed_out"]:
            return ProcessRun(timeout, [timeout], peak, 0.0, timed_out=True)
        runs.append(result["seconds"])
        peak = max(peak, result["maxrss"])  # kilobytes on Linux, converted by the launcher
        cpu.append(result["cpu"])
        code = result["returncode"]
    middle = sorted(range(len(runs)), key=runs.__getitem__)[len(runs) // 2]
    return ProcessRun(statistics.median(runs), runs, peak, cpu[middle], returncode=code)


def children_cpu() -> float:
    """CPU seconds used so far by this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def size_on_disk(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    import polars

    return {
        "cpu": model or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1) if memory else None,
        "system": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "polars": polars.__version__,
    }
