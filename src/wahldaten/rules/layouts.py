"""K rules of the layouts (formats/layouts): what a layout's reader decided about rows.

The shared K rules (`rules/conversion.py`) report what every vendor reader records (unknown
columns, values that are not counts, totals); the codes here read `LayoutFacts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats import registry
from wahldaten.formats.facts import AREA, VALUE
from wahldaten.formats.layouts.facts import LayoutFacts
from wahldaten.formats.source import SourceContext
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FACTS = (Input.SOURCE_FACTS,)
LAYOUTS = registry.layout_rule_names()


@rule(
    Code.K39,
    "merged-bezirk",
    Severity.INFO,
    FACTS,
    example="a Stimmbezirk of the Hessian statistics office with `Nummer aufnehmender Wahlbezirk` 003",
    formats=LAYOUTS,
)
def merged_bezirk(ctx: SourceContext) -> Iterator[Yielded]:
    """A Bezirk of the source was counted together with another one (a Zusammenlegung: too few
    voters to keep the secrecy of the ballot). Its row carries no result of its own; its votes
    are in the receiving Bezirk's. It is left out of OWD, so that it is neither a Bezirk without
    a result ("not reported") nor counted twice."""
    facts = ctx.facts_as(LayoutFacts)
    if facts is not None and facts.merged is not None:
        yield ctx.rows(
            facts.display,
            facts.merged.frame,
            column=facts.merged.column,
            bezirk=AREA,
            value=pl.col(VALUE),
        )
