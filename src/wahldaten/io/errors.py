"""The error of an input that cannot be read at all (exit code 3)."""

from __future__ import annotations

from typing import Any

from wahldaten.core import catalog


class InputError(Exception):
    """An input that cannot be read at all (exit code 3). Carries a catalog key and params.

    `str()` is the message in the default language (German unless the locale asks for
    English); renderers that know the language use `catalog.text(error.key, ...)` instead.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, language: str | None = None) -> str:
        return catalog.text(self.key, language or catalog.default_language(), **self.params)

    def __str__(self) -> str:
        return self.message()

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a batch worker, it crosses a process boundary; the keyword params must too.
        return (_restore, (self.key, self.params))


def _restore(key: str, params: dict[str, Any]) -> InputError:
    return InputError(key, **params)
