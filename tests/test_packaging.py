"""The wheel ships the standard's schemas, the message catalogs and the report schema."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import FIXTURES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("wahldaten-*.whl")
    return built


def test_wheel_contains_schemas_catalogs_and_report_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for version in ("0.2", "0.3"):
        for file_name in ("package.json", "document.schema.json", "wahlergebnisse.schema.json"):
            assert f"wahldaten/standard/{version}/{file_name}" in names
    assert (
        "wahldaten/core/catalog/de/core.toml" in names
        and "wahldaten/core/catalog/en/core.toml" in names
    )
    assert "wahldaten/report/report.schema.json" in names
    # The layout format's schema and the shipped layouts (formats/layouts).
    assert "wahldaten/formats/layouts/layout.schema.json" in names
    assert "wahldaten/formats/layouts/shipped/krzn.toml" in names


def test_installed_wheel_loads_its_own_schemas_and_validates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = (
        "import wahldaten, wahldaten.core.standard as s; "
        "print(wahldaten.__file__); print(s.standard_dir()); print(s.versions()); "
        "print(s.load('0.3').files['Wahlergebnisse'].required[-1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    module_file, standard_dir, versions, last_required = result.stdout.splitlines()
    assert module_file.startswith(str(target)) and standard_dir.startswith(str(target))
    assert versions == "['0.2', '0.3', '0.4']" and last_required == "D"  # 0.4: the draft
    validate = subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "validate",
            str(FIXTURES / "invalid" / "A01"),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert validate.returncode == 1
    assert "A01" in validate.stdout and "Electorate" in validate.stdout
