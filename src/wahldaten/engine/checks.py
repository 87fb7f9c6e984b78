"""Running rules: over an OWD package, over an election in memory, over a vendor source.

A rule runs only where its declared inputs are present; each code's findings are counted and
the first examples kept (`CodeResult`). Nothing here reads files or renders text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from wahldaten.core.findings import Yielded, count_of, first_findings
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NR,
    DATUM,
    NAME,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.engine.results import (
    CodeResult,
    FileInfo,
    PackageReport,
    PackageSummary,
    sort_results,
)
from wahldaten.formats import owd, registry
from wahldaten.formats.source import SourceContext
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import REPORTED, Context
from wahldaten.rules.registry import Rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

AUTHORITY_NAME = "wahl-behoerde-name"
URN_ARTS = ["W", "U"]
POSTAL_ART = "B"


def _result(rule: Rule, items: list[Yielded], max_examples: int) -> CodeResult | None:
    count = count_of(items)
    if count == 0:
        return None
    examples = tuple(first_findings(items, max_examples))
    return CodeResult(rule.code, rule.name, rule.severity, count, examples)


def run_rules(context: Context, rules: Iterable[Rule], max_examples: int) -> list[CodeResult]:
    """Run the rules over one package and keep counts plus the first examples per code."""
    results: list[CodeResult] = []
    for rule in rules:
        if not rule.applies(context):  # an input the rule declares is absent
            continue
        result = _result(rule, list(rule.check(context)), max_examples)
        if result is not None:
            results.append(result)
    return results


def source_results(
    contexts: Sequence[SourceContext], rules: Sequence[Rule], max_examples: int
) -> list[CodeResult]:
    """Run a format's own rules over every context of its reading; one result per code."""
    merged: dict[str, tuple[Rule, list[Yielded]]] = {}
    for context in contexts:
        for rule in rules:
            if not rule.applies_to(context.source_format) or not rule.applies(context):
                continue
            items = list(rule.check(context))
            if items:
                merged.setdefault(rule.code, (rule, []))[1].extend(items)
    found = (_result(rule, items, max_examples) for rule, items in merged.values())
    return sort_results([r for r in found if r is not None])


def empty_summary() -> PackageSummary:
    return PackageSummary(None, None, None, None, None, None, None, None, None, None, None)


def summarize(context: Context) -> PackageSummary:
    """What a package holds, for the head of its report."""
    identity = context.package.identity()
    parameter = context.frame(WAHLPARAMETER)
    authority_name = None
    if parameter is not None and AUTHORITY_NAME in parameter.columns and parameter.height:
        authority_name = parameter[AUTHORITY_NAME][0]
    gebiete = context.frame(WAHLGEBIETSEINTEILUNGEN)
    bezirke = urn = postal = None
    if gebiete is not None and BEZIRK_NR in gebiete.columns:
        bezirke = gebiete.height
        if BEZIRK_ART in gebiete.columns:
            urn = gebiete.filter(pl.col(BEZIRK_ART).is_in(URN_ARTS)).height
            postal = gebiete.filter(pl.col(BEZIRK_ART) == POSTAL_ART).height
    results = context.results
    reported = int(results.frame[REPORTED].sum()) if results is not None else None
    stimmzettel = context.frame(STIMMZETTEL)
    return PackageSummary(
        wahl_name=identity.get(NAME),
        wahl_datum=identity.get(DATUM),
        gs=context.authority_gs,
        authority_name=authority_name,
        bezirke=bezirke,
        urn=urn,
        postal=postal,
        reported=reported,
        result_rows=results.frame.height if results is not None else None,
        votes=(2 if results.two_votes else 1) if results is not None else None,
        ballot_positions=stimmzettel.height if stimmzettel is not None else None,
    )


def check_package(
    package: owd.Package,
    rules: Sequence[Rule],
    max_examples: int,
    source_format: str = registry.OWD,
) -> PackageReport:
    """Validate one OWD package read from files (or from an OWD JSON document)."""
    context = Context(package)
    files = [
        FileInfo(f.display, f.file_type, f.table.frame.height, f.table.usable, source_format)
        for f in [*package.files.values(), *package.duplicates]
    ]
    return PackageReport(
        declared_version=package.declared_version,
        version=package.version,
        files=files,
        summary=summarize(context),
        results=run_rules(context, rules, max_examples),
    )


def check_election(
    election: Election,
    display: str | None,
    lines: pl.Series | None,
    rules: Sequence[Rule],
    max_examples: int,
) -> PackageReport:
    """Validate an election in memory, as OWD, with findings located in its source file
    (`display`, and `lines`: the source line of each result row) where it has one."""
    displays = {t: f"{display} ({t})" for t in election.tables} if display else None
    located: dict[str, pl.Series | None] | None = (
        {WAHLERGEBNISSE: lines, WAHLGEBIETSEINTEILUNGEN: lines} if lines is not None else None
    )
    if displays is not None:
        displays[WAHLERGEBNISSE] = display or WAHLERGEBNISSE
        displays[WAHLGEBIETSEINTEILUNGEN] = display or WAHLGEBIETSEINTEILUNGEN
    context = Context(owd.package_of(election, displays, located))
    return PackageReport(
        declared_version=election.version,
        version=election.version,
        files=[],
        summary=summarize(context),
        results=run_rules(context, rules, max_examples),
    )


def election_of(package: owd.Package) -> Election:
    """The election an OWD package holds (its usable tables, without the reader's line numbers).

    Raises ModelError if a count is not an integer: only packages without errors get here.
    """
    tables = {
        file_type: owd_file.table.frame.drop(LINE_COLUMN, strict=False)
        for file_type, owd_file in package.files.items()
        if owd_file.table.usable
    }
    return Election.from_text(tables, package.version)
