"""The header of the Wahlbezirksstatistik: which field holds what.

`Land;Reg.-Bezirk;Kreis;Verbandsgemeinde;Gemeinde` make the municipality's 12-digit key
(2+1+2+4+3 digits); then the Kennziffern of merged and postal districts, `Wahlbezirk`,
`Bezirksart`, the electorate A, A1–A3, voters B and B1, invalid C, valid D and one column per
party, then an optional long name and empty trailing fields (the long name's spill-over).
Fields are placed by their names, so that small differences between elections do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LAYOUT = "Wahlbezirksstatistik (Land;Reg.-Bezirk;Kreis;…;Wahlbezirk;Bezirksart;Wahlberechtigte;…)"

# Internal names of the columns the reader understands.
LAND, RB, KREIS, VG, GEMEINDE = "__land", "__rb", "__kreis", "__vg", "__gemeinde"
MERGED, POSTAL_KEY, WAHLBEZIRK, BEZIRKSART, LONG_NAME = (
    "__zusammengelegt",
    "__briefwahl",
    "__wahlbezirk",
    "__bezirksart",
    "__langname",
)
ARS = "__ars"
KEY_PARTS = (LAND, RB, KREIS, VG, GEMEINDE)
LETTERS = ["A1", "A2", "A3", "A", "B", "B1", "C", "D"]
EXACT = {
    "land": LAND,
    "reg.-bezirk": RB,
    "regierungsbezirk": RB,
    "kreis": KREIS,
    "verbandsgemeinde": VG,
    "gemeinde": GEMEINDE,
    "wahlbezirk": WAHLBEZIRK,
    "bezirksart": BEZIRKSART,
    "wahlberechtigte": "A",
    "wählende": "B",
    "wähler": "B",
    "ungültig": "C",
    "ungültige": "C",
    "gültig": "D",
    "gültige": "D",
}


def role(name: str) -> str | None:
    """The meaning of a header field of the results file, by its (normalized) name."""
    text = re.sub(r"\s+", " ", name.strip().lower())
    if text in EXACT:
        return EXACT[text]
    for marker, found in (("(a1)", "A1"), ("(a2)", "A2"), ("(a3)", "A3"), ("(b1)", "B1")):
        if marker in text:
            return found
    if "(a)" in text:
        return "A"
    if "(b)" in text:
        return "B"
    if text.startswith("dar. wählende mit wahlschein") or text.startswith("dar. wähler mit"):
        return "B1"
    if text.startswith("kennziffer zusammen"):
        return MERGED
    if text.startswith("kennziffer briefwahl"):
        return POSTAL_KEY
    if text.startswith("optional"):
        return LONG_NAME
    return None


def sniff_text(lines: list[str]) -> bool:
    for line in lines[:12]:
        fields = [f.strip().lower() for f in line.split(";")]
        if {"wahlbezirk", "bezirksart", "kreis"} <= set(fields):
            return True
        if fields[:2] == ["satzart", "land"] and "gemeinde" in fields:
            return True
    return False


@dataclass
class Columns:
    roles: dict[str, str]  # internal name → frame column
    counts: dict[str, str]  # OWD letter or D<n> → frame column
    parties: dict[int, str]  # position → party name as in the header
    extra_names: list[str]  # unnamed trailing columns (spill-over of the long name)


def place(header: list[str], names: list[str]) -> Columns | tuple[list[str], list[str]]:
    """Place every header field: the columns, or what is missing and what cannot be placed
    (the layout is then refused)."""
    roles: dict[str, str] = {}
    counts: dict[str, str] = {}
    parties: dict[int, str] = {}
    extra: list[str] = []
    after_valid = False
    ended = False
    unknown: list[str] = []
    for raw, name in zip(header, names, strict=True):
        if not raw.strip():
            extra.append(name)
            ended = True
            continue
        found = role(raw)
        if found == LONG_NAME:
            roles[LONG_NAME] = name
            ended = True
        elif ended:
            unknown.append(raw)
        elif after_valid:
            if re.search(r"(?i)erststimm|zweitstimm|^[EZ]_", raw):
                unknown.append(raw)
            position = len(parties) + 1
            parties[position] = raw.strip()
            counts[f"D{position}"] = name
        elif found is None:
            unknown.append(raw)
        elif found in LETTERS:
            if found in counts:
                unknown.append(raw)
            counts[found] = name
            after_valid = found == "D"
        elif found in roles:
            unknown.append(raw)
        else:
            roles[found] = name
    required = [LAND, KREIS, GEMEINDE, WAHLBEZIRK, BEZIRKSART]
    missing = [r.strip("_") for r in required if r not in roles]
    missing += [c for c in ("A", "B", "C", "D") if c not in counts]
    if missing or unknown:
        return missing, unknown
    return Columns(roles=roles, counts=counts, parties=parties, extra_names=extra)
