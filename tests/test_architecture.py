"""The layers hold: import-linter's contracts in pyproject.toml, run as the test suite runs.

core <- io <- formats <- rules <- engine <- api <- report <- web <- cli: no module imports
from a layer above its own, not even inside a function or for type checking; the library
calls (validation, conversion, migration, config) do not import each other.
"""

from __future__ import annotations

import re
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
SIBLINGS = {"validation", "conversion", "migration", "config", "layouts"}


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


SOURCE = ROOT / "src" / "wahldaten"
MAX_LINES = 400
# A rule code written as a string or as a member of the enum.
CODE = re.compile(r"""["'][FSTRACPK][0-9]{2}["']|\bCode\.[FSTRACPK][0-9]{2}\b""")
# Layers that read, orchestrate or render: they record facts and show findings, never name a
# code. (core declares the codes, rules detect them.)
WITHOUT_CODES = ("io", "formats", "engine", "api", "report", "cli", "web")
# Strings that look like codes but are something else, by file.
NOT_CODES = {
    # Referendum exports of votemanager name their count columns C01…C04.
    "formats/votemanager/layouts.py": {'"C01"', '"C02"', '"C03"', '"C04"'},
    # The settings example in the module's documentation.
    "api/config.py": {'"C07"'},
}


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(SOURCE)): lines
        for path in SOURCE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these along their seams (at most {MAX_LINES} lines): {long}"


def test_no_code_is_named_outside_the_rules() -> None:
    named: dict[str, set[str]] = {}
    for layer in WITHOUT_CODES:
        for path in (SOURCE / layer).rglob("*.py"):
            relative = str(path.relative_to(SOURCE))
            found = set(CODE.findall(path.read_text(encoding="utf-8")))
            found -= NOT_CODES.get(relative, set())
            if found:
                named[relative] = found
    assert not named, f"readers record facts and rules detect codes; named here: {named}"


def test_the_code_check_would_see_a_code() -> None:
    assert CODE.search('ctx.note("K06", item)') and CODE.search("yield Code.S03, frame")
    assert not CODE.search("BEZIRK_NR = 'bezirk-nr'")
