"""The results frame the rules share: Wahlergebnisse with counts as Int64, Bezirk facts joined.

Built once per package, in one parallel polars pass over the table (`Context.results`). It
holds every count column under its OWD name (B2 read as B1 where it stands alone); what the
letters mean is the election's structure (`Context.structure`), not this frame's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wahldaten.core import standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NAME,
    BEZIRK_NR,
    GS,
    STIMMZETTEL_GEBIET,
)
from wahldaten.io.csvfast import one_chunk
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

POSTAL = "B"
# Internal columns of the results frame.
ART = "__art"
GEBIET = "__gebiet"
REPORTED = "__gemeldet"
MALFORMED = "__fehlerhaft"
TIMESTAMP = "zeitstempel-erfassung"
# Text columns of Wahlergebnisse the results frame keeps beside the counts.
KEPT = (GS, BEZIRK_NR, BEZIRK_NAME, TIMESTAMP)
LISTED = "__gelistet"  # the Bezirk is listed in Wahlgebietseinteilungen
LISTED_NAME = "__name_gelistet"  # its bezirk-name there
FLAG = "#verletzt"  # suffix of a column's violation flag while the results are built

CORE_LETTERS = ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F")
NUMBERED = re.compile(r"^([DF])([1-9][0-9]*)$")
# The voters with Wahlschein: a row that lacks only them is complete but for a detail (a
# warning), not half entered.
WAHLSCHEIN_LETTERS = ("B1", "B2")


def option_number(column: str) -> int:
    match = NUMBERED.match(column)
    if match is None:
        raise ValueError(column)
    return int(match.group(2))


def is_postal() -> pl.Expr:
    return pl.col(ART) == POSTAL


def is_urn() -> pl.Expr:
    return pl.col(ART).is_in(["W", "U"])


@dataclass(frozen=True)
class Results:
    """Wahlergebnisse with counts as Int64 (empty or malformed → null), Bezirk type joined in."""

    display: str
    frame: pl.DataFrame
    letters: tuple[str, ...]
    b1_source: str | None
    d_columns: tuple[str, ...]
    f_columns: tuple[str, ...]
    extension_columns: tuple[str, ...] = ()
    # Source columns with a cell that fits the count pattern but not a 64-bit integer.
    too_large: tuple[str, ...] = ()

    @property
    def two_votes(self) -> bool:
        """Second-vote columns are present. Whether the election has two votes is the
        structure's answer (`Context.structure.votes`): E alone counts votes in a
        Baden-Württemberg council election."""
        return "E" in self.letters or "F" in self.letters or bool(self.f_columns)

    @property
    def optional_letters(self) -> tuple[str, ...]:
        """Letters present whose emptiness in an otherwise complete row is a missing detail
        (the voters with Wahlschein), not a half-entered row."""
        return tuple(c for c in self.letters if c in WAHLSCHEIN_LETTERS)

    @property
    def required_letters(self) -> tuple[str, ...]:
        """Letters present that a complete result row must carry."""
        return tuple(c for c in self.letters if c not in WAHLSCHEIN_LETTERS)

    @property
    def count_columns(self) -> tuple[str, ...]:
        return (*self.letters, *self.d_columns, *self.f_columns)

    def has(self, *columns: str) -> bool:
        return all(c in self.frame.columns for c in columns)


def build_results(
    table: CsvTable,
    spec: standard.FileSpec,
    flags: pl.DataFrame,
    gebiete: pl.DataFrame | None,
    bezirk_key: Sequence[str],
) -> Results:
    """The results frame of a Wahlergebnisse table; `flags` are its schema violations per cell
    (`Context.violations`), `gebiete` the frame of Wahlgebietseinteilungen, if usable."""
    frame = table.frame
    b1_source = "B1" if "B1" in frame.columns else ("B2" if "B2" in frame.columns else None)
    letters = [c for c in CORE_LETTERS if c in frame.columns and c != "B1"]
    if b1_source is not None:
        # B2 beside B1 is a count of its own (Baden-Württemberg); alone, it is read as B1.
        wahlschein = ["B1", "B2"] if {"B1", "B2"} <= set(frame.columns) else ["B1"]
        at = letters.index("B") + 1 if "B" in letters else 0
        letters[at:at] = wahlschein
    numbered = sorted(
        (c for c in frame.columns if NUMBERED.match(c)), key=lambda c: (c[0], option_number(c))
    )
    d_columns = tuple(c for c in numbered if c.startswith("D"))
    f_columns = tuple(c for c in numbered if c.startswith("F"))
    # Counts beyond the letters and D<n>/F<n>: extensions in 0.3 (D<n>_<k>, D<n>_liste, ...),
    # standard columns in 0.4; the identities (A08, A11) read them either way.
    extension_columns = tuple(
        c
        for c in frame.columns
        if c not in CORE_LETTERS
        and c not in WAHLSCHEIN_LETTERS
        and not NUMBERED.match(c)
        and spec.is_count(c)
    )
    sources = {name: (b1_source if name == "B1" else name) for name in letters}
    names = [*letters, *d_columns, *f_columns, *extension_columns]
    raw = [str(sources.get(c, c)) for c in names]
    columns = list(dict.fromkeys(raw))
    flag_columns = set(flags.columns)
    checked = [c for c in columns if c in flag_columns]
    hit = flags.select(pl.col(checked).any()).row(0) if checked else ()
    flagged = [c for c, any_hit in zip(checked, hit, strict=True) if any_hit]
    keep = [c for c in (LINE_COLUMN, *KEPT) if c in frame.columns]
    source = frame.select(*keep, *columns)
    if flagged:  # only then: aligning differently chunked frames copies every column
        source = pl.concat(
            [source, flags.select(pl.col(c).alias(c + FLAG) for c in flagged)],
            how="horizontal",
        )

    schema = frame.schema  # built on each access: once, not per column

    def count(column: str) -> pl.Expr:
        # A cell that breaks the count pattern (T05) is null here, never a number.
        value = (
            pl.col(column)
            if schema[column] == pl.Int64
            else pl.col(column).cast(pl.Int64, strict=False)
        )
        return (
            pl.when(pl.col(column + FLAG)).then(None).otherwise(value)
            if column in flagged
            else value
        )

    # Reported = some count cell is filled.
    reported = pl.any_horizontal(pl.col(c).is_not_null() for c in raw) if raw else pl.lit(False)
    result = (
        # Eager: a lazy select splits the rows between threads and returns every column in
        # pieces, which a later step copies to join them; an eager one keeps the table's
        # buffers for the counts it does not change.
        source.select(
            *keep,
            *(count(c).alias(name) for name, c in zip(names, raw, strict=True)),
            reported.alias(REPORTED),
        )
    )
    # Malformed = a filled cell is not a count (T05) or too large for an integer: the rules
    # skip such rows instead of reading the bad cell as empty or as a number. Null counts
    # are kept per column by polars, so a clean table is proven clean without a pass.
    lost = [
        (name, c)
        for name, c in zip(names, raw, strict=True)
        if c not in flagged and result[name].null_count() != frame[c].null_count()
    ]
    malformed = pl.repeat(False, result.height, dtype=pl.Boolean, eager=True)
    for c in flagged:
        malformed = malformed | flags[c]
    for name, c in lost:
        malformed = malformed | (frame[c].is_not_null() & result[name].is_null())
    result = one_chunk(result.with_columns(malformed.alias(MALFORMED)))
    # One chunk per column: dozens of rules filter this frame, and a frame whose columns
    # are chunked differently is copied again on every filter.
    result = one_chunk(_with_bezirk_facts(result, gebiete, bezirk_key))
    return Results(
        display=table.display,
        frame=result,
        letters=tuple(letters),
        b1_source=b1_source,
        d_columns=d_columns,
        f_columns=f_columns,
        extension_columns=extension_columns,
        too_large=tuple(c for _, c in lost),
    )


def _with_bezirk_facts(
    result: pl.DataFrame, gebiete: pl.DataFrame | None, bezirk_key: Sequence[str]
) -> pl.DataFrame:
    """Join what Wahlgebietseinteilungen says about each result row's Bezirk: whether it is
    listed at all, its type, ballot area and name (one join shared by all rules)."""
    key = [c for c in bezirk_key if c in result.columns]
    if gebiete is not None:
        key = [c for c in key if c in gebiete.columns]
    if gebiete is None or BEZIRK_NR not in key:
        return result.with_columns(
            pl.lit(None, dtype=pl.String).alias(ART),
            pl.lit("").alias(GEBIET),
            pl.lit(None, dtype=pl.Boolean).alias(LISTED),
            pl.lit(None, dtype=pl.String).alias(LISTED_NAME),
        )

    def column_or_null(name: str) -> pl.Expr:
        return pl.col(name) if name in gebiete.columns else pl.lit(None, dtype=pl.String)

    facts = gebiete.select(
        *[pl.col(c) for c in key],
        column_or_null(BEZIRK_ART).alias(ART),
        column_or_null(STIMMZETTEL_GEBIET).fill_null("").alias(GEBIET),
        pl.lit(True).alias(LISTED),
        column_or_null(BEZIRK_NAME).alias(LISTED_NAME),
    ).unique(subset=key, keep="first")
    # Joined on the key columns alone, then added beside the counts: a join of the whole
    # frame would copy every count column.
    joined = result.select(key).join(
        facts, on=key, how="left", nulls_equal=True, maintain_order="left"
    )
    return result.with_columns(joined.select(ART, GEBIET, LISTED, LISTED_NAME))
