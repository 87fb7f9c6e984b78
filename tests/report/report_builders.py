"""Reports built directly from the result model, with any text in any field (for renderer tests)."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from wahldaten.core import catalog
from wahldaten.core.findings import Finding, Location, Severity
from wahldaten.core.structure import EXAMPLES, ElectionStructure
from wahldaten.engine.results import (
    CodeResult,
    FileInfo,
    PackageReport,
    PackageSummary,
    Refusal,
    Report,
    Settings,
)
from wahldaten.io.files import Skipped
from wahldaten.rules import registry

# Any code point, lone surrogates included (undecodable bytes of a file name become those).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)
HOSTILE = (
    "01\n::error::pwned",
    "\r\n::warning file=x,line=1::y",
    "x\n::group::evil",
    "\x1b]0;title\x07\x1b[2J",
    "\x9b31m\x85::notice::z",
    "abc\u202edcba\u2066x\u2069",
    "a\u2028::error::b\u2029c",
    "\x13\x00\x7f%0A%25,:",
    "\ud800\udcff",
    "\ufffe\uffff\U0010ffff",
    "<script>alert(1)</script>&amp;]]>",
)
TEXT = ANY_TEXT | st.sampled_from(HOSTILE)
CODES = ("A01", "R06", "S02", "F01", "T05", "C07")


def placeholders(code: str) -> set[str]:
    """The parameters a code's messages use, in both languages."""
    names: set[str] = set()
    for language in catalog.LANGUAGES:
        template = catalog.rule_text(code, language).get("message", "")
        names |= {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return names


def result(
    code: str,
    examples: Sequence[Finding],
    count: int | None = None,
    *,
    rows: int | None = None,
    cells: int | None = None,
    severity: Severity | None = None,
) -> CodeResult:
    rule = registry.get(code)
    total = len(examples) if count is None else count
    level = rule.severity if severity is None else severity
    return CodeResult(code, rule.name, level, total, tuple(examples), rows=rows, cells=cells)


def summary(**fields: Any) -> PackageSummary:
    values: dict[str, Any] = {
        "wahl_name": "Ratswahl NRW",
        "wahl_datum": "14.09.2025",
        "gs": "05999001",
        "authority_name": "Stadt Musterstadt",
        "bezirke": 6,
        "urn": 4,
        "postal": 2,
        "reported": 6,
        "result_rows": 6,
        "votes": 1,
        "ballot_positions": 5,
    }
    values.update(fields)
    return PackageSummary(**values)


def package(
    results: Sequence[CodeResult],
    files: Sequence[FileInfo] = (),
    structure: ElectionStructure | None = None,
    **fields: Any,
) -> PackageReport:
    return PackageReport(
        "0.3", "0.3", list(files), summary(**fields), list(results), structure=structure
    )


def report(
    packages: Sequence[PackageReport],
    *,
    fail_on: Severity = Severity.ERROR,
    max_examples: int = 10,
    unrecognized: Sequence[str] = (),
    inputs: Sequence[str] = (),
    refused: Sequence[Refusal] = (),
    skipped: Sequence[Skipped] = (),
) -> Report:
    settings = Settings(fail_on, (), (), max_examples, ())
    return Report(
        "0.1.0",
        ("0.2", "0.3"),
        settings,
        tuple(inputs),
        list(packages),
        list(unrecognized),
        list(refused),
        list(skipped),
    )


@st.composite
def unreadable(draw: st.DrawFn, kind: type[Refusal] | type[Skipped]) -> Refusal | Skipped:
    """A refused or skipped input whose path and reason hold any text."""
    path = draw(TEXT)
    return kind(path, "input.unreadable", {"path": path, "reason": draw(TEXT)})


PARAMETER = st.none() | st.integers(-(10**9), 10**9) | st.floats(allow_nan=False) | TEXT


@st.composite
def findings(draw: st.DrawFn, code: str) -> Finding:
    params: Mapping[str, Any] = {name: draw(PARAMETER) for name in sorted(placeholders(code))}
    location = Location(
        file=draw(st.none() | TEXT),
        line=draw(st.none() | st.integers(1, 10**6)),
        column=draw(st.none() | TEXT),
        bezirk=draw(st.none() | TEXT),
        gs=draw(st.none() | TEXT),
    )
    return Finding(params=params, location=location)


@st.composite
def hostile_reports(draw: st.DrawFn) -> Report:
    """A report whose every field that can hold text from the input holds anything at all."""
    packages = []
    for _ in range(draw(st.integers(1, 2))):
        codes = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=3))
        results = []
        for code in codes:
            examples = draw(st.lists(findings(code), min_size=1, max_size=3))
            results.append(
                result(
                    code,
                    examples,
                    len(examples) + draw(st.integers(0, 2)),
                    rows=draw(st.none() | st.integers(1, 10**6)),
                )
            )
        files = draw(
            st.lists(
                st.builds(
                    FileInfo, TEXT, st.none() | TEXT, st.integers(0, 100), st.booleans(), TEXT
                ),
                max_size=2,
            )
        )
        packages.append(
            package(
                results,
                files,
                structure=draw(st.none() | st.sampled_from(list(EXAMPLES.values()))),
                wahl_name=draw(st.none() | TEXT),
                wahl_datum=draw(st.none() | TEXT),
                gs=draw(st.none() | TEXT),
                authority_name=draw(st.none() | TEXT),
            )
        )
    return report(
        packages,
        fail_on=draw(st.sampled_from(list(Severity))),
        unrecognized=draw(st.lists(TEXT, max_size=2)),
        inputs=draw(st.lists(TEXT, max_size=2)),
        refused=draw(st.lists(unreadable(Refusal), max_size=2)),  # type: ignore[arg-type]
        skipped=draw(st.lists(unreadable(Skipped), max_size=2)),  # type: ignore[arg-type]
    )
