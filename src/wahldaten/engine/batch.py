"""Validating a batch: files, folders and zip archives, unit by unit, in one or more processes.

A unit is the files of one folder or one zip archive. OWD files are assembled into packages
and validated; an OWD JSON document is validated by the rules of the CSV form; a vendor export
is checked like a conversion (`engine.sources`) and reported as a package.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from wahldaten.core import standard
from wahldaten.core.findings import Severity
from wahldaten.core.structure import StructureStatement
from wahldaten.core.version import __version__
from wahldaten.engine.checks import check_package, empty_summary
from wahldaten.engine.results import FileInfo, PackageReport, Refusal, Report, sort_results
from wahldaten.engine.sources import inspect_sources, settings_of, siblings_of, split_meta
from wahldaten.formats import owd, owd_json, registry
from wahldaten.formats.registry import Kind
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.nested import nested_archives
from wahldaten.io.sniff import head
from wahldaten.io.sources import (
    CONVERSION_SUFFIXES,
    Budget,
    Collected,
    InputError,
    Limits,
    Skipped,
    SourceFile,
    gather,
)
from wahldaten.rules.registry import OWD, selected

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Stated:
    """What the user stated about the elections of a run (`--structure`, `--final`)."""

    structure: StructureStatement | None = None
    final: bool | None = None


@dataclass
class UnitResult:
    """What one unit gave: package reports, files not recognised, files refused with a reason,
    and entries not read at all (unreadable, not a regular file) with the reason."""

    packages: list[PackageReport] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _refuse(result: UnitResult, source: SourceFile, error: SourceError) -> None:
    result.unrecognized.append(source.display)
    result.refused.append(Refusal(source.display, error.key, dict(error.params)))


def _vendor_reports(
    sources: Sequence[SourceFile],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
    meta: Meta | None,
    stated: Stated,
) -> UnitResult:
    """The sources that are not OWD CSV: documents and vendor exports, each reported as packages."""
    result = UnitResult()
    data, meta_files = split_meta(list(sources))
    for source in data:
        found = registry.detect(source.name, head(source))
        if found is None or found.kind is Kind.PACKAGE:
            result.unrecognized.append(source.display)
            continue
        if found.kind is Kind.DOCUMENT:
            _document_report(result, source, select, ignore, max_examples, stated)
            continue
        try:
            inspected, _ = inspect_sources(
                [source],
                siblings_of(source, meta_files),
                source_format=found.name,
                meta=meta,
                select=select,
                ignore=ignore,
                max_examples=max_examples,
                structure=stated.structure,
                final=stated.final,
            )
        except SourceError as error:
            _refuse(result, source, error)
            continue
        files = [FileInfo(source.display, None, 0, True, found.name)]
        if not inspected.packages:
            result.packages.append(
                PackageReport(
                    None, standard.latest(), files, empty_summary(), inspected.source_results
                )
            )
        for number, package in enumerate(inspected.packages):
            package.files = files
            if number == 0:  # the source's own findings go with its first election
                package.results = sort_results([*inspected.source_results, *package.results])
            result.packages.append(package)
    return result


def _document_report(
    result: UnitResult,
    source: SourceFile,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
    stated: Stated,
) -> None:
    """An OWD JSON document, validated by the rules of the CSV form; or why it cannot be."""
    try:
        package = owd_json.read_package(source)
    except owd_json.DocumentError as error:
        result.unrecognized.append(f"{source.display} ({error})")
        return
    rules = selected(select, ignore, source_format=OWD)
    result.packages.append(
        check_package(
            package,
            rules,
            max_examples,
            registry.OWD_JSON,
            statement=stated.structure,
            final=stated.final,
        )
    )


def check_unit(
    paths: Sequence[str],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
    meta: Meta | None = None,
    limits: Limits | None = None,
    budget: Budget | None = None,
    stated: Stated | None = None,
) -> UnitResult:
    """Validate one unit of a batch (the files of one folder, or one zip); runs in a worker.

    In this process the run's `budget` is shared; a worker process gets the run's `limits`
    and counts against a budget of its own (the sizes of the whole run were planned already).
    """
    found = gather(paths, suffixes=CONVERSION_SUFFIXES, limits=limits, budget=budget)
    rules = selected(select, ignore, source_format=OWD)
    stated = stated if stated is not None else Stated()
    packages, others = owd.read_packages(found.files)
    result = _vendor_reports(others, select, ignore, max_examples, meta, stated)
    result.packages[:0] = [
        check_package(p, rules, max_examples, statement=stated.structure, final=stated.final)
        for p in packages
    ]
    result.skipped = found.skipped
    return result


def units(sources: Sequence[SourceFile]) -> list[list[str]]:
    """Independent pieces of a batch: the files of each folder, each zip archive as a whole."""
    found: dict[str, list[str]] = {}
    for source in sources:
        if ":" in source.display and not Path(source.display).exists():
            archive = source.display.split(":", 1)[0]
            found.setdefault(archive, [archive])
        else:
            found.setdefault(str(Path(source.display).parent), []).append(source.display)
    return [sorted(set(paths)) for paths in found.values()]


def collect_named(
    paths: Sequence[str | Path], recursive: bool, budget: Budget
) -> tuple[Collected, list[tuple[str, list[str]]]]:
    """The files the paths name and the entries skipped on the way, and the zip archives
    inside zip archives among them (which are not opened). A folder without data files of
    its own stands for the packages in its sub-folders (the output of a multi-package
    conversion), as with -r. Every call counts against the run's `budget`."""
    collected = Collected()
    nested: list[tuple[str, list[str]]] = []
    for given in paths:
        deep = recursive
        found = gather([given], recursive=deep, suffixes=CONVERSION_SUFFIXES, budget=budget)
        if not found.files and not deep and Path(given).is_dir():
            deep = True
            found = gather([given], recursive=deep, suffixes=CONVERSION_SUFFIXES, budget=budget)
        collected.files.extend(found.files)
        collected.skipped.extend(found.skipped)
        nested.extend(nested_archives(given, recursive=deep))
    return collected, nested


