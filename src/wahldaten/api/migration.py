"""Migration as a library call: OWD packages rewritten in another version of the standard.

The packages are read and validated in their own version; if no finding is an error, each is
migrated by the migrations registered per version pair (`core.migrations`) and written as an
OWD package, all or nothing, as a conversion writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wahldaten.core.findings import Finding, Location, Severity
from wahldaten.core.migrations import (
    LOST,
    NOT_CARRIED,
    MigrationError,
    migrate_noted,
    migration,
    path,
    registered,
)
from wahldaten.core.model import Election
from wahldaten.engine.output import check_output_free, check_version, migrated, write_staged
from wahldaten.engine.results import CodeResult, ConversionReport, sort_results
from wahldaten.engine.sources import inspect_inputs
from wahldaten.formats import registry, targets
from wahldaten.io.limits import Budget, Limits
from wahldaten.rules import registry as rules

__all__ = ["MigrationError", "migrate", "migration", "path", "registered"]


def migrate(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    to: str,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    overwrite: bool = False,
    stamp: str | None = None,
    check_output: bool = False,
    limits: Limits | None = None,
) -> ConversionReport:
    """Migrate the OWD packages among `inputs` to version `to` and write them into `output`
    (one sub-folder per package if there are several). Writes nothing if a package has an
    error. Raises `SourceError` for an unknown version (input.unknown_version) or one that no
    chain of registered migrations reaches (convert.no_migration), `InputError` for
    unreadable inputs or an exceeded limit (`limits`, as for `wahldaten.convert`)."""
    check_version(to)
    target_path = Path(output)
    check_output_free(target_path, overwrite)
    report, elections = inspect_inputs(
        inputs,
        source_format=registry.OWD,
        max_examples=max_examples,
        fail_on=fail_on,
        target_format=targets.OWD,
        budget=Budget(limits) if limits is not None else None,
    )
    if report.failed or not elections:
        return report
    chosen = migrated(elections, to)
    _report_not_carried(report, elections, to)
    owd = targets.get(targets.OWD)
    return write_staged(report, chosen, owd, target_path, stamp=stamp, check_output=check_output)


def _report_not_carried(report: ConversionReport, elections: Sequence[Election], to: str) -> None:
    """Each column with values that version `to` cannot hold, as a finding of its package
    (a note: every count is kept)."""
    rule = rules.get(NOT_CARRIED)
    for index, election in enumerate(elections):
        if election.version == to or index >= len(report.packages):
            continue
        lost = [n for n in migrate_noted(election.tables, election.version, to)[1] if n.key == LOST]
        if not lost:
            continue
        package = report.packages[index]
        paths = {f.file_type: f.path for f in package.files}
        findings = tuple(
            Finding(
                params={"columns": f"{n.column} ({n.rows})"},
                location=Location(paths.get(n.file_type, n.file_type), 1, n.column),
            )
            for n in lost
        )
        result = CodeResult(rule.code, rule.name, rule.severity, len(findings), findings)
        package.results = sort_results([*package.results, result])
