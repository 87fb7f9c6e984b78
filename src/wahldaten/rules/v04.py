"""C and R: the cross-checks of what the OWD 0.4 draft adds.

0.4 states what 0.3 leaves to be inferred: the counting status per Bezirk (`bezirk-status`)
and of the package (`ergebnis-status`), and the id `n_k` of a candidacy (`kandidat-id`) that
names its result column `D<n>_<k>` and, by n, its list's position on the ballot
(`kandidat-stimmzettel-position`). The schemas check each value alone (T07, T09); the rules
here check that the statements agree with the counts and with each other. Each applies only
where its column is present, so 0.3 packages are not affected. (The postal link
`briefwahlbezirk-nr` is checked by R17, as its 0.3 extension is.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, RowFindings, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.migration_v04 import (
    BALLOT_POSITION,
    BEZIRK_STATUS,
    CANDIDATE_ID,
    ERGEBNIS_STATUS,
    NOT_COUNTED,
    POSITION,
)
from wahldaten.core.names import KANDIDATEN, STIMMZETTEL, WAHLERGEBNISSE, WAHLPARAMETER
from wahldaten.rules.context import MALFORMED, REPORTED, Context
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

PROVISIONAL = "vorlaeufig"
FINAL = "endgueltig"
# The result columns of a candidacy: D<n>_<k> (votes), F<n>_<k> (second votes).
CANDIDATE_COLUMN = r"^[DF]([1-9][0-9]*_[1-9][0-9]*)$"
KANDIDAT_GEBIET = "kandidat-gebiet-nr"


def _with_status(ctx: Context) -> pl.DataFrame | None:
    """The results frame with `bezirk-status` beside the counts (None without the column)."""
    table = ctx.table_of(WAHLERGEBNISSE)
    if not table.has(BEZIRK_STATUS):
        return None
    # The results frame keeps the rows of the table in order.
    return ctx.results_of().frame.with_columns(table.frame[BEZIRK_STATUS].alias(BEZIRK_STATUS))


@rule(
    Code.C09,
    "not-counted-but-counts",
    Severity.ERROR,
    (Input.RESULTS,),
    example="bezirk-status `nicht-gezaehlt`, but A, B, C, D filled",
)
def not_counted_but_counts(ctx: Context) -> Iterator[Yielded]:
    """A result row says `bezirk-status` `nicht-gezaehlt` (not counted), yet it carries counts:
    either the status or the numbers are wrong, and a reader cannot tell which. Reported once
    per file, with the number of such rows and their first lines."""
    frame = _with_status(ctx)
    if frame is None:
        return
    hits = frame.filter(pl.col(REPORTED) & (pl.col(BEZIRK_STATUS) == NOT_COUNTED))
    if hits.height:
        found = ctx.rows(
            ctx.results_of().display, hits, column=BEZIRK_STATUS, value=pl.col(BEZIRK_STATUS)
        )
        yield per_cause(found)


@rule(
    Code.C10,
    "counted-status-without-counts",
    Severity.ERROR,
    (Input.RESULTS,),
    example="bezirk-status `endgueltig`, every count empty",
)
def counted_status_without_counts(ctx: Context) -> Iterator[Yielded]:
    """A result row says `bezirk-status` `vorlaeufig` or `endgueltig` (a quick report or the
    determined result), yet every count is empty: the status states a result the row does not
    have. (A row with a malformed count is T05's, not empty.) Reported once per file and
    status, with the number of such rows and their first lines."""
    frame = _with_status(ctx)
    if frame is None:
        return
    counted = pl.col(BEZIRK_STATUS).is_in([PROVISIONAL, FINAL])
    hits = frame.filter(counted & ~pl.col(REPORTED) & ~pl.col(MALFORMED))
    if hits.height:
        found = ctx.rows(
            ctx.results_of().display, hits, column=BEZIRK_STATUS, value=pl.col(BEZIRK_STATUS)
        )
        yield per_cause(found, ["value"])


@rule(
    Code.C11,
    "final-package-with-open-bezirke",
    Severity.WARNING,
    (Input.WAHLPARAMETER, Input.WAHLERGEBNISSE),
    example="ergebnis-status `endgueltig`, one Bezirk `vorlaeufig`",
)
def final_package_with_open_bezirke(ctx: Context) -> Iterator[Yielded]:
    """Wahlparameter says `ergebnis-status` `endgueltig` (the determined result), but result rows
    say `bezirk-status` `vorlaeufig` or `nicht-gezaehlt`: the package and its Bezirke disagree
    on how final the result is. Reported once per file and Bezirk status, with the number of
    rows and their first lines."""
    params = ctx.frame_of(WAHLPARAMETER)
    results = ctx.table_of(WAHLERGEBNISSE)
    if ERGEBNIS_STATUS not in params.columns or not results.has(BEZIRK_STATUS):
        return
    if params.filter(pl.col(ERGEBNIS_STATUS) == FINAL).height == 0:
        return
    hits = results.frame.filter(pl.col(BEZIRK_STATUS).is_in([PROVISIONAL, NOT_COUNTED]))
    if hits.height:
        found = ctx.rows(
            ctx.display(WAHLERGEBNISSE), hits, column=BEZIRK_STATUS, value=pl.col(BEZIRK_STATUS)
        )
        yield per_cause(found, ["value"])


def _candidate_suffixes(ctx: Context) -> list[str]:
    """The ids n_k that the result columns D<n>_<k> and F<n>_<k> carry."""
    columns = pl.Series(ctx.table_of(WAHLERGEBNISSE).columns, dtype=pl.String)
    return columns.str.extract(CANDIDATE_COLUMN, 1).drop_nulls().unique().to_list()


def _ids(ctx: Context) -> pl.DataFrame | None:
    """The rows of Kandidaten with a filled `kandidat-id` (None without the column)."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    if CANDIDATE_ID not in kandidaten.columns:
        return None
    ident = pl.col(CANDIDATE_ID).cast(pl.String)
    return kandidaten.filter(ident.is_not_null() & (ident != ""))


def _candidacies(ctx: Context, hits: pl.DataFrame, **extra: pl.Expr) -> RowFindings:
    """The rows of Kandidaten in `hits`, located at their `kandidat-id`."""
    return ctx.rows(
        ctx.display(KANDIDATEN),
        hits,
        column=CANDIDATE_ID,
        bezirk=None,
        value=pl.col(CANDIDATE_ID),
        **extra,
    )


@rule(
    Code.R24,
    "candidate-id-without-result-column",
    Severity.WARNING,
    (Input.KANDIDATEN, Input.WAHLERGEBNISSE),
    example="kandidat-id `2_3`, but Wahlergebnisse has D2_1 and D2_2 only",
)
def candidate_id_without_result_column(ctx: Context) -> Iterator[Yielded]:
    """A candidacy's `kandidat-id` n_k names no result column `D<n>_<k>` (or `F<n>_<k>`) while
    Wahlergebnisse carries candidate votes: the votes of that candidate are missing from the
    results, or the id is wrong. Packages without any candidate column are not checked (there
    a candidacy receives no votes of its own). Reported once per file, with the number of
    candidacies, the first id and the first lines."""
    ids = _ids(ctx)
    suffixes = _candidate_suffixes(ctx)
    if ids is None or not suffixes:
        return
    hits = ids.filter(~pl.col(CANDIDATE_ID).cast(pl.String).is_in(suffixes))
    if hits.height:
        found = _candidacies(ctx, hits)
        yield per_cause(found)


@rule(
    Code.R25,
    "result-column-without-candidate",
    Severity.WARNING,
    (Input.WAHLERGEBNISSE, Input.KANDIDATEN),
    example="Wahlergebnisse has D3_1, no candidacy has kandidat-id `3_1`",
)
def result_column_without_candidate(ctx: Context) -> Iterator[Yielded]:
    """A result column `D<n>_<k>` (or `F<n>_<k>`) has no candidacy in Kandidaten whose
    `kandidat-id` is n_k: the votes cannot be given a name. Checked where Kandidaten has ids at
    all (a package without them joins by list place, as 0.3 does). Reported once per file,
    with the columns and their number."""
    ids = _ids(ctx)
    if ids is None or ids.height == 0:
        return
    table = ctx.table_of(WAHLERGEBNISSE)
    columns = pl.DataFrame({"column": table.columns}, schema={"column": pl.String})
    named = ids[CANDIDATE_ID].cast(pl.String).unique().implode()
    orphans = columns.with_columns(
        pl.col("column").str.extract(CANDIDATE_COLUMN, 1).alias("suffix")
    ).filter(pl.col("suffix").is_not_null() & ~pl.col("suffix").is_in(named))
    if orphans.height:
        names = orphans["column"].to_list()
        shown = ", ".join(names[:4]) + (f", … (+{len(names) - 4})" if len(names) > 4 else "")
        yield Finding(
            params={"columns": shown, "count": len(names)},
            location=Location(ctx.display(WAHLERGEBNISSE), table.header_line, names[0]),
        )


def _number(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.strip_chars().cast(pl.Int64, strict=False)


@rule(
    Code.R26,
    "candidate-position-not-on-ballot",
    Severity.WARNING,
    (Input.KANDIDATEN, Input.STIMMZETTEL),
    example="kandidat-stimmzettel-position `4` on a ballot with positions 1 to 3",
)
def candidate_position_not_on_ballot(ctx: Context) -> Iterator[Yielded]:
    """A candidacy's `kandidat-stimmzettel-position` is no `stimmzettel-position` of the
    Stimmzettel: the candidacy belongs to no list on the ballot. Reported once per file and
    position, with the number of candidacies and their first lines."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    ballot = ctx.frame_of(STIMMZETTEL)
    if POSITION not in kandidaten.columns or BALLOT_POSITION not in ballot.columns:
        return
    on_ballot = ballot.select(_number(BALLOT_POSITION)).to_series().drop_nulls().implode()
    hits = kandidaten.filter(_number(POSITION).is_not_null() & ~_number(POSITION).is_in(on_ballot))
    if hits.height:
        found = ctx.rows(
            ctx.display(KANDIDATEN), hits, column=POSITION, bezirk=None, value=pl.col(POSITION)
        )
        yield per_cause(found, ["value"])


@rule(
    Code.R27,
    "candidate-id-of-another-list",
    Severity.WARNING,
    (Input.KANDIDATEN, Input.STIMMZETTEL),
    example="kandidat-id `2_2` with kandidat-stimmzettel-position `1`",
)
def candidate_id_of_another_list(ctx: Context) -> Iterator[Yielded]:
    """The n of a candidacy's `kandidat-id` n_k is not its `kandidat-stimmzettel-position`:
    its votes (`D<n>_<k>`) would be counted for another list than the one it stands for.
    Checked where the position is on the ballot (otherwise R26). Reported once per file,
    with the number of candidacies, the first id and position, and the first lines."""
    kandidaten = ctx.frame_of(KANDIDATEN)
    ballot = ctx.frame_of(STIMMZETTEL)
    needed = (CANDIDATE_ID, POSITION)
    if any(c not in kandidaten.columns for c in needed) or BALLOT_POSITION not in ballot.columns:
        return
    on_ballot = ballot.select(_number(BALLOT_POSITION)).to_series().drop_nulls().implode()
    ident = pl.col(CANDIDATE_ID).cast(pl.String).str.extract(r"^([1-9][0-9]*)_[1-9][0-9]*$", 1)
    hits = kandidaten.filter(
        _number(POSITION).is_in(on_ballot) & (ident.cast(pl.Int64) != _number(POSITION))
    )
    if hits.height:
        found = _candidacies(ctx, hits, expected=pl.col(POSITION))
        yield per_cause(found)


@rule(
    Code.R28,
    "candidate-id-twice",
    Severity.WARNING,
    (Input.KANDIDATEN,),
    example="two candidacies with kandidat-id `1_1` in the same kandidat-gebiet-nr",
)
def candidate_id_twice(ctx: Context) -> Iterator[Yielded]:
    """Two candidacies of the same candidate area (`kandidat-gebiet-nr`, where given) share a
    `kandidat-id`: the votes of the one result column `D<n>_<k>` cannot be given to either.
    (Areas may reuse ids: each has its own candidates for the same columns.) Reported once
    per file and id, with the number of candidacies and their first lines."""
    ids = _ids(ctx)
    if ids is None:
        return
    scope = [c for c in (KANDIDAT_GEBIET, CANDIDATE_ID) if c in ids.columns]
    hits = ids.filter(pl.len().over(scope) > 1)
    if hits.height:
        found = _candidacies(ctx, hits)
        yield per_cause(found, ["value"])
