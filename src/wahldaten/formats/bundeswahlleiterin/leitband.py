"""The Leitband of the Wahlbezirksstatistik (`*_leitband.csv`): the areas' names by key.

A preamble with the election's title, then `Satzart;Land;Regierungsbezirk;Kreis;
Verbandsgemeinde;Gemeinde;…;Name`: Satzart 10 names a Land, 40 a Kreis, 50 a Verbandsgemeinde,
60 a municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.bundeswahlleiterin.common import find_line, head_lines, read_table
from wahldaten.formats.bundeswahlleiterin.facts import refusal
from wahldaten.formats.facts import SourceFacts
from wahldaten.formats.source import SourceContext
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

HEADER = "Satzart;Land;"
LAYOUT = "Leitband"
NEEDED = ["Satzart", "Land", "Regierungsbezirk", "Kreis", "Verbandsgemeinde", "Gemeinde", "Name"]


@dataclass
class Leitband:
    """Names by key from `*_leitband.csv` (Satzart 10 Land, 40 Kreis, 50 VG, 60 Gemeinde)."""

    laender: dict[str, str] = field(default_factory=dict)
    kreise: pl.DataFrame | None = None
    verbaende: pl.DataFrame | None = None
    gemeinden: pl.DataFrame | None = None
    title: str | None = None


def is_leitband(data: bytes) -> bool:
    return find_line(head_lines(data, 12), HEADER) is not None


def _names(frame: pl.DataFrame, satzart: str, parts: list[str]) -> pl.DataFrame:
    """Key (the parts concatenated) → name of the rows of one Satzart; the first name wins."""
    return (
        frame.filter(pl.col("Satzart") == satzart)
        .select(pl.concat_str(parts).alias("__k"), pl.col("Name").str.strip_chars().alias("__n"))
        .unique(subset="__k", keep="first")
    )


def read_leitband(source: SourceFile, data: bytes) -> tuple[Leitband, SourceContext]:
    """The names of a Leitband (without its BOM), and its context for the rules."""
    lines = head_lines(data)
    start = find_line(lines, HEADER) or 0
    table = read_table(data, source.display, skip_lines=start)
    facts = SourceFacts(display=source.display, layout=LAYOUT, header_line=table.header_line)
    context = SourceContext(source_format="wbz", layout=LAYOUT, tables=[table], observed=facts)
    found = Leitband(title=next((line for line in lines[:start] if "wahl" in line.lower()), None))
    facts.missing = [c for c in NEEDED if c not in table.columns]
    if not table.usable or facts.missing:
        if not facts.missing:  # nothing to read at all
            facts.refused.append(refusal(table.header_line, ""))
        return found, context
    frame = table.frame.with_columns(pl.col(NEEDED).str.strip_chars())
    name = pl.col("Name").str.strip_chars()
    found.laender = {
        str(k): str(v)
        for k, v in frame.filter(pl.col("Satzart") == "10").select("Land", name).iter_rows()
        if k and v
    }
    found.kreise = _names(frame, "40", ["Land", "Regierungsbezirk", "Kreis"])
    found.verbaende = _names(frame, "50", ["Land", "Regierungsbezirk", "Kreis", "Verbandsgemeinde"])
    found.gemeinden = _names(
        frame, "60", ["Land", "Regierungsbezirk", "Kreis", "Verbandsgemeinde", "Gemeinde"]
    )
    return found, context


def lookup(frame: pl.DataFrame, key: pl.Expr, table: pl.DataFrame | None, alias: str) -> pl.Series:
    """Names for the keys of a frame from a Leitband table (null where unknown)."""
    keys = frame.select(key.alias("__k"))
    if table is None or table.height == 0:
        return pl.Series(alias, [None] * frame.height, dtype=pl.String)
    return keys.join(table, on="__k", how="left", maintain_order="left")["__n"].alias(alias)
