"""Validation as a library call: `wahldaten.validate(path)` returns a `Report`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten import __version__, standard
from wahldaten._lazy import polars as _pl
from wahldaten.findings import Severity, count_of, first_findings
from wahldaten.formats import owd
from wahldaten.registry import OWD, Rule, selected
from wahldaten.report.model import (
    CodeResult,
    FileInfo,
    PackageReport,
    PackageSummary,
    Report,
    Settings,
)
from wahldaten.rules.context import BEZIRK_NR, REPORTED, Context
from wahldaten.sources import InputError, SourceFile, collect

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


def validate_sources(
    sources: Sequence[SourceFile],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    fail_on: Severity | str = Severity.ERROR,
    inputs: Sequence[str] = (),
) -> Report:
    rules = selected(select, ignore, source_format=OWD)
    packages, others = owd.read_packages(sources)
    if not packages:
        raise InputError(
            "input.no_owd", count=len(sources), files=", ".join(s.display for s in sources[:5])
        )
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
        inputs=tuple(inputs),
        packages=[validate_package(p, rules, max_examples) for p in packages],
        unrecognized=[s.display for s in others],
    )


def validate(
    *paths: str | Path,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    fail_on: Severity | str = Severity.ERROR,
    recursive: bool = False,
) -> Report:
    """Validate OWD packages in files, folders or zip archives and return the report.

    Raises `InputError` if nothing readable is found, and `UnknownCodeError` for a code in
    `select`/`ignore` that no rule has.
    """
    sources = collect(paths, recursive=recursive)
    return validate_sources(
        sources,
        select=select,
        ignore=ignore,
        max_examples=max_examples,
        fail_on=fail_on,
        inputs=[str(p) for p in paths],
    )
