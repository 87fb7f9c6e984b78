"""Migrations between versions of the standard, one registered function per adjacent pair.

A migration takes the tables of a package (file type → polars frame) and returns them in the
target version, or the tables and its notes (what it derived or could not carry: a catalog key,
file type, column and number of rows); it is the only place that changes a package's version. Adding a version
means: a folder in `standard/`, a changelog entry and a migration here to and (where lossless)
from its predecessor. `wahldaten migrate` and `convert --version` go through `migrate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wahldaten.core import migration_v04, standard
from wahldaten.core.codes import Code
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import VERSION

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

Tables = Mapping[str, "pl.DataFrame"]
# (catalog key, file type, column, rows): what a step derived or could not carry
NoteTuple = tuple[str, str, str, int]
Migration = Callable[
    [Tables], "dict[str, pl.DataFrame] | tuple[dict[str, pl.DataFrame], list[NoteTuple]]"
]


@dataclass(frozen=True)
class MigrationNote:
    """What a migration could not derive (`migration.not_derived`) or could not carry into
    the target version (`migration.lost`): a catalog key, where, and how many rows."""

    key: str
    source: str
    target: str
    file_type: str
    column: str
    rows: int

    @property
    def params(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "file_type": self.file_type,
            "column": self.column,
            "rows": self.rows,
        }


_MIGRATIONS: dict[tuple[str, str], Migration] = {}
# Values a target version cannot hold are reported under this code, one finding per column:
# never silently dropped. (Counts are never among them.)
NOT_CARRIED = Code.K09
LOST = migration_v04.LOST
NOT_DERIVED = migration_v04.NOT_DERIVED


class MigrationError(ValueError):
    """No chain of migrations leads from one version to the other; carries a catalog key."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


def migration(source: str, target: str) -> Callable[[Migration], Migration]:
    """Register a function as the migration from one version to the next (or previous) one."""

    def register(function: Migration) -> Migration:
        _MIGRATIONS[(source, target)] = function
        return function

    return register


def unregister(source: str, target: str) -> None:
    """Remove a registered migration (for tests that register a toy version)."""
    _MIGRATIONS.pop((source, target), None)


def set_version(tables: Tables, version: str) -> dict[str, pl.DataFrame]:
    """The tables with their `version` column set: the step every migration takes."""
    return {
        file_type: frame.with_columns(pl.lit(version).alias(VERSION))
        if VERSION in frame.columns
        else frame
        for file_type, frame in tables.items()
    }


@migration("0.2", "0.3")
def _v02_to_v03(tables: Tables) -> dict[str, pl.DataFrame]:
    """The columns of 0.2 and 0.3 are the same (B1 and B2 occur in both); only `version` changes."""
    return set_version(tables, "0.3")


@migration("0.3", "0.2")
def _v03_to_v02(tables: Tables) -> dict[str, pl.DataFrame]:
    """Lossless: 0.2 can carry everything 0.3 can, including the extension BRIEFWAHLBEZIRK-NR."""
    return set_version(tables, "0.2")


@migration("0.3", "0.4")
def _v03_to_v04(tables: Tables) -> tuple[dict[str, pl.DataFrame], list[NoteTuple]]:
    """Lossless; derives the postal link, the structure, empty Bezirke and candidacy ids."""
    tables, notes = migration_v04.up(tables)
    return set_version(tables, "0.4"), notes


@migration("0.4", "0.3")
def _v04_to_v03(tables: Tables) -> tuple[dict[str, pl.DataFrame], list[NoteTuple]]:
    """Every count kept; the statuses, the structure and the candidacy ids are noted as lost."""
    tables, notes = migration_v04.down(tables)
    return set_version(tables, "0.3"), notes


def path(source: str, target: str) -> list[tuple[str, str]]:
    """The chain of adjacent migrations from source to target (empty if they are the same)."""
    known = standard.versions()
    for version in (source, target):
        if version not in known:
            raise MigrationError("input.unknown_version", version=version, known=", ".join(known))
    i, j = known.index(source), known.index(target)
    step = 1 if j >= i else -1
    chain = [(known[k], known[k + step]) for k in range(i, j, step)]
    for pair in chain:
        if pair not in _MIGRATIONS:
            raise MigrationError("convert.no_migration", source=pair[0], target=pair[1])
    return chain


def migrate_noted(
    tables: Tables, source: str, target: str
) -> tuple[dict[str, pl.DataFrame], list[MigrationNote]]:
    """The tables of version `source` migrated to `target`, step by step, with every step's
    notes."""
    result = dict(tables)
    notes: list[MigrationNote] = []
    for pair in path(source, target):
        step = _MIGRATIONS[pair](result)
        if isinstance(step, tuple):
            result, found = step
            notes += [
                MigrationNote(key, pair[0], pair[1], file_type, column, rows)
                for key, file_type, column, rows in found
            ]
        else:
            result = step
    return result, notes


def migrate(tables: Tables, source: str, target: str) -> dict[str, pl.DataFrame]:
    """The tables of version `source` migrated to `target`, step by step."""
    return migrate_noted(tables, source, target)[0]


def registered() -> set[tuple[str, str]]:
    return set(_MIGRATIONS)
