"""Help pages and usage lines in the user's language.

Typer writes the frame of a help page (headings, the help option, default and required
markers) in English; these command classes put the catalog's words in its place. The texts of
commands and options come from the catalog already (see `options`).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

from wahldaten.cli.texts import LANGUAGE, t

# Typer's English words of a help page → the catalog key that says them in the chosen language.
_FRAME = {
    "Usage:": "usage",
    "[OPTIONS]": "options_metavar",
    "COMMAND [ARGS]...": "command_metavar",
    "Arguments:": "arguments",
    "Options:": "options",
    "Commands:": "commands",
    "Show this message and exit.": "help_option",
    "[default: ": "default",
    "[required]": "required",
}


def localized(text: str, language: str = LANGUAGE) -> str:
    for english, key in _FRAME.items():
        text = text.replace(english, t(f"cli.help.{key}", language))
    return text


class Command(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return localized(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return localized(super().get_usage(ctx))


class Group(TyperGroup):
    def get_help(self, ctx: Any) -> str:
        return localized(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return localized(super().get_usage(ctx))
