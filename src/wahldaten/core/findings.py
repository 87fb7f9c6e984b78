"""What a rule reports: severities, locations and findings.

A finding carries parameters, not text: messages are rendered from the catalog at output
time, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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
    """Where a finding points: file, physical line (1-based), column and Bezirk."""

    file: str | None = None
    line: int | None = None
    column: str | None = None
    bezirk: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence of a rule's code, with the values its message needs."""

    params: Mapping[str, Any] = field(default_factory=dict)
    location: Location = field(default_factory=Location)


# Column names of a finding frame (see RowFindings).
LINE = "zeile"
COLUMN = "spalte"
BEZIRK = "bezirk"
LOCATION_COLUMNS = (LINE, COLUMN, BEZIRK)


@dataclass(frozen=True, slots=True)
class RowFindings:
    """Many findings from one table, kept as a polars frame until they are reported.

    The frame has the columns `zeile` (line number), optionally `spalte` and `bezirk`, and one
    column per message parameter. A nationwide file with a systematic error yields one frame,
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
    **params: Any,
) -> RowFindings:
    """Findings for every row of a filtered frame, with line, column, Bezirk and parameters.

    Parameters are polars expressions (evaluated per row) or plain values (the same for all).
    """
    import polars as pl

    selection: list[pl.Expr] = [pl.col(line_column).alias(LINE)]
    if column is not None:
        selection.append(pl.lit(column).alias(COLUMN))
    if bezirk is not None and bezirk in frame.columns:
        selection.append(pl.col(bezirk).alias(BEZIRK))
    for name, value in params.items():
        selection.append((value if isinstance(value, pl.Expr) else pl.lit(value)).alias(name))
    return RowFindings(display, frame.select(selection))


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
