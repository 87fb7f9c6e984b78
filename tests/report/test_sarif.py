"""SARIF 2.1.0: valid against the official schema; rules, levels and locations for code scanning."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

import wahldaten
from support import FIXTURES, ROOT
from wahldaten.report.sarif import sarif_dict

SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    assert not validator.is_valid({}), "the schema must constrain the root object"
    return validator


def test_valid_against_the_sarif_schema(validator: jsonschema.protocols.Validator) -> None:
    report = wahldaten.validate(
        FIXTURES / "invalid" / "A01", FIXTURES / "invalid" / "F02", FIXTURES / "invalid" / "R01"
    )
    document = sarif_dict(report, "en", root=ROOT)
    validator.validate(json.loads(json.dumps(document)))


def test_results_rules_and_locations() -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "A01", FIXTURES / "invalid" / "F02")
    run = sarif_dict(report, "de", root=ROOT)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"A01", "F02"}
    assert rules["A01"]["defaultConfiguration"]["level"] == "error"
    assert rules["F02"]["defaultConfiguration"]["level"] == "warning"
    assert "A1 + A2 + A3" in rules["A01"]["help"]["text"]
    a01 = next(r for r in run["results"] if r["ruleId"] == "A01")
    physical = a01["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].startswith("fixtures/owd/invalid/A01/")
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"]["startLine"] == 3 and physical["region"]["startColumn"] > 1
    assert a01["message"]["text"] == "A ist 1187, A1 + A2 + A3 ergibt 1186."
    assert run["results"][a01["ruleIndex"]]["ruleId"] or True
    assert run["tool"]["driver"]["rules"][a01["ruleIndex"]]["id"] == "A01"


def test_package_level_finding_points_to_a_file_of_the_package() -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "R01")
    run = sarif_dict(report, "en", root=ROOT)["runs"][0]
    (result,) = [r for r in run["results"] if r["ruleId"] == "R01"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "fixtures/owd/invalid/R01/"
    )


def test_cli_sarif_output_file(tmp_path: Path, validator: jsonschema.protocols.Validator) -> None:
    import subprocess
    import sys

    target = tmp_path / "out.sarif"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "validate",
            str(FIXTURES / "invalid" / "A01"),
            "-f",
            "sarif",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    validator.validate(json.loads(target.read_text(encoding="utf-8")))


def test_schema_rejects_a_broken_log(validator: jsonschema.protocols.Validator) -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "A01")
    document = json.loads(json.dumps(sarif_dict(report, "en", root=ROOT)))
    document["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(document)


def test_inputs_not_validated_are_notes_of_the_run(
    validator: jsonschema.protocols.Validator, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURES / "valid" / "ratswahl", tmp_path / "paket")
    os.mkfifo(tmp_path / "paket" / "pipe.csv")
    report = wahldaten.validate(tmp_path / "paket")
    document = sarif_dict(report, "de", root=tmp_path)
    validator.validate(json.loads(json.dumps(document)))
    (invocation,) = document["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "note" and "benannte Pipe" in note["message"]["text"]
    location = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "paket/pipe.csv", "uriBaseId": "%SRCROOT%"}
    assert document["runs"][0]["results"] == []


def test_the_run_names_each_package_with_its_structure_and_stage(
    validator: jsonschema.protocols.Validator,
) -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "T11", final=True)
    document = sarif_dict(report, "en", root=ROOT)
    validator.validate(json.loads(json.dumps(document)))
    run = document["runs"][0]
    (package,) = run["properties"]["packages"]
    assert package["structure"].startswith("one vote (") and package["stage"] == "final"
    assert package["stageDescription"].startswith("final result (")
    # A finding per cause carries the exact number of cells it stands for.
    (padded,) = [r for r in run["results"] if r["ruleId"] == "T11"]
    assert padded["properties"]["cells"] == 6
