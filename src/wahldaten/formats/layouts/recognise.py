"""Recognising a file by its header: the layout's signature against the head of the file.

The head (the first 64 KiB as text, `io.sniff`) is cut where the layout says the header
starts; its header rows give the column names. A layout fits when every required column is
there, every required pattern matches some column and, if it asks for one, a line before the
header matches its title pattern; the file name is never looked at. For a file no layout fits,
`Fit.score` ranks the layouts by how much of their signature holds (the closest are named).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from wahldaten.formats.layouts.model import Layout


@dataclass(frozen=True)
class Head:
    """The lines before the header and the header rows, cut as the layout says."""

    preamble: list[str]
    rows: list[list[str]]
    start: int  # 0-based index of the first header row among the file's lines


def split_head(layout: Layout, text: str) -> Head | None:
    """The header rows of `text` as the layout cuts them; None if its header is not there."""
    lines = text.lstrip("\ufeff").splitlines()
    if layout.skip_until is not None:
        start = next((i for i, line in enumerate(lines) if layout.skip_until.search(line)), None)
        if start is None:
            return None
    else:
        start = layout.skip
    wanted = lines[start : start + layout.header_rows]
    if len(wanted) < layout.header_rows:
        return None
    rows = [
        [cell.strip() for cell in row] for row in csv.reader(wanted, delimiter=layout.separator)
    ]
    return Head(preamble=lines[:start], rows=rows, start=start)


def column_names(layout: Layout, rows: Sequence[Sequence[str]]) -> list[str]:
    """One name per column: the name rows' cells joined (merged cells filled if asked)."""
    width = max((len(r) for r in rows), default=0)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    if layout.fill:
        for row in grid[:-1]:
            for i in range(1, width):
                row[i] = row[i] or row[i - 1]
    return [
        layout.join.join(grid[r - 1][i] for r in layout.name_rows if grid[r - 1][i])
        for i in range(width)
    ]


@dataclass(frozen=True)
class Fit:
    """How a file's header fits one layout."""

    layout: Layout
    columns: list[str] = field(default_factory=list)  # the names read, empty without a header
    missing: list[str] = field(default_factory=list)  # required columns not there
    unmatched: list[str] = field(default_factory=list)  # required patterns matching nothing
    title: bool | None = None  # the title pattern matched (None: the layout asks for none)
    placed: bool = True  # the header stands where the layout says (skip, skip_until)

    @property
    def fits(self) -> bool:
        signature = not self.missing and not self.unmatched and self.title is not False
        return self.placed and bool(self.columns) and signature

    @property
    def score(self) -> float:
        """The share of the signature that holds (1.0: it fits)."""
        items = (
            len(self.layout.columns_required)
            + len(self.layout.patterns_required)
            + (self.title is not None)
        )
        if not items or not self.columns:
            return 0.0
        failed = len(self.missing) + len(self.unmatched) + (self.title is False)
        return (items - failed) / items

    def reasons(self) -> list[str]:
        """What held, for `detected` and `layouts check`: the columns and patterns found."""
        found = [c for c in self.layout.columns_required if c not in self.missing]
        found += [
            f"/{p.pattern}/"
            for p in self.layout.patterns_required
            if p.pattern not in self.unmatched
        ]
        if self.title:
            found.append(f"/{self.layout.title_line.pattern if self.layout.title_line else ''}/")
        return found


def fit(layout: Layout, text: str) -> Fit:
    """How the head `text` of a file fits the layout's signature."""
    head = split_head(layout, text)
    found = head is not None
    if head is None:
        # The header is not where the layout says: look at the first line, to say what misses.
        head = split_head(replace(layout, skip=0, skip_until=None, header_rows=1), text)
    if head is None or not head.rows or len(head.rows[0]) < 2:
        return Fit(layout, missing=list(layout.columns_required))
    names = column_names(layout, head.rows)
    present = set(names)
    title = None
    if layout.title_line is not None:
        title = any(layout.title_line.search(line) for line in head.preamble)
    return Fit(
        layout,
        columns=names,
        placed=found,
        missing=[c for c in layout.columns_required if c not in present],
        unmatched=[
            p.pattern for p in layout.patterns_required if not any(p.search(n) for n in names)
        ],
        title=title,
    )


def closest(layouts: Sequence[Layout], text: str, limit: int = 3) -> list[Fit]:
    """The layouts whose signature holds most for this head, best first (none at 0)."""
    fits = [fit(layout, text) for layout in layouts]
    ranked = sorted((f for f in fits if f.score > 0), key=lambda f: -f.score)
    return ranked[:limit]
