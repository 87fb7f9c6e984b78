from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "owd"
SHARED = ROOT.parent / "shared"
REALDATA = SHARED / "realdata"


@pytest.fixture
def ratswahl(tmp_path: Path) -> Path:
    """A writable copy of the valid council-election example package."""
    target = tmp_path / "ratswahl"
    shutil.copytree(FIXTURES / "valid" / "ratswahl", target)
    return target


def realdata(*parts: str) -> Path:
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available at {path}")
    return path
