"""Messages in German and English, rendered at output time from a code and its parameters.

The texts live in one folder per language beside this module (`de/`, `en/`); every TOML file
in it is merged: per rule a `title` and a `message` template, plus the strings of the reports
and of input errors. A code defined twice is an error.
"""

from __future__ import annotations

import functools
import locale
import os
import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """English if the locale asks for it, German otherwise."""
    env = os.environ if environ is None else environ
    for variable in ("WAHLDATEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    if environ is None:
        try:
            current = locale.getlocale()[0] or ""
        except ValueError:
            current = ""
        if current.lower().startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def _merge(into: dict[str, Any], part: dict[str, Any], where: str) -> None:
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, f"{where}.{key}")
        elif key in into:
            raise ValueError(f"catalog entry {where}.{key} defined twice")
        else:
            into[key] = value


@functools.cache
def _load(language: str) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise KeyError(language)
    merged: dict[str, Any] = {}
    for path in sorted(Path(__file__).with_name(language).glob("*.toml")):
        with path.open("rb") as handle:
            _merge(merged, tomllib.load(handle), path.name)
    return merged


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format_value(value: Any, language: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if language == "de" else text
    return str(value)


def fill(template: str, params: Mapping[str, Any], language: str) -> str:
    values = _Defaults({k: _format_value(v, language) for k, v in params.items()})
    return string.Formatter().vformat(template, (), values)


def rule_text(code: str, language: str) -> Mapping[str, str]:
    return dict(_load(language).get("rules", {}).get(code, {}))


def title(code: str, language: str) -> str:
    return rule_text(code, language).get("title", code)


def message(code: str, params: Mapping[str, Any], language: str) -> str:
    template = rule_text(code, language).get("message", code)
    return fill(template, params, language)


def text(key: str, language: str, **params: Any) -> str:
    """A report or error string by dotted key, e.g. `input.missing`."""
    node: Any = _load(language)
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return key
    return fill(str(node), params, language) if params else str(node)


def codes(language: str) -> set[str]:
    return set(_load(language).get("rules", {}))
