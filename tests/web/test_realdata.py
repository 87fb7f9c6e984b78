"""Real published packages through the server (skipped where ../shared/realdata is absent):
the JSON API gives the command line's findings, and a package converts into an OWD zip."""

from __future__ import annotations

import base64
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from clirun import run
from starlette.testclient import TestClient

from support import realdata

from .conftest import files_of

PACKAGES = ["duesseldorf-kommunal2020__", "hagen-eu2019__", "badmuenstereifel-kommunal2020__"]


def package(prefix: str, target: Path) -> Path:
    target.mkdir()
    for path in sorted(realdata("owd").glob(f"{prefix}*.csv")):
        shutil.copy(path, target / path.name)
    return target


@pytest.mark.parametrize("prefix", PACKAGES)
def test_real_packages_as_on_the_command_line(
    client: TestClient, tmp_path: Path, prefix: str
) -> None:
    folder = package(prefix, tmp_path / "upload")
    response = client.post("/api/validate", files=files_of(folder))
    assert response.status_code == 200
    cli = run("validate", ".", "-f", "json", cwd=folder)
    assert cli.returncode in (0, 1), cli.stderr
    assert response.json() == json.loads(cli.stdout)


def test_a_real_package_converts_to_owd(client: TestClient, tmp_path: Path) -> None:
    folder = package("duesseldorf-kommunal2020__", tmp_path / "upload")
    response = client.post("/api/convert", files=files_of(folder), data={"target": "owd"})
    assert response.status_code == 200
    body = response.json()
    if body["output"] is None:  # an error in the package: nothing written, said in the report
        assert body["report"]["exit_code"] == 1
        return
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(body["output"]["base64"])))
    assert len([n for n in archive.namelist() if n.endswith(".csv")]) == 5
