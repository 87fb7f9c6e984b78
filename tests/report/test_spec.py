"""The specification is read from the schemas: every column, type, rule and change is there."""

from __future__ import annotations

import json

import pytest

from wahldaten.core import standard
from wahldaten.report import spec


def _schema_columns(version: str, file_type: str) -> set[str]:
    text = standard.read_schema_text(version, standard.schema_file_name(file_type))
    schema = json.loads(text)
    return {*schema.get("properties", {}), *schema.get("patternProperties", {})}


def _schema_rules(version: str) -> set[str]:
    rules: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("x-wahldaten-rule"), str):
                rules.add(node["x-wahldaten-rule"])
            rules.update(node.get("rules", []) if isinstance(node.get("rules"), list) else [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in standard.schema_files(version):
        if name != standard.DOCUMENT_SCHEMA:
            walk(json.loads(standard.read_schema_text(version, name)))
    return rules


@pytest.mark.parametrize("version", standard.versions())
def test_every_column_of_every_file_is_in_the_spec(version: str) -> None:
    built = spec.build(version)
    assert [f.file_type for f in built.files] == list(standard.FILE_TYPES)
    for file_spec in built.files:
        assert {c.name for c in file_spec.columns} == _schema_columns(version, file_spec.file_type)
        for column in file_spec.columns:
            assert column.description, (file_spec.file_type, column.name)
            # English beside the German: from x-description-en or the catalog.
            assert column.description_en, (file_spec.file_type, column.name)


@pytest.mark.parametrize("version", standard.versions())
def test_every_rule_the_schemas_name_is_in_the_spec(version: str) -> None:
    assert set(spec.build(version).rules) == _schema_rules(version)


def test_required_and_types_come_from_the_schema() -> None:
    results = {f.file_type: f for f in spec.build("0.3").files}["Wahlergebnisse"]
    columns = {c.name: c for c in results.columns}
    assert columns["A"].required and columns["A"].definition == "anzahl"
    assert columns["A"].rule == "T05" and columns["A"].pattern == "^(?:0|[1-9][0-9]*)?$"
    assert not columns["B1"].required
    assert columns["version"].const == "0.3" and columns["version"].example == "0.3"
    assert columns["^D[1-9][0-9]*$"].is_pattern
    assert ("B2", "B1") in results.synonyms
    assert ("E", ("F",)) in results.dependent_required


def test_the_first_version_has_no_changes_and_same_columns_have_none() -> None:
    assert spec.build("0.2").previous is None
    assert [c for c in spec.build("0.3").changes if c.kind != "stated"] == []


def test_an_unknown_version_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        spec.build("9.9")


def test_the_draft_says_so_and_lists_what_it_adds() -> None:
    built = spec.build("0.4")
    assert built.status == "draft" and built.previous == "0.3"
    added = {(c.file_type, c.column) for c in built.changes if c.kind == "added"}
    assert ("Wahlergebnisse", "bezirk-status") in added
    assert ("Wahlgebietseinteilungen", "briefwahlbezirk-nr") in added
    assert any(c.kind == "stated" for c in built.changes)