def once(skipped: Sequence[Skipped]) -> list[Skipped]:
    """Skipped entries without repeats (a unit's folder or zip is listed again in its worker)."""
    seen: set[tuple[str, str]] = set()
    kept: list[Skipped] = []
    for entry in skipped:
        if (entry.path, entry.key) not in seen:
            seen.add((entry.path, entry.key))
            kept.append(entry)
    return kept


def check_paths(
    paths: Sequence[str | Path],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    recursive: bool = False,
    jobs: int | None = 1,
    progress: Progress | None = None,
    meta: Meta | None = None,
    budget: Budget | None = None,
    structure: StructureStatement | None = None,
    final: bool | None = None,
) -> Report:
    """Validate every package and export the paths name (see `wahldaten.validate`); every
    file read counts against `budget`, the run's limits (the defaults without one).
    `structure` and `final` are what the user stated about the elections."""
    rules = selected(select, ignore, source_format=OWD)  # fails early on unknown codes
    budget = budget if budget is not None else Budget()
    collected, nested = collect_named(paths, recursive, budget)
    sources = collected.files
    pieces = units(sources)
    workers = min(jobs or os.cpu_count() or 1, len(pieces))  # None: all cores
    stated = Stated(structure, final)
    results: list[UnitResult] = []
    if workers <= 1:
        for done, unit in enumerate(pieces, start=1):
            results.append(
                check_unit(unit, select, ignore, max_examples, meta, budget=budget, stated=stated)
            )
            if progress is not None:
                progress(done, len(pieces))
    else:
        results = _in_parallel(
            pieces, workers, select, ignore, max_examples, meta, budget.limits, progress, stated
        )
    packages = [p for r in results for p in r.packages]
    unrecognized = [u for r in results for u in r.unrecognized]
    refused = [u for r in results for u in r.refused]
    skipped = once([*collected.skipped, *(s for r in results for s in r.skipped)])
    skipped.sort(key=lambda entry: entry.path)
    if not packages:
        _nothing_found(sources, unrecognized, refused, skipped, nested)
    return Report(
        tool_version=__version__,
        standard_versions=tuple(standard.versions()),
        settings=settings_of(
            select,
            ignore,
            max_examples,
            fail_on,
            [r.code for r in rules],
            final=final,
            structure=structure,
        ),
        inputs=tuple(str(p) for p in paths),
        packages=packages,
        unrecognized=[*unrecognized, *(f"{a}:{m}" for a, members in nested for m in members)],
        refused=refused,
        skipped=skipped,
    )


def _nothing_found(
    sources: Sequence[SourceFile],
    unrecognized: Sequence[str],
    refused: Sequence[Refusal],
    skipped: Sequence[Skipped],
    nested: Sequence[tuple[str, list[str]]],
) -> None:
    """Raise the InputError that says best why nothing could be validated."""
    if refused:  # a recognised file that needs something (--datum): say what
        raise InputError(refused[0].key, **refused[0].params)
    if skipped and not sources:  # nothing but what could not be read: why not
        raise InputError(skipped[0].key, **skipped[0].params)
    if nested:
        archive, members = nested[0]
        raise InputError("input.zip_in_zip", path=archive, members=", ".join(members[:5]))
    shown = list(unrecognized) or [s.display for s in sources]
    raise InputError("input.no_owd", count=len(sources), files=", ".join(shown[:5]))


def _in_parallel(
    pieces: list[list[str]],
    workers: int,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
    meta: Meta | None,
    limits: Limits,
    progress: Progress | None,
    stated: Stated,
) -> list[UnitResult]:
    # Spawned, not forked: forking a process whose polars thread pool runs can deadlock. Each
    # worker gets one polars thread, since the workers already use every core.
    previous = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                pool.submit(
                    check_unit,
                    unit,
                    select,
                    ignore,
                    max_examples,
                    copy.copy(meta),
                    limits,
                    None,  # a budget of the worker's own
                    stated,
                ): i
                for i, unit in enumerate(pieces)
            }
            ordered: dict[int, UnitResult] = {}
            for done, future in enumerate(as_completed(futures), start=1):
                ordered[futures[future]] = future.result()
                if progress is not None:
                    progress(done, len(pieces))
    finally:
        if previous is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = previous
    return [ordered[i] for i in range(len(pieces))]
