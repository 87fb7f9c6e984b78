"""K30: the electorate of an election held entirely by post, kept on a Bezirk of its own.

Bavaria held the run-offs of 29 March 2020 by post only. OK.VOTE (votemanager) files of them
write the electorate on a pseudo-row `0;Stimmberechtigte` with every vote 0 and the votes on
postal Bezirke with A = 0. The row looks like a total, but it is none: taking it as one would
drop the electorate (and refuse the file, K06). The reader keeps it as the Bezirk that carries
the electorate and no votes, as OWD writes such an election (structure `postal-only`), and
records it (`SourceFacts.electorate_row`); this rule says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.facts import AREA, BESIDE, ELECTORATE, SourceFacts
from wahldaten.formats.source import SourceContext
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


@rule(
    Code.K30,
    "postal-only-electorate",
    Severity.INFO,
    (Input.SOURCE_FACTS,),
    example="a row `0;Stimmberechtigte` with A = 18846 and every vote 0, beside postal Bezirke "
    "with A = 0",
    formats=("votemanager",),
)
def postal_only_electorate(ctx: SourceContext) -> Iterator[Yielded]:
    """An election held entirely by post: a row of the source carries the electorate and no
    votes, the votes are on Bezirke without an electorate (A = 0). The row is no total of those
    Bezirke; it is kept as a Bezirk of its own with its electorate and votes of 0, so that the
    electorate is neither dropped nor spread over the postal Bezirke."""
    facts = ctx.facts_as(SourceFacts)
    if facts is not None and facts.electorate_row is not None:
        rows = facts.electorate_row
        yield ctx.rows(
            facts.display,
            rows.frame,
            column=rows.column,
            bezirk=AREA,
            electorate=pl.col(ELECTORATE),
            bezirke=pl.col(BESIDE),
        )
