"""Running rules: over an OWD package, over an election in memory, over a vendor source.

A rule runs only where its declared inputs are present; each code's findings are counted and
the first examples kept (`CodeResult`), with the rule's severity at the package's stage
(`Rule.severity_for`: election night, or the final result that `--final` or the source
states). Where a package holds several municipalities, each example that names a Bezirk also
names its municipality (`Location.gs`), since `bezirk-nr` repeats across them. Nothing here
reads files or renders text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from wahldaten.core.findings import (
    CELLS,
    ROWS,
    Finding,
    Location,
    RowFindings,
    Severity,
    Yielded,
    count_of,
    first_findings,
)
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NR,
    DATUM,
    GS,
    NAME,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.core.structure import StructureStatement
from wahldaten.engine.figures import distributions
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


def _total(items: Sequence[Yielded], name: str) -> int | None:
    """The sum of a count parameter (`rows`, `cells`) over every finding that carries it."""
    total: int | None = None
    for item in items:
        if isinstance(item, RowFindings):
            if name in item.frame.columns:
                total = (total or 0) + int(item.frame[name].sum() or 0)
        else:
            value = item.params.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                total = (total or 0) + value
    return total


def _result(
    rule: Rule, items: list[Yielded], max_examples: int, severity: Severity
) -> CodeResult | None:
    count = count_of(items)
    if count == 0:
        return None
    examples = tuple(first_findings(items, max_examples))
    return CodeResult(
        rule.code,
        rule.name,
        severity,
        count,
        examples,
        rows=_total(items, ROWS),
        cells=_total(items, CELLS),
    )


def run_rules(context: Context, rules: Iterable[Rule], max_examples: int) -> list[CodeResult]:
    """Run the rules over one package and keep counts plus the first examples per code, each
    code with its severity at the package's stage."""
    final = context.structure.final
    results: list[CodeResult] = []
    for rule in rules:
        if not rule.applies(context):  # an input the rule declares is absent
            continue
        result = _result(rule, list(rule.check(context)), max_examples, rule.severity_for(final))
        if result is not None:
            results.append(result)
    return with_municipalities(context, results)


def with_municipalities(context: Context, results: list[CodeResult]) -> list[CodeResult]:
    """The examples with the municipality key of their Bezirk where the package has several
    municipalities and a rule did not set it: looked up by file and line in the package's
    tables (one filter per file over the lines shown), else by a `bezirk-nr` that only one
    municipality has."""
    if not context.several_municipalities:
        return results
    missing = [
        f.location
        for r in results
        for f in r.examples
        if f.location.bezirk is not None and f.location.gs is None
    ]
    if not missing:
        return results
    by_line = _keys_by_line(context, missing)
    by_bezirk = _keys_by_bezirk(context, {str(loc.bezirk) for loc in missing})

    def located(finding: Finding) -> Finding:
        loc = finding.location
        if loc.bezirk is None or loc.gs is not None:
            return finding
        gs = by_line.get((loc.file, loc.line)) if loc.line is not None else None
        gs = gs or by_bezirk.get(str(loc.bezirk))
        if gs is None:
            return finding
        return dataclasses.replace(finding, location=dataclasses.replace(loc, gs=gs))

    return [dataclasses.replace(r, examples=tuple(located(f) for f in r.examples)) for r in results]


def _keys_by_line(
    context: Context, locations: Sequence[Location]
) -> dict[tuple[str | None, int | None], str]:
    wanted: dict[str, set[int]] = {}
    for loc in locations:
        if loc.file is not None and loc.line is not None:
            wanted.setdefault(loc.file, set()).add(loc.line)
    found: dict[tuple[str | None, int | None], str] = {}
    for owd_file in context.read_files():
        lines = wanted.get(owd_file.display)
        frame = owd_file.table.frame
        if not lines or GS not in frame.columns or LINE_COLUMN not in frame.columns:
            continue
        hits = frame.filter(
            pl.col(LINE_COLUMN).is_in(sorted(lines)) & pl.col(GS).is_not_null()
        ).select(LINE_COLUMN, pl.col(GS).cast(pl.String))
        for line, gs in hits.iter_rows():
            found.setdefault((owd_file.display, int(line)), str(gs))
    return found


