"""What the file and folder names of a Wahlportal export say: the date and the election.

The files carry neither (`stimmen.csv`), but the folders they are published in and the names
users give them often do: `…_20250223…`, `…_23.02.2025…`, `ebersberg_ew2024_stimmen.csv`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from wahldaten.formats.akdb.layouts import STIMMKREIS

DMY = re.compile(r"(?<![0-9])([0-9]{2})\.([0-9]{2})\.([0-9]{4})(?![0-9])")
YMD = re.compile(r"(?<![0-9])([0-9]{4})([0-9]{2})([0-9]{2})(?![0-9])")
WAHL_NAMES = (
    (("btw",), ("bundestag",), "Bundestagswahl"),
    (("ltw",), ("landtag",), "Landtagswahl"),
    (("ew", "euw"), ("europa",), "Europawahl"),
    ((), ("bezirkstag",), "Bezirkswahl"),
    ((), ("landrat",), "Landratswahl"),
    ((), ("oberbuergermeister", "oberbürgermeister"), "Oberbürgermeisterwahl"),
    ((), ("buergermeister", "bürgermeister"), "Bürgermeisterwahl"),
    ((), ("kreistag",), "Kreistagswahl"),
    ((), ("gemeinderat", "stadtrat", "marktgemeinderat"), "Gemeinderatswahl"),
)


def _names_of(display: str) -> list[str]:
    """The file name and the names of the two folders above it, nearest first."""
    path = PurePath(display.replace("\\", "/"))
    return [path.name, *(p.name for p in list(path.parents)[:2])]


def _valid_date(day: str, month: str, year: str) -> str | None:
    if not 1949 <= int(year) <= 2099:
        return None
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return None
    return f"{day}.{month}.{year}"


def date_from_name(display: str) -> str | None:
    """An election date in the file or folder name: `…_23.02.2025…` or `…20250223…`."""
    for name in _names_of(display):
        for match in DMY.finditer(name):
            found = _valid_date(*match.groups())
            if found:
                return found
        for match in YMD.finditer(name):
            year, month, day = match.groups()
            found = _valid_date(day, month, year)
            if found:
                return found
    return None


def wahl_name_in_names(display: str) -> str | None:
    """The kind of election a file or folder name says (`…_ew2024_…` → Europawahl), if any."""
    for name in _names_of(display):
        tokens = [t for t in re.split(r"[^a-zäöüß]+", name.lower()) if t]
        for exact, prefixes, title in WAHL_NAMES:
            if any(t in exact or t.startswith(prefixes) for t in tokens):
                return title
    return None


def wahl_name_from(display: str, arten: set[str], two_votes: bool) -> str:
    """A default name of the election from the file or folder name, else from the content."""
    named = wahl_name_in_names(display)
    if named is not None:
        return named
    if two_votes and STIMMKREIS in arten:
        return "Landtagswahl"
    if two_votes:
        return "Bundestagswahl"
    return "Wahl"
