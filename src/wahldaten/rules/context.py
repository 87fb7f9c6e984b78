"""What a rule sees: the package's tables, the schema of its version and shared derived frames.

Derived frames (schema violations per cell, results as integers with Bezirk types joined in)
are computed once per package, each in one parallel polars pass over a whole table, and shared
by all rules that read them.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wahldaten.core import standard
from wahldaten.core.findings import RowFindings, Yielded, row_findings
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.owd import (
    GS,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
    OwdFile,
    Package,
)
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

BEZIRK_NR = "bezirk-nr"
BEZIRK_NAME = "bezirk-name"
BEZIRK_ART = "bezirk-art"
STIMMZETTEL_GEBIET = "stimmzettel-gebiet-nr"
POSTAL = "B"
# Internal columns of the results frame.
ART = "__art"
GEBIET = "__gebiet"
REPORTED = "__gemeldet"
MALFORMED = "__fehlerhaft"
TIMESTAMP = "zeitstempel-erfassung"
# Text columns of Wahlergebnisse the results frame keeps beside the counts.
KEPT = (GS, BEZIRK_NR, BEZIRK_NAME, TIMESTAMP)
LISTED = "__gelistet"  # the Bezirk is listed in Wahlgebietseinteilungen
LISTED_NAME = "__name_gelistet"  # its bezirk-name there
FLAG = "#verletzt"  # suffix of a column's violation flag while the results are built

CORE_LETTERS = ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F")
NUMBERED = re.compile(r"^([DF])([1-9][0-9]*)$")
# Extensions for elections with several votes per ballot (see standard/*/package.json).
VALID_BALLOTS = "GUELTIGE-STIMMZETTEL"
CANDIDATE = re.compile(r"^([DF])([1-9][0-9]*)_([1-9][0-9]*)$")
LIST_ONLY = re.compile(r"^D([1-9][0-9]*)_liste$")


def valid_value(columns: str | list[str], check: standard.ColumnCheck) -> pl.Expr:
    """True where a non-empty value satisfies the schema definition of its column (null for an
    empty cell). Several columns with the same definition make one expression: polars expands
    it per column, without Python work per column."""
    value = pl.col(columns)
    conditions: list[pl.Expr] = []
    if check.min_length:
        conditions.append(value.str.len_chars() >= check.min_length)
    if check.const is not None:
        conditions.append(value == check.const)
    if check.enum is not None:
        conditions.append(value.is_in(list(check.enum)))
    if check.pattern is not None:
        conditions.append(value.str.contains(check.pattern))
    return functools.reduce(operator.and_, conditions) if conditions else value.is_not_null()


def column_hits(
    frame: pl.DataFrame, conditions: dict[str, pl.Expr]
) -> Iterator[tuple[str, pl.DataFrame]]:
    """For each named condition with a hit, the rows of `frame` where it holds.

    All conditions are evaluated in one parallel pass; rows are filtered only for those that
    hold somewhere, so a clean table costs one pass, not one filter per condition.
    """
    if not conditions or frame.height == 0:
        return
    flags = frame.select(c.alias(name) for name, c in conditions.items())
    hit = flags.select(pl.all().fill_null(False).any()).row(0)
    for name, any_hit in zip(conditions, hit, strict=True):
        if any_hit:
            yield name, frame.filter(flags[name])


def option_number(column: str) -> int:
    match = NUMBERED.match(column)
    if match is None:
        raise ValueError(column)
    return int(match.group(2))


@dataclass(frozen=True)
class Results:
    """Wahlergebnisse with counts as Int64 (empty or malformed → null), Bezirk type joined in."""

    display: str
    frame: pl.DataFrame
    letters: tuple[str, ...]
    b1_source: str | None
    d_columns: tuple[str, ...]
    f_columns: tuple[str, ...]
    extension_columns: tuple[str, ...] = ()
    # Source columns with a cell that fits the count pattern but not a 64-bit integer.
    too_large: tuple[str, ...] = ()

    @property
    def multi_vote(self) -> bool:
        """Several votes per ballot (cumulative voting): D counts votes, not ballots."""
        return any(c == VALID_BALLOTS or CANDIDATE.match(c) for c in self.extension_columns)

    @property
    def two_votes(self) -> bool:
        return "E" in self.letters or "F" in self.letters or bool(self.f_columns)

    @property
    def count_columns(self) -> tuple[str, ...]:
        return (*self.letters, *self.d_columns, *self.f_columns)

    def has(self, *columns: str) -> bool:
        return all(c in self.frame.columns for c in columns)


class Context:
    """The package under validation, as rules read it."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.spec = standard.load(package.version)
        self._violations: dict[str, pl.DataFrame] = {}

    # --- files and tables -------------------------------------------------------------

    def file(self, file_type: str) -> OwdFile | None:
        return self.package.files.get(file_type)

    def table(self, file_type: str) -> CsvTable | None:
        return self.package.table(file_type)

    def frame(self, file_type: str) -> pl.DataFrame | None:
        table = self.table(file_type)
        return None if table is None else table.frame

    def display(self, file_type: str) -> str:
        owd_file = self.file(file_type)
        return owd_file.display if owd_file is not None else file_type

    def tables(self) -> Iterator[tuple[str, CsvTable]]:
        """Usable tables of the package, in the standard's file order."""
        for file_type in standard.FILE_TYPES:
            table = self.table(file_type)
            if table is not None:
                yield file_type, table

    def file_spec(self, file_type: str) -> standard.FileSpec:
        return self.spec.files[file_type]

    def reader_issues(self, code: str) -> Iterator[Yielded]:
        """Findings recorded while reading, for rules whose check happens in the reader."""
        yield from self.package.issues.get(code, [])
        for owd_file in [*self.package.files.values(), *self.package.duplicates]:
            yield from owd_file.table.issues.get(code, [])

    def violations(self, file_type: str) -> pl.DataFrame:
        """Per constrained column of a table, True where a filled cell breaks the column's schema
        definition (pattern, enum, const, minimum length).

        All columns are checked in one lazy query, so polars runs them in parallel and the T
        rules and the results share one pass instead of one filter per column and rule.
        """
        if file_type not in self._violations:
            table = self.table(file_type)
            spec = self.file_spec(file_type)
            # Columns with the same constraints share one expression (the rule that owns a
            # finding is looked up per column later).
            by_check: dict[tuple[Any, ...], tuple[standard.ColumnCheck, list[str]]] = {}
            # Integer columns hold what the reader proved to be plain integers (or what a
            # conversion computed): only a negative number can break a count there.
            negative: list[str] = []
            schema = table.frame.schema if table is not None else {}  # built on each access
            for column in [] if table is None else table.columns:
                check = spec.check_for(column)
                if check is None or not check.constrained:
                    continue
                if schema[column] != pl.String:
                    negative.append(column)
                    continue
                key = (check.pattern, check.enum, check.const, check.min_length)
                by_check.setdefault(key, (check, []))[1].append(column)
            flags = [~valid_value(c, check).fill_null(True) for check, c in by_check.values()]
            if negative:
                flags.append((pl.col(negative) < 0).fill_null(False))
            checked = {c for _, columns in by_check.values() for c in columns} | set(negative)
            in_table_order = [c for c in ([] if table is None else table.columns) if c in checked]
            self._violations[file_type] = (
                table.frame.lazy().select(flags).select(in_table_order).collect()
                if table is not None and flags
                else pl.DataFrame()
            )
        return self._violations[file_type]

    # --- findings -----------------------------------------------------------------------

    def rows(
        self,
        display: str,
        frame: pl.DataFrame,
        *,
        column: str | None = None,
        bezirk: str | None = BEZIRK_NR,
        **params: Any,
    ) -> RowFindings:
        """Findings for every row of a filtered frame, with line, column, Bezirk and params."""
        return row_findings(
            display, frame, line_column=LINE_COLUMN, column=column, bezirk=bezirk, **params
        )

    # --- shared facts -------------------------------------------------------------------

    @functools.cached_property
    def authority_gs(self) -> str | None:
        frame = self.frame(WAHLPARAMETER)
        if frame is not None and GS in frame.columns and frame.height:
            value = frame[GS][0]
            if value is not None:
                return str(value)
        return self.package.identity().get(GS)

    @functools.cached_property
    def election_year(self) -> int | None:
        datum = self.package.identity().get("wahl-datum") or ""
        match = re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.([0-9]{4})", datum)
        return int(match.group(1)) if match else None

    @functools.cached_property
    def results(self) -> Results | None:
        table = self.table(WAHLERGEBNISSE)
        if table is None:
            return None
        frame = table.frame
        b1_source = "B1" if "B1" in frame.columns else ("B2" if "B2" in frame.columns else None)
        letters = [c for c in CORE_LETTERS if c in frame.columns and c != "B1"]
        if b1_source is not None:
            letters.insert(letters.index("B") + 1 if "B" in letters else 0, "B1")
        numbered = sorted(
            (c for c in frame.columns if NUMBERED.match(c)), key=lambda c: (c[0], option_number(c))
        )
        d_columns = tuple(c for c in numbered if c.startswith("D"))
        f_columns = tuple(c for c in numbered if c.startswith("F"))
        spec = self.file_spec(WAHLERGEBNISSE)
        extension_columns = tuple(
            c for c in frame.columns if spec.is_extension(c) and spec.is_count(c)
        )
        sources = {name: (b1_source if name == "B1" else name) for name in letters}
        names = [*letters, *d_columns, *f_columns, *extension_columns]
        raw = [str(sources.get(c, c)) for c in names]
        flags = self.violations(WAHLERGEBNISSE)
        columns = list(dict.fromkeys(raw))
        flag_columns = set(flags.columns)
        checked = [c for c in columns if c in flag_columns]
        hit = flags.select(pl.col(checked).any()).row(0) if checked else ()
        flagged = [c for c, any_hit in zip(checked, hit, strict=True) if any_hit]
        keep = [c for c in (LINE_COLUMN, *KEPT) if c in frame.columns]
        source = frame.select(*keep, *columns)
        if flagged:  # only then: aligning differently chunked frames copies every column
            source = pl.concat(
                [source, flags.select(pl.col(c).alias(c + FLAG) for c in flagged)],
                how="horizontal",
            )

        schema = frame.schema  # built on each access: once, not per column

        def count(column: str) -> pl.Expr:
            # A cell that breaks the count pattern (T05) is null here, never a number.
            value = (
                pl.col(column)
                if schema[column] == pl.Int64
                else pl.col(column).cast(pl.Int64, strict=False)
            )
            return (
                pl.when(pl.col(column + FLAG)).then(None).otherwise(value)
                if column in flagged
                else value
            )

        # Reported = some count cell is filled.
        reported = pl.any_horizontal(pl.col(c).is_not_null() for c in raw) if raw else pl.lit(False)
        result = (
            source.lazy()
            .select(
                *keep,
                *(count(c).alias(name) for name, c in zip(names, raw, strict=True)),
                reported.alias(REPORTED),
            )
            .collect()
        )
        # Malformed = a filled cell is not a count (T05) or too large for an integer: the rules
        # skip such rows instead of reading the bad cell as empty or as a number. Null counts
        # are kept per column by polars, so a clean table is proven clean without a pass.
        lost = [
            (name, c)
            for name, c in zip(names, raw, strict=True)
            if c not in flagged and result[name].null_count() != frame[c].null_count()
        ]
        malformed = pl.repeat(False, result.height, dtype=pl.Boolean, eager=True)
        for c in flagged:
            malformed = malformed | flags[c]
        for name, c in lost:
            malformed = malformed | (frame[c].is_not_null() & result[name].is_null())
        result = result.with_columns(malformed.alias(MALFORMED))
        # One chunk per column: dozens of rules filter this frame, and a frame whose columns
        # are chunked differently is copied again on every filter.
        result = self._with_bezirk_facts(result).rechunk()
        return Results(
            display=table.display,
            frame=result,
            letters=tuple(letters),
            b1_source=b1_source,
            d_columns=d_columns,
            f_columns=f_columns,
            extension_columns=extension_columns,
            too_large=tuple(c for _, c in lost),
        )

    def _with_bezirk_facts(self, result: pl.DataFrame) -> pl.DataFrame:
        """Join what Wahlgebietseinteilungen says about each result row's Bezirk: whether it is
        listed at all, its type, ballot area and name (one join shared by all rules)."""
        gebiete = self.frame(WAHLGEBIETSEINTEILUNGEN)
        key = [c for c in self.bezirk_key if c in result.columns]
        if gebiete is not None:
            key = [c for c in key if c in gebiete.columns]
        if gebiete is None or BEZIRK_NR not in key:
            return result.with_columns(
                pl.lit(None, dtype=pl.String).alias(ART),
                pl.lit("").alias(GEBIET),
                pl.lit(None, dtype=pl.Boolean).alias(LISTED),
                pl.lit(None, dtype=pl.String).alias(LISTED_NAME),
            )

        def column_or_null(name: str) -> pl.Expr:
            return pl.col(name) if name in gebiete.columns else pl.lit(None, dtype=pl.String)

        facts = gebiete.select(
            *[pl.col(c) for c in key],
            column_or_null(BEZIRK_ART).alias(ART),
            column_or_null(STIMMZETTEL_GEBIET).fill_null("").alias(GEBIET),
            pl.lit(True).alias(LISTED),
            column_or_null(BEZIRK_NAME).alias(LISTED_NAME),
        ).unique(subset=key, keep="first")
        # Joined on the key columns alone, then added beside the counts: a join of the whole
        # frame would copy every count column.
        joined = result.select(key).join(
            facts, on=key, how="left", nulls_equal=True, maintain_order="left"
        )
        return result.with_columns(joined.select(ART, GEBIET, LISTED, LISTED_NAME))

    @property
    def bezirk_key(self) -> tuple[str, ...]:
        return self.file_spec(WAHLERGEBNISSE).key or (GS, BEZIRK_NR)

    @functools.cached_property
    def counting_complete(self) -> bool:
        """True when every result row carries counts (no Bezirk still outstanding)."""
        results = self.results
        if results is None:
            return False
        return bool(results.frame[REPORTED].all())


def is_postal() -> pl.Expr:
    return pl.col(ART) == POSTAL


def is_urn() -> pl.Expr:
    return pl.col(ART).is_in(["W", "U"])
