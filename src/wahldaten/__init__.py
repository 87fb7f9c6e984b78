"""wahldaten: validate and convert German election results in the Standard für Offene Wahldaten.

>>> import wahldaten
>>> report = wahldaten.validate("fixtures/owd/valid/ratswahl")
>>> report.exit_code
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from wahldaten.api.conversion import ConversionReport, convert, inspect
    from wahldaten.api.validation import validate
    from wahldaten.core.findings import Finding, Location, Severity
    from wahldaten.engine.results import Report
    from wahldaten.io.sources import InputError

_EXPORTS = {
    "validate": "wahldaten.api.validation",
    "convert": "wahldaten.api.conversion",
    "inspect": "wahldaten.api.conversion",
    "ConversionReport": "wahldaten.api.conversion",
    "Report": "wahldaten.engine.results",
    "Finding": "wahldaten.core.findings",
    "Location": "wahldaten.core.findings",
    "Severity": "wahldaten.core.findings",
    "InputError": "wahldaten.io.sources",
}


def __getattr__(name: str) -> Any:
    # Lazy, so that `wahldaten --help` does not import polars.
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(name)


__all__ = [
    "ConversionReport",
    "Finding",
    "InputError",
    "Location",
    "Report",
    "Severity",
    "__version__",
    "convert",
    "inspect",
    "validate",
]
