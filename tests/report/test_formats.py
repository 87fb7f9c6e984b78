"""The registry of report formats: the only list, and every format renders every kind it offers."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_builders import package, report

import wahldaten
from support import FIXTURES, ROOT
from wahldaten.core import catalog
from wahldaten.engine.results import Refusal
from wahldaten.io.files import Skipped
from wahldaten.report import formats
from wahldaten.report.compare import compare
from wahldaten.report.json_report import report_dict
from wahldaten.report.safe import UNSAFE

VOTEMANAGER = FIXTURES.parent / "votemanager" / "invalid" / "K06"


def parses_as(fmt: str, text: str) -> None:
    """The output is a document of its format."""
    assert text.endswith("\n") and UNSAFE.search(text.replace("\n", "")) is None
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text.encode())
    elif fmt == "html":
        parser = HTMLParser()
        parser.feed(text)
        parser.close()
        assert text.startswith("<!DOCTYPE html>")
    elif fmt == "github":
        assert all(line.startswith("::") for line in text.splitlines())
    else:
        assert not any(line.startswith("::") for line in text.splitlines())


def test_one_entry_per_format() -> None:
    assert (
        formats.FORMATS
        == tuple(formats.RENDERERS)
        == (
            "text",
            "json",
            "html",
            "sarif",
            "junit",
            "github",
        )
    )
    for name, renderer in formats.RENDERERS.items():
        assert renderer.name == name and formats.get(name) is renderer
        assert renderer.suffix.startswith(".") and "/" in renderer.media_type
        for language in ("de", "en"):
            assert not renderer.title(language).startswith("report.")
        assert renderer.title("de") != renderer.title("en")
    machine = {n for n, r in formats.RENDERERS.items() if r.machine}
    assert machine == {"sarif", "junit", "github"}
    assert formats.get("sarif").default_max_examples == 1000
    assert formats.get("text").default_max_examples == 10


def test_formats_per_kind() -> None:
    assert formats.formats_for("validation") == formats.FORMATS
    assert formats.formats_for("conversion") == formats.FORMATS
    assert formats.formats_for("comparison") == ("text", "json")
    with pytest.raises(KeyError):
        formats.formats_for("nonsense")
    with pytest.raises(KeyError):
        formats.render_comparison(compare(_empty(), _empty()), "html", "de")


def _empty() -> dict[str, object]:
    return report_dict(report([]), "de")


@pytest.mark.parametrize("fmt", formats.formats_for("validation"))
def test_every_format_renders_a_validation(fmt: str) -> None:
    result = wahldaten.validate(FIXTURES / "invalid" / "A01", FIXTURES / "invalid" / "F02")
    for compact in (False, True):
        parses_as(fmt, formats.render(result, fmt, "de", compact=compact))


@pytest.mark.parametrize("fmt", formats.formats_for("conversion"))
def test_every_format_renders_a_conversion(fmt: str, tmp_path: Path) -> None:
    result = wahldaten.convert([VOTEMANAGER], tmp_path / "out")
    assert result.source_results and result.packages
    text = formats.render_conversion(result, fmt, "en")
    parses_as(fmt, text)
    if fmt not in ("text", "json"):  # the source's findings and the converted package are shown
        assert "K06" in text and "Findings in the source" in text


@pytest.mark.parametrize("fmt", formats.formats_for("comparison"))
def test_every_comparison_format(fmt: str) -> None:
    old = report_dict(wahldaten.validate(FIXTURES / "invalid" / "F02"), "de")
    new = report_dict(wahldaten.validate(FIXTURES / "invalid" / "A01"), "de")
    text = formats.render_comparison(compare(old, new), fmt, "de")
    parses_as(fmt, text)
    assert "A01" in text


def test_conversion_as_report_keeps_every_finding(tmp_path: Path) -> None:
    result = wahldaten.convert([VOTEMANAGER], tmp_path / "out")
    as_report = formats.conversion_as_report(result, "de")
    assert sum(r.count for p in as_report.packages for r in p.results) == sum(
        r.count for r in result.all_results()
    )
    assert as_report.exit_code == result.exit_code
    assert as_report.packages[0].title.startswith("Befunde in der Quelle")


def test_empty_report_in_every_format() -> None:
    empty = report([package([])])
    for fmt in formats.FORMATS:
        parses_as(fmt, formats.render(empty, fmt, "en"))


def test_readme_lists_exactly_the_registered_formats() -> None:
    readme = (FIXTURES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reports for people and for CI", 1)[1].split("\n### ", 1)[0]
    table = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| `")]
    assert sorted(name.strip("`") for name in table) == sorted(formats.FORMATS)
    option = next(line for line in readme.splitlines() if line.startswith("| `--format text"))
    assert option.split("`")[1] == "--format " + "\\|".join(formats.FORMATS)


def test_default_examples_per_format_are_those_the_readme_and_help_name() -> None:
    # JSON is read by `compare` and by people: summarised like the text, as the README says.
    machine = {n for n, r in formats.RENDERERS.items() if r.machine}
    people = set(formats.RENDERERS) - machine
    assert "json" in people
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `--max-examples N`")]
    tail = row.split(str(formats.MACHINE_EXAMPLES), 1)[1]
    assert set(re.findall(r"`([a-z]+)`", tail)) == machine
    head = row.split(str(formats.MACHINE_EXAMPLES), 1)[0]
    assert f"default {formats.PEOPLE_EXAMPLES}" in head
    assert set(re.findall(r"`([a-z]+)`", head)) == people
    for language in ("de", "en"):
        text = catalog.text("cli.option.max_examples", language)
        (listed,) = re.findall(r"[a-z]+(?:/[a-z]+)+", text)
        assert set(listed.split("/")) == machine and str(formats.MACHINE_EXAMPLES) in text


def test_every_format_names_the_inputs_it_did_not_validate() -> None:
    refused = Refusal("export.csv", "convert.date_missing", {"path": "export.csv"})
    skipped = Skipped("archiv/pipe.csv", "input.not_regular_fifo", {"path": "archiv/pipe.csv"})
    shown = report(
        [package([])],
        unrecognized=["export.csv", "notiz.csv"],
        refused=[refused],
        skipped=[skipped],
    )
    for fmt in formats.FORMATS:
        for language in ("de", "en"):
            text = formats.render(shown, fmt, language)
            parses_as(fmt, text)
            assert "pipe.csv" in text and "export.csv" in text, fmt
            # The reason, not just the path (JSON and SARIF escape „“ as they are).
            fifo = catalog.text("input.not_regular_fifo", language, path="archiv/pipe.csv")
            assert fifo in text or json.dumps(fifo)[1:-1] in text, fmt
    data = report_dict(shown, "en")
    assert data["skipped"] == [
        {
            "path": "archiv/pipe.csv",
            "key": "input.not_regular_fifo",
            "message": catalog.text("input.not_regular_fifo", "en", path="archiv/pipe.csv"),
        }
    ]
    assert [r["key"] for r in data["refused"]] == ["convert.date_missing"]
    junit = ET.fromstring(formats.render(shown, "junit", "de").encode())
    cases = junit.findall("testsuite/testcase[skipped]")
    assert [c.get("name") for c in cases] == ["export.csv", "archiv/pipe.csv"]
    text = formats.render(shown, "text", "de")
    assert "Nicht als OWD erkannt und übersprungen: notiz.csv\n" in text  # refused: with reason
