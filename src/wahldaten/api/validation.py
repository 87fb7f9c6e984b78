"""Validation as a library call: `wahldaten.validate(path)` returns a `Report`."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

from wahldaten.core.findings import Severity
from wahldaten.core.structure import StatementError, StructureStatement
from wahldaten.engine.batch import Progress, check_paths
from wahldaten.engine.results import Report
from wahldaten.engine.sources import StructureGiven, statement_of
from wahldaten.formats.source import Meta, read_meta_sources
from wahldaten.io.limits import Budget, Limits
from wahldaten.io.sources import collect

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "Limits",
    "Report",
    "StatementError",
    "StructureStatement",
    "validate",
]

DEFAULT_MAX_EXAMPLES = 10


def validate(
    *paths: str | Path,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    fail_on: Severity | str = Severity.ERROR,
    recursive: bool = False,
    jobs: int | None = 1,
    progress: Progress | None = None,
    meta: Meta | None = None,
    meta_files: Sequence[str | Path] = (),
    limits: Limits | None = None,
    final: bool | None = None,
    structure: StructureGiven = None,
) -> Report:
    """Validate OWD packages and vendor exports in files, folders or zip archives.

    `final=True` checks the final result: every Bezirk of Wahlgebietseinteilungen must have a
    complete result row, so a missing or empty one is an error (R07, R20, C02, C05); `False`
    checks election night, where incomplete counting is a warning or a note; None (the
    default) lets the data decide (a source stating "endgültig"), else election night.
    `structure` states what the data cannot tell about the election: a `StructureStatement`,
    a mapping as in the settings file (`{"votes": 2, "separate-ballots": True}`) or the text of
    `--structure` (`"votes=2,separate-ballots"`); a bad one raises `StatementError`. The report
    names, per package, the structure and the stage checked, and where each came from.

    A folder without data files of its own stands for the packages in its sub-folders (the
    output of a multi-package conversion). Vendor exports are checked as `convert` checks
    them; `meta` and `meta_files` add what a source does not say (the election date of an
    AKDB export, ...), as for `convert`.

    Folders and zip archives are independent units; with `jobs` > 1 (or None: all cores)
    several units are validated in parallel processes. Those are spawned, so a script that asks
    for them needs the `if __name__ == "__main__":` guard; the default, one job, runs here.

    `limits` bound what the whole run reads (`Limits()`, the defaults, without them); entries
    of folders that cannot be read are listed in `Report.skipped`, recognised files that
    cannot be used in `Report.refused`.

    Raises `InputError` if nothing readable is found (with the reason where a file was
    recognised but cannot be read) or a limit is exceeded, `SourceError` for an unreadable
    metadata file, and `UnknownCodeError` for a code in `select`/`ignore` that no rule has.
    """
    budget = Budget(limits) if limits is not None else Budget()
    given = copy.deepcopy(meta) if meta is not None else Meta()
    read_meta_sources(collect([Path(p) for p in meta_files], budget=budget), given)
    return check_paths(
        paths,
        select=select,
        ignore=ignore,
        max_examples=max_examples,
        fail_on=fail_on,
        recursive=recursive,
        jobs=jobs,
        progress=progress,
        meta=given,
        budget=budget,
        structure=statement_of(structure),
        final=final,
    )
