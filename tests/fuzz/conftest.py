"""The fuzz harness reports how many cases each property ran (see budget.py)."""

from __future__ import annotations

from typing import Any

import budget


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not budget.summary:
        return
    mode = f"{budget.SECONDS:g} s" if budget.SECONDS > 0 else "short budget"
    terminalreporter.section(f"fuzz ({mode})")
    for name, (cases, rounds, failures) in sorted(budget.summary.items()):
        terminalreporter.line(
            f"{name}: {cases} cases in {rounds} rounds, {failures} distinct failures"
        )
    total = sum(cases for cases, _, _ in budget.summary.values())
    terminalreporter.line(f"total: {total} cases")
