"""The layers hold: import-linter's contracts in pyproject.toml, run as the test suite runs.

core <- io <- formats <- rules <- engine <- api <- report <- web <- cli: no module imports
from a layer above its own, not even inside a function or for type checking; the library
calls (validation, conversion, migration, config) do not import each other.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from support import ROOT

LAYERS = [
    "wahldaten.cli",
    "wahldaten.web",
    "wahldaten.report",
    "wahldaten.api",
    "wahldaten.engine",
    "wahldaten.rules",
    "wahldaten.formats",
    "wahldaten.io",
    "wahldaten.core",
]
SIBLINGS = {"validation", "conversion", "migration", "config"}


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_contracts_are_the_layers_of_the_package_without_exceptions() -> None:
    contracts = _contracts()
    assert contracts["layers"]["layers"] == LAYERS
    assert {
        str(m).removeprefix("wahldaten.api.") for m in contracts["api-siblings"]["modules"]
    } == SIBLINGS  # type: ignore[attr-defined]
    # An exception would hide the very imports the contracts exist to find.
    assert all("ignore_imports" not in c for c in contracts.values())
    api = {p.stem for p in (ROOT / "src" / "wahldaten" / "api").glob("*.py")} - {"__init__"}
    assert api == SIBLINGS, "a new module in api/ belongs in the independence contract"


def test_no_import_breaks_a_contract() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command is not None, "import-linter is part of the test extra: pip install -e '.[test]'"
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    report = result.stdout[result.stdout.find("Contracts") :]
    assert result.returncode == 0, report
