"""Writing what passed: all or nothing, into a temporary folder first, then into place.

Shared by conversion and migration. Elections are migrated to the version asked for by the
registered migrations (`core.migrations`) and written by the target's writer
(`formats.targets`); a written OWD package may be validated again before it is kept.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from wahldaten.core import standard
from wahldaten.core.findings import Finding, Location
from wahldaten.core.migrations import LOST, NOT_CARRIED, MigrationError, migrate_noted
from wahldaten.core.model import Election
from wahldaten.engine.batch import check_paths
from wahldaten.engine.results import CodeResult, ConversionReport, sort_results
from wahldaten.formats import targets
from wahldaten.formats.source import SourceError
from wahldaten.rules import registry as rules


def check_version(version: str | None) -> None:
    """SourceError (input.unknown_version) for a version the standard does not have."""
    if version is not None and version not in standard.versions():
        raise SourceError(
            "input.unknown_version", version=version, known=", ".join(standard.versions())
        )


def check_output_free(output: Path, overwrite: bool) -> None:
    """SourceError (convert.output_exists) if the output exists, is not empty and may stay."""
    if output.exists() and not overwrite and (output.is_file() or any(output.iterdir())):
        raise SourceError("convert.output_exists", path=str(output))


def migrated(elections: Sequence[Election], version: str | None) -> list[Election]:
    """The elections in `version` (None: as they are), by the registered migrations."""
    try:
        return [e if version is None else e.migrated(version) for e in elections]
    except MigrationError as error:
        raise SourceError(error.key, **error.params) from None


def report_not_carried(
    report: ConversionReport, elections: Sequence[Election], version: str | None
) -> None:
    """Each column with values that `version` cannot hold, as a finding (a note: every count
    is kept) of its election's package; `migrate` and `convert --version` both report them.
    Where the elections are not the report's packages one to one (a package that could not
    be converted was left out), the findings go to the source's results: never dropped."""
    if version is None:
        return
    rule = rules.get(NOT_CARRIED)
    aligned = len(elections) == len(report.packages)
    for index, election in enumerate(elections):
        if election.version == version:
            continue
        notes = migrate_noted(election.tables, election.version, version)[1]
        lost = [n for n in notes if n.key == LOST]
        if not lost:
            continue
        package = report.packages[index] if aligned else None
        paths = {f.file_type: f.path for f in package.files} if package is not None else {}
        findings = tuple(
            Finding(
                params={"columns": f"{n.column} ({n.rows})"},
                location=Location(paths.get(n.file_type, n.file_type), 1, n.column),
            )
            for n in lost
        )
        result = CodeResult(rule.code, rule.name, rule.severity, len(findings), findings)
        if package is not None:
            package.results = sort_results([*package.results, result])
        else:
            report.source_results = sort_results([*report.source_results, result])


def write_staged(
    report: ConversionReport,
    elections: Sequence[Election],
    target: targets.TargetFormat,
    output: Path,
    *,
    stamp: str | None = None,
    check_output: bool = False,
) -> ConversionReport:
    """Write the elections as `target` into `output` (replacing what is there) via a
    temporary folder beside it; records the paths, and the second check, in the report."""
    parent = output.parent if output.parent.exists() else None
    with tempfile.TemporaryDirectory(prefix=".wahldaten-", dir=parent) as tmp:
        staging = Path(tmp) / "out"
        if target.folder:
            staging.mkdir()
        written = target.write(elections, staging, stamp)
        if target.name == targets.OWD and check_output:
            report.output_check = check_paths(
                [staging],
                recursive=True,
                max_examples=report.settings.max_examples,
                structure=report.settings.structure,
                final=report.settings.final,
            )
            if report.output_check.failed:
                return report
        if output.exists():
            shutil.rmtree(output) if output.is_dir() else output.unlink()
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(output))
        report.written = [
            output / p.relative_to(staging) if p != staging else output for p in written
        ]
    return report
