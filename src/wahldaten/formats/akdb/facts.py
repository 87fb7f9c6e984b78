"""What the AKDB reader records about one file, besides what every vendor reader records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.akdb.layouts import Layout
from wahldaten.formats.facts import Rows, SourceFacts

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


@dataclass
class AkdbFacts(SourceFacts):
    """`typed` is `raw` with its counts as Int64, source column names kept (K17, K18 check
    figures OWD does not carry); `mapping` how the header maps (K18 reads the pairs);
    `unplaced` the precincts without a municipality (K19: LINE, AREA, VALUE and `gs`, the key
    they are written under)."""

    mapping: Layout | None = None
    typed: pl.DataFrame | None = None
    unplaced: Rows | None = None
