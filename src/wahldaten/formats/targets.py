"""The conversion targets: the one list of what `convert --to` can write, and their writers.

A `TargetFormat` names a target, its title, the file suffix that chooses it by the output's
name (None: only by `--to`), whether it is a folder, and its writer, which writes one or more
elections to one output (several elections: one sub-folder or document per election, or one
table with all of them). The writers' modules are loaded when a target is first written, so
that the command line lists the targets without loading them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core.lazy import LazyModule
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.errors import SourceError

if TYPE_CHECKING:
    import polars as pl

    from wahldaten.formats import datapackage, owd, owd_json, parquet_dataset, tidy, votemanager
else:
    pl = _pl
    owd = LazyModule("wahldaten.formats.owd")
    owd_json = LazyModule("wahldaten.formats.owd_json")
    tidy = LazyModule("wahldaten.formats.tidy")
    votemanager = LazyModule("wahldaten.formats.votemanager")
    datapackage = LazyModule("wahldaten.formats.datapackage")
    parquet_dataset = LazyModule("wahldaten.formats.parquet_dataset")

OWD = "owd"
OWD_JSON = "owd-json"
TIDY_CSV = "tidy-csv"
PARQUET = "parquet"
VOTEMANAGER = "votemanager"
DATAPACKAGE = "datapackage"
PARQUET_DATASET = "parquet-dataset"

# (elections, output, stamp of OWD file names) → the paths written
Writer = Callable[[Sequence[Election], Path, "str | None"], list[Path]]


class UnknownTargetError(SourceError):
    """An output name whose suffix chooses no target (`-o x.xlsx`), or an unknown target."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, **params)


class SeveralElectionsError(SourceError):
    """Several elections for an output that holds one (`-o x.json`)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, **params)


@dataclass(frozen=True)
class TargetFormat:
    name: str
    title: str
    suffix: str | None  # the output name's suffix that chooses this target
    folder: bool  # written into a folder (else one file)
    write: Writer
    # A file of this suffix holds one election only (an OWD JSON document): several elections
    # need an output name without it, which becomes a folder of one file per election.
    single: bool = False


def folder_name(election: Election) -> str:
    """The sub-folder (or document stem) of one election among several: gs_yyyymmdd_name."""
    day, month, year = [*election.wahl_datum.split("."), "", "", ""][:3]
    return f"{election.gs}_{year}{month}{day}_{owd.file_stem(election.wahl_name)}"


def folder_names(elections: Sequence[Election]) -> list[str]:
    """`folder_name` of each election, made unique: two elections of the same authority, date
    and name (one Land read from two files) get `-2`, `-3`, so that neither overwrites the
    other."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for election in elections:
        name = folder_name(election)
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return names


def _per_election(
    write_one: Callable[[Election, Path, str | None], list[Path]],
) -> Writer:
    def write(elections: Sequence[Election], output: Path, stamp: str | None) -> list[Path]:
        if len(elections) == 1:
            return write_one(elections[0], output, stamp)
        written: list[Path] = []
        for election, name in zip(elections, folder_names(elections), strict=True):
            written += write_one(election, output / name, stamp)
        return written

    return write


def _write_owd(election: Election, folder: Path, stamp: str | None) -> list[Path]:
    return owd.write_package(election, folder, stamp=stamp)


def _write_datapackage(election: Election, folder: Path, stamp: str | None) -> list[Path]:
    return datapackage.write(election, folder, stamp)


def _write_parquet_dataset(
    elections: Sequence[Election], output: Path, stamp: str | None
) -> list[Path]:
    return parquet_dataset.write(elections, output, stamp)


def _write_votemanager(election: Election, folder: Path, stamp: str | None) -> list[Path]:
    return votemanager.write(election, folder)


def _write_documents(elections: Sequence[Election], output: Path, stamp: str | None) -> list[Path]:
    if len(elections) == 1:
        owd_json.write_document(elections[0], output)
        return [output]
    output.mkdir(parents=True)
    written = []
    for election, name in zip(elections, folder_names(elections), strict=True):
        path = output / f"{name}.json"
        owd_json.write_document(election, path)
        written.append(path)
    return written


def _tidy(elections: Sequence[Election], output: Path) -> pl.DataFrame:
    output.parent.mkdir(parents=True, exist_ok=True)
    return pl.concat([tidy.to_tidy(e) for e in elections], how="vertical_relaxed")


def _write_tidy_csv(elections: Sequence[Election], output: Path, stamp: str | None) -> list[Path]:
    tidy.write_frame_csv(_tidy(elections, output), output)
    return [output]


