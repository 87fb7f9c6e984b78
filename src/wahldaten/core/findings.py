"""What a rule reports: severities, locations and findings.

A finding carries parameters, not text: messages are rendered from the catalog at output
time, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


class Severity(StrEnum):
    """How bad a finding is; the order is error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: file, physical line (1-based), column and Bezirk.

    `gs` is the municipality key of the Bezirk, set where the package has several
    municipalities: a Kreis package repeats `bezirk-nr` across them, so the number alone
    does not say which Bezirk is meant.
    """

    file: str | None = None
    line: int | None = None
    column: str | None = None
    bezirk: str | None = None
    gs: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence of a rule's code, with the values its message needs."""

    params: Mapping[str, Any] = field(default_factory=dict)
    location: Location = field(default_factory=Location)


# Column names of a finding frame (see RowFindings).
LINE = "zeile"
COLUMN = "spalte"
BEZIRK = "bezirk"
GEMEINDE = "gemeinde"
LOCATION_COLUMNS = (LINE, COLUMN, BEZIRK, GEMEINDE)

# Parameters of a finding that stands for many rows or cells of one cause (`per_cause`): the
# exact number, and the first lines.
ROWS = "rows"
CELLS = "cells"
LINES = "lines"
SHOWN_LINES = 10


@dataclass(frozen=True, slots=True)
class RowFindings:
    """Many findings from one table, kept as a polars frame until they are reported.

    The frame has the columns `zeile` (line number), optionally `spalte`, `bezirk` and
    `gemeinde` (the municipality key, see `Location.gs`), and one column per message
    parameter. A nationwide file with a systematic error yields one frame,
    not a hundred thousand Python objects.
    """

    file: str
    frame: pl.DataFrame

    @property
    def count(self) -> int:
        return self.frame.height

    def head(self, n: int) -> list[Finding]:
        frame = self.frame.sort(LINE) if LINE in self.frame.columns else self.frame
        out: list[Finding] = []
        for row in frame.head(n).iter_rows(named=True):
            params = {k: v for k, v in row.items() if k not in LOCATION_COLUMNS}
            out.append(
                Finding(
                    params=params,
                    location=Location(
                        file=self.file,
                        line=row.get(LINE),
                        column=row.get(COLUMN),
                        bezirk=row.get(BEZIRK),
                        gs=row.get(GEMEINDE),
                    ),
                )
            )
        return out


Yielded = Finding | RowFindings


def row_findings(
    display: str,
    frame: pl.DataFrame,
    *,
    line_column: str,
    column: str | None = None,
    bezirk: str | None = None,
    municipality: str | None = None,
    **params: Any,
) -> RowFindings:
    """Findings for every row of a filtered frame, with line, column, Bezirk and parameters.

    Parameters are polars expressions (evaluated per row) or plain values (the same for all).
    `municipality` names the column of the municipality key, carried with the Bezirk
    (`Location.gs`).
    """
    import polars as pl

    selection: list[pl.Expr] = [pl.col(line_column).alias(LINE)]
    if column is not None:
        selection.append(pl.lit(column).alias(COLUMN))
    if bezirk is not None and bezirk in frame.columns:
        selection.append(pl.col(bezirk).alias(BEZIRK))
        if municipality is not None and municipality in frame.columns:
            selection.append(pl.col(municipality).alias(GEMEINDE))
    for name, value in params.items():
        selection.append((value if isinstance(value, pl.Expr) else pl.lit(value)).alias(name))
    return RowFindings(display, frame.select(selection))


def per_cause(
    found: RowFindings,
    by: Sequence[str | pl.Expr] = (),
    *,
    count: str = ROWS,
    shown: int = SHOWN_LINES,
) -> RowFindings:
    """One finding per cause instead of one per row: the rows of `found` grouped by `by`.

    `by` names what makes a cause: columns of the finding frame (`spalte`, a parameter) or
    expressions over it (evaluated, used for grouping, not kept); none means all rows are one
    cause. Each cause keeps the location and parameters of its first row (by line) and gets
    the exact number of its rows under `count` (`rows` or `cells`) and its first `shown` lines
    under `lines` ("2, 3, 4, … (+108)"). Causes come in the order of their first lines.
    """
    import polars as pl

    frame = found.frame.sort(LINE, nulls_last=True) if LINE in found.frame.columns else found.frame
    keys: list[str] = []
    helpers: list[pl.Expr] = []
    for i, key in enumerate(by):
        if isinstance(key, str):
            keys.append(key)
        else:
            keys.append(f"__cause{i}")
            helpers.append(key.alias(f"__cause{i}"))
    if helpers:
        frame = frame.with_columns(helpers)
    rest = [c for c in frame.columns if c not in keys]
    line = pl.col(LINE).drop_nulls() if LINE in frame.columns else pl.lit(None, pl.Int64)
    aggregates = [
        *(pl.col(c).first() for c in rest),
        pl.len().cast(pl.Int64).alias(count),
        line.head(shown).cast(pl.String).str.join(", ").alias(LINES),
    ]
    grouped = (
        frame.group_by(keys, maintain_order=True).agg(aggregates)
        if keys
        else frame.select(aggregates).filter(pl.col(count) > 0)
    )
    more = pl.col(count) - shown
    lines = (
        pl.when(more > 0)
        .then(pl.concat_str(pl.col(LINES), pl.lit(", … (+"), more.cast(pl.String), pl.lit(")")))
        .otherwise(pl.col(LINES))
    )
    grouped = grouped.with_columns(lines.alias(LINES)).drop(
        [h for h in keys if h.startswith("__cause")]
    )
    return RowFindings(found.file, grouped)


def count_of(items: Iterable[Yielded]) -> int:
    return sum(item.count if isinstance(item, RowFindings) else 1 for item in items)


def first_findings(items: Iterable[Yielded], n: int) -> Iterator[Finding]:
    """The first n findings of a rule, in the order the rule yielded them."""
    remaining = n
    for item in items:
        if remaining <= 0:
            return
        if isinstance(item, RowFindings):
            if item.count == 0:
                continue
            batch = item.head(remaining)
            remaining -= len(batch)
            yield from batch
        else:
            remaining -= 1
            yield item
