"""K37, K38: what the legacy votemanager reader (until 2017) decided about its figures.

The reader records them as typed facts (`LegacyFacts`, formats/votemanager/legacy_layout.py);
the rules report them with the source's location.
"""

from __future__ import annotations

from collections.abc import Iterator

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.formats.facts import LINE
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager.legacy_layout import ANZ, NAME, LegacyFacts
from wahldaten.rules.registry import rule

FORMATS = (NAME,)
FACTS = (Input.SOURCE_FACTS,)
SHOWN_LINES = 10


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:SHOWN_LINES])
    return shown + (f", … (+{len(lines) - SHOWN_LINES})" if len(lines) > SHOWN_LINES else "")


@rule(
    Code.K37,
    "not-reported-zeros",
    Severity.INFO,
    FACTS,
    example="AnzSchnellmeldungen 0 and Wahlberechtigte, abgegeben, gültig 0 on election night",
    formats=FORMATS,
)
def not_reported_zeros(ctx: SourceContext) -> Iterator[Yielded]:
    """On election night the legacy export writes 0 into every total of a Bezirk whose quick
    report is not in yet (`AnzSchnellmeldungen` 0). Those zeros mean "not reported": they are
    read as empty, never as 0. A row whose quick report is missing but which has a count above 0
    keeps every value. One finding per file, with the number of rows and the first ones."""
    facts = ctx.facts_as(LegacyFacts)
    if facts is None or facts.not_reported is None:
        return
    lines = facts.not_reported.frame[LINE].sort().to_list()
    yield Finding(
        params={"rows": len(lines), "lines": _lines(lines)},
        location=Location(facts.display, lines[0], ANZ),
    )


@rule(
    Code.K38,
    "electorate-without-parts",
    Severity.INFO,
    FACTS,
    example="Wahlberechtigte 1600, nothing on Wahlschein or the register",
    formats=FORMATS,
)
def electorate_without_parts(ctx: SourceContext) -> Iterator[Yielded]:
    """The legacy export gives the electorate A (`Wahlberechtigte`) only, not its parts A1-A3
    (without and with a Wahlschein mark, not in the register). They are left empty, never 0;
    the identity A = A1 + A2 + A3 is then not checked."""
    facts = ctx.facts_as(LegacyFacts)
    if facts is not None and facts.electorate_only:
        yield Finding(location=Location(facts.display, None, facts.sources.get("A")))
