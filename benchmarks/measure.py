"""Timing and memory measurement: medians of repeated runs, in-process and as whole processes."""

from __future__ import annotations

import gc
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


def process(command: Sequence[str], repeat: int, timeout: float = 600.0) -> ProcessRun:
    """Median wall time, peak RSS and CPU time of a command run as a whole process.

    `os.wait4` gives each child's own resource usage (with its waited-for children), so the
    peak RSS belongs to this command and not to anything else the benchmark ran.
    """
    runs: list[float] = []
    peak = 0
    cpu: list[float] = []
    code: int | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                os.wait4(child.pid, 0)
                return ProcessRun(timeout, [timeout], peak, 0.0, timed_out=True)
            time.sleep(0.002)
        runs.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        code = child.returncode
        peak = max(peak, usage.ru_maxrss * 1024)  # kilobytes on Linux
        cpu.append(usage.ru_utime + usage.ru_stime)
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
