"""Every command × every `--format` it offers, with the output parsed as that format.

The formats come from the renderer registry, as the command line's choices do, so a new
format fails here until it has a parser below. Reports go to stdout, or with `-o`/`--report`
into a file; data never shares stdout with a report.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree
from typer.testing import CliRunner

from support import FIXTURES, ROOT
from wahldaten.cli import app
from wahldaten.report.formats import formats_for

VOTEMANAGER = ROOT / "fixtures" / "votemanager"
REPORT_SCHEMA = json.loads(
    (ROOT / "src" / "wahldaten" / "report" / "report.schema.json").read_text(encoding="utf-8")
)
SARIF = jsonschema.Draft4Validator(
    json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
)
JUNIT = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "data" / "junit.xsd")))
GITHUB_LINE = re.compile(r"^::(error|warning|notice) |^::(group|endgroup)::")
# A conversion's JSON: its packages and source findings as the report schema defines them.
CONVERSION_SCHEMA = {
    "$schema": REPORT_SCHEMA["$schema"],
    "$defs": REPORT_SCHEMA["$defs"],
    "type": "object",
    "required": ["passed", "exit_code", "packages", "source_findings", "written"],
    "properties": {
        "packages": {"type": "array", "items": {"$ref": "#/$defs/package"}},
        "source_findings": {"type": "array", "items": {"$ref": "#/$defs/finding_group"}},
        "output_check": {"anyOf": [{"type": "null"}, {"$ref": "#"}]},
    },
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.started: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.started.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert tag in self.open, f"</{tag}> closes nothing"
        while self.open.pop() != tag:  # optional end tags (</li>, </p>) may be left out
            pass


def check(fmt: str, text: str, kind: str) -> None:
    """Parse a report as its format; fails for a format without a parser here."""
    assert text.strip(), f"{fmt}: empty"
    if fmt == "text":
        return
    if fmt == "json":
        document = json.loads(text)
        if kind == "validation":
            jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(document)
        elif kind == "conversion":
            jsonschema.Draft202012Validator(CONVERSION_SCHEMA).validate(document)
        else:
            assert {"appeared", "disappeared", "changed"} <= set(document)
    elif fmt == "sarif":
        SARIF.validate(json.loads(text))
    elif fmt == "junit":
        JUNIT.assertValid(etree.fromstring(text.encode("utf-8")))
    elif fmt == "html":
        parser = _Html()
        parser.feed(text)
        parser.close()
        assert "html" in parser.started and "body" in parser.started
    elif fmt == "github":
        lines = [line for line in text.splitlines() if line]
        assert lines and all(GITHUB_LINE.match(line) for line in lines), text[:500]
    else:
        pytest.fail(f"no parser for the format {fmt}: add one to this test")


def invoke(*args: str | Path) -> Any:
    result = CliRunner().invoke(app, [*map(str, args), "--lang", "de"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("fmt", formats_for("validation"))
@pytest.mark.parametrize(
    ("source", "code"),
    [(FIXTURES / "valid" / "ratswahl", 0), (FIXTURES / "invalid" / "A01", 1)],
    ids=["valid", "invalid"],
)
def test_validate(fmt: str, source: Path, code: int) -> None:
    result = invoke("validate", source, "-f", fmt)
    assert result.exit_code == code, result.stderr
    check(fmt, result.stdout, "validation")


@pytest.mark.parametrize("fmt", formats_for("validation"))
def test_validate_into_a_file(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"bericht.{fmt}"
    result = invoke("validate", FIXTURES / "invalid" / "A01", "-f", fmt, "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    check(fmt, target.read_text(encoding="utf-8"), "validation")
    assert "Ergebnis: nicht bestanden – 1 Fehler" in result.stderr
    assert f"Bericht geschrieben: {target}" in result.stderr


@pytest.mark.parametrize("fmt", formats_for("conversion"))
@pytest.mark.parametrize(
    ("source", "code"),
    [(VOTEMANAGER / "valid" / "bundestagswahl", 0), (VOTEMANAGER / "invalid" / "K14", 1)],
    ids=["valid", "invalid"],
)
def test_convert(fmt: str, source: Path, code: int, tmp_path: Path) -> None:
    out = tmp_path / "owd"
    result = invoke("convert", source, "-o", out, "-f", fmt)
    assert result.exit_code == code, result.stdout + result.stderr
    check(fmt, result.stdout, "conversion")
    assert out.is_dir() == (code == 0)


@pytest.mark.parametrize("fmt", formats_for("conversion"))
def test_convert_report_into_a_file(fmt: str, tmp_path: Path) -> None:
    out, report = tmp_path / "btw.parquet", tmp_path / f"bericht.{fmt}"
    result = invoke(
        "convert",
        VOTEMANAGER / "valid" / "bundestagswahl",
        "-o",
        out,
        "-f",
        fmt,
        "--report",
        report,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and out.is_file()
    check(fmt, report.read_text(encoding="utf-8"), "conversion")
    assert "Ergebnis: bestanden" in result.stderr and str(report) in result.stderr


@pytest.mark.parametrize("fmt", formats_for("conversion"))
def test_migrate(fmt: str, tmp_path: Path) -> None:
    result = invoke(
        "migrate", FIXTURES / "valid" / "ratswahl", "--to", "0.2", "-o", tmp_path / "v02", "-f", fmt
    )
    assert result.exit_code == 0, result.stderr
    check(fmt, result.stdout, "conversion")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reports")
    old, new = folder / "old.json", folder / "new.json"
    assert (
        invoke("validate", FIXTURES / "valid" / "ratswahl", "-f", "json", "-o", old).exit_code == 0
    )
    assert invoke("validate", FIXTURES / "invalid" / "A01", "-f", "json", "-o", new).exit_code == 1
    return old, new


@pytest.mark.parametrize("fmt", formats_for("comparison"))
def test_compare(fmt: str, reports: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = reports
    result = invoke("compare", old, new, "-f", fmt)
    assert result.exit_code == 1, result.stderr
    check(fmt, result.stdout, "comparison")
    target = tmp_path / f"vergleich.{fmt}"
    saved = invoke("compare", old, new, "-f", fmt, "-o", target)
    assert saved.exit_code == 1 and saved.stdout == ""
    check(fmt, target.read_text(encoding="utf-8"), "comparison")
    assert str(target) in saved.stderr


def test_the_choices_are_the_registry() -> None:
    """`--format` of each command offers exactly what the registry renders for it."""
    for command, kind in (
        ("validate", "validation"),
        ("convert", "conversion"),
        ("migrate", "conversion"),
        ("compare", "comparison"),
    ):
        shown = invoke(command, "--help").stdout
        assert "<" + "|".join(formats_for(kind)) + ">" in shown, (command, shown)
