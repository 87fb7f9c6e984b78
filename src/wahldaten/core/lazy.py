"""Import heavy libraries on first use.

`wahldaten --help` and `wahldaten rules` must start without polars: the rule modules are
imported to read their metadata, but polars is only loaded when a rule actually runs.
"""

from __future__ import annotations

import importlib
import types
from typing import Any


class LazyModule(types.ModuleType):
    """A stand-in that imports the real module when an attribute is first read."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._real: types.ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "_real":
            raise AttributeError(attribute)
        if self._real is None:
            self._real = importlib.import_module(self.__name__)
        return getattr(self._real, attribute)


polars = LazyModule("polars")
