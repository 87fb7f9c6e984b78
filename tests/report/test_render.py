"""Shared pieces of every report: counts in their grammatical number, local time with its zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from wahldaten.core.findings import Severity
from wahldaten.report.render import count, local_time, totals


@pytest.mark.parametrize(
    ("noun", "language", "forms"),
    [
        ("error", "de", ("0 Fehler", "1 Fehler", "2 Fehler")),
        ("error", "en", ("0 errors", "1 error", "2 errors")),
        ("bezirk", "de", ("0 Bezirke", "1 Bezirk", "2 Bezirke")),
        ("bezirk", "en", ("0 Bezirke", "1 Bezirk", "2 Bezirke")),
        ("package", "de", ("0 Pakete", "1 Paket", "2 Pakete")),
        ("package", "en", ("0 packages", "1 package", "2 packages")),
        ("file", "de", ("0 Dateien", "1 Datei", "2 Dateien")),
        ("case", "en", ("0 cases", "1 case", "2 cases")),
    ],
)
def test_count(noun: str, language: str, forms: tuple[str, str, str]) -> None:
    assert tuple(count(noun, n, language) for n in (0, 1, 2)) == forms


def test_totals() -> None:
    counts = {Severity.ERROR: 1, Severity.WARNING: 2}
    assert totals(counts, "de") == "1 Fehler, 2 Warnungen, 0 Hinweise"
    assert totals(counts, "en") == "1 error, 2 warnings, 0 infos"


@pytest.fixture
def berlin() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.usefixtures("berlin")
def test_local_time_names_its_zone() -> None:
    summer = datetime(2025, 9, 15, 8, 15, tzinfo=UTC)
    winter = datetime(2025, 1, 15, 8, 15, tzinfo=UTC)
    assert local_time(summer, "de") == "15.09.2025 10:15 CEST"
    assert local_time(winter, "en") == "2025-01-15 09:15 CET"
