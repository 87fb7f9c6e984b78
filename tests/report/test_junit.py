"""JUnit XML: valid against the Ant JUnit schema; one case per rule and package."""

from __future__ import annotations

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
    import subprocess
    import sys

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
    schema.assertValid(etree.parse(str(target)))
