"""The shipped schemas of the standard: valid JSON Schemas, consistent across versions."""

from __future__ import annotations

import itertools
import json
import re

import jsonschema
import pytest

from wahldaten.core import migrations as migrate
from wahldaten.core import standard


def test_versions_found_in_real_files_ship() -> None:
    # 0.4 is a draft: shipped to try, never the default.
    assert standard.versions() == ["0.2", "0.3", "0.4"]
    assert standard.latest() == "0.3"
    assert standard.status("0.4") == "draft"


@pytest.mark.parametrize("version", standard.versions())
@pytest.mark.parametrize("file_type", standard.FILE_TYPES)
def test_row_schemas_are_valid_2020_12(version: str, file_type: str) -> None:
    schema = json.loads(standard.read_schema_text(version, standard.schema_file_name(file_type)))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["version"]["$ref"] == "#/$defs/version"
    assert schema["$defs"]["version"]["const"] == version


@pytest.mark.parametrize("version", standard.versions())
def test_document_schema_is_valid(version: str) -> None:
    schema = json.loads(standard.read_schema_text(version, standard.DOCUMENT_SCHEMA))
    jsonschema.Draft202012Validator.check_schema(schema)
    counts = schema["$defs"]["Wahlergebnisse"]["properties"]["A"]
    assert counts["type"] == ["integer", "null"], "a count not reported is null, never 0"


@pytest.mark.parametrize("version", standard.versions())
def test_every_constrained_definition_names_its_rule(version: str) -> None:
    from wahldaten.rules import registry

    codes = {r.code for r in registry.all_rules()}
    loaded = standard.load(version)
    for spec in loaded.files.values():
        for name, check in [*spec.columns.items(), *spec.pattern_columns]:
            if check.constrained:
                assert check.rule in codes, (spec.file_type, name, check.rule)


def test_versions_differ_only_in_the_version_string() -> None:
    """CHANGELOG: the columns of 0.2 and 0.3 are the same; only `version` and ids differ."""
    older, newer = standard.versions()[:2]
    for name in standard.schema_files(newer):
        a = standard.read_schema_text(older, name).replace(older, "X")
        b = standard.read_schema_text(newer, name).replace(newer, "X")
        assert a == b, name


def test_descriptor_declares_files_keys_and_extension() -> None:
    loaded = standard.load(standard.latest())
    assert loaded.files["Wahlergebnisse"].key == ("wahl-behoerde-gs", "bezirk-nr")
    assert not loaded.files["Kandidaten"].required_file
    assert loaded.files["Wahlgebietseinteilungen"].is_extension("BRIEFWAHLBEZIRK-NR")
    assert not loaded.files["Wahlgebietseinteilungen"].is_standard("BRIEFWAHLBEZIRK-NR")
    assert loaded.files["Wahlergebnisse"].is_standard("D17")
    assert loaded.files["Wahlergebnisse"].is_standard("F3")
    assert not loaded.files["Wahlergebnisse"].is_standard("D0")
    assert not loaded.files["Wahlergebnisse"].is_standard("D1_liste")


def test_joins_name_rules_that_exist() -> None:
    from wahldaten.rules import registry

    codes = {r.code for r in registry.all_rules()}
    for join in standard.load(standard.latest()).joins:
        assert set(join["rules"]) <= codes, join


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "05366004_20200913_Ratswahl-NRW_Wahlergebnisse_V0-2_20200930T111111.csv",
            ("05366004", "Wahlergebnisse", "0", "2"),
        ),
        (
            "05914000_26.09.2021_Wahl zum Deutschen Bundestag_Kandidaten_V0-3_05.02.2025 090606 833.csv",
            ("05914000", "Kandidaten", "0", "3"),
        ),
    ],
)
def test_file_name_pattern_matches_both_observed_styles(
    name: str, expected: tuple[str, ...]
) -> None:
    match = standard.load("0.3").file_name_pattern.search(name)
    assert match is not None
    assert (match["gs"], match["typ"], match["major"], match["minor"]) == expected


def test_every_adjacent_version_pair_has_migrations() -> None:
    versions = standard.versions()
    for older, newer in itertools.pairwise(versions):
        assert (older, newer) in migrate.registered()
        assert (newer, older) in migrate.registered()


def test_migration_changes_version_and_keeps_everything_else() -> None:
    import polars as pl

    tables = {
        "Wahlergebnisse": pl.DataFrame(
            {"version": ["0.2"], "bezirk-nr": ["0001"], "B2": ["12"], "D1": [None]}
        )
    }
    there = migrate.migrate(tables, "0.2", "0.3")
    assert there["Wahlergebnisse"].row(0) == ("0.3", "0001", "12", None)
    back = migrate.migrate(there, "0.3", "0.2")
    assert back["Wahlergebnisse"].equals(tables["Wahlergebnisse"])


def test_unknown_version_is_refused() -> None:
    with pytest.raises(migrate.MigrationError):
        migrate.path("0.2", "9.9")


def test_schema_patterns_are_anchored() -> None:
    for version in standard.versions():
        for spec in standard.load(version).files.values():
            for check in [*spec.columns.values(), *(c for _, c in spec.pattern_columns)]:
                if check.pattern:
                    assert re.match(r"^\^.*\$$", check.pattern), check.pattern
