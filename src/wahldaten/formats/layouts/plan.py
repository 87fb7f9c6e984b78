"""The role of every column of a file, from its names and the layout: the reading plan.

Columns are addressed by position (names may repeat). An OWD letter takes the first column
its reference matches; option blocks take every further column their pattern matches, with
the ballot position from the pattern's `position` group or by order; keys, the row column and
the election values may share a column with each other (two slices of one long key). A
column without any role and not ignored is unknown: the file is refused (K01) rather than
mis-mapped. Required columns that are absent are missing (K01 too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wahldaten.formats.layouts.model import Column, Key, KeyPart, Layout


@dataclass(frozen=True)
class Option:
    column: str  # the OWD column: D3, F12
    index: int  # position in the file (0-based)
    position: int  # ballot position
    name: str | None  # from a header row or the pattern's name group


@dataclass
class Plan:
    names: list[str]
    letters: dict[str, int] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    uses: dict[str, int] = field(default_factory=dict)  # `keys.bezirk.0`, `rows.column` → index
    ignored: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # references that found no column
    clashes: list[str] = field(default_factory=list)  # OWD columns given by two columns

    @property
    def counts(self) -> list[str]:
        """The OWD count columns the plan fills, letters first."""
        return [*self.letters, *(o.column for o in self.options)]

    def roles(self) -> dict[str, str]:
        """Source column → its role, for facts and `layouts check`."""
        roles: dict[str, str] = {}
        for letter, i in self.letters.items():
            roles[self.label(i)] = letter
        for option in self.options:
            roles[self.label(option.index)] = option.column + (
                f" ({option.name})" if option.name else ""
            )
        for use, i in self.uses.items():
            roles.setdefault(self.label(i), use)
        for i in self.ignored:
            roles[self.label(i)] = "ignore"
        return roles

    def label(self, index: int) -> str:
        """A column's name as a finding names it (with its position where names repeat)."""
        name = self.names[index]
        return name if self.names.count(name) == 1 else f"{name}#{index + 1}"


def _find(names: Sequence[str], column: Column, taken: set[int] | None = None) -> int | None:
    return next(
        (i for i, n in enumerate(names) if column.matches(n) and (taken is None or i not in taken)),
        None,
    )


def _option_name(layout_rows: Sequence[Sequence[str]], row: int | None, index: int) -> str | None:
    if row is None or row > len(layout_rows) or index >= len(layout_rows[row - 1]):
        return None
    return layout_rows[row - 1][index].strip() or None


def plan(layout: Layout, names: list[str], rows: Sequence[Sequence[str]]) -> Plan:
    """The role of each column `names[i]`; `rows` are the header rows (for option names)."""
    result = Plan(names=names)
    taken: set[int] = set()
    for letter, column in layout.letters.items():
        found = _find(names, column, taken)
        if found is None and letter not in layout.optional:
            result.missing.append(column.describe())
        elif found is None:
            continue
        else:
            result.letters[letter] = found
            taken.add(found)
    seen: dict[str, int] = {}
    occurrence = _occurrences(names)
    positions = _Positions()
    for block in layout.options:
        order = 0
        here: set[int] = set()
        for i, name in enumerate(names):
            wanted = block.occurrence is None or occurrence[i] == block.occurrence
            match = block.pattern.search(name) if i not in taken and wanted else None
            if match is None:
                continue
            order += 1
            group = match.groupdict().get("position")
            label = (
                match.group(block.name_group)
                if block.name_group
                else _option_name(rows, block.name_row, i)
            )
            if group and group.isdigit():
                position = int(group)
            elif label and label.strip():
                position = positions.of(label.strip(), here)
            else:
                position = order
            here.add(position)
            owd = f"{block.vote}{position}"
            if owd in seen or owd in result.letters:
                result.clashes.append(owd)
            seen[owd] = i
            result.options.append(Option(owd, i, position, label.strip() if label else None))
            taken.add(i)
    _uses(layout, names, result)
    used = set(result.uses.values())
    for i, name in enumerate(names):
        if i in taken or i in used:
            continue
        ignored = any(
            p.pattern.search(name) and (p.occurrence is None or p.occurrence == occurrence[i])
            for p in layout.ignore
        )
        if not name or ignored:
            result.ignored.append(i)
        else:
            result.unknown.append(i)
    return result


class _Positions:
    """Ballot positions of options numbered by name: the same name in another block gets the
    same position (Erst- and Zweitstimme of one party), a name of one block only the next free
    one, so that an Einzelbewerber between two parties does not shift every later party."""

    def __init__(self) -> None:
        self.by_name: dict[str, int] = {}
        self.last = 0

    def of(self, name: str, here: set[int]) -> int:
        known = self.by_name.get(name)
        if known is not None and known not in here:
            return known
        self.last += 1
        self.by_name.setdefault(name, self.last)
        return self.last


def _occurrences(names: list[str]) -> list[int]:
    """For each column, how often its name has come so far (1 for the first)."""
    counted: dict[str, int] = {}
    result = []
    for name in names:
        counted[name] = counted.get(name, 0) + 1
        result.append(counted[name])
    return result


def _key_uses(prefix: str, key: Key | None) -> list[tuple[str, Column]]:
    if key is None:
        return []
    return [
        (f"{prefix}.{i}", part.column)
        for i, part in enumerate(key.parts)
        if part.column is not None
    ]


def _part_column(part: str | KeyPart) -> Column | None:
    return part.column if isinstance(part, KeyPart) else None


def _uses(layout: Layout, names: list[str], result: Plan) -> None:
    """The columns of keys, rows and election values (they may share a column)."""
    wanted: list[tuple[str, Column, bool]] = [
        (use, column, True)
        for use, column in (
            *_key_uses("keys.gs", layout.gs),
            *_key_uses("keys.bezirk", layout.bezirk),
        )
    ]
    for i, area in enumerate(layout.areas):
        wanted += [(use, column, True) for use, column in _key_uses(f"areas.{i}.key", area.key)]
        if area.name is not None:
            wanted.append((f"areas.{i}.name", area.name, True))
    wanted += [(use, column, True) for use, column in _key_uses("keys.kandidat", layout.kandidat)]
    counted = [Column(name=c) for c in layout.counted] if layout.counted else [None, None]
    optional: list[tuple[str, Column | None]] = [
        ("keys.name", layout.bezirk_name),
        ("keys.kandidat_name", layout.kandidat_name),
        ("keys.time", layout.time.column if layout.time else None),
        ("rows.merged", layout.merged),
        ("rows.counted.column", counted[0]),
        ("rows.counted.of", counted[1]),
        ("keys.art", layout.art.column),
        ("rows.column", layout.row_column),
        *(
            (f"rows.total.{i}.members", _part_column(t.members))
            for i, t in enumerate(layout.totals)
        ),
        ("election.date", layout.date.column if layout.date else None),
        ("election.name", layout.wahl_name.column if layout.wahl_name else None),
        ("election.authority", layout.authority.column if layout.authority else None),
    ]
    # The name, the row column and the members' column are needed when the layout names them.
    wanted += [(use, column, True) for use, column in optional if column is not None]
    for use, column, required in wanted:
        found = _find(names, column)
        if found is not None:
            result.uses[use] = found
        elif required:
            result.missing.append(column.describe())
