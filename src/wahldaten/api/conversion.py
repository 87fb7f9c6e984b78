"""Conversion as a library call: vendor exports or OWD in, OWD or analysis formats out.

All or nothing: the sources are read and checked (the format's own rules, then every OWD rule
on the converted election, with findings located in the source files); only if no finding is
an error is anything written, first into a temporary folder, where written OWD may be
validated again, and then moved into place. The formats come from `formats.registry` (sources)
and `formats.targets` (targets).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wahldaten.core.findings import Severity
from wahldaten.core.model import Election
from wahldaten.engine.output import check_output_free, check_version, migrated, write_staged
from wahldaten.engine.results import ConversionReport
from wahldaten.engine.sources import StructureGiven, detect, inspect_inputs, statement_of
from wahldaten.formats import registry, targets
from wahldaten.formats.source import Meta
from wahldaten.io.limits import Budget, Limits

__all__ = [
    "SOURCE_FORMATS",
    "TARGET_FORMATS",
    "ConversionReport",
    "Limits",
    "convert",
    "detect",
    "inspect",
    "target_for",
]

# What --from and --to accept, from the registries (kept for callers of these names).
SOURCE_FORMATS = registry.choices()
TARGET_FORMATS = targets.names()


def target_for(output: str | Path) -> str:
    """The target an output name implies: `x.parquet`, `x.json`, `x.csv`, a folder name
    without a suffix; any other suffix raises UnknownTargetError (a SourceError)."""
    return targets.target_for(output)


def inspect(
    inputs: Sequence[str | Path],
    *,
    source_format: str = registry.AUTO,
    meta: Meta | None = None,
    meta_files: Sequence[str | Path] = (),
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    target_format: str = targets.OWD,
    limits: Limits | None = None,
    final: bool | None = None,
    structure: StructureGiven = None,
) -> tuple[ConversionReport, list[Election]]:
    """Read and check the inputs without writing anything: the report and the elections.

    `final` and `structure` say what the data cannot tell, as for `wahldaten.validate`: the
    final result is checked for completeness (a missing Bezirk is an error, and nothing is
    converted), the structure decides which identities hold.

    `limits` bound what the run reads (the defaults without them); entries of folders that
    cannot be read are listed in `ConversionReport.skipped`. Raises `InputError` for
    unreadable inputs or an exceeded limit and `SourceError` for a source that cannot be
    converted at all (unknown format, no election date).
    """
    return inspect_inputs(
        inputs,
        source_format=source_format,
        meta=meta,
        meta_files=meta_files,
        select=select,
        ignore=ignore,
        max_examples=max_examples,
        fail_on=fail_on,
        target_format=target_format,
        budget=Budget(limits) if limits is not None else None,
        structure=statement_of(structure),
        final=final,
    )


def convert(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    source_format: str = registry.AUTO,
    target_format: str | None = None,
    version: str | None = None,
    meta: Meta | None = None,
    meta_files: Sequence[str | Path] = (),
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    overwrite: bool = False,
    stamp: str | None = None,
    check_output: bool = False,
    limits: Limits | None = None,
    final: bool | None = None,
    structure: StructureGiven = None,
) -> ConversionReport:
    """Convert inputs into `output`; writes nothing if any check finds an error (see `inspect`,
    also for `limits`, `final` and `structure`).

    Without `target_format`, the output's name decides (see `target_for`). `version` migrates
    the elections by the registered migrations before they are written. Every election is
    validated in memory, as OWD, before anything is written; `check_output` also reads a
    written OWD package back and validates it again (the writer's round trip is proven by the
    test suite, so this doubles the time for a second opinion).
    """
    target = targets.get(target_format) if target_format else targets.for_output(output)
    check_version(version)
    target_path = Path(output)
    check_output_free(target_path, overwrite)
    report, elections = inspect_inputs(
        inputs,
        source_format=source_format,
        meta=meta,
        meta_files=meta_files,
        max_examples=max_examples,
        fail_on=fail_on,
        target_format=target.name,
        budget=Budget(limits) if limits is not None else None,
        structure=statement_of(structure),
        final=final,
    )
    if report.failed or not elections:
        return report
    chosen = migrated(elections, version)
    return write_staged(report, chosen, target, target_path, stamp=stamp, check_output=check_output)
