"""What the votemanager reader records about one file, besides what every vendor reader records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.facts import Rows, SourceFacts

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# True where a Bezirk's type is not inferred from its figures (K04): metadata gave it
# (opendata-wahllokale.csv), or it is the electorate row of a postal-only election (K30).
GIVEN = "__given"


@dataclass
class VotemanagerFacts(SourceFacts):
    """`kind` is the layout (STANDARD, NDS_2021 …); `typed` is `raw` with its counts as Int64,
    source column names kept (K12, K14, K15 check figures OWD does not carry); `types` the
    type of every Bezirk row (`gebiet-nr`, `bezirk-art`, GIVEN), K04 for those inferred;
    `yes_no` the single candidate whose ballot asks yes or no (K16: D2 is written as Nein);
    `derived_keys` the rows without a number keyed from the source (LINE, AREA; its column:
    where the key comes from, K31); `padded` the municipality keys repaired (LINE, AREA, VALUE,
    `keys.READ`; K32); `ignored` the columns a spreadsheet appended, left out (K33); `respelt`
    the election dates a spreadsheet re-spelt, read (LINE, AREA, VALUE, `dates.READ`; K40)."""

    kind: str = ""
    typed: pl.DataFrame | None = None
    types: pl.DataFrame | None = None
    yes_no: str | None = None
    derived_keys: Rows | None = None
    padded: Rows | None = None
    ignored: list[str] = field(default_factory=list)
    respelt: Rows | None = None
