"""The choices the command line offers, read from the library's registries (never listed here)."""

from __future__ import annotations

from wahldaten.core import catalog
from wahldaten.formats import registry, targets
from wahldaten.report import formats


def languages() -> tuple[str, ...]:
    return tuple(catalog.LANGUAGES)


def report_formats(kind: str) -> tuple[str, ...]:
    """The `--format` values the renderer registry offers for a kind of report."""
    return formats.formats_for(kind)


def source_formats() -> tuple[str, ...]:
    """What `--from` accepts: `auto` and every source format."""
    return registry.choices()


def target_formats() -> tuple[str, ...]:
    return targets.names()
