"""AKDB-OSRZ Wahlportal CSV (Bavaria, "G2", from 2023: LTW 2023, EW 2024, BTW 2025, KW 2026).

The portal publishes `stimmen.csv`, `wahlbezirksergebnisse.csv` and `gesamtergebnis.csv`: one
row per area with its `Gebietsart` (WAHLKREIS, STIMMKREIS, KREIS, VERBANDSGEMEINDE, GEMEINDE,
STIMMBEZIRK, BRIEFWAHLBEZIRK), counts under long German names ending in the Schnellmeldung
letter (`Waehler gesamt (B)`) and `D<n>`/`F<n>` per ballot position. CRLF, and every line ends
with `;` (an empty last header field). No date, no party names. The KW 2026 side files
(`landratStimmen.csv`, `buergermeisterStimmen.csv`) use a *pair layout*: `Gruppenschlüssel;
Stimmen` repeated, the party as a cell value (`CSU;86;AfD;35`).

Decisions (see OKVOTE_AKDB.md, section G2, and the real files):

- Only precinct rows become Bezirke (`areas`); aggregate rows are checked against their
  precincts where the relation is in the file (GEMEINDE, KREIS, WAHLKREIS/STIMMKREIS; not
  VERBANDSGEMEINDE, whose members the file does not name) and left out (K05, K06).
- The authority is `--gs`; else the KREIS row, else the single municipality, else the Kreis
  key `<first 5 digits>000`. A file spanning several Kreise (a Bundestag Wahlkreis) becomes one
  package per Kreis unless `--gs` is given.
- Pair layout (`pairs`): each distinct Gruppenschlüssel is a ballot position in order of first
  appearance, named by it (`--meta` names are not used there); A = A1 + A2 + A3 and B = Wähler
  ohne + mit Wahlschein are derived (K10). A 4-digit `Gebietsnummer` names no municipality:
  such Bezirke get the authority's key (K19).
- The date comes from `--datum`, else from the file or folder name (`names`: `…_20250223…` or
  `…_23.02.2025…`, K10).

Modules: `layouts` (the columns and how they map), `names` (what file names say), `pairs`,
`areas` (Bezirke, packages, totals), `facts` (what the reader records for the rules),
`reading`.
"""

from wahldaten.formats.akdb.facts import AkdbFacts
from wahldaten.formats.akdb.layouts import (
    GEBIETSNUMMER,
    LAYOUT_TITLES,
    NAME,
    PAIR_INVALID,
    PAIR_VALID,
    PAIR_VOTERS_WITH,
    PAIR_VOTERS_WITHOUT,
    PAIRS,
    TITLE,
    VOTERS,
    VOTERS_WITH,
    VOTERS_WITHOUT,
    WIDE,
    Layout,
    layout_of,
    sniff,
    sniff_text,
)
from wahldaten.formats.akdb.names import date_from_name, wahl_name_from
from wahldaten.formats.akdb.reading import read

__all__ = [
    "GEBIETSNUMMER",
    "LAYOUT_TITLES",
    "NAME",
    "PAIRS",
    "PAIR_INVALID",
    "PAIR_VALID",
    "PAIR_VOTERS_WITH",
    "PAIR_VOTERS_WITHOUT",
    "TITLE",
    "VOTERS",
    "VOTERS_WITH",
    "VOTERS_WITHOUT",
    "WIDE",
    "AkdbFacts",
    "Layout",
    "date_from_name",
    "layout_of",
    "read",
    "sniff",
    "sniff_text",
    "wahl_name_from",
]
