"""The language of the command line and its strings, decided before the app is built.

Help texts are fixed when the options are defined, so the language is read from the command
line (`--lang de|en`) and the locale first; German is the default, as in the reports.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from wahldaten.core import catalog


def language_from_argv(argv: Sequence[str]) -> str:
    """The value of the last valid `--lang` before `--`, else the locale's language."""
    chosen = None
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        value = None
        if argument == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        if value in catalog.LANGUAGES:
            chosen = value
    return chosen or catalog.default_language()


LANGUAGE = language_from_argv(sys.argv[1:])


def t(key: str, language: str | None = None, **params: Any) -> str:
    """A CLI string from the catalog; a missing key is a bug, caught by the tests."""
    return catalog.text(key, language or LANGUAGE, **params)


def chosen(lang: str | None, configured: str | None = None) -> str:
    """The language of a command's output: `--lang`, the settings file, else the locale."""
    # A choice arrives as an enum member; the library wants the plain string.
    return str(lang or configured or catalog.default_language())
