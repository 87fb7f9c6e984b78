"""The columns of votemanager Open-Data files: the layouts and how each maps to OWD.

The header is `datum;wahl;ags;gebiet-nr;gebiet-name;max-schnellmeldungen;anz-schnellmeldungen`
followed by the Schnellmeldung letters, whose set depends on the election type, the Land
template and the stage of counting. A column no layout knows refuses the file (K01): the
meaning of a letter depends on the layout, so nothing is mapped by guess. Only columns that a
spreadsheet appended after the votemanager block, and that name no count, are left out (K33).
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
HESSE = "he-council"
LAYOUT_TITLES = {
    STANDARD: "Schnellmeldung (A–F, D<n>/F<n>)",
    NDS_2021: "Kommunalwahl Niedersachsen bis 2021 (C1/C2, D<n>_liste, D<n>_<k>)",
    NDS_2026: "Kommunalwahl Niedersachsen ab 2026 (D<n>_1, D<n>_2_<k>, D<n>_3, D<n>_4)",
    BY_COUNCIL: "Gemeinde-/Kreistagswahl Bayern (B2, E, D<n>_unveraendert, D<n>_<k>)",
    REFERENDUM: "Bürgerentscheid OK.VOTE (C01–C04)",
    HESSE: "Kommunalwahl Hessen (unveraendert_<n>, veraendert_<n>, panasch_<n>, D<n>_<k>)",
}

OPTION = re.compile(r"^([DF])([1-9][0-9]*)$")
NDS21 = re.compile(r"^D([1-9][0-9]*)_(liste|summe_kandidaten|summe_liste_kandidaten|[1-9][0-9]*)$")
NDS26 = re.compile(r"^D([1-9][0-9]*)_(1|2_[1-9][0-9]*|3|4)$")
BY = re.compile(r"^D([1-9][0-9]*)_(unveraendert|veraendert|[1-9][0-9]*)$")
REFERENDUM_COLUMNS = {"C01", "C02", "C03", "C04"}
# Hesse: per list the ballots marked for it unchanged, changed within the list, panaschiert.
HE = re.compile(r"^(unveraendert|veraendert|panasch)_([1-9][0-9]*)$")
CANDIDATE = re.compile(r"^D([1-9][0-9]*)_([1-9][0-9]*)$")
# What a column that counts something is named like in any vendor layout (A1, D3_12, H_1_Name):
# such a column is never left out as a spreadsheet's addition.
RESULT_LIKE = re.compile(r"^[A-H][0-9]*(?:_.+)?$")


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
    if any(HE.match(c) for c in counts):
        return HESSE, [
            c
            for c in counts
            if c not in LETTERS
            and not HE.match(c)
            and not OPTION.match(c)
            and not CANDIDATE.match(c)
        ]
    if any(BY.match(c) for c in counts) or "Summe_unveraendert" in counts:
        known_by = {*LETTERS, "Summe_unveraendert", "Summe_veraendert"}
        return BY_COUNCIL, [
            c for c in counts if c not in known_by and not BY.match(c) and not OPTION.match(c)
        ]
    return STANDARD, [c for c in counts if c not in LETTERS and not OPTION.match(c)]


def appended(columns: list[str]) -> list[str]:
    """The columns a spreadsheet appended after the votemanager block (`ort_fix;coord;x;y`): the
    trailing run of columns that the layout cannot place and that name no count. They are left
    out and reported (K33); an unknown column that looks like a count still refuses the file."""
    unknown = layout_of(columns)[1]
    out: list[str] = []
    for column in reversed(columns):
        if column not in unknown or RESULT_LIKE.match(column) or column in FIXED:
            break
        out.append(column)
    return out[::-1]


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
        elif layout == HESSE and (m := HE.match(column)):
            kind, n = m.groups()
            # unchanged / changed within the list as in Bavaria; OWD has no column for panaschiert
            target = None if kind == "panasch" else f"D{n}_{kind}"
        elif layout == REFERENDUM and column in REFERENDUM_COLUMNS:
            target = {"C01": "D1", "C02": "D2", "C03": "C", "C04": "D"}[column]
        if target is None:
            dropped.append(column)
        else:
            rename[column] = target
    renamed = frame.rename(rename).drop(dropped)
    counts = list(rename.values())
    return renamed, _ordered_counts(counts), dropped


def with_list_votes(frame: pl.DataFrame, counts: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Hesse: the votes of a list beyond those of its candidates, as `D<n>_liste`.

    A list's total `D<n>` holds the votes its candidates got and the votes a list cross gives
    that no candidate of it can take (a list with fewer candidates than seats). OWD holds the
    latter as `D<n>_liste` (D<n> = D<n>_liste + Σ D<n>_<k>); derived where D<n> and a candidate
    are reported and the candidates do not exceed the list (K14 reports that), else empty."""
    lists = sorted({position(c) for c in counts if OPTION.match(c) and c.startswith("D")})
    added: list[pl.Expr] = []
    for n in lists:
        candidates = [c for c in counts if (m := CANDIDATE.match(c)) and int(m.group(1)) == n]
        if not candidates:
            continue
        taken = pl.sum_horizontal(pl.col(candidates))
        reported = pl.col(f"D{n}").is_not_null() & pl.any_horizontal(
            pl.col(candidates).is_not_null()
        )
        rest = pl.col(f"D{n}") - taken
        added.append(
            pl.when(reported & (rest >= 0)).then(rest).otherwise(None).alias(f"D{n}_liste")
        )
    if not added:
        return frame, counts
    names = {e.meta.output_name() for e in added}
    ordered: list[str] = []
    for column in counts:
        ordered.append(column)
        if f"{column}_liste" in names:
            ordered.append(f"{column}_liste")
    return frame.with_columns(added), ordered


def _ordered_counts(columns: list[str]) -> list[str]:
    letters = ["A1", "A2", "A3", "A", "B", "B1", "C", "GUELTIGE-STIMMZETTEL", "D", "E", "F"]
    head = [c for c in letters if c in columns]
    rest = [c for c in columns if c not in head]
    return head + rest
