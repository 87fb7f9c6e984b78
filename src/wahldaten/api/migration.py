"""Migration as a library call: OWD packages rewritten in another version of the standard.

The packages are read and validated in their own version; if no finding is an error, each is
migrated by the migrations registered per version pair (`core.migrations`) and written as an
OWD package, all or nothing, as a conversion writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wahldaten.core.findings import Severity
from wahldaten.core.migrations import (
    MigrationError,
    migration,
    path,
    registered,
)
from wahldaten.engine.output import (
    check_output_free,
    check_version,
    migrated,
    report_not_carried,
    write_staged,
)
from wahldaten.engine.results import ConversionReport
from wahldaten.engine.sources import inspect_inputs
from wahldaten.formats import registry, targets
from wahldaten.io.limits import Budget, Limits

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
    report_not_carried(report, elections, to)
    owd = targets.get(targets.OWD)
    return write_staged(report, chosen, owd, target_path, stamp=stamp, check_output=check_output)
