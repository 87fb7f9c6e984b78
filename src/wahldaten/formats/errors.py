"""The error of a source that cannot be converted at all.

On its own, so that the registries (and with them `wahldaten --help`) can name it without
loading the reader machinery and the CSV layer.
"""

from __future__ import annotations

from typing import Any


class SourceError(ValueError):
    """A source that cannot be converted at all; carries a catalog key and parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params
