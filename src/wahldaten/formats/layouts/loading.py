"""Loading layouts: TOML syntax, then the JSON Schema (shipped beside this module), then the
builder; every problem a `LayoutError` naming the file and the key."""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from wahldaten.formats.layouts.builder import Builder
from wahldaten.formats.layouts.model import SCHEMA_FILE, SHIPPED, Layout, LayoutError

PACKAGE = "wahldaten.formats.layouts"


@functools.cache
def schema() -> dict[str, Any]:
    """The layout format's JSON Schema, as shipped in the package."""
    text = resources.files(PACKAGE).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _where(path: Sequence[object]) -> str:
    return ".".join(str(p) for p in path)


def validate(document: Mapping[str, Any], display: str) -> None:
    """Raise LayoutError for the first place where the document breaks the schema."""
    import jsonschema  # a dependency; loaded only when a layout is read

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: (len(e.path), _where(e.path)))
    if errors:
        error = jsonschema.exceptions.best_match(errors) or errors[0]
        raise LayoutError(display, _where(error.absolute_path), error.message)


def parse(text: str, display: str) -> Layout:
    """A layout from its TOML text; LayoutError (file, key, reason) for anything wrong."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(display, "", str(error)) from None
    validate(document, display)
    return Builder(document, display).build()


def load(path: str | Path) -> Layout:
    """A user's layout file; LayoutError if it cannot be read or used."""
    display = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LayoutError(display, "", str(error)) from None
    return parse(text, display)


def shipped_files() -> dict[str, str]:
    """The shipped layouts: name (the file's stem) → TOML text."""
    folder = resources.files(PACKAGE).joinpath(SHIPPED)
    return {
        entry.name.removesuffix(".toml"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


@functools.cache
def shipped(name: str) -> Layout:
    """A shipped layout by name, parsed once."""
    return parse(shipped_files()[name], f"{SHIPPED}/{name}.toml")
