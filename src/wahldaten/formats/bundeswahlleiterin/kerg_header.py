"""The header of kerg.csv in every generation: where it is, how deep, what each column holds.

The wide kerg files of 1949–2025 share one idea and differ in every detail (S: the archive's
files, O: 1990, 2013, 2017, 2021, 2025):

- before the header: a preamble of `#` comment lines (the archive), title rows
  (`BTW_BUND 17;`, `Vorläufiges Ergebnis;`) or licence lines (2021 on);
- one to three header rows: the group (area columns, Wahlberechtigte, …, the parties), the vote
  (`Erststimmen`/`Zweitstimmen`; absent where the election had one vote, 1949) and the period
  (`Endgültig|Vorläufig` / `Vorperiode`; absent before 2013). A group is written once and its
  other columns left blank (merged cells, 2013 on), or repeated in each of its columns (1990);
  a row may be blank, and the area columns may spread their label over two rows
  (`Wahlkreis`/`Nr.`, `gehört`/`zu`);
- the text in UTF-8 (with or without BOM), cp1252 or ISO-8859-1.

`locate` finds the header block (from its first row to the last line before the first data
row), `columns` turns it into one named column per position with its role, group, vote and
period. Nothing here depends on a year: the roles are recognised by their labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEP = " | "
PREVIOUS = "vorperiode"
VOTES = {"erst": 1, "zweit": 2}
# Roles of the area columns, recognised by their label (the cells of all header rows joined).
# `.` stands where a recogniser that only sees UTF-8 finds a replacement character.
NR, AREA, PARENT, DROPPED = "nr", "name", "parent", "dropped"
FIXED_ROLES = (
    (NR, re.compile(r"^(wahlkreis\s*|wkr\.?\s*)?nr\.?$|^wahlkreis$")),
    (AREA, re.compile(r"^(gebiet|gebietsname|name|wahlkreisname|wahlkreis\s+name)$")),
    (PARENT, re.compile(r"^(geh.r?t\s+zu|land)$")),
    (DROPPED, re.compile(r"^gew.hlt$")),
)
FIRST_LABELS = ("nr", "nr.", "wahlkreis")
VOTE_LABEL = re.compile(r"^(erst|zweit)-?stimmen?$", re.IGNORECASE)
PERIOD_LABEL = re.compile(r"^(endg.ltig|vorl.ufig|vorperiode)$", re.IGNORECASE)
DATA_ROW = re.compile(r'^\s*"?\s*[0-9]')
ELECTORATE = re.compile(r"^wahlberechtigte", re.IGNORECASE)
MAX_HEADER_ROWS = 3
MAX_GAP = 2  # blank lines between the header rows and the first data row


def cells(line: str) -> list[str]:
    """The fields of a header line, stripped of blanks and quotes (no header field holds `;`)."""
    return [cell.strip().strip('"').strip() for cell in line.rstrip("\r").split(";")]


def _blank(line: str) -> bool:
    return not any(cells(line))


def _fold(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("\ufffd", ".")).strip().lower()


def fixed_role(label: str) -> str | None:
    """The role of an area column by its label, None for a count column."""
    folded = _fold(label)
    return next((role for role, pattern in FIXED_ROLES if pattern.match(folded)), None)


@dataclass(frozen=True)
class Block:
    """The header block: its first line (0-based), its rows and the first line after it."""

    start: int
    rows: list[list[str]]
    end: int


def locate(lines: list[str]) -> Block | None:
    """The header block of a kerg file: a row that begins with the number column and names
    the electorate, followed by at most two more header rows (blank lines between them and
    the data are part of the block), then a data row. The area columns must be there."""
    for start, line in enumerate(lines):
        first = cells(line)
        if not first or _fold(first[0]) not in FIRST_LABELS:
            continue
        if not any(ELECTORATE.match(c) for c in first):
            continue
        rows, end = [first], start + 1
        while end < len(lines) and not DATA_ROW.match(lines[end]):
            if not _blank(lines[end]):
                rows.append(cells(lines[end]))
            end += 1
            if len(rows) > MAX_HEADER_ROWS or end - start > MAX_HEADER_ROWS + MAX_GAP:
                return None
        block = Block(start, rows, end)
        roles = {c.role for c in columns(block).fixed}
        return block if {NR, AREA, PARENT} <= roles else None
    return None


@dataclass(frozen=True)
class Column:
    """One column of the file: its name in the table, and for a count column its group, its
    vote (1, 2, or None where the group is not split by vote) and whether it is of this
    election (not the previous period)."""

    name: str
    role: str  # NR, AREA, PARENT, DROPPED, or "count", "empty", "unknown"
    group: str = ""
    vote: int | None = None
    current: bool = True


@dataclass(frozen=True)
class Header:
    """The columns of the block: `names` in file order, the area and count columns, the
    positions without any label and those that cannot be placed (their labels)."""

    names: list[str]
    fixed: list[Column]
    counts: list[Column]
    empty: list[str]
    unknown: list[str]
    votes: int  # how many votes the header distinguishes (1 where it labels none)
    period: str | None  # the current period's label (`Endgültig`, `Vorläufig`), if written


def _row_with(rows: list[list[str]], pattern: re.Pattern[str]) -> list[str] | None:
    return next((r for r in rows[1:] if any(pattern.match(c) for c in r)), None)


def columns(block: Block) -> Header:
    """Name every column of the header block and give it its role (see the module's text)."""
    rows = block.rows
    width = max(len(r) for r in rows)
    padded = [[*r, *[""] * (width - len(r))] for r in rows]
    votes_row = _row_with(padded, VOTE_LABEL)
    period_row = _row_with(padded, PERIOD_LABEL)
    fixed: list[Column] = []
    counts: list[Column] = []
    empty: list[str] = []
    unknown: list[str] = []
    names: list[str] = []
    periods: list[str] = []
    group = vote_label = ""
    in_fixed = True
    for index in range(width):
        labels = [row[index] for row in padded]
        joined = " ".join(label for label in labels if label)
        role = fixed_role(joined) if in_fixed else None
        # `Wahlkreis` written once over number and name (a merged cell): the unlabelled
        # column after the number is the name.
        roles = [c.role for c in fixed]
        if in_fixed and not joined and roles and roles[-1] == NR and AREA not in roles:
            role, joined = AREA, f"__name{index + 1}"
        if role is not None and joined not in names:
            fixed.append(Column(joined, role))
            names.append(joined)
            continue
        in_fixed = False
        if not joined:
            names.append(f"__leer{index + 1}")
            empty.append(names[-1])
            continue
        if labels[0]:
            group, vote_label = labels[0], ""
        if votes_row is not None and votes_row[index]:
            vote_label = votes_row[index]
        period = period_row[index] if period_row is not None else ""
        known = VOTE_LABEL.match(vote_label)
        vote = VOTES[known.group(1).lower()] if known else None
        name = SEP.join(part for part in (group, vote_label, period) if part)
        split_needed = votes_row is not None and not ELECTORATE.match(group)
        placed = bool(group) and (vote is not None or not vote_label)
        if not placed or name in names or (split_needed and vote is None and not _voters(group)):
            unknown.append(joined)
            names.append(f"__unbekannt{index + 1}")
            continue
        names.append(name)
        current = period.lower() != PREVIOUS
        if current and period:
            periods.append(period)
        counts.append(Column(name, "count", group, vote, current))
    return Header(
        names=names,
        fixed=fixed,
        counts=counts,
        empty=empty,
        unknown=unknown,
        votes=2 if votes_row is not None else 1,
        period=periods[0] if periods else None,
    )


def _voters(group: str) -> bool:
    """Wählende (Wähler) are one count, not split by vote, in files that split the rest."""
    return group.strip().lower().startswith(("wähler", "wählende"))


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 where it is valid, else cp1252 (the archive's
    Windows files), else ISO-8859-1 (which reads any byte)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("iso-8859-1"), "iso-8859-1"
