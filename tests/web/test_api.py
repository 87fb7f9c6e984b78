"""The JSON API gives what the command line gives: `POST /api/validate` with a folder's files
is `cd folder && wahldaten validate . -f json`, byte for byte once parsed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clirun import run
from starlette.testclient import TestClient

from support import FIXTURES, ROOT, set_cell

from .conftest import RATSWAHL, files_of

FOLDERS = [
    FIXTURES / "valid" / "ratswahl",
    FIXTURES / "valid" / "two-votes",
    FIXTURES / "invalid" / "A01",
    FIXTURES / "invalid" / "F06",
    FIXTURES / "invalid" / "C01",
    ROOT / "fixtures" / "votemanager" / "valid" / "bundestagswahl",
]


def cli_json(folder: Path, *options: str, lang: str = "de") -> dict[str, object]:
    result = run("validate", ".", "-f", "json", *options, cwd=folder, lang=lang)
    assert result.returncode in (0, 1), result.stderr
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_api_validate_is_the_command_line_json(
    client: TestClient, folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "upload"
    shutil.copytree(folder, copy)
    response = client.post("/api/validate", files=files_of(copy))
    assert response.status_code == 200
    assert response.json() == cli_json(copy)


def test_options_as_on_the_command_line(client: TestClient, tmp_path: Path) -> None:
    copy = tmp_path / "upload"
    shutil.copytree(FIXTURES / "invalid" / "A01", copy)
    data = {"lang": "en", "fail_on": "info", "ignore": "P", "max_examples": "3"}
    response = client.post("/api/validate", files=files_of(copy), data=data)
    expected = cli_json(
        copy, "--lang", "en", "--fail-on", "info", "--ignore", "P", "--max-examples", "3", lang="en"
    )
    assert response.json() == expected


def test_hostile_values_travel_as_the_command_line_writes_them(
    client: TestClient, ratswahl: Path
) -> None:
    set_cell(ratswahl, "Wahlgebietseinteilungen", "0101", "bezirk-name", '<script>\x1b[31m"x\u202e')
    response = client.post("/api/validate", files=files_of(ratswahl))
    assert response.status_code == 200
    assert response.json() == cli_json(ratswahl)
    assert "\x1b" not in response.text and "\u202e" not in response.text


def test_api_convert_report_is_the_command_line_report(client: TestClient, tmp_path: Path) -> None:
    copy = tmp_path / "upload"
    shutil.copytree(RATSWAHL, copy)
    response = client.post("/api/convert", files=files_of(copy), data={"target": "parquet"})
    result = run("convert", ".", "-o", str(tmp_path / "out.parquet"), "-f", "json", cwd=copy)
    assert result.returncode == 0, result.stderr
    expected = json.loads(result.stdout)
    report = response.json()["report"]
    assert report.pop("written") == ["wahldaten.parquet"]
    assert expected.pop("written") == [str(tmp_path / "out.parquet")]
    assert report == expected


def test_the_final_result_as_on_the_command_line(client: TestClient, tmp_path: Path) -> None:
    from wahldaten.web.options import final_supported

    if not final_supported():
        pytest.skip("this version of the library cannot check a final result")
    copy = tmp_path / "upload"
    shutil.copytree(RATSWAHL, copy)
    results = next(copy.glob("*_Wahlergebnisse_*.csv"))
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    results.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")  # one Bezirk missing
    assert 'name="final"' in client.get("/").text
    election_night = client.post("/api/validate", files=files_of(copy)).json()
    final = client.post("/api/validate", files=files_of(copy), data={"final": "1"}).json()
    assert final == cli_json(copy, "--final")
    assert (election_night["summary"]["exit_code"], final["summary"]["exit_code"]) == (0, 1)
