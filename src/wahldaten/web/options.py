"""The options of a request, read from its form fields as the command line reads its options.

The same names and choices as `wahldaten validate` and `convert` (`fail_on`, `select`,
`ignore`, `max_examples`, `final`, `datum`, `gs`, `wahl_name`, `behoerde`; for conversions
`target`, `version`, `from`), so a vendor's script reads like the command it replaces. An
invalid value is a 400 with the choices, before any work is done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wahldaten.api import conversion, validation
from wahldaten.core import catalog, standard
from wahldaten.core.findings import Severity
from wahldaten.formats import registry as sources
from wahldaten.formats import targets
from wahldaten.web.uploads import Form
from wahldaten.web.work import accepts

MAX_EXAMPLES_CAP = 100_000
_CODES = re.compile(r"[\s,]+")


class OptionError(Exception):
    """An invalid form field: a 400 with a catalog key."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def final_supported() -> bool:
    """Whether this version of the library checks a final result (`final=True`)."""
    return accepts(validation.validate, "final")


def _choice(form: Form, name: str, choices: tuple[str, ...], default: str) -> str:
    value = form.value(name)
    if value is None:
        return default
    if value not in choices:
        raise OptionError(
            "web.error.bad_option", option=name, value=value[:40], choices=", ".join(choices)
        )
    return value


def _codes(form: Form, name: str) -> tuple[str, ...]:
    return tuple(c for v in form.fields.get(name, []) for c in _CODES.split(v) if c)


@dataclass(frozen=True)
class Options:
    language: str
    fail_on: str
    final: bool
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    max_examples: int | None
    meta: dict[str, str | None]
    target: str
    version: str | None
    source_format: str


def read(form: Form, language: str) -> Options:
    """The options of a request; `language` is the page's, for a form without `lang`."""
    chosen_language = _choice(form, "lang", catalog.LANGUAGES, language)
    final = form.flag("final")
    if final and not final_supported():
        raise OptionError("web.error.final_unsupported")
    examples = form.value("max_examples")
    max_examples = None
    if examples is not None:
        if not examples.isdigit() or int(examples) > MAX_EXAMPLES_CAP:
            raise OptionError(
                "web.error.bad_option",
                option="max_examples",
                value=examples[:40],
                choices=f"0 … {MAX_EXAMPLES_CAP}",
            )
        max_examples = int(examples)
    version = _choice(form, "version", ("", *standard.versions()), "")
    return Options(
        language=chosen_language,
        fail_on=_choice(form, "fail_on", tuple(s.value for s in Severity), Severity.ERROR.value),
        final=final,
        select=_codes(form, "select"),
        ignore=_codes(form, "ignore"),
        max_examples=max_examples,
        meta={
            "wahl_datum": form.value("datum"),
            "gs": form.value("gs"),
            "wahl_name": form.value("wahl_name"),
            "behoerde_name": form.value("behoerde"),
        },
        target=_choice(form, "target", targets.names(), targets.OWD),
        version=version or None,
        source_format=_choice(form, "from", tuple(conversion.SOURCE_FORMATS), sources.AUTO),
    )
