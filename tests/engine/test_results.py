"""The results are plain data: no renderer is imported to build or read them."""

from __future__ import annotations

import subprocess
import sys

from wahldaten.core.findings import Severity
from wahldaten.engine.results import CodeResult, ConversionReport, Refusal, Settings, sort_results


def _settings(fail_on: Severity = Severity.ERROR) -> Settings:
    return Settings(fail_on=fail_on, select=(), ignore=(), max_examples=10, codes=())


def test_the_results_module_imports_no_renderer() -> None:
    code = "import sys, wahldaten.engine.results; print(any(m.startswith('wahldaten.report') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_conversion_fails_at_its_fail_level() -> None:
    warning = CodeResult("C07", "x", Severity.WARNING, 2, ())
    report = ConversionReport("votemanager", "owd", "vm", _settings(), source_results=[warning])
    assert not report.failed and report.exit_code == 0
    strict = ConversionReport("votemanager", "owd", "vm", _settings(Severity.WARNING), [warning])
    assert strict.failed and strict.exit_code == 1


def test_results_sort_worst_first_then_by_code() -> None:
    results = [
        CodeResult("P01", "p", Severity.INFO, 1, ()),
        CodeResult("A02", "a", Severity.ERROR, 1, ()),
        CodeResult("A01", "a", Severity.ERROR, 1, ()),
    ]
    assert [r.code for r in sort_results(results)] == ["A01", "A02", "P01"]


def test_a_refusal_renders_its_reason() -> None:
    refusal = Refusal("x.csv", "convert.date_missing", {"path": "x.csv"})
    assert "--datum" in refusal.message("de") and "x.csv" in refusal.message("en")
