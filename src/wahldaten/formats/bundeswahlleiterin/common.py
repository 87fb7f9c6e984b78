"""What all files of the Bundeswahlleiterin share: Länder, election days, preambles, reading.

Shared here: the Länder, the known election days (kerg and wbz files do not name the day), the
status and date lines of the preambles, and a table reader that strips the formats' own BOM.
"""

from __future__ import annotations

import re
from codecs import BOM_UTF8
from dataclasses import dataclass

from wahldaten.io.csvtable import CsvTable, read_csv_table
from wahldaten.io.sniff import head_text

LAENDER = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
BUND = "99"
ELECTION_NAMES = {"BT": "Bundestagswahl", "EW": "Europawahl", "EU": "Europawahl"}
# Election days of federal and European elections, for files that name only the year.
ELECTION_DAYS = {
    ("BT", "2002"): "22.09.2002",
    ("BT", "2005"): "18.09.2005",
    ("BT", "2009"): "27.09.2009",
    ("BT", "2013"): "22.09.2013",
    ("BT", "2017"): "24.09.2017",
    ("BT", "2021"): "26.09.2021",
    ("BT", "2025"): "23.02.2025",
    ("EW", "2004"): "13.06.2004",
    ("EW", "2009"): "07.06.2009",
    ("EW", "2014"): "25.05.2014",
    ("EW", "2019"): "26.05.2019",
    ("EW", "2024"): "09.06.2024",
}
# Status of counting as the preambles write it: known values → how they are reported.
STATUSES = {
    "endgültig": "endgültig",
    "endgültiges ergebnis": "endgültig",
    "vorläufig": "vorläufig",
    "vorläufiges ergebnis": "vorläufig",
    "endgültige ergebnisse": "endgültig",
    "vorläufige ergebnisse": "vorläufig",
    "zwischenergebnis": "Zwischenergebnis",
    "amtliches endergebnis": "endgültig",
}
# The archive's comment line: `# Endgültige Ergebnisse der Erst- und Zweitstimmen nach …`.
STATUS_PREFIX = re.compile(r"^#?\s*(endgültige|vorläufige)\s+ergebnisse\b", re.IGNORECASE)
STATUS_LINE = re.compile(r"^\s*Status:?\s*;\s*([^;]*)", re.IGNORECASE)
STAND_LINE = re.compile(
    r"^\s*Stand:?\s*;\s*([0-9]{2}\.[0-9]{2}\.[0-9]{4})\s*(?:;\s*([0-9:]{4,8}))?"
)
ELECTION_TITLE = re.compile(r"^\s*(Bundestagswahl|Europawahl)\s+([0-9]{4})\b")
# The provisional files' title row: `BTW_BUND 17` (Bundestagswahl 2017), `EW_BUND 19`.
SHORT_TITLE = re.compile(r"^\s*(BTW|EW)_[A-Z]+\s+([0-9]{2})\s*$")
# The archive's comment line: `# Wahl zum 12. Deutschen Bundestag (2. Dezember 1990)`.
ARCHIVE_TITLE = re.compile(
    r"^#?\s*Wahl zum .*(Bundestag|Europäischen Parlament).*\(\s*([0-9]{1,2})\.\s*"
    r"([A-Za-zä]+)\s+([0-9]{4})\s*\)"
)
MONTHS_WRITTEN = (
    "januar februar märz april mai juni juli august september oktober november dezember"
)
MONTHS = {name: f"{number:02d}" for number, name in enumerate(MONTHS_WRITTEN.split(), start=1)}


def land_key(land: str) -> str:
    """The 12-digit Regionalschlüssel of a Land (`01` → `010000000000`)."""
    return f"{land}0000000000"


def strip_bom(data: bytes) -> bytes:
    """The Bundeswahlleiterin's files are UTF-8 with BOM by design: not a finding here."""
    return data[len(BOM_UTF8) :] if data.startswith(BOM_UTF8) else data


def head_lines(data: bytes, limit: int = 40) -> list[str]:
    """The first lines of a file's head (io.sniff) for locating the header and the preamble."""
    return [line.rstrip("\r") for line in head_text(data).split("\n")[:limit]]


def find_line(lines: list[str], prefix: str) -> int | None:
    """Index of the first line that starts with `prefix` (case-insensitive)."""
    wanted = prefix.lower()
    for index, line in enumerate(lines):
        if line.strip().lower().startswith(wanted):
            return index
    return None


def read_table(
    data: bytes, display: str, *, skip_lines: int = 0, resaved: bool = False
) -> CsvTable:
    """Read a file of these formats: their BOM is expected (not an F02), the rest as usual;
    `resaved` reads a file a spreadsheet saved again (Tab or comma, Windows-1252: F15, F16)."""
    return read_csv_table(strip_bom(data), display, skip_lines=skip_lines, resaved=resaved)


@dataclass
class Preamble:
    """What the lines before the header say."""

    status: str | None = None
    status_raw: str | None = None
    status_line: int | None = None
    stand: str | None = None
    title: tuple[str, str] | None = None  # (BT|EW, year)
    datum: str | None = None  # the election day, where the preamble names it (the archive)


def read_preamble(lines: list[str]) -> Preamble:
    """Status (`Status:;Endgültig`, or a line `Vorläufiges Ergebnis`), Stand and title."""
    found = Preamble()
    for number, line in enumerate(lines, start=1):
        text = line.strip().strip(";").strip()
        match = STATUS_LINE.match(line)
        value = match.group(1).strip() if match else None
        if value is None and text.lower() in STATUSES:
            value = text
        prefix = STATUS_PREFIX.match(text)
        if value is None and prefix:
            value = f"{prefix.group(1)} Ergebnisse"
        if value is not None and found.status_raw is None:
            found.status_raw = value
            found.status = STATUSES.get(value.lower())
            found.status_line = number
        stand = STAND_LINE.match(line)
        if stand and found.stand is None:
            found.stand = stand.group(1) + (f" {stand.group(2)}" if stand.group(2) else "")
        if found.title is None:
            found.title, found.datum = _title(text)
    return found


def _title(text: str) -> tuple[tuple[str, str] | None, str | None]:
    """The election and year a title line names, and the day where it names one."""
    if title := ELECTION_TITLE.match(text):
        return ("BT" if title.group(1) == "Bundestagswahl" else "EW", title.group(2)), None
    if short := SHORT_TITLE.match(text):
        return ("BT" if short.group(1) == "BTW" else "EW", f"20{short.group(2)}"), None
    if (archive := ARCHIVE_TITLE.match(text)) and archive.group(3).lower() in MONTHS:
        kind = "BT" if archive.group(1) == "Bundestag" else "EW"
        day, month, year = archive.group(2), MONTHS[archive.group(3).lower()], archive.group(4)
        return (kind, year), f"{int(day):02d}.{month}.{year}"
    return None, None


def stand_timestamp(stand: str | None) -> str | None:
    """`Stand:;14.10.2021;15:11` as an OWD timestamp (`14.10.2021 15:11`)."""
    if stand and re.fullmatch(
        r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?", stand
    ):
        return stand
    return None
