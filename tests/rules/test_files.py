"""F: the rules detect their codes from what the readers recorded about each file."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from support import codes
from wahldaten.core.findings import Finding, RowFindings, Yielded
from wahldaten.core.model import Election
from wahldaten.formats import owd, owd_json
from wahldaten.formats.source import SourceContext
from wahldaten.io.csvtable import read_csv_table
from wahldaten.io.sources import SourceFile, collect
from wahldaten.rules import files
from wahldaten.rules.context import Context


def findings(items: list[Yielded]) -> list[Finding]:
    out: list[Finding] = []
    for item in items:
        out.extend(item.head(item.count) if isinstance(item, RowFindings) else [item])
    return out


def source_of(*tables: bytes) -> SourceContext:
    read = [read_csv_table(data, f"t{i}.csv") for i, data in enumerate(tables)]
    return SourceContext(source_format="akdb", layout="", tables=read)


def test_facts_of_every_table_of_a_source_are_reported() -> None:
    ctx = source_of(b"\xef\xbb\xbfa;b\n1;2\n", b"a;b\n1;2\n\n\n3;4\n", b"a,b\n1,2\n")
    bom = findings(list(files.byte_order_mark(ctx)))
    assert [(f.location.file, f.location.line) for f in bom] == [("t0.csv", 1)]
    blank = findings(list(files.blank_line(ctx)))
    assert [(f.location.file, f.location.line, dict(f.params)) for f in blank] == [
        ("t1.csv", 3, {}),
        ("t1.csv", 4, {}),
    ]
    (separator,) = findings(list(files.wrong_separator(ctx)))
    assert (separator.location.file, dict(separator.params)) == ("t2.csv", {"found": ","})


def test_many_blank_lines_are_one_frame_not_one_finding_each() -> None:
    ctx = source_of(b"a;b\n1;2\n" + b"\n" * 50_000 + b"3;4\n")
    (item,) = files.blank_line(ctx)
    assert isinstance(item, RowFindings) and item.count == 50_000


def test_ragged_rows_carry_found_and_expected() -> None:
    ctx = source_of(b"a;b;c\n1;2\n1;2;3\n1;2;3;4\n")
    rows = [(f.location.line, dict(f.params)) for f in findings(list(files.field_count(ctx)))]
    assert rows == [(2, {"found": 2, "expected": 3}), (4, {"found": 4, "expected": 3})]


def test_tables_of_an_election_in_memory_have_no_file_name_to_check(ratswahl: Path) -> None:
    (package,), _ = owd.read_packages(collect([ratswahl]))
    election = Election.from_text(
        {t: f.table.frame.drop("__zeile") for t, f in package.files.items()}, package.version
    )
    context = Context(owd.package_of(election))
    assert not list(files.file_name_convention(context))
    assert not list(files.file_name_disagrees(context))


def test_parts_of_a_json_document_have_no_file_name_to_check(tmp_path: Path) -> None:
    path = tmp_path / "wahl.json"
    path.write_text(json.dumps({"format": "owd-json", "version": "0.3", "Wahlparameter": []}))
    source = SourceFile(display=str(path), name=path.name, size=0, read=path.read_bytes)
    context = Context(owd_json.read_package(source))
    assert not list(files.file_name_convention(context))


def test_a_second_file_of_a_type_is_compared_by_its_type_only(ratswahl: Path) -> None:
    """A duplicate (R21) is not checked: its date or version in the name is not compared."""
    source = next(ratswahl.glob("*_Stimmzettel_*"))
    twice = ratswahl / source.name.replace("20250914", "20250915").replace("T101500", "T111500")
    twice.write_bytes(source.read_bytes())
    found = codes(ratswahl)
    assert found == {"R21": 1}


def test_a_file_named_as_another_type_is_f09_and_f13_only_without_a_name(ratswahl: Path) -> None:
    source = next(ratswahl.glob("*_Kandidaten_*"))
    source.rename(
        ratswahl / source.name.replace("Kandidaten", "Stimmzettel").replace("1015", "1016")
    )
    assert "F09" in codes(ratswahl)
    plain = next(ratswahl.glob("*_Wahlparameter_*"))
    plain.rename(ratswahl / "parameter.csv")
    assert "F13" in codes(ratswahl)


def test_lines_before_the_header_point_to_line_one(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlparameter_*"))
    path.write_bytes(b"Export\n" + path.read_bytes())
    (package,), _ = owd.read_packages(collect([ratswahl]))
    (finding,) = files.lines_before_header(Context(package))
    assert isinstance(finding, Finding)
    assert (finding.location.line, dict(finding.params)) == (1, {"header_line": 2})
    assert pl.Series([finding.location.file]).str.ends_with(path.name).all()
