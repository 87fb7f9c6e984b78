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
    from wahldaten.conversion import ConversionReport, convert, inspect
    from wahldaten.findings import Finding, Location, Severity
    from wahldaten.report.model import Report
    from wahldaten.sources import InputError
    from wahldaten.validation import validate

_EXPORTS = {
    "validate": "wahldaten.validation",
    "convert": "wahldaten.conversion",
    "inspect": "wahldaten.conversion",
    "ConversionReport": "wahldaten.conversion",
    "Report": "wahldaten.report.model",
    "Finding": "wahldaten.findings",
    "Location": "wahldaten.findings",
    "Severity": "wahldaten.findings",
    "InputError": "wahldaten.sources",
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
