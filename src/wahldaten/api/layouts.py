"""Layouts for callers: the shipped ones, a user's own for a conversion, and checking one.

`wahldaten layouts` lists `shipped()`; `convert --layout FILE` calls `use(FILE)` and converts
with the format it returns; `layouts check FILE [DATA]` calls `check`. A layout file that
cannot be used raises `LayoutError` (a SourceError naming the file and the key).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wahldaten.formats import layouts, registry
from wahldaten.formats.layouts import Fit, Layout, LayoutError, LayoutFacts
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sniff import head
from wahldaten.io.sources import collect

__all__ = ["Check", "LayoutError", "check", "shipped", "text_of", "use"]


def shipped() -> list[dict[str, str]]:
    """Every shipped layout as the registry lists it: name, title, example, description."""
    found = []
    for source_format in registry.all_formats():
        if source_format.is_layout and source_format.name != registry.LAYOUT_FAMILY:
            layout = registry.machinery_layout(source_format)
            found.append(
                {
                    "name": source_format.name,
                    "title": source_format.title,
                    "example": source_format.example,
                    "description": layout.description if layout is not None else "",
                }
            )
    return found


def text_of(name: str) -> str | None:
    """The TOML of a shipped layout (to copy and adapt), None for an unknown name."""
    return layouts.shipped_files().get(name)


def use(path: str | Path) -> str:
    """Load a user's layout and make it a source format; returns its name for `source_format`."""
    return registry.add_layout(layouts.load(path)).name


@dataclass
class Check:
    """A layout checked, and, with a file, how the file fits and what the reader made of it."""

    layout: Layout
    file: str = ""  # the data file checked against it, if any
    fit: Fit | None = None
    roles: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    bezirke: int = 0
    totals: int = 0
    options: int = 0
    not_standing: int = 0
    converted: bool = False
    error: SourceError | None = None

    @property
    def ok(self) -> bool:
        # A file that fits but needs an option (--gs, --datum) is fine for the layout.
        return self.fit is None or (self.fit.fits and (self.converted or self.error is not None))

    def as_dict(self) -> dict[str, Any]:
        return {
            "layout": self.layout.name,
            "path": self.layout.path,
            "file": self.file or None,
            "fits": None if self.fit is None else self.fit.fits,
            "found": [] if self.fit is None else self.fit.reasons(),
            "missing_columns": [] if self.fit is None else self.fit.missing,
            "unmatched_patterns": [] if self.fit is None else self.fit.unmatched,
            "roles": self.roles,
            "unknown": self.unknown,
            "not_found": self.missing,
            "bezirke": self.bezirke,
            "totals": self.totals,
            "options": self.options,
            "not_standing": self.not_standing,
            "converted": self.converted,
            "ok": self.ok,
        }


def check(path: str | Path, data: str | Path | None = None, meta: Meta | None = None) -> Check:
    """Check a layout file (LayoutError if broken) and, with `data`, read that file with it."""
    layout = layouts.load(path)
    result = Check(layout)
    if data is None:
        return result
    source = collect([Path(data)])[0]
    result.file = source.display
    result.fit = layouts.fit(layout, head(source))
    try:
        election, context, _ = layouts.read_one(source, layout, meta or Meta())
    except SourceError as error:  # no date, no key: an option is needed; show the roles anyway
        result.error = error
        stand_in = Meta(wahl_datum="01.01.2000", gs="00000000")
        _, context, _ = layouts.read_one(source, layout, stand_in)
        election = None
    facts = context.facts_as(LayoutFacts)
    if facts is not None:
        result.roles, result.unknown, result.missing = facts.roles, facts.unknown, facts.missing
        result.not_standing = facts.not_standing_cells
        result.totals = 0 if facts.totals is None else facts.totals.rows.height
    if election is not None and result.error is None:
        result.converted = True
        result.bezirke = election.tables["Wahlergebnisse"].height
        result.options = sum(
            1 for role in result.roles.values() if role[:1] in "DF" and role[1:2].isdigit()
        )
    return result
