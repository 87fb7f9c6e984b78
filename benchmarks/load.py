"""A loopback load run of `wahldaten serve`: many uploads at once, on 127.0.0.1 only.

    python benchmarks/load.py                          # 200 requests, 10 at a time
    python benchmarks/load.py --requests 20 --concurrency 4

The server is started as a user starts it (`wahldaten serve` in its own process, with its
worker processes), and each request uploads a bundled fixture package to `POST /api/validate`.
Measured: requests per second over the whole run, the median and 95th percentile latency,
errors (any status but 200, or a broken connection: there must be none), and the peak memory
of the server with its workers (the largest sum of their resident sets, sampled every 20 ms
from /proc). Only the standard library: the client is `http.client` in threads.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "fixtures" / "owd" / "valid" / "ratswahl"
HOST = "127.0.0.1"
START_SECONDS = 120.0
REQUEST_SECONDS = 120.0


@dataclass(frozen=True)
class LoadResult:
    requests: int
    concurrency: int
    workers: int
    seconds: float  # wall time of all requests
    requests_per_second: float
    p50: float  # seconds
    p95: float
    errors: int
    peak_rss: int | None  # bytes, server and workers together; None without /proc
    statuses: dict[str, int]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def multipart(folder: Path) -> tuple[bytes, str]:
    """The files of a folder as one multipart body in the field `files`, and its content type."""
    boundary = uuid.uuid4().hex
    parts = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        parts.append(
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + path.read_bytes()
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _tree(root: int) -> list[int]:
    """The process and all its descendants (Linux: /proc/<pid>/task/<tid>/children)."""
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                pending += [int(child) for child in task.read_text().split()]
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """The largest sum of the resident sets of a process tree, sampled until stopped."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.available = Path(f"/proc/{pid}/status").exists()
        self._done = threading.Event()

    def run(self) -> None:
        while self.available and not self._done.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            self._done.wait(self.interval)

    def stop(self) -> int | None:
        self._done.set()
        self.join(timeout=5)
        return self.peak if self.available else None


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def wait_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server ended with exit code {server.returncode}")
        try:
            if _get(port, "/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready")


def _client(
    port: int,
    body: bytes,
    content_type: str,
    todo: list[int],
    lock: threading.Lock,
    latencies: list[float],
    statuses: dict[str, int],
) -> None:
    """One of the concurrent clients: takes requests until none are left (keep-alive)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_SECONDS)
    try:
        while True:
            with lock:
                if not todo:
                    return
                todo.pop()
            start = time.perf_counter()
            try:
                connection.request(
                    "POST", "/api/validate", body=body, headers={"Content-Type": content_type}
                )
                response = connection.getresponse()
                document = response.read()
                status = str(response.status)
                if response.status == 200 and "summary" not in json.loads(document):
                    status = "200 without a report"
            except (OSError, http.client.HTTPException, ValueError) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_SECONDS)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        connection.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(share * 100) - 1]


def _drive(
    server: subprocess.Popen[bytes], port: int, requests: int, concurrency: int, package: Path
) -> tuple[list[float], dict[str, int], float, int | None]:
    """Send the requests once the server is ready; stop the server whatever happens."""
    sampler = MemorySampler(server.pid)
    sampler.start()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    seconds = 0.0
    try:
        wait_ready(port, server)
        body, content_type = multipart(package)
        todo = list(range(requests))
        lock = threading.Lock()
        clients = [
            threading.Thread(
                target=_client, args=(port, body, content_type, todo, lock, latencies, statuses)
            )
            for _ in range(min(concurrency, requests))
        ]
        start = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        seconds = time.perf_counter() - start
    finally:
        peak = sampler.stop()
        server.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown, workers included
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return latencies, statuses, seconds, peak


def run(
    requests: int = 200, concurrency: int = 10, workers: int | None = None, package: Path = PACKAGE
) -> LoadResult:
    """Start `wahldaten serve` on a free loopback port, send the requests, stop it."""
    workers = workers or os.cpu_count() or 1
    port = free_port()
    command = [sys.executable, "-m", "wahldaten", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--lang", "en"]
    # The server's log goes to a file: a pipe nobody reads would stall it once full.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        latencies, statuses, seconds, peak = _drive(server, port, requests, concurrency, package)
        log.seek(0)
        tail = log.read()[-2000:].decode(errors="replace")
    if not latencies:
        raise RuntimeError(f"no request was answered; the server said:\n{tail}")
    errors = sum(n for status, n in statuses.items() if status != "200")
    return LoadResult(
        requests=requests,
        concurrency=concurrency,
        workers=workers,
        seconds=seconds,
        requests_per_second=len(latencies) / seconds if seconds else 0.0,
        p50=_percentile(latencies, 0.50),
        p95=_percentile(latencies, 0.95),
        errors=errors,
        peak_rss=peak,
        statuses=dict(sorted(statuses.items())),
    )


def describe(result: LoadResult) -> str:
    memory = f"{result.peak_rss / 2**20:,.0f} MiB" if result.peak_rss is not None else "–"
    return (
        f"{result.requests} requests, {result.concurrency} concurrent, {result.workers} workers: "
        f"{result.requests_per_second:.1f} requests/s, p50 {result.p50 * 1000:.0f} ms, "
        f"p95 {result.p95 * 1000:.0f} ms, {result.errors} errors, peak memory {memory}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = run(args.requests, args.concurrency, args.workers)
    print(json.dumps(asdict(result), indent=2) if args.json else describe(result))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
