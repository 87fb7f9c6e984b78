"""wahldaten: validate and convert German election results in the Standard für Offene Wahldaten.

>>> import wahldaten
>>> report = wahldaten.validate("fixtures/owd/valid/ratswahl")
>>> report.exit_code
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wahldaten.core.version import __version__

if TYPE_CHECKING:
    from wahldaten.api.conversion import convert, inspect
    from wahldaten.api.migration import migrate
    from wahldaten.api.validation import validate
    from wahldaten.core.findings import Finding, Location, Severity
    from wahldaten.engine.results import ConversionReport, Report
    from wahldaten.formats.source import SourceError
    from wahldaten.io.limits import Limits
    from wahldaten.io.sources import InputError
    from wahldaten.report.json_report import report_dict

_EXPORTS = {
    "validate": "wahldaten.api.validation",
    "convert": "wahldaten.api.conversion",
    "inspect": "wahldaten.api.conversion",
    "migrate": "wahldaten.api.migration",
    "ConversionReport": "wahldaten.engine.results",
    "Report": "wahldaten.engine.results",
    "SourceError": "wahldaten.formats.source",
    "report_dict": "wahldaten.report.json_report",
    "Finding": "wahldaten.core.findings",
    "Location": "wahldaten.core.findings",
    "Severity": "wahldaten.core.findings",
    "InputError": "wahldaten.io.sources",
    "Limits": "wahldaten.io.limits",
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
    "Limits",
    "Location",
    "Report",
    "Severity",
    "SourceError",
    "__version__",
    "convert",
    "inspect",
    "migrate",
    "report_dict",
    "validate",
]
