"""Files of one votemanager export given together: the file of the city or the Kreis (one total
row) beside a finer file of the same election is a total of that file's rows, checked against them
(K05, K06) and no package of its own; it names the authority where the finer file cannot.

Files of one export share the election (date, name), the authority and the count columns. A file
of several rows without numbers (Ortsteile) stays a package of its own: which of the finer rows
each of them totals, the files do not say (VOTEMANAGER.md: their counters need not add up to the
finer file's, postal Bezirke may belong to none).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import BEZIRK_NR, WAHLGEBIETSEINTEILUNGEN, WAHLPARAMETER
from wahldaten.formats.facts import AREA, LINE, TOTAL, Origin, Totals
from wahldaten.formats.source import SourceContext
from wahldaten.formats.votemanager.facts import VotemanagerFacts

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl


def _export(election: Election) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """What files of the same export share: the election, its authority, its count columns."""
    return election.wahl_datum, election.wahl_name, election.gs, tuple(sorted(election.counts()))


def sibling_totals(read_files: list[tuple[Election, SourceContext, pl.Series | None]]) -> set[int]:
    """Files of one export given together: a file of one total row only (the city, the Kreis)
    beside a finer file of the same election is a total of that file's rows, checked against
    the finest file's rows (K05, K06) and no package of its own; it names the authority of every
    finer file. The indexes of the files taken as totals."""
    totals: set[int] = set()
    for i, (coarse, context, lines) in enumerate(read_files):
        facts = context.facts_as(VotemanagerFacts)
        if facts is None or facts.promoted is None or coarse.results.height != 1:
            continue
        finer = [
            j
            for j, (election, _, _) in enumerate(read_files)
            if j != i and election.results.height > 1 and _export(election) == _export(coarse)
        ]
        if not finer or lines is None:
            continue
        finest = read_files[max(finer, key=lambda j: read_files[j][0].results.height)][0]
        counts = coarse.counts()
        facts.totals = Totals(
            rows=coarse.results.select(
                lines.alias(LINE),
                pl.col(BEZIRK_NR).alias(AREA),
                pl.lit("*").alias(TOTAL),
                *counts,
            ),
            members=finest.results.select(pl.lit("*").alias(TOTAL), *counts),
            counts=counts,
            complete=False,
        )
        facts.promoted = None
        totals.add(i)
        for j in finer:  # every finer level of the export is the same authority's
            election, other, other_lines = read_files[j]
            read_files[j] = (_named_by(election, other, coarse), other, other_lines)
    return totals


AUTHORITY, LEITER = "wahl-behoerde-name", "wahl-leiter-name"


def _named_by(election: Election, context: SourceContext, total: Election) -> Election:
    """The finer file's authority name from its total's file, where the finer file has none
    (a Wahlbezirk file has no row of the city; the city's file names it)."""
    facts = context.facts_as(VotemanagerFacts)
    named = total.wahlparameter.get(AUTHORITY)
    if facts is None or not named:
        return election
    placeholder = next((w for w in facts.written if w.field == AUTHORITY and w.assumed), None)
    if placeholder is None:
        return election
    facts.written[facts.written.index(placeholder)] = replace(
        placeholder, value=str(named), origin=Origin.SOURCE
    )
    tables = dict(election.tables)
    tables[WAHLPARAMETER] = tables[WAHLPARAMETER].with_columns(pl.lit(named).alias(AUTHORITY))
    leiter = pl.col(LEITER)
    tables[WAHLGEBIETSEINTEILUNGEN] = tables[WAHLGEBIETSEINTEILUNGEN].with_columns(
        pl.when(leiter == placeholder.value).then(pl.lit(named)).otherwise(leiter).alias(LEITER)
    )
    return Election(tables, version=election.version)
