"""Migrations between versions of the standard, one registered function per adjacent pair.

A migration takes the five tables of a package (file type → polars frame of text columns) and
returns them in the target version. Adding a version means: a folder in `standard/`, a
changelog entry and a migration to and (where lossless) from its predecessor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from wahldaten.core import standard
from wahldaten.core.lazy import polars as _pl

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

Tables = Mapping[str, "pl.DataFrame"]
Migration = Callable[[Tables], dict[str, "pl.DataFrame"]]

_MIGRATIONS: dict[tuple[str, str], Migration] = {}


class MigrationError(ValueError):
    """No chain of migrations leads from one version to the other."""


def migration(source: str, target: str) -> Callable[[Migration], Migration]:
    def register(function: Migration) -> Migration:
        _MIGRATIONS[(source, target)] = function
        return function

    return register


def _set_version(tables: Tables, version: str) -> dict[str, pl.DataFrame]:
    return {
        file_type: frame.with_columns(pl.lit(version).alias("version"))
        if "version" in frame.columns
        else frame
        for file_type, frame in tables.items()
    }


@migration("0.2", "0.3")
def _v02_to_v03(tables: Tables) -> dict[str, pl.DataFrame]:
    """The columns of 0.2 and 0.3 are the same (B1 and B2 occur in both); only `version` changes."""
    return _set_version(tables, "0.3")


@migration("0.3", "0.2")
def _v03_to_v02(tables: Tables) -> dict[str, pl.DataFrame]:
    """Lossless: 0.2 can carry everything 0.3 can, including the extension BRIEFWAHLBEZIRK-NR."""
    return _set_version(tables, "0.2")


def path(source: str, target: str) -> list[tuple[str, str]]:
    """The chain of adjacent migrations from source to target."""
    known = standard.versions()
    if source not in known or target not in known:
        raise MigrationError(f"unknown version: {source if source not in known else target}")
    i, j = known.index(source), known.index(target)
    step = 1 if j >= i else -1
    chain = [(known[k], known[k + step]) for k in range(i, j, step)]
    for pair in chain:
        if pair not in _MIGRATIONS:
            raise MigrationError(f"no migration from {pair[0]} to {pair[1]}")
    return chain


def migrate(tables: Tables, source: str, target: str) -> dict[str, pl.DataFrame]:
    result = dict(tables)
    for pair in path(source, target):
        result = _MIGRATIONS[pair](result)
    return result


def registered() -> set[tuple[str, str]]:
    return set(_MIGRATIONS)
