"""The columns of the AKDB-OSRZ Wahlportal files: the two layouts and how each maps to OWD.

The wide layout (`stimmen.csv`, `wahlbezirksergebnisse.csv`, `gesamtergebnis.csv`) has one row
per area with counts under long German names ending in the Schnellmeldung letter
(`Waehler gesamt (B)`) and `D<n>`/`F<n>` per ballot position. The pair layout (the KW 2026 side
files `landratStimmen.csv`, `buergermeisterStimmen.csv`) repeats `Gruppenschlüssel;Stimmen`, the
party as a cell value. Columns are mapped by name, in any order; a column no layout knows, or a
letter written twice, refuses the file (K01) rather than mapping it by guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

NAME = "akdb"
TITLE = "AKDB-OSRZ Wahlportal-CSV (Bayern, ab 2023)"
WIDE = "wahlportal"
PAIRS = "gruppenpaare"
LAYOUT_TITLES = {
    WIDE: "Ergebnis je Gebiet (Gebietsart, Wahlberechtigte gesamt (A) … D<n>/F<n>)",
    PAIRS: "Stimmen je Gruppe (Paare Gruppenschlüssel;Stimmen)",
}

# Descriptive columns.
GEMEINDE_COLUMN = "Gemeinde"
GEMEINDENAME = "Gemeindename"
WAHLKREISNUMMER = "Wahlkreisnummer"
GEBIETSNUMMER = "Gebietsnummer"
GEBIETSART = "Gebietsart"
GEBIETSNAME = "Gebietsname"
BEZIRKSNUMMER = "Bezirksnummer"
AREA_COLUMNS = (
    GEMEINDE_COLUMN,
    GEMEINDENAME,
    WAHLKREISNUMMER,
    GEBIETSNUMMER,
    GEBIETSART,
    GEBIETSNAME,
    BEZIRKSNUMMER,
)
REQUIRED = (GEBIETSART, GEBIETSNUMMER)

# Gebietsart values.
URN, POSTAL = "STIMMBEZIRK", "BRIEFWAHLBEZIRK"
PRECINCTS = {URN: "W", POSTAL: "B"}
GEMEINDE, VERBANDSGEMEINDE, KREIS = "GEMEINDE", "VERBANDSGEMEINDE", "KREIS"
WAHLKREIS, STIMMKREIS = "WAHLKREIS", "STIMMKREIS"
AGGREGATES = (WAHLKREIS, STIMMKREIS, KREIS, VERBANDSGEMEINDE, GEMEINDE)

# The wide layout: source name → OWD letter.
VOTERS = "Waehler gesamt (B)"
VOTERS_WITHOUT = "Waehler ohne Wahlschein"
VOTERS_WITH = "Waehler mit Wahlschein"
LETTERS = {
    "Wahlberechtigte gesamt (A)": "A",
    "Wahlberechtigte ohne Wahlschein (A1)": "A1",
    "Wahlberechtigte mit Wahlschein (A2)": "A2",
    "Wahlberechtigte nicht im WVZ (A3)": "A3",
    VOTERS: "B",
    VOTERS_WITH: "B1",
    "Direktstimmen ungueltige (C)": "C",
    "Stimmen ungueltige (C)": "C",
    "Direktstimmen gueltige (D)": "D",
    "Stimmen gueltige (D)": "D",
    "Listenstimmen ungueltige (E)": "E",
    "Listenstimmen gueltige (F)": "F",
}
# Counts that OWD does not hold: read as numbers, checked where a rule exists (K17), not carried.
COUNTS_NOT_CARRIED = (
    VOTERS_WITHOUT,
    "Urnenwaehler mit Wahlschein in Urnenwahllokal",
    "Briefwaehler mit Wahlschein in Urnenwahllokal",
)
TEXT_NOT_CARRIED = ("Ausgezaehlt abweichend Gebiet", "Ausgezaehlt abweichend AGS", "Ausbleibend")
OPTION = re.compile(
    r"^(?:[DF][1-9][0-9]*(?:_[1-9][0-9]*)?|D[1-9][0-9]*_(?:unveraendert|veraendert))$"
)
POSITION = re.compile(r"^[DF]([1-9][0-9]*)$")

# The pair layout.
KEY, VOTES = "Gruppenschlüssel", "Stimmen"
PAIR_A1 = "Wahlberechtigte ohne Wahlschein"
PAIR_A2 = "Wahlberechtigte mit Wahlschein"
PAIR_A3 = "Wahlberechtigte nicht im Wählerverzeichnis"
PAIR_VOTERS_WITHOUT = "Wähler ohne Wahlschein"
PAIR_VOTERS_WITH = "Wähler mit Wahlschein"
PAIR_VALID = "Gültige Stimmen"
PAIR_INVALID = "Ungültige Stimmen"
PAIR_LETTERS = {
    PAIR_A1: "A1",
    PAIR_A2: "A2",
    PAIR_A3: "A3",
    PAIR_VOTERS_WITH: "B1",
    PAIR_INVALID: "C",
    PAIR_VALID: "D",
}
PAIR_COUNTS_NOT_CARRIED = (PAIR_VOTERS_WITHOUT, "Briefwähler in Urnenwahlgebiet erfasst")

SUFFIXED = re.compile(r"^(.*)#([0-9]+)$")


def base_name(column: str) -> str:
    """The header name of an internal column name (`Stimmen#14` → `Stimmen`)."""
    match = SUFFIXED.match(column)
    return match.group(1) if match else column


def sniff(header: list[str]) -> bool:
    names = [h.strip().lstrip("\ufeff") for h in header]
    return GEBIETSART in names and (
        KEY in names or any(re.search(r"\([A-F][0-9]?\)$", n) for n in names)
    )


def sniff_text(lines: list[str]) -> bool:
    return bool(lines) and sniff(lines[0].split(";"))


@dataclass
class Layout:
    """How the columns of one file map to OWD."""

    name: str
    counts: dict[str, str] = field(default_factory=dict)  # source column → OWD column
    checked: list[str] = field(default_factory=list)  # numbers read but not carried
    dropped: list[str] = field(default_factory=list)  # columns not carried (K09)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (Gruppenschlüssel, Stimmen)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def numeric(self) -> list[str]:
        return [*self.counts, *self.checked, *(votes for _, votes in self.pairs)]

    @property
    def title(self) -> str:
        return LAYOUT_TITLES[self.name]


def is_count(column: str) -> bool:
    """True for a column (an internal name, `Stimmen#14`) that holds counts in either layout:
    the CSV layer may read it as integers where that loses nothing."""
    name = base_name(column)
    return (
        name in LETTERS
        or name in PAIR_LETTERS
        or name in COUNTS_NOT_CARRIED
        or name in PAIR_COUNTS_NOT_CARRIED
        or name == VOTES
        or OPTION.match(name) is not None
    )


def layout_of(columns: list[str], ignore: Iterable[str] = ()) -> Layout:
    """Map the columns of a header by name; unknown and missing columns are listed."""
    skip = set(ignore)
    pair_layout = any(base_name(c) == KEY for c in columns)
    layout = Layout(PAIRS if pair_layout else WIDE)
    letters = PAIR_LETTERS if pair_layout else LETTERS
    not_carried = PAIR_COUNTS_NOT_CARRIED if pair_layout else COUNTS_NOT_CARRIED
    pending_key: str | None = None
    for column in columns:
        base = base_name(column)
        if column in skip or column in AREA_COLUMNS:
            continue
        if pair_layout and base in (KEY, VOTES):
            if base == KEY and pending_key is None:
                pending_key = column
            elif base == VOTES and pending_key is not None:
                layout.pairs.append((pending_key, column))
                pending_key = None
            else:
                layout.unknown.append(column)
            continue
        if column in letters:
            layout.counts[column] = letters[column]
        elif not pair_layout and OPTION.match(column):
            layout.counts[column] = column
        elif column in not_carried:
            layout.checked.append(column)
            layout.dropped.append(column)
        elif not pair_layout and column in TEXT_NOT_CARRIED:
            layout.dropped.append(column)
        else:
            layout.unknown.append(column)
    if pending_key is not None:
        layout.unknown.append(pending_key)
    targets = list(layout.counts.values())
    layout.unknown += [c for c, t in layout.counts.items() if targets.count(t) > 1]
    layout.missing = [c for c in REQUIRED if c not in columns]
    return layout
