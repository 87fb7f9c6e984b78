"""What a rule sees: the package's tables, the schema of its version and shared derived frames.

Derived frames (schema violations per cell, results as integers with Bezirk types joined in)
are computed once per package, each in one parallel polars pass over a whole table, and shared
by all rules that read them. So is the election's structure (`Context.structure`): derived
once from the package and what the user stated, read by every rule that needs to know what
the letters mean.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wahldaten.core import standard
from wahldaten.core.codes import Input
from wahldaten.core.findings import RowFindings, row_findings
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    BEZIRK_ART,
    BEZIRK_NAME,
    BEZIRK_NR,
    DATUM,
    GS,
    KANDIDATEN,
    NAME,
    STIMMZETTEL,
    STIMMZETTEL_GEBIET,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.core.structure import ElectionStructure, StructureStatement, derive
from wahldaten.core.structure_identities import VALID_BALLOTS
from wahldaten.core.structure_sums import group_sum
from wahldaten.formats.owd import OwdFile, Package
from wahldaten.formats.source import SourceContext
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable
from wahldaten.rules.results import (
    ART,
    CORE_LETTERS,
    GEBIET,
    KEPT,
    LISTED,
    LISTED_NAME,
    MALFORMED,
    NUMBERED,
    POSTAL,
    REPORTED,
    TIMESTAMP,
    Results,
    build_results,
    is_postal,
    is_urn,
    option_number,
)

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# The tables each file-type input stands for.
TABLE_INPUTS = {
    Input.WAHLPARAMETER: WAHLPARAMETER,
    Input.WAHLGEBIETSEINTEILUNGEN: WAHLGEBIETSEINTEILUNGEN,
    Input.STIMMZETTEL: STIMMZETTEL,
    Input.KANDIDATEN: KANDIDATEN,
    Input.WAHLERGEBNISSE: WAHLERGEBNISSE,
    Input.RESULTS: WAHLERGEBNISSE,  # derived from it, present exactly when it is
}
# Inputs every context of its kind has.
_ALWAYS_IN_PACKAGE = {Input.TABLES, Input.PACKAGE, Input.READING}
_ALWAYS_IN_SOURCE = {Input.READING, Input.SOURCE}


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


class MissingInputError(LookupError):
    """A rule asked for an input it did not declare (the engine checks only declared ones)."""


class Context:
    """The package under validation, as rules read it."""

    def __init__(
        self,
        package: Package,
        *,
        statement: StructureStatement | None = None,
        final: bool | None = None,
        status: str | None = None,
    ) -> None:
        """`statement` and `final` are what the user said about the election (config or
        command line: `--structure`, `--final`); they win over what the data tells. `status`
        is the counting status a converted source states (kerg: "vorläufig", "endgültig")."""
        self.package = package
        self.spec = standard.load(package.version)
        self.statement = statement
        self.final = final
        self.status = status
        self._violations: dict[str, pl.DataFrame] = {}

    # --- files and tables -------------------------------------------------------------

    def file(self, file_type: str) -> OwdFile | None:
        return self.package.files.get(file_type)

    def table(self, file_type: str) -> CsvTable | None:
        return self.package.table(file_type)

    def frame(self, file_type: str) -> pl.DataFrame | None:
        table = self.table(file_type)
        return None if table is None else table.frame

    def table_of(self, file_type: str) -> CsvTable:
        """The table of a file type a rule declared it reads (the engine runs the rule only
        where it is present)."""
        table = self.table(file_type)
        if table is None:
            raise MissingInputError(file_type)
        return table

    def frame_of(self, file_type: str) -> pl.DataFrame:
        return self.table_of(file_type).frame

    def results_of(self) -> Results:
        """The results frame, for a rule that declared it reads `Input.RESULTS`."""
        results = self.results
        if results is None:
            raise MissingInputError(WAHLERGEBNISSE)
        return results

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

    def read_files(self) -> list[OwdFile]:
        """Every file read into the package, the duplicates of a file type last."""
        return [*self.package.files.values(), *self.package.duplicates]

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
        """Findings for every row of a filtered frame, with line, column, Bezirk and params; with
        the municipality key beside the Bezirk where the package has several municipalities."""
        municipality = GS if self.several_municipalities else None
        return row_findings(
            display,
            frame,
            line_column=LINE_COLUMN,
            column=column,
            bezirk=bezirk,
            municipality=municipality,
            **params,
        )

    @functools.cached_property
    def several_municipalities(self) -> bool:
        """The package's Bezirke belong to more than one municipality (a Kreis package), so a
        `bezirk-nr` alone may name several of them."""
        for file_type in (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE):
            frame = self.frame(file_type)
            if frame is not None and GS in frame.columns:
                return frame[GS].drop_nulls().n_unique() > 1
        return False

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
        return build_results(
            table,
            self.file_spec(WAHLERGEBNISSE),
            self.violations(WAHLERGEBNISSE),
            self.frame(WAHLGEBIETSEINTEILUNGEN),
            self.bezirk_key,
        )

    @functools.cached_property
    def structure(self) -> ElectionStructure:
        """The structure of the election (core/structure): how many votes, on which ballots,
        what D and E count, ballot areas, postal-only, stage. Derived once from the columns of
        Wahlergebnisse, Wahlparameter, the package's wahl-name, date and authority, the ballot
        areas of Wahlgebietseinteilungen, the Stimmzettel options and the voters per
        bezirk-art; what the user stated wins. The report header shows it (`describe`)."""
        identity = self.package.identity()
        return derive(
            self._column_names(WAHLERGEBNISSE),
            wahlparameter=self.frame(WAHLPARAMETER),
            wahl_name=identity.get(NAME),
            gs=self.authority_gs,
            wahl_datum=identity.get(DATUM),
            ballot_areas=self._values(WAHLGEBIETSEINTEILUNGEN, STIMMZETTEL_GEBIET),
            options=self._values(STIMMZETTEL, "partei-kurzname"),
            voters_by_art=self._voters_by_art(),
            status=self.status,
            statement=self.statement,
            final=self.final,
        )

    def _column_names(self, file_type: str) -> list[str]:
        table = self.table(file_type)
        if table is None:
            return []
        present = set(table.frame.columns)  # a header may have 100,000 names
        return [c for c in table.columns if c in present]

    def _values(self, file_type: str, column: str) -> list[str | None]:
        frame = self.frame(file_type)
        if frame is None or column not in frame.columns:
            return []
        return frame[column].cast(pl.String).unique().to_list()

    def _voters_by_art(self) -> dict[str, int | None]:
        """Σ B per bezirk-art over the reported rows (None where no row of the kind has B)."""
        results = self.results
        if results is None or not results.has("B"):
            return {}
        sums = (
            results.frame.filter(pl.col(ART).is_not_null())
            .group_by(ART)
            .agg(group_sum("B", complete=False).alias("B"))
        )
        return {str(art): (None if b is None else int(b)) for art, b in sums.iter_rows()}

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


def available(context: Context | SourceContext, needed: Input) -> bool:
    """True if a context has an input: an OWD package its tables and what reading its files
    recorded; a vendor source its tables as read and, where the reader recorded them, facts."""
    if isinstance(context, SourceContext):
        if needed is Input.SOURCE_FACTS:
            return context.observed is not None
        return needed in _ALWAYS_IN_SOURCE
    table = TABLE_INPUTS.get(needed)
    if table is not None:
        return context.table(table) is not None
    return needed in _ALWAYS_IN_PACKAGE


def read_tables(context: Context | SourceContext) -> list[CsvTable]:
    """Every table a context read (also unusable ones and the duplicates of a package)."""
    if isinstance(context, SourceContext):
        return list(context.tables)
    return [f.table for f in context.read_files()]


__all__ = [
    "ART",
    "BEZIRK_ART",
    "BEZIRK_NAME",
    "BEZIRK_NR",
    "CORE_LETTERS",
    "GEBIET",
    "KEPT",
    "LISTED",
    "LISTED_NAME",
    "MALFORMED",
    "NUMBERED",
    "POSTAL",
    "REPORTED",
    "STIMMZETTEL_GEBIET",
    "TIMESTAMP",
    "VALID_BALLOTS",
    "Context",
    "MissingInputError",
    "Results",
    "available",
    "column_hits",
    "is_postal",
    "is_urn",
    "option_number",
    "read_tables",
    "valid_value",
]
