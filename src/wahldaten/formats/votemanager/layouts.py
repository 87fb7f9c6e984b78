"""The columns of votemanager Open-Data files: the layouts and how each maps to OWD.

The header is `datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen`
followed by the Schnellmeldung letters, whose set depends on the election type, the Land
template and the stage of counting. A column no layout knows refuses the file (K01): the
meaning of a letter depends on the layout, so nothing is mapped by guess.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.io.csvtable import LINE_COLUMN

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "votemanager"
TITLE = "vote iT votemanager / AKDB OK.VOTE Open-Data-CSV"
FIXED = [
    "datum",
    "wahl",
    "ags",
    "gebiet-nr",
    "gebiet-name",
    "max-schnellmeldungen",
    "anz-schnellmeldungen",
]
LETTERS = ["A1", "A2", "A3", "A", "B", "B1", "B2", "C", "D", "E", "F"]
MAX, ANZ = "max-schnellmeldungen", "anz-schnellmeldungen"

STANDARD = "standard"
NDS_2021 = "nds-2021"
NDS_2026 = "nds-2026"
BY_COUNCIL = "by-council"
REFERENDUM = "okvote-buergerentscheid"
LAYOUT_TITLES = {
    STANDARD: "Schnellmeldung (A–F, D<n>/F<n>)",
    NDS_2021: "Kommunalwahl Niedersachsen bis 2021 (C1/C2, D<n>_liste, D<n>_<k>)",
    NDS_2026: "Kommunalwahl Niedersachsen ab 2026 (D<n>_1, D<n>_2_<k>, D<n>_3, D<n>_4)",
    BY_COUNCIL: "Gemeinde-/Kreistagswahl Bayern (B2, E, D<n>_unveraendert, D<n>_<k>)",
    REFERENDUM: "Bürgerentscheid OK.VOTE (C01–C04)",
}

OPTION = re.compile(r"^([DF])([1-9][0-9]*)$")
NDS21 = re.compile(r"^D([1-9][0-9]*)_(liste|summe_kandidaten|summe_liste_kandidaten|[1-9][0-9]*)$")
NDS26 = re.compile(r"^D([1-9][0-9]*)_(1|2_[1-9][0-9]*|3|4)$")
BY = re.compile(r"^D([1-9][0-9]*)_(unveraendert|veraendert|[1-9][0-9]*)$")
REFERENDUM_COLUMNS = {"C01", "C02", "C03", "C04"}


def sniff(header: list[str]) -> bool:
    names = [h.strip().lower() for h in header[:3]]
    return names == ["datum", "wahl", "ags"]


def sniff_text(lines: list[str]) -> bool:
    return bool(lines) and sniff(lines[0].split(";"))


def layout_of(columns: list[str]) -> tuple[str, list[str]]:
    """The layout of a header and the columns it cannot place (empty if the layout is known)."""
    counts = [c for c in columns if c not in FIXED]
    if set(counts) >= REFERENDUM_COLUMNS:
        known = {*REFERENDUM_COLUMNS, "A1", "A2", "A3", "A", "B", "B1"}
        return REFERENDUM, [c for c in counts if c not in known]
    if "C1" in counts and "C2" in counts:
        if any(NDS26.match(c) and not c.endswith("_1") for c in counts) and not any(
            c.endswith("_liste") for c in counts
        ):
            known_26 = {*LETTERS, "C1", "C2"}
            return NDS_2026, [c for c in counts if c not in known_26 and not NDS26.match(c)]
        known_21 = {*LETTERS, "C1", "C2"}
        return NDS_2021, [c for c in counts if c not in known_21 and not NDS21.match(c)]
    if any(BY.match(c) for c in counts) or "Summe_unveraendert" in counts:
        known_by = {*LETTERS, "Summe_unveraendert", "Summe_veraendert"}
        return BY_COUNCIL, [
            c for c in counts if c not in known_by and not BY.match(c) and not OPTION.match(c)
        ]
    return STANDARD, [c for c in counts if c not in LETTERS and not OPTION.match(c)]


def position(column: str) -> int:
    return int(re.match(r"^[DF]([0-9]+)", column).group(1))  # type: ignore[union-attr]


def normalize(frame: pl.DataFrame, layout: str) -> tuple[pl.DataFrame, list[str], list[str]]:
    """Rename the layout's columns to OWD names; returns frame, OWD count columns, dropped columns."""
    columns = [c for c in frame.columns if c not in FIXED and c != LINE_COLUMN]
    rename: dict[str, str] = {}
    dropped: list[str] = []
    for column in columns:
        target: str | None = column
        if column == "B2":
            target = "B1"
        elif layout in (NDS_2021, NDS_2026) and column in ("C1", "C2"):
            target = "C" if column == "C1" else "GUELTIGE-STIMMZETTEL"
        elif layout == NDS_2021 and (m := NDS21.match(column)):
            n, part = m.groups()
            target = {
                "liste": f"D{n}_liste",
                "summe_kandidaten": None,
                "summe_liste_kandidaten": f"D{n}",
            }.get(part, f"D{n}_{part}")
        elif layout == NDS_2026 and (m := NDS26.match(column)):
            n, part = m.groups()
            target = {"1": f"D{n}_liste", "3": None, "4": f"D{n}"}.get(part, f"D{n}_{part[2:]}")
        elif layout == BY_COUNCIL and column in ("E", "Summe_unveraendert", "Summe_veraendert"):
            target = None  # E = ballots cast (= B, rule K15); the sums are derivable
        elif layout == REFERENDUM and column in REFERENDUM_COLUMNS:
            target = {"C01": "D1", "C02": "D2", "C03": "C", "C04": "D"}[column]
        if target is None:
            dropped.append(column)
        else:
            rename[column] = target
    renamed = frame.rename(rename).drop(dropped)
    counts = list(rename.values())
    return renamed, _ordered_counts(counts), dropped


def _ordered_counts(columns: list[str]) -> list[str]:
    letters = ["A1", "A2", "A3", "A", "B", "B1", "C", "GUELTIGE-STIMMZETTEL", "D", "E", "F"]
    head = [c for c in letters if c in columns]
    rest = [c for c in columns if c not in head]
    return head + rest
