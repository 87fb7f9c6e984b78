"""Helpers for the tests of the OWD reader (tests/formats/test_owd*.py): the valid example
package, files written into a folder, and what the rules make of the reader's facts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wahldaten.core import standard
from wahldaten.core.codes import Input
from wahldaten.core.findings import Finding, RowFindings
from wahldaten.formats import owd
from wahldaten.formats.owd import OwdFile, Package, read_file, read_packages
from wahldaten.io.sources import collect
from wahldaten.rules import registry
from wahldaten.rules.context import Context

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "owd" / "valid"
RATSWAHL = VALID / "ratswahl"
STAMP = "20250915T101500"
TYPES = ("Wahlparameter", "Wahlgebietseinteilungen", "Stimmzettel", "Kandidaten", "Wahlergebnisse")


def ratswahl_name(
    file_type: str, gs: str = "05999001", version: str = "V0-3", stamp: str = STAMP
) -> str:
    return f"{gs}_20250914_Ratswahl-NRW_{file_type}_{version}_{stamp}.csv"


def ratswahl_data(file_type: str) -> bytes:
    return (RATSWAHL / ratswahl_name(file_type)).read_bytes()


def put(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def copy_ratswahl(
    folder: Path, edit: Callable[[bytes], bytes] = lambda d: d, gs: str = "05999001"
) -> None:
    for file_type in TYPES:
        put(folder, ratswahl_name(file_type, gs=gs), edit(ratswahl_data(file_type)))


def packages_of(*paths: Path) -> tuple[list[Package], list[str]]:
    packages, others = read_packages(collect(paths))
    return packages, [o.display for o in others]


def single(path: Path) -> OwdFile:
    (source,) = collect([path])
    owd_file = read_file(source)
    assert owd_file is not None
    return owd_file


def reported(package: Package, code: str) -> list[Finding]:
    """The findings of a rule over a package, each one (rows of a frame too)."""
    rule = registry.get(code)
    context = Context(package)
    if not rule.applies(context):
        return []
    found: list[Finding] = []
    for item in rule.check(context):
        found.extend(item.head(item.count) if isinstance(item, RowFindings) else [item])
    return found


def findings(owd_file: OwdFile, code: str, package: Package | None = None) -> list[Finding]:
    """The findings of a rule in one file, read alone or as part of `package`."""
    chosen = package or owd.make_package([owd_file])
    return [f for f in reported(chosen, code) if f.location.file == owd_file.display]


def params(owd_file: OwdFile, code: str, package: Package | None = None) -> list[dict[str, object]]:
    return [dict(f.params) for f in findings(owd_file, code, package)]


def file_codes(owd_file: OwdFile, package: Package | None = None) -> set[str]:
    """Codes of the rules that read how files were read, found in this file."""
    return {
        rule.code
        for rule in registry.all_rules()
        if Input.READING in rule.reads
        and rule.applies_to("owd")
        and findings(owd_file, rule.code, package)
    }


def newest_version() -> str:
    # The newest released version: a draft (0.4) is used only where a package declares it.
    return standard.latest()
