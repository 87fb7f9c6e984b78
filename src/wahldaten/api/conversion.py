"""Conversion as a library call: vendor exports or OWD in, OWD or analysis formats out.

All or nothing: the sources are read and checked (the format's own rules, then every OWD rule
on the converted election, with findings located in the source files); only if no finding is
an error is anything written, first into a temporary folder, where written OWD may be
validated again, and then moved into place. `keep_errors` writes a source that contradicts
itself as it is, with its findings (the report fails all the same). The formats come from
`formats.registry` (sources) and `formats.targets` (targets).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.core.findings import Severity
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election, ModelError
from wahldaten.engine.batch import check_paths
from wahldaten.engine.output import (
    check_output_free,
    check_version,
    migrated,
    report_not_carried,
    write_staged,
)
from wahldaten.engine.results import ConversionReport
from wahldaten.engine.sources import StructureGiven, detect, inspect_inputs, statement_of
from wahldaten.formats import registry, targets
from wahldaten.formats.errors import SourceError
from wahldaten.formats.source import Meta
from wahldaten.io.limits import Budget, Limits

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

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
    keep_errors: bool = False,
) -> ConversionReport:
    """Convert inputs into `output`; writes nothing if any check finds an error (see `inspect`,
    also for `limits`, `final` and `structure`).

    Without `target_format`, the output's name decides (see `target_for`); a name whose suffix
    chooses another target than `target_format` raises UnknownTargetError, and several
    elections for one document (`x.json`) raise SeveralElectionsError (both SourceErrors).
    `version` migrates the elections by the registered migrations before they are written.
    Every election is validated in memory, as OWD, before anything is written; `check_output`
    also reads a written OWD package back and validates it again (the writer's round trip is
    proven by the test suite, so this doubles the time for a second opinion).

    `keep_errors` writes the conversion even where a finding fails it: the values as the
    source has them, nothing repaired, and the report fails (exit code 1) as without it. An
    OWD package whose counts are not integers cannot be converted even so.
    """
    target = targets.get(target_format) if target_format else targets.for_output(output)
    target = targets.refined(target, output)
    targets.check_output_name(target, output)
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
        keep_errors=keep_errors,
    )
    if (report.failed and not keep_errors) or not elections:
        return report
    chosen = migrated(elections, version)
    report_not_carried(report, elections, version)
    targets.check_elections_fit(target, target_path, chosen)
    if not keep_errors:
        return write_staged(
            report, chosen, target, target_path, stamp=stamp, check_output=check_output
        )
    return _write_kept(report, chosen, target, target_path, stamp, check_output)


def _write_kept(
    report: ConversionReport,
    elections: Sequence[Election],
    target: targets.TargetFormat,
    output: Path,
    stamp: str | None,
    check_output: bool,
) -> ConversionReport:
    """Write elections that have errors: the second check is reported but cannot stop the
    writing, and a target that cannot hold a value as the source has it (a listenplatz `-` in
    an OWD JSON document, whose numbers are typed) refuses with SourceError, leaving nothing."""
    try:
        write_staged(report, elections, target, output, stamp=stamp)
    except (ModelError, pl.exceptions.PolarsError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SourceError("convert.not_writable", target=target.name, reason=reason) from None
    if check_output and target.name == targets.OWD:
        report.output_check = check_paths(
            [output],
            recursive=True,
            max_examples=report.settings.max_examples,
            structure=report.settings.structure,
            final=report.settings.final,
        )
    return report
