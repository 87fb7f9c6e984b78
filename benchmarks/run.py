"""The performance benchmark: wahldaten against the parse floor and a peer, in one run.

    python benchmarks/run.py                 # full size, about ten minutes on two cores
    python benchmarks/run.py --small         # small inputs, one repeat: proves the script works
    python benchmarks/run.py --frictionless /path/to/frictionless   # the peer, if installed

Every number is a median over repeated runs; every target is a ratio to a baseline measured
in the same run on the same machine (never an absolute time). The table is printed and
written as JSON (`--output`, default benchmarks/out/results.json). Exit status 0, unless
`--strict` is given and a target does not hold.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import load
import measure
import scaling

import wahldaten
from wahldaten.core import standard

ROOT = Path(__file__).resolve().parents[1]
EW24 = ROOT.parent / "shared" / "realdata" / "bundeswahlleiterin" / "ew24_wbz.zip"
PYTHON = sys.executable
CLI = [PYTHON, "-m", "wahldaten"]

# Reads the files of a package with an explicit schema, nothing else: the floor as a process.
FLOOR_PROCESS = """
import json, sys
import polars as pl
for path, columns in json.loads(sys.argv[1]).items():
    pl.read_csv(path, separator=";", schema={c: getattr(pl, t) for c, t in columns.items()})
"""
# The same imports as `wahldaten validate`, and nothing read: the memory every run starts with.
IDLE_PROCESS = "import polars, jsonschema, wahldaten.cli, wahldaten.api.validation, wahldaten.rules"
IMPORTS_OF = """
import sys
from wahldaten.cli import app
try:
    app({command!r})
except SystemExit:
    pass
