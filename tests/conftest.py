from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from support import FIXTURES

# A plain run (and CI) draws the same cases every time: a red run can be rerun, and CI never
# fails on a case no earlier run drew. `HYPOTHESIS_PROFILE=explore` draws new cases each run;
# the long fuzz run always does.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture
def ratswahl(tmp_path: Path) -> Path:
    """A writable copy of the valid council-election example package."""
    target = tmp_path / "ratswahl"
    shutil.copytree(FIXTURES / "valid" / "ratswahl", target)
    return target
