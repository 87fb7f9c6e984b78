"""Names of the standard that every layer uses: file types and the key columns.

Defined once here, so that readers, rules and writers cannot spell them differently.
"""

from __future__ import annotations

from wahldaten.core.standard import FILE_TYPES

WAHLPARAMETER, WAHLGEBIETSEINTEILUNGEN, STIMMZETTEL, KANDIDATEN, WAHLERGEBNISSE = FILE_TYPES

VERSION = "version"
GS = "wahl-behoerde-gs"
DATUM = "wahl-datum"
NAME = "wahl-name"
BEZIRK_NR = "bezirk-nr"
BEZIRK_NAME = "bezirk-name"
BEZIRK_ART = "bezirk-art"
STIMMZETTEL_GEBIET = "stimmzettel-gebiet-nr"
# The extension column that links an urn Bezirk to its postal Bezirk.
BRIEFWAHLBEZIRK_NR = "BRIEFWAHLBEZIRK-NR"

__all__ = [
    "BEZIRK_ART",
    "BEZIRK_NAME",
    "BEZIRK_NR",
    "BRIEFWAHLBEZIRK_NR",
    "DATUM",
    "FILE_TYPES",
    "GS",
    "KANDIDATEN",
    "NAME",
    "STIMMZETTEL",
    "STIMMZETTEL_GEBIET",
    "VERSION",
    "WAHLERGEBNISSE",
    "WAHLGEBIETSEINTEILUNGEN",
    "WAHLPARAMETER",
]
