"""K: what the votemanager reader repaired in a file re-saved through a spreadsheet: a municipality
key that lost its leading zero, columns the spreadsheet appended, a re-spelt election date. The
CSV layer's repairs (separator, encoding) are F15–F17 (rules/resave.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.facts import AREA, VALUE
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager import NAME, VotemanagerFacts
from wahldaten.formats.votemanager.keys import READ
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FORMATS = (NAME,)
FACTS = (Input.SOURCE_FACTS,)


@rule(
    Code.K32,
    "municipality-key-repaired",
    Severity.WARNING,
    FACTS,
    example="`ags` 3358024 read as 03358024 in a file re-saved through a spreadsheet",
    formats=FORMATS,
)
def municipality_key_repaired(ctx: SourceContext) -> Iterator[Yielded]:
    """The municipality key (`ags`) is not an 8-digit AGS or 12-digit ARS as written. A key of 7
    or 11 digits, or of 8 whose first two digits are no Land and that is a Verband key with a
    leading zero, lost its zero (a spreadsheet read it as a number) and gets it back; a 9-digit
    Verband key (a Samtgemeinde, Verband number 5001–5999) is written as the Verband's 12-digit
    ARS, with the Gemeinde part `000`, which names no municipality. Any other key stays as
    written (T01 refuses it). Reported once per kind of key, with the rows."""
    facts = ctx.facts_as(VotemanagerFacts)
    padded = facts.padded if facts is not None else None
    if facts is not None and padded is not None and padded.frame.height:
        found = ctx.rows(
            facts.display,
            padded.frame,
            column=padded.column,
            bezirk=AREA,
            value=pl.col(VALUE),
            read=pl.col(READ),
        )
        yield per_cause(found, [pl.col("value").str.len_chars()])


@rule(
    Code.K33,
    "appended-columns-ignored",
    Severity.WARNING,
    FACTS,
    example="`ort_fix,coord,x,y,stadt` after `F16`, with `#ERROR!` in them",
    formats=FORMATS,
)
def appended_columns_ignored(ctx: SourceContext) -> Iterator[Yielded]:
    """Columns after the votemanager block that no layout knows and that name no count (a
    spreadsheet's additions: coordinates, place names, formula errors such as `#ERROR!`). They
    are left out of OWD; nothing is mapped by guess. An unknown column that looks like a count
    (`H_1_Stimmen`) still refuses the file (K01)."""
    facts = ctx.facts_as(VotemanagerFacts)
    if facts is not None and facts.ignored:
        shown = ", ".join(facts.ignored[:6]) + (", …" if len(facts.ignored) > 6 else "")
        yield Finding(
            params={"columns": shown, "count": len(facts.ignored)},
            location=Location(facts.display, facts.header_line, facts.ignored[0]),
        )


@rule(
    Code.K40,
    "election-date-respelt",
    Severity.WARNING,
    FACTS,
    example="`datum` 23.02.25 read as 23.02.2025 in a file re-saved through a spreadsheet",
    formats=FORMATS,
)
def election_date_respelt(ctx: SourceContext) -> Iterator[Yielded]:
    """The election date (`datum`) is not written `dd.mm.yyyy` as votemanager writes it, but as a
    spreadsheet re-spelt it: without leading zeros (`3.9.2023`), with a two-digit year
    (`23.02.25`, read as 20yy: votemanager exists since the 2000s) or in ISO form
    (`2025-02-23`). Each has one reading and is read so. Day and month in another order
    (`2/23/2025`) are not guessed: give the date with `--datum`. Reported once per spelling."""
    facts = ctx.facts_as(VotemanagerFacts)
    respelt = facts.respelt if facts is not None else None
    if facts is not None and respelt is not None and respelt.frame.height:
        found = ctx.rows(
            facts.display,
            respelt.frame,
            column=respelt.column,
            bezirk=AREA,
            value=pl.col(VALUE),
            read=pl.col(READ),
        )
        yield per_cause(found, ["value"])
