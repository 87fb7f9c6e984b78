"""Options defined once: input paths are not checked by the parser but by the library.

The tests run as root, who can read everything, so unreadable paths are simulated: the parser's
check (`os.access`) and the library's reads (`os.scandir`, `os.open`) fail for one path.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import FIXTURES
from wahldaten.cli import app

RATSWAHL = FIXTURES / "valid" / "ratswahl"


def invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [*map(str, args), "--lang", "de"])


def _denied(real: Callable[..., Any], path: Path) -> Callable[..., Any]:
    def call(target: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(os.fsdecode(target)) == path:
            raise PermissionError(13, "Permission denied", str(target))
        return real(target, *args, **kwargs)

    return call


def test_the_parser_does_not_check_readability(monkeypatch: pytest.MonkeyPatch) -> None:
    # With readable=True the parser asks os.access and stops with a usage error (exit 2).
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    assert invoke("validate", RATSWAHL).exit_code == 0


def test_an_unreadable_folder_exits_3_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "paket"
    shutil.copytree(RATSWAHL, folder)
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)  # as for a user without rights
    monkeypatch.setattr(os, "scandir", _denied(os.scandir, folder))
    result = invoke("validate", folder)
    assert result.exit_code == 3, result.output
    assert f"{folder} kann nicht gelesen werden" in result.stderr
    converted = invoke("convert", folder, "-o", tmp_path / "out")
    assert converted.exit_code == 3 and "kann nicht gelesen werden" in converted.stderr


def test_an_unreadable_file_and_metadata_file_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = next(RATSWAHL.glob("*_Wahlergebnisse_*.csv"))
    stimmzettel = next(RATSWAHL.glob("*_Stimmzettel_*.csv"))
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    monkeypatch.setattr(os, "open", _denied(os.open, results))
    direct = invoke("validate", results)
    assert direct.exit_code == 3 and f"{results} kann nicht gelesen werden" in direct.stderr
    monkeypatch.setattr(os, "open", _denied(os.open, stimmzettel))
    meta = invoke("convert", RATSWAHL, "--meta", stimmzettel, "-o", tmp_path / "out")
    assert meta.exit_code == 3 and "kann nicht gelesen werden" in meta.stderr


def test_an_unreadable_report_to_compare_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "alt.json"
    old.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    assert invoke("compare", old, old).exit_code == 3
