"""GitHub workflow commands: one annotation per finding, with file, line, column and escaping."""

from __future__ import annotations

from pathlib import Path

from report_builders import package, report, result

import wahldaten
from support import FIXTURES, ROOT, set_cell
from wahldaten.core.findings import Finding, Location
from wahldaten.report.github import render_github


def test_annotations_point_to_file_line_and_field() -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "A01")
    output = render_github(report, "en", root=ROOT)
    lines = output.splitlines()
    assert lines[0].startswith("::group::") and lines[-1] == "::endgroup::"
    (annotation,) = [line for line in lines if line.startswith("::error ")]
    props, message = annotation[len("::error ") :].split("::", 1)
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert (
        fields["file"]
        == "fixtures/owd/invalid/A01/05999001_20250914_Ratswahl-NRW_Wahlergebnisse_V0-3_20250915T101500.csv"
    )
    assert fields["line"] == "3"
    assert fields["title"].startswith("A01 Electorate%3A A ≠")
    data = (ROOT / fields["file"]).read_text(encoding="utf-8").splitlines()[2]
    start, end = int(fields["col"]), int(fields["endColumn"])
    assert data[start - 1 : end - 1] == "1187"  # the field of column A
    assert message == "Bezirk 0102: A is 1187, A1 + A2 + A3 gives 1186."


def test_special_characters_are_escaped(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "bezirk-name", "Nord, 100% Brief\\nwahl")
    set_cell(ratswahl, "Wahlergebnisse", "0101", "A", "1")
    report = wahldaten.validate(ratswahl)
    output = render_github(report, "de", root=ratswahl)
    for line in output.splitlines():
        assert "\r" not in line
    assert "100%25" in output or "%" not in output.replace("%25", "").replace("%3A", "").replace(
        "%2C", ""
    ).replace("%0A", "")


def test_warning_and_notice_levels() -> None:
    report = wahldaten.validate(FIXTURES / "invalid" / "F02", FIXTURES / "invalid" / "S08")
    output = render_github(report, "de", root=ROOT)
    assert "::warning " in output and "::notice " in output


def test_data_cannot_add_a_command_of_its_own(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "bezirk-name", '"Nord\r\n::error::pwned %0A"')
    set_cell(ratswahl, "Wahlergebnisse", "0102", "bezirk-nr", '"01\n::warning file=x::y"')
    set_cell(ratswahl, "Wahlgebietseinteilungen", "0101", "bezirk-name", "a\u2028::notice::b")
    output = render_github(wahldaten.validate(ratswahl), "en", root=ratswahl)
    lines = output.split("\n")[:-1]
    assert output.splitlines() == lines
    own = ("::group::", "::endgroup::", "::error ", "::warning ", "::notice ")
    assert all(line.startswith(own) for line in lines), lines
    assert "\\n::warning file=x::y" in output and "Nord\\n::error::pwned %250A" in output
    assert "\\u2028::notice::b" in output


def test_a_bezirk_is_named_with_its_municipality_where_known() -> None:
    finding = Finding({"a": 1, "sum": 2}, Location("x.csv", 3, "A", "07.1", gs="05366004"))
    output = render_github(report([package([result("A01", [finding])])]), "de", root=ROOT)
    assert "::Bezirk 07.1 (Gemeinde 05366004): " in output
