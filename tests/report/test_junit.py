"""JUnit XML: valid against the Ant JUnit schema; one case per rule and package."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

import wahldaten
from support import FIXTURES, ROOT
from wahldaten.report.junit import render_junit

SCHEMA = ROOT / "tests" / "data" / "junit.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_valid_against_the_schema_and_failures_carry_findings(schema: etree.XMLSchema) -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "A01", FIXTURES / "invalid" / "F02")
    document = etree.fromstring(render_junit(report, "en").encode())
    schema.assertValid(document)
    suites = document.findall("testsuite")
    assert len(suites) == 2
    (failure,) = document.iter("failure")
    assert failure.get("type") == "error" and "A is 1187" in (failure.text or "")
    assert failure.getparent().get("name").startswith("A01 ")
    # The warning F02 is below the fail level: listed, not failed.
    outputs = " ".join(s.findtext("system-out") or "" for s in suites)
    assert "F02" in outputs
    assert all(int(s.get("tests")) == len(report.settings.codes) for s in suites)


def test_fail_level_warning_turns_warnings_into_failures(schema: etree.XMLSchema) -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "F02", fail_on="warning")
    document = etree.fromstring(render_junit(report, "de").encode())
    schema.assertValid(document)
    assert [f.getparent().get("name")[:3] for f in document.iter("failure")] == ["F02"]


def test_cli_writes_junit(tmp_path: Path, schema: etree.XMLSchema) -> None:
    target = tmp_path / "junit.xml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wahldaten",
            "validate",
            str(FIXTURES / "valid" / "ratswahl"),
            "-f",
            "junit",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    clean = etree.parse(str(target))
    schema.assertValid(clean)
    # The suite names what was checked; nothing had to be escaped.
    names = [p.get("name") for p in clean.iter("property")]
    assert names == ["structure", "stage"]
    values = {p.get("name"): p.get("value") for p in clean.iter("property")}
    assert values["structure"].startswith("eine Stimme")
    assert values["stage"].startswith("vorläufiges Ergebnis am Wahlabend")


def control_characters(folder: Path) -> Path:
    """A column name and cells holding ESC and \\x13 (XML cannot hold either)."""
    path = next(folder.glob("*_Wahlergebnisse_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ";X\x1bY\x13"
    lines[1:] = [line + ";1\x1b\x13" for line in lines[1:]]
    lines[1] = lines[1].replace("0101 Rathaus", "0101 Rat\x1bhaus\x13")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("fail_on", ["error", "warning"])
def test_control_characters_in_the_data_keep_the_file_well_formed(
    ratswahl: Path, tmp_path: Path, schema: etree.XMLSchema, fail_on: str
) -> None:
    target = tmp_path / "junit.xml"
    folder = str(control_characters(ratswahl))
    command = ["validate", folder, "-f", "junit", "-o", str(target), "--fail-on", fail_on]
    run = subprocess.run(
        [sys.executable, "-m", "wahldaten", *command],
        capture_output=True,
        text=True,
    )
    assert run.returncode == (0 if fail_on == "error" else 1), run.stderr  # passing, failing
    ET.parse(target)
    document = etree.parse(str(target))
    schema.assertValid(document)
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x13" not in text
    assert "X\\x1bY\\x13" in text and "0101 Rat\\x1bhaus\\x13" in text
    (escaped,) = [p for p in document.iter("property") if p.get("name") == "escaped"]
    assert escaped.get("name") == "escaped" and "\\x1b" in (escaped.get("value") or "")


def test_a_failure_counts_the_rows_its_findings_stand_for(schema: etree.XMLSchema) -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "T11", fail_on="warning")
    document = etree.fromstring(render_junit(report, "de").encode())
    schema.assertValid(document)
    (failure,) = [f for f in document.iter("failure") if f.getparent().get("name")[:3] == "T11"]
    assert failure.get("message") == "1 Fall, 6 Zellen"
