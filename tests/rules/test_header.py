"""S03, S04: repeated and empty header names, once per cause, in every format."""

from __future__ import annotations

from wahldaten.core.findings import Finding
from wahldaten.formats.facts import HeaderForm, SourceFacts
from wahldaten.formats.source import SourceContext
from wahldaten.io.csvtable import read_csv_table
from wahldaten.rules import header


def context(data: bytes, facts: SourceFacts | None = None) -> SourceContext:
    table = read_csv_table(data, "t.csv")
    return SourceContext(source_format="akdb", layout="", tables=[table], observed=facts)


def test_a_repeated_name_is_one_finding_with_its_later_fields() -> None:
    found = list(header.duplicate_column(context(b"a;b;a;c;a;b\n1;2;3;4;5;6\n")))
    assert [(f.location.column, dict(f.params)) for f in found if isinstance(f, Finding)] == [
        ("a", {"count": 3, "positions": "3, 5"}),
        ("b", {"count": 2, "positions": "6"}),
    ]


def test_empty_names_are_one_finding_per_file() -> None:
    (finding,) = header.empty_column_name(context(b"a;;b;;\n1;2;3;4;5\n"))
    assert isinstance(finding, Finding)
    assert finding.location.line == 1 and finding.location.column is None
    assert finding.params == {"count": 3, "positions": "2, 4, 5"}


def test_a_header_of_thousands_of_empty_names_is_still_one_finding() -> None:
    (finding,) = header.empty_column_name(context(b"a" + b";" * 20_000 + b"\n1\n"))
    assert isinstance(finding, Finding)
    assert finding.params["count"] == 20_000
    assert finding.params["positions"] == "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (+19990)"


def test_fields_a_format_has_by_design_are_not_reported() -> None:
    form = HeaderForm(empty=frozenset({4}), repeated=frozenset({"a"}))
    facts = SourceFacts(display="t.csv", header_form=form)
    ctx = context(b"a;b;a;\n1;2;3;\n", facts)
    assert list(header.duplicate_column(ctx)) == []
    assert list(header.empty_column_name(ctx)) == []
