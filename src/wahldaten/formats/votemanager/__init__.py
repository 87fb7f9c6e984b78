"""vote iT votemanager Open-Data CSV (also AKDB OK.VOTE, which runs the same engine).

One file per election and Ebene; the header is `datum;wahl;ags;gebiet-nr;gebiet-name;
max-schnellmeldungen;anz-schnellmeldungen` followed by the Schnellmeldung letters, whose set
depends on the election type, the Land template and the stage of counting (`layouts`); the keys
of rows (a municipality key a spreadsheet shortened, areas without a number) are `keys`. Party
names are not in the file: they come from `open_data.json` or a Stimmzettel file (`--meta`),
the type of a Bezirk from `opendata-wahllokale.csv` or, failing that, from its figures
(`reading`). `writing` writes the three files back.
"""

from wahldaten.formats.votemanager.facts import VotemanagerFacts
from wahldaten.formats.votemanager.layouts import (
    ANZ,
    BY_COUNCIL,
    FIXED,
    HESSE,
    LAYOUT_TITLES,
    LETTERS,
    MAX,
    NAME,
    NDS_2021,
    NDS_2026,
    REFERENDUM,
    STANDARD,
    TITLE,
    layout_of,
    sniff,
    sniff_text,
)
from wahldaten.formats.votemanager.reading import read
from wahldaten.formats.votemanager.writing import write

__all__ = [
    "ANZ",
    "BY_COUNCIL",
    "FIXED",
    "HESSE",
    "LAYOUT_TITLES",
    "LETTERS",
    "MAX",
    "NAME",
    "NDS_2021",
    "NDS_2026",
    "REFERENDUM",
    "STANDARD",
    "TITLE",
    "VotemanagerFacts",
    "layout_of",
    "read",
    "sniff",
    "sniff_text",
    "write",
]
