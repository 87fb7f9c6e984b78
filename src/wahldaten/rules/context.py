"""What a rule sees: the package's tables, the schema of its version and shared derived frames.

Derived frames (results as integers, Bezirk types joined in) are computed once per package
and shared by all rules that read them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wahldaten import standard
from wahldaten._lazy import polars as _pl
from wahldaten.csvtable import LINE_COLUMN, CsvTable
from wahldaten.findings import RowFindings, Yielded, row_findings
from wahldaten.formats.owd import (
    GS,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
    OwdFile,
    Package,
)

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

BEZIRK_NR = "bezirk-nr"
BEZIRK_ART = "bezirk-art"
STIMMZETTEL_GEBIET = "stimmzettel-gebiet-nr"
POSTAL = "B"
# Internal columns of the results frame.
ART = "__art"
GEBIET = "__gebiet"
REPORTED = "__gemeldet"
MALFORMED = "__fehlerhaft"

CORE_LETTERS = ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F")
NUMBERED = re.compile(r"^([DF])([1-9][0-9]*)$")
# Extensions for elections with several votes per ballot (see standard/*/package.json).
VALID_BALLOTS = "GUELTIGE-STIMMZETTEL"
CANDIDATE = re.compile(r"^([DF])([1-9][0-9]*)_([1-9][0-9]*)$")
LIST_ONLY = re.compile(r"^D([1-9][0-9]*)_liste$")


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
        count_check = self.file_spec(WAHLERGEBNISSE).columns["A"]
        pattern = count_check.pattern or r"^[0-9]+$"
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

        def as_int(source: str, name: str) -> pl.Expr:
            value = pl.col(source)
            return (
                pl.when(value.str.contains(pattern))
                .then(value.cast(pl.Int64, strict=False))
                .alias(name)
            )

        sources = {name: (b1_source if name == "B1" else name) for name in letters}
        counts = [as_int(str(sources[c]), c) for c in letters] + [
            as_int(c, c) for c in (*d_columns, *f_columns, *extension_columns)
        ]
        keep = [pl.col(LINE_COLUMN)] + [pl.col(c) for c in (GS, BEZIRK_NR) if c in frame.columns]
        raw = [str(sources[c]) for c in letters] + [*d_columns, *f_columns, *extension_columns]
        # Reported = some count cell is filled; malformed = a filled cell is not a count (T05).
        # Rules skip malformed rows instead of reading the bad cell as empty or as a number.
        reported = (
            pl.any_horizontal([pl.col(c).is_not_null() for c in raw]) if raw else pl.lit(False)
        )
        malformed = (
            pl.any_horizontal(
                [pl.col(c).is_not_null() & ~pl.col(c).str.contains(pattern) for c in raw]
            )
            if raw
            else pl.lit(False)
        )
        result = frame.select(
            [*keep, *counts, reported.alias(REPORTED), malformed.alias(MALFORMED)]
        )
        result = self._with_bezirk_facts(result)
        return Results(
            display=table.display,
            frame=result,
            letters=tuple(letters),
            b1_source=b1_source,
            d_columns=d_columns,
            f_columns=f_columns,
            extension_columns=extension_columns,
        )

    def _with_bezirk_facts(self, result: pl.DataFrame) -> pl.DataFrame:
        """Join the Bezirk type and ballot area from Wahlgebietseinteilungen onto results."""
        gebiete = self.frame(WAHLGEBIETSEINTEILUNGEN)
        key = [c for c in self.bezirk_key if c in result.columns]
        if gebiete is None or not key or any(c not in gebiete.columns for c in key):
            return result.with_columns(
                pl.lit(None, dtype=pl.String).alias(ART), pl.lit("").alias(GEBIET)
            )
        facts = gebiete.select(
            *[pl.col(c) for c in key],
            (
                pl.col(BEZIRK_ART)
                if BEZIRK_ART in gebiete.columns
                else pl.lit(None, dtype=pl.String)
            ).alias(ART),
            (
                pl.col(STIMMZETTEL_GEBIET).fill_null("")
                if STIMMZETTEL_GEBIET in gebiete.columns
                else pl.lit("")
            ).alias(GEBIET),
        ).unique(subset=key, keep="first")
        return result.join(facts, on=key, how="left", nulls_equal=True, maintain_order="left")

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
