"""The JSON report against its schema: every source format, skipped and refused inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import wahldaten
from support import ROOT
from wahldaten.core.names import FILE_TYPES
from wahldaten.core.structure import describe, describe_stage
from wahldaten.formats import registry
from wahldaten.formats.source import Meta
from wahldaten.report.json_report import SCHEMA_PATH, report_dict

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FILE = SCHEMA["$defs"]["package"]["properties"]["files"]["items"]["properties"]
VENDOR_FIXTURES = {
    "votemanager": ROOT / "fixtures" / "votemanager" / "valid",
    "akdb": ROOT / "fixtures" / "akdb" / "valid",
    "kerg2": ROOT / "fixtures" / "kerg2" / "valid",
    "kerg": ROOT / "fixtures" / "kerg" / "valid",
    "wbz": ROOT / "fixtures" / "wbz" / "valid",
}


def test_file_types_and_formats_of_the_schema_are_the_registries() -> None:
    assert FILE["type"]["enum"] == [*FILE_TYPES, None]
    # Open, because a user's own layout (`convert --layout FILE`) names its format: every
    # registered name fits the pattern, and so does no name a layout may not have.
    pattern = re.compile(FILE["format"]["pattern"])
    assert all(pattern.fullmatch(name) for name in registry.names())
    assert not any(pattern.fullmatch(name) for name in ("", "Krefeld", "a b", "x" * 41))
    layout_schema = json.loads(
        (ROOT / "src" / "wahldaten" / "formats" / "layouts" / "layout.schema.json").read_text(
            encoding="utf-8"
        )
    )
    assert FILE["format"]["pattern"] in json.dumps(layout_schema)  # a layout's name, the same rule


@pytest.mark.parametrize("fmt", sorted(VENDOR_FIXTURES))
def test_a_vendor_export_is_no_owd_file_type_but_a_format(fmt: str) -> None:
    # The fuzz run found `"type": "akdb"`, outside the schema's file types.
    folder = next(p for p in sorted(VENDOR_FIXTURES[fmt].iterdir()) if p.is_dir())
    report = wahldaten.validate(folder, meta=_dated(fmt))
    data = report_dict(report, "en")
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    files = [f for p in data["packages"] for f in p["files"]]
    assert files and all(f["type"] is None and f["format"] == fmt for f in files)


def test_an_owd_package_names_its_file_types_and_format() -> None:
    report = wahldaten.validate(ROOT / "fixtures" / "owd" / "valid" / "ratswahl")
    data = report_dict(report, "de")
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    (package,) = data["packages"]
    assert {f["type"] for f in package["files"]} == set(FILE_TYPES)
    assert {f["format"] for f in package["files"]} == {"owd"}


def test_an_owd_json_document_is_its_own_format(tmp_path: Path) -> None:
    document = tmp_path / "wahl.json"
    wahldaten.convert([ROOT / "fixtures" / "owd" / "valid" / "ratswahl"], document)
    data = report_dict(wahldaten.validate(document), "de")
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert {f["format"] for p in data["packages"] for f in p["files"]} == {"owd-json"}


def _dated(fmt: str) -> Meta | None:
    """AKDB Wahlportal files name no date; the fixtures' folders do not either."""
    return Meta(wahl_datum="23.02.2025") if fmt == "akdb" else None


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "fixtures" / "owd" / "valid").iterdir() if p.is_dir())
)
def test_every_package_states_its_structure_and_stage(name: str) -> None:
    report = wahldaten.validate(ROOT / "fixtures" / "owd" / "valid" / name)
    data = report_dict(report, "de")
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    (package,) = data["packages"]
    structure = report.packages[0].structure
    assert structure is not None
    assert package["structure"]["description"] == describe(structure, "de")
    assert package["structure"]["sources"]["votes"] == structure.source("votes").value
    assert package["stage"] == {
        "value": "election-night",
        "final": False,
        "source": "default",
        "description": describe_stage(structure, "de"),
    }
    assert data["settings"]["final"] is None and data["settings"]["structure"] is None


def test_the_stated_stage_and_structure_are_in_the_settings() -> None:
    report = wahldaten.validate(
        ROOT / "fixtures" / "owd" / "valid" / "ratswahl",
        final=True,
        structure="votes-per-ballot=3,postal-only=nein",
    )
    data = report_dict(report, "en")
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["settings"]["final"] is True
    assert data["settings"]["structure"] == {"votes-per-ballot": 3, "postal-only": False}
    assert data["packages"][0]["stage"]["source"] == "user"


@pytest.mark.parametrize(("code", "key"), [("T11", "cells"), ("C07", "rows")])
def test_a_finding_per_cause_keeps_the_exact_count(code: str, key: str) -> None:
    """T11 (padded values) and C07 (a timestamp that is no counting time) are reported once per
    cause: the group carries the number of affected cells or rows, as does each example."""
    data = report_dict(wahldaten.validate(ROOT / "fixtures" / "owd" / "invalid" / code), "de")
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    (group,) = [g for g in data["packages"][0]["findings"] if g["code"] == code]
    assert group[key] == sum(e["params"][key] for e in group["examples"]) > 1
