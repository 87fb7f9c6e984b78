"""What the layout reader records about one file, besides what every vendor reader records."""

from __future__ import annotations

from dataclasses import dataclass, field

from wahldaten.formats.facts import Rows, SourceFacts


@dataclass
class LayoutFacts(SourceFacts):
    """`name` is the layout's name (`layout` its title); `encoding` the one that read the file;
    `roles` the role of every column (source name → OWD letter, option, key or `ignore`);
    `not_standing` the cells that say "did not stand" (`---`, `x`), read as empty, with the
    value as written (LINE, AREA, VALUE, per column in `Rows.column`); `merged` and `partial`
    the rows of `[rows] merged` and `counted`."""

    name: str = ""
    encoding: str = ""
    roles: dict[str, str] = field(default_factory=dict)
    not_standing: list[Rows] = field(default_factory=list)
    not_standing_cells: int = 0
    # Bezirke counted with another one (LINE, AREA, VALUE: the receiving one), left out.
    merged: Rows | None = None
    # Rows whose areas are not all counted yet (LINE, AREA): their counts written empty.
    partial: Rows | None = None