def _write_parquet(elections: Sequence[Election], output: Path, stamp: str | None) -> list[Path]:
    _tidy(elections, output).write_parquet(output, compression="zstd", statistics=True)
    return [output]


_TARGETS = {
    t.name: t
    for t in (
        TargetFormat(OWD, "Offene Wahldaten (OWD) CSV", "", True, _per_election(_write_owd)),
        TargetFormat(
            OWD_JSON, "OWD als JSON-Dokument", ".json", False, _write_documents, single=True
        ),
        TargetFormat(TIDY_CSV, "Tidy-Tabelle (CSV)", ".csv", False, _write_tidy_csv),
        TargetFormat(PARQUET, "Tidy-Tabelle (Parquet)", ".parquet", False, _write_parquet),
        TargetFormat(
            VOTEMANAGER,
            "votemanager Open-Data-CSV",
            None,
            True,
            _per_election(_write_votemanager),
        ),
        TargetFormat(
            DATAPACKAGE,
            "Frictionless Data Package mit DCAT-AP.de",
            None,
            True,
            _per_election(_write_datapackage),
        ),
        TargetFormat(
            PARQUET_DATASET,
            "Parquet-Datensatz, partitioniert (Hive)",
            None,
            True,
            _write_parquet_dataset,
        ),
    )
}


def refined(target: TargetFormat, output: str | Path) -> TargetFormat:
    """`--to parquet -o FOLDER` (a name without `.parquet`) writes the partitioned dataset,
    which polars and DuckDB scan as one table; `-o x.parquet` one file."""
    if target.name == PARQUET and Path(output).suffix.lower() != ".parquet":
        return _TARGETS[PARQUET_DATASET]
    return target


def names() -> tuple[str, ...]:
    """Every target's name: the choices of `convert --to`."""
    return tuple(_TARGETS)


def all_targets() -> list[TargetFormat]:
    return list(_TARGETS.values())


def get(name: str) -> TargetFormat:
    """The target of this name; raises UnknownTargetError (convert.unknown_target_format)."""
    try:
        return _TARGETS[name]
    except KeyError:
        raise UnknownTargetError(
            "convert.unknown_target_format", value=name, formats=", ".join(_TARGETS)
        ) from None


def for_output(output: str | Path) -> TargetFormat:
    """The target an output name implies: `x.json`, `x.csv`, `x.parquet`; a name without a
    suffix, or an existing folder, is an OWD package. Any other suffix (`x.xlsx`) raises
    UnknownTargetError (convert.unknown_target_suffix) naming the targets."""
    path = Path(output)
    suffix = path.suffix.lower()
    if path.is_dir():
        return _TARGETS[OWD]
    for target in _TARGETS.values():
        if target.suffix == suffix:
            return target
    suffixes = ", ".join(f"{t.suffix} ({t.name})" for t in _TARGETS.values() if t.suffix)
    raise UnknownTargetError(
        "convert.unknown_target_suffix",
        path=str(path),
        suffix=suffix,
        suffixes=suffixes,
        targets=", ".join(_TARGETS),
    )


def check_output_name(target: TargetFormat, output: str | Path) -> None:
    """UnknownTargetError (convert.target_suffix_mismatch) for an output name whose suffix
    chooses another target (`--to owd -o x.json`): it would be a folder named `x.json`, or a
    Parquet file named `x.csv`. An existing folder is kept as it is named."""
    path = Path(output)
    suffix = path.suffix.lower()
    if path.is_dir() and target.folder:
        return
    chosen = next((t for t in _TARGETS.values() if t.suffix and t.suffix == suffix), None)
    if chosen is not None and chosen.name != target.name:
        raise UnknownTargetError(
            "convert.target_suffix_mismatch",
            path=str(path),
            suffix=suffix,
            target=target.name,
            chosen=chosen.name,
        )


def check_elections_fit(
    target: TargetFormat, output: str | Path, elections: Sequence[Election]
) -> None:
    """SeveralElectionsError (convert.several_elections) when several elections would go into
    one file that holds one (`-o x.json`); names the elections and the folder to give instead."""
    path = Path(output)
    if not target.single or len(elections) < 2 or path.suffix.lower() != target.suffix:
        return
    raise SeveralElectionsError(
        "convert.several_elections",
        path=str(path),
        count=len(elections),
        elections="; ".join(_described(e) for e in elections),
        folder=str(path.with_suffix("")),
        target=target.name,
    )


def _described(election: Election) -> str:
    return f"{election.wahl_name} {election.wahl_datum} {election.gs}".strip()


def target_for(output: str | Path) -> str:
    """The name of the target an output name implies (see `for_output`)."""
    return for_output(output).name