print(sorted(m for m in ("polars", "jsonschema") if m in sys.modules))
"""


@dataclass
class Sizes:
    nationwide: generate.Spec
    muenchen: generate.Spec
    batch: int
    repeat: int
    peer_timeout: float


FULL = Sizes(generate.NATIONWIDE, generate.MUENCHEN, batch=1_000, repeat=5, peer_timeout=300)
SMALL = Sizes(
    dataclasses.replace(generate.NATIONWIDE, bezirke=3_000, municipalities=300, areas=20),
    dataclasses.replace(generate.MUENCHEN, bezirke=60),
    batch=20,
    repeat=1,
    peer_timeout=60,
)


@dataclass
class Row:
    """One line of the result table."""

    name: str
    measured: float  # seconds (or bytes for memory)
    baseline: float | None = None  # the same unit as measured
    target: str = ""  # as printed, e.g. "≤ 2× (ceiling 3×)"
    limit: float | None = None  # the ratio that must hold
    ceiling: float | None = None
    higher_is_better: bool = False
    unit: str = "s"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    passed: bool | None = None  # for a target that is not a ratio

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        assert self.baseline is not None
        return self.measured / self.baseline

    @property
    def status(self) -> str:
        if self.passed is not None:
            return "holds" if self.passed else "missed"
        ratio = self.ratio
        if self.limit is None or ratio is None:
            return "–"
        holds = ratio >= self.limit if self.higher_is_better else ratio <= self.limit
        if holds:
            return "holds"
        if self.ceiling is not None and ratio <= self.ceiling:
            return "missed (within ceiling)"
        return "missed"


# --- inputs ----------------------------------------------------------------------------------


def package_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def explicit_schema(path: Path) -> dict[str, str]:
    """Counts as Int64, everything else as text: what a careful polars user would pass."""
    header = path.open(encoding="utf-8").readline().rstrip("\r\n").split(";")
    file_type = next(t for t in standard.FILE_TYPES if f"_{t}_" in path.name)
    spec = standard.load(generate.VERSION).files[file_type]
    counts = file_type == "Wahlergebnisse"
    return {c: ("Int64" if counts and spec.is_count(c) else "String") for c in header}


def prepare(sizes: Sizes, workdir: Path) -> dict[str, Path]:
    """Generate the inputs (kept between runs of the same size) and return their folders."""
    folders = {"nationwide": workdir / "nationwide", "muenchen": workdir / "muenchen"}
    for name, spec in (("nationwide", sizes.nationwide), ("muenchen", sizes.muenchen)):
        stamp = folders[name] / ".spec"
        if not stamp.exists() or stamp.read_text() != repr(spec):
            shutil.rmtree(folders[name], ignore_errors=True)
            generate.write(spec, folders[name])
            stamp.write_text(repr(spec))
    batch = workdir / "batch"
    stamp = batch / ".spec"
    if not stamp.exists() or stamp.read_text() != str(sizes.batch):
        shutil.rmtree(batch, ignore_errors=True)
        for number in range(sizes.batch):
            generate.write(generate.small_municipality(number), batch / f"{number:04d}")
        stamp.write_text(str(sizes.batch))
    folders["batch"] = batch
    document = workdir / "nationwide.json"
    if not document.exists() or document.stat().st_mtime < folders["nationwide"].stat().st_mtime:
        document.unlink(missing_ok=True)
        report = wahldaten.convert([folders["nationwide"]], document, target_format="owd-json")
        assert not report.failed, "the generated nationwide package does not convert"
    folders["document"] = document
    return folders


# --- measurements ----------------------------------------------------------------------------


def read_floor(schemas: dict[Path, dict[str, str]]) -> Callable[[], object]:
    typed = {p: {c: getattr(pl, t) for c, t in cols.items()} for p, cols in schemas.items()}
    return lambda: [pl.read_csv(p, separator=";", schema=s) for p, s in typed.items()]


def package_rows(name: str, folder: Path, repeat: int, *, processes: bool) -> list[Row]:
    """Full validation of one package against polars parsing its files, in-process and as
    whole processes, and the peak memory of the command."""
    files = package_files(folder)
    schemas = {p: explicit_schema(p) for p in files}
    floor = measure.in_process(read_floor(schemas), repeat)
    validation = measure.in_process(lambda: wahldaten.validate(folder), repeat)
    report = wahldaten.validate(folder)
    findings = sum(r.count for p in report.packages for r in p.results)
    rows = [
        Row(
            f"{name}: validate, in-process",
            validation.seconds,
            floor.seconds,
            "≤ 2× floor (ceiling 3×)",
            2.0,
            3.0,
            note=f"all rules, {findings} findings counted",
        )
    ]
    if not processes:
        return rows
    argument = json.dumps({str(p): s for p, s in schemas.items()})
    floor_run = measure.process([PYTHON, "-c", FLOOR_PROCESS, argument], repeat)
    cli = measure.process([*CLI, "validate", str(folder)], repeat)
    idle = measure.process([PYTHON, "-c", IDLE_PROCESS], 1)
    size = measure.size_on_disk(files)
    rows += [
        Row(
            f"{name}: validate, whole process",
            cli.seconds,
            floor_run.seconds,
            "≤ 2× floor (ceiling 3×)",
            2.0,
            3.0,
            note="python -m wahldaten validate vs python -c 'polars.read_csv …'",
        ),
        Row(
            f"{name}: peak memory (RSS)",
            cli.peak_rss,
            size,
            "< 4× files on disk",
            4.0,
            unit="B",
            note=f"baseline: {size / 2**20:.0f} MiB of CSV. Above the "
            f"{idle.peak_rss / 2**20:.0f} MiB of an idle process with the same imports: "
            f"{(cli.peak_rss - idle.peak_rss) / size:.1f}× the files. The floor process peaks "
            f"at {floor_run.peak_rss / 2**20:.0f} MiB ({floor_run.peak_rss / size:.1f}×)",
            extra={
                "floor_process_peak_rss": floor_run.peak_rss,
                "idle_process_peak_rss": idle.peak_rss,
            },
        ),
    ]
    return rows


def json_rows(document: Path, repeat: int) -> list[Row]:
    # The fastest parser at hand: orjson where installed (not a dependency of the project).
    try:
        parse: Callable[[bytes], object] = importlib.import_module("orjson").loads
        parser = "orjson"
    except ImportError:
        parse, parser = json.loads, "json (stdlib)"
    floor = measure.in_process(lambda: parse(document.read_bytes()), repeat)
    validation = measure.in_process(lambda: wahldaten.validate(document), repeat)
    return [
        Row(
            "nationwide JSON document: validate",
            validation.seconds,
            floor.seconds,
            note=f"floor: {parser} parsing the document ({document.stat().st_size / 2**20:.0f} MiB)",
        )
    ]


def peer_rows(
    folder: Path, wahldaten_seconds: float, frictionless: str | None, timeout: float, repeat: int
) -> list[Row]:
    results = next(p for p in package_files(folder) if "_Wahlergebnisse_" in p.name)
    if frictionless is None:
        return [
            Row(
                "peer: frictionless validate Wahlergebnisse",
                0.0,
                note="frictionless not found: --frictionless PATH",
            )
        ]
    # frictionless refuses absolute paths as unsafe: run it in the package's folder.
    run = measure.process(
        [frictionless, "validate", results.name], repeat, timeout=timeout, cwd=results.parent
    )
    note = f"> {timeout:.0f} s, stopped" if run.timed_out else f"exit {run.returncode}"
    return [
        Row(
            "peer: frictionless validate Wahlergebnisse vs wahldaten validate package",
            run.seconds,
            wahldaten_seconds,
            "≥ 5× slower than wahldaten",
            5.0,
            higher_is_better=True,
            note=f"{note}; whole processes, the peer checks structure and types of one file only",
        )
    ]


def conversion_rows(workdir: Path, nationwide: Path, repeat: int) -> list[Row]:
    rows: list[Row] = []
    if EW24.exists():
        target = workdir / "ew24-owd"
        with zipfile.ZipFile(EW24) as archive:
            source = archive.read("Wbz_EW24_Ergebnisse.csv")

        def convert_ew24() -> None:
            report = wahldaten.convert([EW24], target, overwrite=True)
            assert not report.failed

        converted = measure.in_process(convert_ew24, repeat)
        outputs = {
            p: pl.read_csv(p, separator=";", infer_schema=False) for p in target.rglob("*.csv")
        }

        def floor() -> None:
            pl.read_csv(source, separator=";", infer_schema=False)  # every column as text
            with tempfile.TemporaryDirectory() as scratch:
                for index, frame in enumerate(outputs.values()):
                    frame.write_csv(Path(scratch) / f"{index}.csv", separator=";")

        floor_time = measure.in_process(floor, repeat)
        cli = measure.process(
            [*CLI, "convert", str(EW24), "-o", str(workdir / "ew24-cli"), "--overwrite"],
            max(1, repeat // 2),
        )
        rows += [
            Row(
                "EW24 → OWD: convert, in-process",
                converted.seconds,
                floor_time.seconds,
                "≤ 3× floor",
                3.0,
                note="real file: 91,753 Bezirke; floor: polars parses the source and writes "
                f"the {len(outputs)} output files",
            ),
            Row(
                "EW24 → OWD: convert, whole process",
                cli.seconds,
                floor_time.seconds,
                note=f"peak RSS {cli.peak_rss / 2**20:.0f} MiB",
            ),
        ]
    else:
        rows.append(Row("EW24 → OWD: convert", 0.0, note=f"skipped: {EW24} not found"))
    parquet = workdir / "nationwide.parquet"

    def to_parquet() -> None:
        report = wahldaten.convert([nationwide], parquet, overwrite=True)
        assert not report.failed

    converted = measure.in_process(to_parquet, repeat)
    tidy = pl.read_parquet(parquet)
    schemas = read_floor({p: explicit_schema(p) for p in package_files(nationwide)})

    def parquet_floor() -> None:
        schemas()
        tidy.write_parquet(workdir / "floor.parquet")

    floor_time = measure.in_process(parquet_floor, repeat)
    rows.append(
        Row(
            "nationwide OWD → Parquet: convert",
            converted.seconds,
            floor_time.seconds,
            note=f"floor: polars parses the five files and writes the same tidy table ({tidy.height:,} rows)",
        )
    )
    return rows


def batch_rows(batch: Path, repeat: int) -> list[Row]:
    """Many small packages: one process per core against the packages validated one by one."""
    folders = sorted(p for p in batch.iterdir() if p.is_dir())
    wahldaten.validate(folders[0])  # warm-up
    single = 0.0
    for folder in folders:
        start = time.perf_counter()
        wahldaten.validate(folder)
        single += time.perf_counter() - start
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    runs, busy = [], []
    for _ in range(max(1, min(repeat, 3))):
        cpu = measure.children_cpu()
        start = time.perf_counter()
        wahldaten.validate(batch, recursive=True, jobs=None)  # one process per core
        wall = time.perf_counter() - start
        runs.append(wall)
        busy.append((measure.children_cpu() - cpu) / wall)
    return [
        Row(
            f"batch of {len(folders)} packages: validate",
            statistics.median(runs),
            single / cores,
            "≤ 1.5× (Σ single / cores)",
            1.5,
            note=f"Σ single = {single:.1f} s on one core; {cores} cores; "
            f"CPU busy ≈ {statistics.median(busy):.1f} cores",
        )
    ]


def startup_rows(repeat: int) -> list[Row]:
    rows = []
    bare = measure.process([PYTHON, "-c", "pass"], repeat)
    for command in (["--help"], ["rules"]):
        run = measure.process([*CLI, *command], repeat)
        imported = (
            subprocess.run(
                [PYTHON, "-c", IMPORTS_OF.format(command=command)],
                capture_output=True,
                text=True,
                check=False,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        rows.append(
            Row(
                f"start-up: wahldaten {' '.join(command)}",
                run.seconds,
                bare.seconds,
                "imports no polars, no jsonschema",
                note=f"heavy modules imported: {imported}; baseline: python -c pass",
                extra={"heavy_modules": imported},
                passed=imported == "[]",
            )
        )
    return rows


def load_rows(requests: int, concurrency: int = 10) -> list[Row]:
    """`wahldaten serve` on 127.0.0.1 under `requests` uploads, `concurrency` at a time
    (benchmarks/load.py); skipped where the web extra is not installed."""
    if any(importlib.util.find_spec(m) is None for m in ("starlette", "uvicorn")):
        return []
    done = load.run(requests, concurrency)
    name = f"web: {requests} uploads, {concurrency} concurrent"
    facts = dataclasses.asdict(done)
    rows = [
        Row(f"{name}: throughput", done.requests_per_second, unit="req/s", extra=facts),
        Row(f"{name}: latency p50", done.p50),
        Row(f"{name}: latency p95", done.p95),
        Row(f"{name}: errors", done.errors, unit="", target="0", passed=done.errors == 0),
    ]
    if done.peak_rss is not None:
        note = f"server and {done.workers} worker processes together"
        rows.append(Row(f"{name}: server peak memory (RSS)", done.peak_rss, unit="B", note=note))
    return rows


# --- output ----------------------------------------------------------------------------------


def show(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 2**20:,.0f} MiB"
    if unit != "s":
        return f"{value:,.1f} {unit}".strip() if unit else f"{value:,.0f}"
    return f"{value:,.3f} s" if value < 100 else f"{value:,.0f} s"


def table(rows: list[Row]) -> str:
    lines = [
        "| Measurement | wahldaten | Baseline | Ratio | Target | Status |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "–"
        baseline = show(row.baseline, row.unit) if row.baseline is not None else "–"
        lines.append(
            f"| {row.name} | {show(row.measured, row.unit)} | {baseline} | {ratio} "
            f"| {row.target or '–'} | {row.status} |"
        )
    return "\n".join(lines)


def notes(rows: list[Row]) -> str:
    return "\n".join(f"- {row.name}: {row.note}" for row in rows if row.note)


def scaling_series(
    small: bool, workdir: Path, repeat: int
) -> tuple[list[scaling.Point], list[scaling.BatchPoint]]:
    """The scaling series (rows, columns) and the batch series, each size in the same run."""

    def schemas(folder: Path) -> dict[Path, dict[str, str]]:
        return {p: explicit_schema(p) for p in package_files(folder)}

    points = []
    for name, sizes in (
        ("rows", scaling.ROWS_SMALL if small else scaling.ROWS_FULL),
        ("columns", scaling.COLUMNS_SMALL if small else scaling.COLUMNS_FULL),
    ):
        for size in sizes:
            print(f"Measuring the {name} series at {size:,} …", flush=True)
            points.append(
                scaling.measure_point(
                    name, size, workdir, max(1, min(repeat, 3)), FLOOR_PROCESS, schemas
                )
            )
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    batches = []
    for packages in scaling.BATCHES_SMALL if small else scaling.BATCHES_FULL:
        print(f"Measuring a batch of {packages:,} packages …", flush=True)
        batches.append(scaling.measure_batch(packages, workdir, max(1, min(repeat, 3)), cores))
    return points, batches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="small inputs, one repeat (CI)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (median)")
    parser.add_argument("--workdir", type=Path, help="where generated inputs are kept")
    parser.add_argument(
        "--output", type=Path, help="JSON results (default benchmarks/out/results.json)"
    )
    parser.add_argument("--frictionless", help="the frictionless command (default: found on PATH)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target does not hold")
    parser.add_argument("--load-requests", type=int, help="uploads of the web load run")
    parser.add_argument(
        "--no-scaling", action="store_true", help="skip the scaling and batch series"
    )
    args = parser.parse_args(argv)
    sizes = SMALL if args.small else FULL
    repeat = args.repeat or sizes.repeat
    out = ROOT / "benchmarks" / "out"
    workdir = args.workdir or out / ("small" if args.small else "full")
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Preparing inputs in {workdir} …", flush=True)
    folders = prepare(sizes, workdir)
    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        (
            "nationwide package",
            lambda: package_rows("nationwide", folders["nationwide"], repeat, processes=True),
        ),
        (
            "München-like package",
            lambda: package_rows("München-like", folders["muenchen"], repeat, processes=True),
        ),
        ("JSON document", lambda: json_rows(folders["document"], repeat)),
    ]
    for label, step in steps:
        print(f"Measuring {label} …", flush=True)
        rows += step()
    cli_seconds = next(r.measured for r in rows if r.name == "nationwide: validate, whole process")
    print("Measuring the peer …", flush=True)
    rows += peer_rows(
        folders["nationwide"],
        cli_seconds,
        args.frictionless or shutil.which("frictionless"),
        sizes.peer_timeout,
        min(repeat, 3),
    )
    print("Measuring conversions …", flush=True)
    rows += conversion_rows(workdir, folders["nationwide"], repeat)
    print("Measuring the batch …", flush=True)
    rows += batch_rows(folders["batch"], repeat)
    print("Measuring start-up …", flush=True)
    rows += startup_rows(max(repeat, 3))
    print("Measuring the web server under load …", flush=True)
    rows += load_rows(args.load_requests or (20 if args.small else 200))
    series: list[scaling.Point] = []
    batches: list[scaling.BatchPoint] = []
    if not args.no_scaling:
        series, batches = scaling_series(args.small, workdir, repeat)
    about = measure.machine()
    print()
    print(
        f"Machine: {about['cpu']}, {about['cores']} cores, {about['memory_gib']} GiB, {about['system']}; "
        f"Python {about['python']}, polars {about['polars']}, wahldaten {wahldaten.__version__}"
    )
    print(
        f"Inputs: {sizes.nationwide.bezirke:,} Bezirke × {sizes.nationwide.parties} parties × 2 votes; "
        f"{sizes.muenchen.bezirke:,} Bezirke × {sizes.muenchen.parties} lists × "
        f"{sizes.muenchen.candidates} candidates; "
        f"{sizes.batch} packages; medians of {repeat} runs"
    )
    print()
    print(table(rows))
    print()
    print(notes(rows))
    if series:
        print("\nHow cost grows (medians; the floor is polars reading the same files):\n")
        print(scaling.table(series))
        print("\nBatches (one worker per core):\n")
        print(scaling.batch_table(batches))
        picture = out / ("scaling-small.png" if args.small else "scaling.png")
        drawn = scaling.plot(series, picture)
        print(f"\nPlot: {picture}" if drawn else "\nPlot: matplotlib not installed ('.[bench]')")
    output = args.output or out / "results.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "machine": about,
                "mode": "small" if args.small else "full",
                "repeat": repeat,
                "rows": [
                    {**dataclasses.asdict(r), "ratio": r.ratio, "status": r.status} for r in rows
                ],
                "scaling": [dataclasses.asdict(p) for p in series],
                "batches": [{**dataclasses.asdict(b), "per_core": b.per_core} for b in batches],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nWritten to {output}")
    missed = [r for r in rows if r.status.startswith("missed")]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
