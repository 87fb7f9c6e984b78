"""The command line: exit codes, formats, options, and bad input without tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from clirun import run

from support import FIXTURES, ROOT

REPORT_SCHEMA = json.loads(
    (ROOT / "src" / "wahldaten" / "report" / "report.schema.json").read_text(encoding="utf-8")
)


def test_valid_package_exits_0_with_german_summary() -> None:
    result = run("validate", FIXTURES / "valid" / "bundestagswahl")
    assert result.returncode == 0
    assert "Keine Befunde." in result.stdout
    assert "Ergebnis: bestanden" in result.stdout
    assert "zwei Stimmen" in result.stdout


def test_findings_exit_1_with_location_and_values() -> None:
    result = run("validate", FIXTURES / "invalid" / "A01")
    assert result.returncode == 1
    assert "FEHLER" in result.stdout and "A01" in result.stdout
    # The file is named once above its examples, each example with its line.
    lines = result.stdout.splitlines()
    (at,) = [
        i
        for i, line in enumerate(lines)
        if line.strip().endswith("_Wahlergebnisse_V0-3_20250915T101500.csv")
    ]
    assert (
        lines[at + 1].strip()
        == "Zeile 3 · Spalte A · Bezirk 0102: A ist 1187, A1 + A2 + A3 ergibt 1186."
    )
    assert "Ergebnis: nicht bestanden" in result.stdout


def test_language_from_locale_and_option() -> None:
    english = run("validate", FIXTURES / "invalid" / "A01", lang="en")
    assert "ERROR" in english.stdout and "A is 1187, A1 + A2 + A3 gives 1186." in english.stdout
    forced = run("validate", FIXTURES / "invalid" / "A01", "--lang", "de", lang="en")
    assert "FEHLER" in forced.stdout


def test_json_report_matches_its_schema() -> None:
    result = run(
        "validate",
        FIXTURES / "invalid" / "A01",
        FIXTURES / "valid" / "buergerentscheid",
        "--format",
        "json",
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert report["summary"]["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert report["summary"]["by_code"] == {"A01": 1}
    assert report["summary"]["packages"] == 2
    (group,) = next(p for p in report["packages"] if p["findings"])["findings"]
    assert group["code"] == "A01" and group["severity"] == "error" and not group["truncated"]
    (example,) = group["examples"]
    assert example["line"] == 3 and example["column"] == "A" and example["bezirk"] == "0102"
    assert example["params"] == {"expected": 1186, "found": 1187, "parts": "A1 + A2 + A3"}


def test_report_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)


def test_output_file_and_max_examples(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run(
        "validate", FIXTURES / "invalid" / "C07", "-f", "json", "-o", target, "--max-examples", "0"
    )
    assert result.stdout == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["settings"]["max_examples"] == 0
    assert report["summary"]["truncated"] is True


def test_fail_on_warning(tmp_path: Path) -> None:
    assert run("validate", FIXTURES / "invalid" / "F02").returncode == 0
    assert run("validate", FIXTURES / "invalid" / "F02", "--fail-on", "warning").returncode == 1


def test_select_and_ignore_codes() -> None:
    assert run("validate", FIXTURES / "invalid" / "A01", "--ignore", "A01").returncode == 0
    assert run("validate", FIXTURES / "invalid" / "A01", "--select", "R,T").returncode == 0
    assert run("validate", FIXTURES / "invalid" / "A01", "--select", "A").returncode == 1
    unknown = run("validate", FIXTURES / "invalid" / "A01", "--select", "Z9")
    assert unknown.returncode == 2
    assert "Z9" in unknown.stderr


def test_usage_error_exits_2() -> None:
    assert run("validate").returncode == 2
    assert run("validate", "x", "--fail-on", "never").returncode == 2


def test_missing_path_exits_3() -> None:
    result = run("validate", "does/not/exist")
    assert result.returncode == 3
    assert "existiert nicht" in result.stderr


def _owd_name(file_type: str) -> str:
    return f"05999001_20250914_Ratswahl-NRW_{file_type}_V0-3_20250915T101500.csv"


def test_empty_file_alone_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "leer.csv").write_bytes(b"")
    result = run("validate", tmp_path / "leer.csv")
    assert result.returncode == 3
    assert "Keine OWD-Datei" in result.stderr


def test_empty_file_in_a_package_is_a_finding(ratswahl: Path) -> None:
    next(ratswahl.glob("*_Kandidaten_*.csv")).write_bytes(b"")
    result = run("validate", ratswahl)
    assert result.returncode == 1
    assert "F11" in result.stdout


def test_binary_file_alone_is_unreadable(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:  # an .xlsx is a zip archive
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (tmp_path / "ergebnisse.csv").write_bytes(data.getvalue())
    result = run("validate", tmp_path / "ergebnisse.csv")
    assert result.returncode == 3


def test_binary_file_in_a_package_is_a_finding(ratswahl: Path) -> None:
    next(ratswahl.glob("*_Stimmzettel_*.csv")).write_bytes(b"PK\x03\x04\x00\x00binary")
    result = run("validate", ratswahl)
    assert result.returncode == 1
    assert "F12" in result.stdout and "Keine Textdatei" in result.stdout


def test_latin1_file(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Stimmzettel_*.csv"))
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    result = run("validate", ratswahl)
    assert result.returncode == 1
    # The first byte that is not UTF-8 is the Ü of GRÜNE in line 4; the rest is still checked.
    assert "F01" in result.stdout and "Stimmzettel_V0-3_20250915T101500.csv\n" in result.stdout
    assert "Zeile 4" in result.stdout
    assert "0xdc" in result.stdout and "Windows-1252" in result.stdout
    assert (
        "R14" not in result.stdout
    )  # GRÜNE decoded correctly, so candidates still find their party


def test_truncated_row(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlergebnisse_*.csv"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 9])  # an export cut off in the last row
    result = run("validate", ratswahl)
    assert result.returncode == 1
    assert "F07" in result.stdout and "Zeile 7" in result.stdout


def test_duplicate_header(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Stimmzettel_*.csv"))
    text = path.read_text(encoding="utf-8").replace("partei-langname", "partei-kurzname", 1)
    path.write_text(text, encoding="utf-8")
    result = run("validate", ratswahl)
    assert result.returncode == 1
    assert "S03" in result.stdout


def test_zip_with_traversal_path_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "paket.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (FIXTURES / "valid" / "ratswahl").iterdir():
            zf.write(path, path.name)
        zf.writestr("../../etc/evil.csv", "x")
    result = run("validate", archive)
    assert result.returncode == 3
    assert "../../etc/evil.csv" in result.stderr and "unsicheren Pfad" in result.stderr


def test_zip_package_validates(tmp_path: Path) -> None:
    archive = tmp_path / "paket.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (FIXTURES / "invalid" / "A01").iterdir():
            zf.write(path, f"export/{path.name}")
    result = run("validate", archive)
    assert result.returncode == 1
    assert "paket.zip:export/" in result.stdout


def test_rules_list_and_explain() -> None:
    listing = run("rules")
    assert listing.returncode == 0
    assert "A01" in listing.stdout and "Wahlberechtigte" in listing.stdout
    explained = run("rules", "a01", "--lang", "en")
    assert explained.returncode == 0
    assert "A01 wahlberechtigte-sum" in explained.stdout and "Example" in explained.stdout
    assert run("rules", "X99").returncode == 2
    as_json = json.loads(run("rules", "--format", "json").stdout)
    assert {"code", "severity", "title", "message", "description", "example"} <= set(as_json[0])


def test_schema_command(tmp_path: Path) -> None:
    listing = run("schema")
    assert "wahlergebnisse.schema.json" in listing.stdout
    old = json.loads(run("schema", "wahlergebnisse", "--version", "0.2").stdout)
    assert old["$defs"]["version"]["const"] == "0.2"
    by_option = json.loads(run("schema", "--file", "package.json", "--version", "0.2").stdout)
    assert by_option["version"] == "0.2" and "Wahlergebnisse" in by_option["files"]
    assert json.loads(run("schema", "report").stdout)["$id"] == "urn:wahldaten:report:1"
    assert run("schema", "nonsense").returncode == 2
    assert run("schema", "--version", "9.9").returncode == 2
    assert run("schema", "--all", "-o", tmp_path / "out").returncode == 0
    assert len(list((tmp_path / "out").glob("*.json"))) == 7


def test_version_option() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("wahldaten ")


@pytest.mark.parametrize("command", [["--help"], ["rules"]])
def test_light_commands_do_not_import_polars_or_jsonschema(command: list[str]) -> None:
    code = (
        "import sys; from wahldaten.cli import app\n"
        f"try:\n    app({command!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('polars', 'jsonschema') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in result.stderr, result.stderr[-500:]


READERS = (
    "wahldaten.formats.owd",
    "wahldaten.formats.owd_json",
    "wahldaten.formats.tidy",
    "wahldaten.formats.akdb",
    "wahldaten.formats.votemanager",
    "wahldaten.formats.bundeswahlleiterin",
)
RENDERERS = tuple(
    f"wahldaten.report.{name}"
    for name in ("text", "json_report", "html", "sarif", "junit", "github", "compare", "markdown")
)


def _loaded(command: list[str], prefixes: tuple[str, ...]) -> list[str]:
    code = (
        "import json, sys; from wahldaten.cli import app\n"
        f"try:\n    app({command!r})\nexcept SystemExit:\n    pass\n"
        "print('LOADED', json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("LOADED")]
    return [m for m in json.loads(line.removeprefix("LOADED ")) if m.startswith(prefixes)]


@pytest.mark.parametrize("command", [["--help"], ["validate", "--help"], ["convert", "--help"]])
def test_help_loads_no_reader_renderer_or_rule(command: list[str]) -> None:
    # The choices of --from, --to and --format come from registries that name their modules;
    # `--help` went from 0.35 s to 0.7 s when the registries imported every reader and
    # renderer (and HTML every rule).
    assert _loaded(command, (*READERS, *RENDERERS, "wahldaten.rules")) == []


def test_rules_loads_no_renderer() -> None:
    assert _loaded(["rules"], RENDERERS) == []


def test_only_the_command_line_imports_typer() -> None:
    package = ROOT / "src" / "wahldaten"
    users = [
        path.relative_to(package)
        for path in package.rglob("*.py")
        if path.parts[len(package.parts)] != "cli"
        and any(
            line.lstrip().startswith(("import typer", "from typer"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert users == []
