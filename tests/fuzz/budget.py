"""How long the fuzz harness runs: a short budget in the test suite, or minutes on request.

    python -m pytest tests/fuzz                                  # short: about half a minute
    WAHLDATEN_FUZZ_SECONDS=600 python -m pytest tests/fuzz -s    # long: ten minutes in all

In the long mode each property runs round after round of fresh random examples until its share
of the time is used, and prints how many cases it ran. Failing examples are kept in
`tests/fuzz/regressions/` (Hypothesis' example database): commit them, and every later run,
short or long, replays them first until the bug is fixed.
"""

from __future__ import annotations

import os
import time
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase


class _Keeping(DirectoryBasedExampleDatabase):
    """The regression database of the long mode: new failures are added, and a kept case is
    never deleted when it passes (Hypothesis would: the long run then removed the committed
    regressions from the work tree)."""

    def delete(self, key: bytes, value: bytes) -> None:
        pass

    def move(self, src: bytes, dest: bytes, value: bytes) -> None:
        self.save(dest, value)


REGRESSIONS = _Keeping(str(Path(__file__).with_name("regressions")))
SECONDS = float(os.environ.get("WAHLDATEN_FUZZ_SECONDS", "0") or 0)
PROPERTIES = 5  # the long budget is shared evenly between the properties of test_fuzz.py
ROUND = 50  # examples per round in the long mode
REUSE = [Phase.reuse]
SHRINK = [Phase.shrink] if os.environ.get("WAHLDATEN_FUZZ_SHRINK") else []
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

cases_run: dict[str, int] = {}
# Per property of this session: (cases, rounds, distinct failures), for the terminal summary.
summary: dict[str, tuple[int, int, int]] = {}


def count(name: str) -> None:
    cases_run[name] = cases_run.get(name, 0) + 1


def fuzz(
    **strategies: st.SearchStrategy[Any],
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a property with its strategies; `run` makes it a Hypothesis test, once per round."""

    def mark(prop: Callable[..., None]) -> Callable[..., None]:
        prop._fuzz_strategies = strategies  # type: ignore[attr-defined]
        return prop

    return mark


def _test(prop: Callable[..., None], chosen: settings) -> Callable[[], None]:
    # Hypothesis takes one settings object per function, so each round wraps a fresh copy; the
    # copy has the same source and name, hence the same key in the regression database.
    fresh = types.FunctionType(
        prop.__code__, prop.__globals__, prop.__name__, prop.__defaults__, prop.__closure__
    )
    fresh.__qualname__, fresh.__module__ = prop.__qualname__, prop.__module__
    test: Callable[[], None] = given(**prop._fuzz_strategies)(chosen(fresh))  # type: ignore[attr-defined]
    return test


def run(prop: Callable[..., None], name: str, examples: int) -> None:
    """Run the property `prop`: `examples` cases, or rounds until its share of the long budget."""
    if SECONDS <= 0:
        # Short: replay the kept regressions, then a few new cases; no shrinking, so that a
        # failure in CI costs seconds (the long mode, or a local rerun, shrinks it).
        short = settings(
            max_examples=examples,
            deadline=None,
            # Read-only: Hypothesis deletes a kept case once it passes, and the kept cases are
            # regression tests that must stay; only the long mode adds to them.
            database=ReadOnlyDatabase(REGRESSIONS),
            suppress_health_check=SLOW,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            print_blob=True,
        )
        failed = 1
        try:
            _test(prop, short)()
            failed = 0
        finally:
            summary[name] = (cases_run.get(name, 0), 1, failed)
        return
    stop = time.monotonic() + SECONDS / PROPERTIES
    failures: dict[str, str] = {}
    rounds = 0
    while time.monotonic() < stop:
        rounds += 1
        long = settings(
            max_examples=ROUND,
            deadline=None,
            derandomize=False,  # every round draws new cases
            database=REGRESSIONS,
            suppress_health_check=SLOW,
            # Known failures are replayed in the first round only; later rounds look for new
            # ones. Shrinking a slow case can take minutes, so it waits for a rerun.
            phases=[Phase.explicit, *(REUSE if rounds == 1 else []), Phase.generate, *SHRINK],
            print_blob=True,
        )
        try:
            _test(prop, long)()
        except Exception as error:  # a failing case: keep going, report them all at the end
            failures.setdefault(_signature(error), "".join(traceback.format_exception(error)))
    summary[name] = (cases_run.get(name, 0), rounds, len(failures))
    if failures:
        raise AssertionError(
            f"{len(failures)} distinct failures in {name}:\n\n" + "\n\n".join(failures.values())
        )


def _signature(error: BaseException) -> str:
    """Where a failure comes from: its type, the innermost frame of the project, its message."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "wahldaten" in f.filename or "fuzz" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
    first = (str(error).splitlines() or [""])[0][:80]
    return f"{type(error).__name__} at {place}: {first}"