def _keys_by_bezirk(context: Context, bezirke: set[str]) -> dict[str, str]:
    """The municipality of each `bezirk-nr` that belongs to exactly one."""
    for file_type in (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE):
        frame = context.frame(file_type)
        if frame is None or GS not in frame.columns or BEZIRK_NR not in frame.columns:
            continue
        pairs = (
            frame.select(pl.col(BEZIRK_NR).cast(pl.String), pl.col(GS).cast(pl.String))
            .filter(pl.col(BEZIRK_NR).is_in(sorted(bezirke)) & pl.col(GS).is_not_null())
            .unique()
        )
        single = pairs.filter(pl.col(GS).count().over(BEZIRK_NR) == 1)
        return {str(b): str(g) for b, g in single.iter_rows()}
    return {}


def source_results(
    contexts: Sequence[SourceContext],
    rules: Sequence[Rule],
    max_examples: int,
    final: bool = False,
) -> list[CodeResult]:
    """Run a format's own rules over every context of its reading; one result per code, with
    its severity at the stage of the source (`final`: the final result)."""
    merged: dict[str, tuple[Rule, list[Yielded]]] = {}
    for context in contexts:
        for rule in rules:
            if not rule.applies_to(context.source_format) or not rule.applies(context):
                continue
            items = list(rule.check(context))
            if items:
                merged.setdefault(rule.code, (rule, []))[1].extend(items)
    found = (
        _result(rule, items, max_examples, rule.severity_for(final))
        for rule, items in merged.values()
    )
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
    *,
    statement: StructureStatement | None = None,
    final: bool | None = None,
) -> PackageReport:
    """Validate one OWD package read from files (or from an OWD JSON document). `statement`
    and `final` are what the user stated about the election (`--structure`, `--final`)."""
    context = Context(package, statement=statement, final=final)
    files = [
        FileInfo(f.display, f.file_type, f.table.frame.height, f.table.usable, source_format)
        for f in [*package.files.values(), *package.duplicates]
    ]
    results = run_rules(context, rules, max_examples)
    return PackageReport(
        declared_version=package.declared_version,
        version=package.version,
        files=files,
        summary=summarize(context),
        results=results,
        structure=context.structure,
        distributions=distributions(context, results),
    )


def check_election(
    election: Election,
    display: str | None,
    lines: pl.Series | None,
    rules: Sequence[Rule],
    max_examples: int,
    *,
    statement: StructureStatement | None = None,
    final: bool | None = None,
    status: str | None = None,
) -> PackageReport:
    """Validate an election in memory, as OWD, with findings located in its source file
    (`display`, and `lines`: the source line of each result row) where it has one. `status`
    is the counting status the source states (kerg's "vorläufig"/"endgültig"): the stage
    where the user stated none."""
    displays = {t: f"{display} ({t})" for t in election.tables} if display else None
    located: dict[str, pl.Series | None] | None = (
        {WAHLERGEBNISSE: lines, WAHLGEBIETSEINTEILUNGEN: lines} if lines is not None else None
    )
    if displays is not None:
        displays[WAHLERGEBNISSE] = display or WAHLERGEBNISSE
        displays[WAHLGEBIETSEINTEILUNGEN] = display or WAHLGEBIETSEINTEILUNGEN
    context = Context(
        owd.package_of(election, displays, located),
        statement=statement,
        final=final,
        status=status,
    )
    results = run_rules(context, rules, max_examples)
    return PackageReport(
        declared_version=election.version,
        version=election.version,
        files=[],
        summary=summarize(context),
        results=results,
        structure=context.structure,
        distributions=distributions(context, results),
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
