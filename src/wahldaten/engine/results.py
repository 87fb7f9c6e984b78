"""The result of a validation: per package, per rule code, counts and the first examples.

Every finding is counted; only the first `max_examples` per code are kept as objects, and the
report says when the list was cut (`truncated`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wahldaten.core.findings import Finding, Severity


@dataclass(frozen=True)
class CodeResult:
    """All findings of one rule code in one package."""

    code: str
    name: str
    severity: Severity
    count: int
    examples: tuple[Finding, ...]

    @property
    def truncated(self) -> bool:
        return self.count > len(self.examples)


@dataclass(frozen=True)
class FileInfo:
    path: str
    file_type: str
    rows: int
    usable: bool


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


@dataclass
class PackageReport:
    declared_version: str | None
    version: str
    files: list[FileInfo]
    summary: PackageSummary
    results: list[CodeResult] = field(default_factory=list)

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
    fail_on: Severity
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    max_examples: int
    codes: tuple[str, ...]


@dataclass
class Report:
    tool_version: str
    standard_versions: tuple[str, ...]
    settings: Settings
    inputs: tuple[str, ...]
    packages: list[PackageReport]
    unrecognized: list[str] = field(default_factory=list)

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

    def as_dict(self, language: str = "de") -> dict[str, Any]:
        from wahldaten.report.json_report import report_dict

        return report_dict(self, language)
