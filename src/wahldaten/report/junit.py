"""JUnit XML for CI test views: one test case per rule and package.

A test case fails when its rule found something at or above the fail level; the findings are
in the failure's text. Findings below the fail level are listed in the suite's `system-out`.
Inputs that were not validated (refused, or not read at all) are a suite of their own, one
skipped test case per input with the reason, so that CI views show them.
The structure follows the JUnit schema of Apache Ant's JUnit tasks, which CI systems read.
Every text from the data is made printable, which also escapes what XML cannot hold (ESC,
`\\x13`, lone surrogates, U+FFFE): the file is well-formed for any input, and a suite's
property `escaped` says when its data had to be shown so.
"""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from wahldaten.core import catalog
from wahldaten.engine.results import CodeResult, Report
from wahldaten.report.render import (
    affected,
    count,
    finding_message,
    location_text,
    refused,
    skipped,
    stage_text,
    structure_text,
)
from wahldaten.report.safe import Shown, printable
from wahldaten.rules import registry


def _text(result: CodeResult, language: str, shown: Shown) -> str:
    lines = [
        shown(f"{location_text(f, language)}: {finding_message(result.code, f, language)}")
        for f in result.examples
    ]
    hidden = result.count - len(result.examples)
    if hidden > 0:
        lines.append(catalog.text("ui.more", language, count=hidden))
    return "\n".join(lines)


def _inputs_suite(
    suites: ET.Element, report: Report, language: str, timestamp: str, hostname: str
) -> None:
    """The inputs not validated, each a skipped test case with the reason."""
    notes = [*refused(report, language), *skipped(report, language)]
    if not notes:
        return
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=catalog.text("report.inputs_not_validated", language),
        package="wahldaten",
        id=str(len(report.packages)),
        timestamp=timestamp,
        hostname=hostname,
        time="0",
        tests=str(len(notes)),
        failures="0",
        errors="0",
        skipped=str(len(notes)),
    )
    ET.SubElement(suite, "properties")
    for note in notes:
        case = ET.SubElement(
            suite, "testcase", name=printable(note.path), classname="wahldaten.input", time="0"
        )
        ET.SubElement(case, "skipped", message=printable(note.message), type=note.key)
    ET.SubElement(suite, "system-out").text = ""
    ET.SubElement(suite, "system-err").text = ""


def render_junit(report: Report, language: str) -> str:
    threshold = report.settings.fail_on.rank
    codes = list(report.settings.codes) or [r.code for r in registry.all_rules()]
    timestamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    hostname = printable(socket.gethostname() or "localhost")
    suites = ET.Element("testsuites")
    for number, package in enumerate(report.packages):
        shown = Shown()
        name = shown(package.title or f"package {number + 1}")
        by_code = {r.code: r for r in package.results}
        found = [r.code for r in package.results if r.code not in codes]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=name,
            package="wahldaten",
            id=str(number),
            timestamp=timestamp,
            hostname=hostname,
            time="0",
        )
        properties = ET.SubElement(suite, "properties")
        if package.structure is not None:  # what was checked: the structure and the stage
            for key, value in (
                ("structure", structure_text(package.structure, language)),
                ("stage", stage_text(package.structure, language)),
            ):
                ET.SubElement(properties, "property", name=key, value=shown(value))
        failures = 0
        below: list[str] = []
        for code in [*codes, *found]:
            case = ET.SubElement(
                suite,
                "testcase",
                name=printable(f"{code} {catalog.title(code, language)}"),
                classname=f"wahldaten.{code[0]}",
                time="0",
            )
            result = by_code.get(code)
            if result is None:
                continue
            cases = ", ".join(
                part
                for part in (count("case", result.count, language), affected(result, language))
                if part
            )
            if result.severity.rank >= threshold:
                failures += 1
                failure = ET.SubElement(case, "failure", message=cases, type=result.severity.value)
                failure.text = _text(result, language, shown)
            else:
                below.append(
                    f"{code} {result.severity.value} ({cases})\n{_text(result, language, shown)}"
                )
        if shown.escaped:  # say so where CI systems show a suite's properties
            ET.SubElement(
                properties,
                "property",
                name="escaped",
                value=catalog.text("report.escaped", language),
            )
        ET.SubElement(suite, "system-out").text = "\n\n".join(below)
        ET.SubElement(suite, "system-err").text = ""
        suite.set("tests", str(len(codes) + len(found)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
    _inputs_suite(suites, report, language, timestamp, hostname)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
