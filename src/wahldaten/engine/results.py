"""The result of a validation or conversion: per package, per rule code, counts and examples.

Every finding is counted; only the first `max_examples` per code are kept as objects, and the
report says when the list was cut (`truncated`). Plain data: the renderers in `report/` turn
it into text, JSON (`report.json_report.report_dict`), HTML and the rest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wahldaten.core import catalog
from wahldaten.core.findings import Finding, Severity
from wahldaten.core.structure import ElectionStructure, StructureStatement
from wahldaten.io.files import Skipped


@dataclass(frozen=True)
class CodeResult:
    """All findings of one rule code in one package.

    `severity` is the rule's severity at the package's stage (election night or final
    result). `rows` and `cells` are the exact numbers of rows and cells that the findings
    reported once per cause stand for, summed over every finding, not only the examples (None
    where no finding of the code carries them).
    """

    code: str
    name: str
    severity: Severity
    count: int
    examples: tuple[Finding, ...]
    rows: int | None = None
    cells: int | None = None

    @property
    def truncated(self) -> bool:
        return self.count > len(self.examples)


@dataclass(frozen=True)
class FileInfo:
    """One file read: its OWD file type (None for a vendor export, which holds every type in
    its own layout) and the source format it is in (`owd`, `owd-json`, `akdb`, ...)."""

    path: str
    file_type: str | None
    rows: int
    usable: bool
    source_format: str


@dataclass(frozen=True)
class PackageSummary:
    """What the package holds, for the head of a report."""

    wahl_name: str | None
    wahl_datum: str | None
    gs: str | None
    authority_name: str | None
    bezirke: int | None
    urn: int | None
    postal: int | None
    reported: int | None
    result_rows: int | None
    votes: int | None
    ballot_positions: int | None


@dataclass(frozen=True)
class Distribution:
    """A share over a package's Bezirke in equal bins from `lower` to `upper` (fractions), for
    the HTML report's pictures: `kind` "turnout" (B/A of urn Bezirke) or "invalid" (C/B).
    Per bin, how many Bezirke, how many of them are named by a finding, and how many more
    lie far outside the rest (`outliers`)."""

    kind: str
    lower: float
    upper: float
    counts: tuple[int, ...]
    with_findings: tuple[int, ...]
    outliers: tuple[int, ...]
    median: float


@dataclass
class PackageReport:
    """One package's report. `structure` is the election's structure as the rules read it,
    with the stage that was checked (None where none was derived: a vendor export that could
    not be converted)."""

    declared_version: str | None
    version: str
    files: list[FileInfo]
    summary: PackageSummary
    results: list[CodeResult] = field(default_factory=list)
    structure: ElectionStructure | None = None
    distributions: tuple[Distribution, ...] = ()

    def counts(self) -> Counter[Severity]:
        counter: Counter[Severity] = Counter()
        for result in self.results:
            counter[result.severity] += result.count
        return counter

    def worst(self) -> Severity | None:
        found = [r.severity for r in self.results if r.count]
        return max(found, key=lambda s: s.rank) if found else None

    @property
    def title(self) -> str:
        s = self.summary
        return " · ".join(part for part in (s.wahl_name, s.wahl_datum, s.gs) if part)


@dataclass(frozen=True)
class Settings:
    """How a run was asked for. `final` and `structure` are what the user stated about the
    elections (`--final`, `--structure`, or the settings file); None where nothing was."""

    fail_on: Severity
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    max_examples: int
    codes: tuple[str, ...]
    final: bool | None = None
    structure: StructureStatement | None = None


@dataclass(frozen=True)
class Refusal:
    """A file that was recognised but could not be read (an AKDB export without a date, a
    broken JSON document): where, and why as a catalog key with its parameters."""

    path: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str) -> str:
        return catalog.text(self.key, language, **self.params)


@dataclass
class Report:
    tool_version: str
    standard_versions: tuple[str, ...]
    settings: Settings
    inputs: tuple[str, ...]
    packages: list[PackageReport]
    unrecognized: list[str] = field(default_factory=list)
    # Recognised but unreadable files, with the reason; their paths are in `unrecognized` too.
    refused: list[Refusal] = field(default_factory=list)
    # Entries of folders and archives not read at all (unreadable, a FIFO, a dangling link).
    skipped: list[Skipped] = field(default_factory=list)

    def counts(self) -> Counter[Severity]:
        total: Counter[Severity] = Counter()
        for package in self.packages:
            total.update(package.counts())
        return total

    def counts_by_code(self) -> dict[str, int]:
        by_code: Counter[str] = Counter()
        for package in self.packages:
            for result in package.results:
                by_code[result.code] += result.count
        return dict(sorted(by_code.items()))

    @property
    def failed(self) -> bool:
        """True if any finding is at or above the fail level."""
        threshold = self.settings.fail_on.rank
        return any(severity.rank >= threshold and n for severity, n in self.counts().items())

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


@dataclass
class ConversionReport:
    """What a conversion (or migration) read, found and wrote."""

    source_format: str
    target_format: str
    detected: str
    settings: Settings
    source_results: list[CodeResult] = field(default_factory=list)
    packages: list[PackageReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    output_check: Report | None = None
    totals: list[dict[str, int | None]] = field(default_factory=list)
    # Entries of the input folders and archives not read at all, with the reason.
    skipped: list[Skipped] = field(default_factory=list)

    def all_results(self) -> list[CodeResult]:
        return [*self.source_results, *(r for p in self.packages for r in p.results)]

    @property
    def failed(self) -> bool:
        threshold = self.settings.fail_on.rank
        if any(r.severity.rank >= threshold for r in self.all_results()):
            return True
        return self.output_check is not None and self.output_check.failed

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def sort_results(results: list[CodeResult]) -> list[CodeResult]:
    """Worst severity first, then by code: the order of every report."""
    return sorted(results, key=lambda r: (-r.severity.rank, r.code))
