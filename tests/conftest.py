from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURES


@pytest.fixture
def ratswahl(tmp_path: Path) -> Path:
    """A writable copy of the valid council-election example package."""
    target = tmp_path / "ratswahl"
    shutil.copytree(FIXTURES / "valid" / "ratswahl", target)
    return target
