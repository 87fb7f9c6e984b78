"""convert --to datapackage: the OWD files with a Table Schema per file that frictionless
validates, for the fixtures and for every real shared OWD package."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES, REALDATA, realdata
from wahldaten.formats import datapackage, dcat, targets

frictionless = pytest.importorskip("frictionless")

_TYPE = re.compile(
    r"_(?:Wahlparameter|Wahlgebietseinteilungen|Stimmzettel|Kandidaten|Wahlergebnisse)_V"
)


def _convert(source: Path, out: Path) -> dict[str, object]:
    report = wahldaten.convert([source], out, target_format=targets.DATAPACKAGE)
    assert not report.failed
    return json.loads((out / datapackage.DESCRIPTOR).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _valid(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / datapackage.DESCRIPTOR))


def test_the_package_describes_the_five_files_with_their_types_and_keys(tmp_path: Path) -> None:
    package = _convert(FIXTURES / "valid" / "ratswahl", tmp_path / "out")
    assert package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}  # type: ignore[attr-defined]
    assert set(resources) == {
        "wahlparameter",
        "wahlgebietseinteilungen",
        "stimmzettel",
        "kandidaten",
        "wahlergebnisse",
    }
    results = resources["wahlergebnisse"]["schema"]
    fields = {f["name"]: f for f in results["fields"]}
    assert fields["A"]["type"] == "integer" and fields["A"]["constraints"] == {"minimum": 0}
    assert fields["D1"]["type"] == "integer"
    assert fields["bezirk-nr"]["type"] == "string"  # 0101 stays 0101
    assert fields["wahl-behoerde-gs"]["constraints"]["required"] is True
    assert results["missingValues"] == [""]  # empty is missing, never 0
    assert results["primaryKey"] == ["wahl-behoerde-gs", "bezirk-nr"]
    assert results["foreignKeys"][0]["reference"]["resource"] == "wahlgebietseinteilungen"
    for resource in resources.values():
        assert (tmp_path / "out" / resource["path"]).stat().st_size == resource["bytes"]
    assert (tmp_path / "out" / dcat.FILE_NAME).is_file()


def test_frictionless_validates_the_package_and_finds_a_broken_count(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _convert(FIXTURES / "valid" / "ratswahl", out)
    report = _valid(out)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The schema is strict enough to catch what OWD forbids: a count that is not a number.
    (results,) = out.glob("*_Wahlergebnisse_*.csv")
    lines = results.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    cells = lines[1].split(";")
    cells[header.index("B")] = "zwölf"
    results.write_text("\n".join([lines[0], ";".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    broken = _valid(out)
    assert not broken.valid
    assert "type-error" in {e[0] for e in broken.flatten(["type"])}


def _packages() -> list[str]:
    folder = REALDATA / "owd"
    if not folder.is_dir():
        return ["absent"]
    return sorted({_TYPE.split(p.name)[0] for p in folder.glob("*__*.csv")})


@pytest.mark.parametrize("key", _packages())
def test_frictionless_validates_the_data_package_of_every_real_owd_package(
    key: str, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for path in realdata("owd").glob("*__*.csv"):
        if _TYPE.split(path.name)[0] == key:
            (source / path.name.split("__", 1)[1]).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    report = wahldaten.convert([source], out, target_format=targets.DATAPACKAGE)
    if report.failed:
        pytest.skip(f"{key} does not convert as it is")
    result = _valid(out)
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
