"""Layout files: the shipped ones are valid, a broken one is a located LayoutError."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from wahldaten.formats import layouts, registry
from wahldaten.formats.layouts import LayoutError

KRZN = layouts.shipped_files()["krzn"]


def test_every_shipped_layout_is_valid_and_named_as_its_file() -> None:
    for name, text in layouts.shipped_files().items():
        layout = layouts.parse(text, f"{name}.toml")
        assert layout.name == name
        assert layout.title and layout.example
        assert name in registry.names()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda t: t.replace('A1 = "A1"', "A1 = 5"), "columns.A1"),
        (lambda t: t.replace("[columns]", '[columns]\nQ = "Q"'), "columns"),
        (
            lambda t: t.replace('pattern = "^D(?P<position>[0-9]+)$"', 'pattern = "^D(["'),
            "options.0.pattern",
        ),
        (lambda t: t.replace("rows = 2", "rows = 7"), "header.rows"),
        (lambda t: t.replace("name_row = 2", "name_row = 3", 1), "options.0.name_row"),
        (lambda t: t.replace('name = "krzn"', 'name = "Krefeld Stadt"'), "layout.name"),
        (lambda t: t.replace("[layout]", "[layout"), "-"),
    ],
)
def test_a_broken_layout_names_its_file_and_key(change: object, where: str) -> None:
    assert callable(change)
    with pytest.raises(LayoutError) as error:
        layouts.parse(change(KRZN), "my.toml")
    assert error.value.key == "layouts.invalid"
    assert error.value.params["path"] == "my.toml"
    assert error.value.params["where"] == where


def test_load_of_a_missing_file_is_a_layout_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError):
        layouts.load(tmp_path / "none.toml")


def test_the_schema_covers_every_key_the_shipped_layouts_use() -> None:
    properties = layouts.schema()["properties"]
    for text in layouts.shipped_files().values():
        for table in tomllib.loads(text):
            assert table in properties


def test_the_key_reference_in_the_docs_is_the_schemas() -> None:
    """docs/layouts.md lists every key of the schema, with its table (it cannot drift)."""
    docs = (Path(__file__).resolve().parents[3] / "docs" / "layouts.md").read_text(encoding="utf-8")
    for table, spec in layouts.schema()["properties"].items():
        keys = spec["items"]["properties"] if spec.get("type") == "array" else spec["properties"]
        for key in keys:
            assert re.search(rf"`{re.escape(table)}\.{re.escape(key)}`", docs), f"{table}.{key}"
