"""Validation as a library call: `wahldaten.validate(path)` returns a `Report`."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten import __version__
from wahldaten.core import standard
from wahldaten.core.findings import Severity, count_of, first_findings
from wahldaten.core.lazy import polars as _pl
from wahldaten.engine.results import (
    CodeResult,
    FileInfo,
    PackageReport,
    PackageSummary,
    Report,
    Settings,
)
from wahldaten.formats import owd
from wahldaten.io.sources import CONVERSION_SUFFIXES, InputError, SourceFile, collect
from wahldaten.rules.context import BEZIRK_NR, REPORTED, Context
from wahldaten.rules.registry import OWD, Rule, selected

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

DEFAULT_MAX_EXAMPLES = 10


def run_rules(context: Context, rules: Iterable[Rule], max_examples: int) -> list[CodeResult]:
    """Run the rules over one package and keep counts plus the first examples per code."""
    results: list[CodeResult] = []
    for rule in rules:
        items = list(rule.check(context))
        count = count_of(items)
        if count == 0:
            continue
        examples = tuple(first_findings(items, max_examples))
        results.append(CodeResult(rule.code, rule.name, rule.severity, count, examples))
    return results


def summarize(context: Context) -> PackageSummary:
    package = context.package
    identity = package.identity()
    parameter = context.frame(owd.WAHLPARAMETER)
    authority_name = None
    if parameter is not None and "wahl-behoerde-name" in parameter.columns and parameter.height:
        authority_name = parameter["wahl-behoerde-name"][0]
    gebiete = context.frame(owd.WAHLGEBIETSEINTEILUNGEN)
    bezirke = urn = postal = None
    if gebiete is not None and BEZIRK_NR in gebiete.columns:
        bezirke = gebiete.height
        if "bezirk-art" in gebiete.columns:
            urn = gebiete.filter(pl.col("bezirk-art").is_in(["W", "U"])).height
            postal = gebiete.filter(pl.col("bezirk-art") == "B").height
    results = context.results
    reported = int(results.frame[REPORTED].sum()) if results is not None else None
    stimmzettel = context.frame(owd.STIMMZETTEL)
    positions = stimmzettel.height if stimmzettel is not None else None
    return PackageSummary(
        wahl_name=identity.get(owd.NAME),
        wahl_datum=identity.get(owd.DATUM),
        gs=context.authority_gs,
        authority_name=authority_name,
        bezirke=bezirke,
        urn=urn,
        postal=postal,
        reported=reported,
        result_rows=results.frame.height if results is not None else None,
        votes=(2 if results.two_votes else 1) if results is not None else None,
        ballot_positions=positions,
    )


def validate_package(
    package: owd.Package, rules: Sequence[Rule], max_examples: int
) -> PackageReport:
    context = Context(package)
    files = [
        FileInfo(f.display, f.file_type, f.table.frame.height, f.table.usable)
        for f in [*package.files.values(), *package.duplicates]
    ]
    return PackageReport(
        declared_version=package.declared_version,
        version=package.version,
        files=files,
        summary=summarize(context),
        results=run_rules(context, rules, max_examples),
    )


def _vendor_reports(
    sources: Sequence[SourceFile],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
) -> tuple[list[PackageReport], list[str]]:
    """Vendor exports among the sources: checked like a conversion, reported as packages."""
    from wahldaten.api import conversion
    from wahldaten.formats.source import SourceError

    data, meta = conversion.split_meta(list(sources))
    reports: list[PackageReport] = []
    unplaced: list[str] = []
    for source in data:
        fmt = conversion.detect(source)
        if fmt == conversion.OWD_JSON:
            report = _document_report(source, select, ignore, max_examples)
            if isinstance(report, str):
                unplaced.append(report)
            else:
                reports.append(report)
            continue
        if fmt not in conversion.VENDOR_FORMATS:
            unplaced.append(source.display)
            continue
        siblings = [m for m in meta if Path(m.display).parent == Path(source.display).parent]
        try:
            inspected, _ = conversion.inspect_sources(
                [source],
                siblings,
                source_format=fmt,
                select=select,
                ignore=ignore,
                max_examples=max_examples,
            )
        except SourceError as error:
            unplaced.append(f"{source.display} ({error.key})")
            continue
        files = [FileInfo(source.display, fmt, 0, True)]
        if not inspected.packages:
            reports.append(
                PackageReport(
                    None, standard.latest(), files, _empty_summary(), inspected.source_results
                )
            )
        for number, package in enumerate(inspected.packages):
            package.files = files
            if number == 0:
                package.results = sorted(
                    [*inspected.source_results, *package.results],
                    key=lambda r: (-r.severity.rank, r.code),
                )
            reports.append(package)
    return reports, unplaced


def _document_report(
    source: SourceFile,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
) -> PackageReport | str:
    """An OWD JSON document, validated by the rules of the CSV form; or why it cannot be."""
    from wahldaten.formats import owd_json

    try:
        package = owd_json.read_package(source)
    except owd_json.DocumentError as error:
        return f"{source.display} ({error})"
    return validate_package(package, selected(select, ignore, source_format=OWD), max_examples)


def _empty_summary() -> PackageSummary:
    return PackageSummary(None, None, None, None, None, None, None, None, None, None, None)


def validate_unit(
    paths: Sequence[str],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
) -> tuple[list[PackageReport], list[str]]:
    """Validate one unit of a batch (the files of one folder, or one zip); runs in a worker."""
    sources = collect(paths, suffixes=CONVERSION_SUFFIXES)
    rules = selected(select, ignore, source_format=OWD)
    packages, others = owd.read_packages(sources)
    reports = [validate_package(p, rules, max_examples) for p in packages]
    vendor, unplaced = _vendor_reports(others, select, ignore, max_examples)
    return reports + vendor, unplaced


def _units(sources: Sequence[SourceFile]) -> list[list[str]]:
    """Independent pieces of a batch: the files of each folder, each zip archive as a whole."""
    units: dict[str, list[str]] = {}
    for source in sources:
        if ":" in source.display and not Path(source.display).exists():
            archive = source.display.split(":", 1)[0]
            units.setdefault(archive, [archive])
        else:
            units.setdefault(str(Path(source.display).parent), []).append(source.display)
    return [sorted(set(paths)) for paths in units.values()]


def validate(
    *paths: str | Path,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    fail_on: Severity | str = Severity.ERROR,
    recursive: bool = False,
    jobs: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate OWD packages and vendor exports in files, folders or zip archives.

    Folders and zip archives are independent units; with `jobs` > 1 (or None: all cores)
    several units are validated in parallel processes. Those are spawned, so a script that asks
    for them needs the `if __name__ == "__main__":` guard; the default, one job, runs here.

    Raises `InputError` if nothing readable is found, and `UnknownCodeError` for a code in
    `select`/`ignore` that no rule has.
    """
    rules = selected(select, ignore, source_format=OWD)  # fails early on unknown codes
    sources = collect(paths, recursive=recursive, suffixes=CONVERSION_SUFFIXES)
    units = _units(sources)
    workers = min(jobs or os.cpu_count() or 1, len(units))  # None: all cores
    results: list[tuple[list[PackageReport], list[str]]] = []
    if workers <= 1:
        for done, unit in enumerate(units, start=1):
            results.append(validate_unit(unit, select, ignore, max_examples))
            if progress is not None:
                progress(done, len(units))
    else:
        results = _in_parallel(units, workers, select, ignore, max_examples, progress)
    packages = [p for found, _ in results for p in found]
    unrecognized = [u for _, unplaced in results for u in unplaced]
    if not packages:
        # Where a file was recognised but refused (a broken JSON document), say why.
        shown = unrecognized or [s.display for s in sources]
        raise InputError("input.no_owd", count=len(sources), files=", ".join(shown[:5]))
    settings = Settings(
        fail_on=Severity(fail_on),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        max_examples=max_examples,
        codes=tuple(r.code for r in rules),
    )
    return Report(
        tool_version=__version__,
        standard_versions=tuple(standard.versions()),
        settings=settings,
        inputs=tuple(str(p) for p in paths),
        packages=packages,
        unrecognized=unrecognized,
    )


def _in_parallel(
    units: list[list[str]],
    workers: int,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
    progress: Callable[[int, int], None] | None,
) -> list[tuple[list[PackageReport], list[str]]]:
    # Spawned, not forked: forking a process whose polars thread pool runs can deadlock. Each
    # worker gets one polars thread, since the workers already use every core.
    previous = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                pool.submit(validate_unit, unit, select, ignore, max_examples): index
                for index, unit in enumerate(units)
            }
            ordered: dict[int, tuple[list[PackageReport], list[str]]] = {}
            for done, future in enumerate(as_completed(futures), start=1):
                ordered[futures[future]] = future.result()
                if progress is not None:
                    progress(done, len(units))
    finally:
        if previous is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = previous
    return [ordered[i] for i in range(len(units))]
