"""Usage errors of the option parser, told in the user's language with the parser's detail.

The parser's exceptions are read by their attributes (the option, the parameter, the message),
so that the frame of the message comes from the catalog and only the detail from the parser.
"""

from __future__ import annotations

import re
from typing import Any

from wahldaten.cli.texts import t

# The parser's wording of common mistakes → the catalog key that says it (with the groups).
_WORDINGS = (
    (
        re.compile(r"^(?:Value error, )?(?P<value>.+?) is not one of (?P<choices>.+?)\.?$"),
        "not_a_choice",
    ),
    (re.compile(r"^Input should be a valid integer"), "not_a_number"),
    (re.compile(r"^Input should be greater than or equal to (?P<minimum>\S+)$"), "too_small"),
    (re.compile(r"^No such command '(?P<command>.+)'\.?$"), "no_such_command"),
)


def _hint(error: Any) -> str:
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None)
    if hint is None and param is not None:
        hint = param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(h) for h in hint)
    return str(hint or "")


def detail(error: Any, language: str) -> str:
    """What went wrong, from the exception's kind and attributes."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    if kind == "NoArgsIsHelpError":
        return message  # the help page itself
    if kind == "MissingParameter":
        return t("cli.usage.missing", language, param=_hint(error))
    if kind == "NoSuchOption":
        text = t("cli.usage.no_such_option", language, option=error.option_name)
        possible = sorted(getattr(error, "possibilities", None) or [])
        if possible:
            text += " " + t("cli.usage.possible", language, options=", ".join(possible))
        return text
    for pattern, key in _WORDINGS:
        found = pattern.match(message)
        if found:
            return t(f"cli.usage.{key}", language, param=_hint(error), **found.groupdict())
    if kind == "BadParameter":
        return t("cli.usage.bad_value", language, param=_hint(error), detail=message)
    return t("cli.usage.other", language, detail=error.format_message())


def usage_message(error: Any, language: str) -> str:
    """The usage line, a hint where help is found, and the error; the help page alone if no
    command was given."""
    try:
        text = detail(error, language)
    except Exception:  # a parser that words its errors differently: its own words, not a crash
        text = t("cli.usage.other", language, detail=error.format_message())
    if type(error).__name__ == "NoArgsIsHelpError":
        return text
    ctx = getattr(error, "ctx", None)
    if ctx is None:
        return t("cli.usage.error", language, detail=text)
    hint = t("cli.usage.hint", language, command=ctx.command_path)
    return f"{ctx.get_usage()}\n{hint}\n\n{t('cli.usage.error', language, detail=text)}"
