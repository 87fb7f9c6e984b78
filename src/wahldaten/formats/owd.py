"""The OWD format: recognising its five file types and assembling them into packages.

A package is one election in up to five files. Files are recognised by the OWD file-name
convention and, where names are odd, by their header; they are grouped by their content
(date and name of the election, then the authority), because timestamps in file names are
unreliable. Several elections in one folder become several packages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.core import standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import (
    DATUM,
    FILE_TYPES,
    GS,
    KANDIDATEN,
    NAME,
    STIMMZETTEL,
    VERSION,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.io.csvtable import LINE_COLUMN, CsvTable, read_csv_table
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl

    from wahldaten.core.model import Election
else:
    pl = _pl

# A column that only this file type has, to recognise files whose names are odd.
SIGNATURE = {
    WAHLPARAMETER: "wahl-bezeichnung",
    WAHLGEBIETSEINTEILUNGEN: "bezirk-art",
    STIMMZETTEL: "stimmzettel-position",
    KANDIDATEN: "kandidat-name",
    WAHLERGEBNISSE: "zeitstempel-erfassung",
}
HEADER_SEARCH_LINES = 20


@dataclass(frozen=True)
class NameInfo:
    """What an OWD file name says, following the observed convention."""

    gs: str
    datum: str
    name: str
    file_type: str
    version: str
    zeitstempel: str


def parse_file_name(file_name: str) -> NameInfo | None:
    pattern = standard.load(standard.latest()).file_name_pattern
    match = pattern.search(file_name)
    if match is None:
        return None
    datum = match["datum"]
    if re.fullmatch(r"[0-9]{8}", datum):
        datum = f"{datum[6:8]}.{datum[4:6]}.{datum[0:4]}"
    return NameInfo(
        gs=match["gs"],
        datum=datum,
        name=match["name"],
        file_type=match["typ"],
        version=f"{int(match['major'])}.{int(match['minor'])}",
        zeitstempel=match["zeitstempel"],
    )


def _header_fields(line: str) -> set[str]:
    return {f.strip().strip('"').lower() for f in line.split(";")}


def _type_from_header(fields: set[str]) -> str | None:
    for file_type, column in SIGNATURE.items():
        if column in fields:
            return file_type
    return None


def _find_header(data: bytes) -> tuple[int, str | None]:
    """Index of the header line among the first lines, and the file type it shows."""
    head = data[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    # Lines as read_csv_table counts them: splitlines() would also split at \r, \f, U+2028 ….
    for index, line in enumerate(head.split("\n")[:HEADER_SEARCH_LINES]):
        fields = _header_fields(line)
        if GS in fields and (NAME in fields or VERSION in fields):
            return index, _type_from_header(fields)
    return 0, None


@dataclass
class OwdFile:
    """One file of a package, read, with what the reader saw about it: whether it is a CSV
    file of its own (`csv_file`; not a part of a JSON document or a table in memory), what its
    name says (`name_info`, None if the name does not follow the convention), the type its
    header shows (`header_type`, None if it shows none) and the lines before its header."""

    source: SourceFile
    file_type: str
    table: CsvTable
    name_info: NameInfo | None
    header_type: str | None = None
    lines_before_header: int = 0
    csv_file: bool = False

    @property
    def display(self) -> str:
        return self.source.display

    def first(self, column: str) -> str | None:
        frame = self.table.frame
        if column not in frame.columns or frame.height == 0:
            return None
        value = frame[column][0]
        return None if value is None else str(value)


@dataclass
class Package:
    """One election's files, the version they declare and the version they are checked by
    (the newest known one where the declared one is unknown), and the files of a type that
    was there already (`duplicates`, not checked)."""

    files: dict[str, OwdFile]
    declared_version: str | None
    version: str
    duplicates: list[OwdFile] = field(default_factory=list)

    def table(self, file_type: str) -> CsvTable | None:
        owd_file = self.files.get(file_type)
        if owd_file is None or not owd_file.table.usable:
            return None
        return owd_file.table

    def identity(self) -> dict[str, str | None]:
        """wahl-name, wahl-datum and wahl-behoerde-gs, from the first file that has them."""
        order = [WAHLPARAMETER, *[t for t in FILE_TYPES if t != WAHLPARAMETER]]
        result: dict[str, str | None] = {NAME: None, DATUM: None, GS: None}
        for file_type in order:
            owd_file = self.files.get(file_type)
            if owd_file is None:
                continue
            for column in result:
                if result[column] is None:
                    result[column] = owd_file.first(column)
        for owd_file in self.files.values():
            info = owd_file.name_info
            if info is not None:
                result[NAME] = result[NAME] or info.name
                result[DATUM] = result[DATUM] or info.datum
                result[GS] = result[GS] or info.gs
        return result


def read_file(source: SourceFile) -> OwdFile | None:
    """Read a file if it is an OWD file (by name or header); None if it is something else."""
    name_info = parse_file_name(source.name)
    data = source.read()
    header_index, header_type = _find_header(data)
    if name_info is None and header_type is None:
        return None
    file_type = header_type or (name_info.file_type if name_info else None)
    if file_type is None:
        return None
    # Counts are parsed as integers right away where that loses nothing (the columns are the
    # same in every version of the standard).
    counts = standard.load(standard.latest()).files[WAHLERGEBNISSE].is_count
    table = read_csv_table(
        data,
        source.display,
        skip_lines=header_index,
        integer=counts if file_type == WAHLERGEBNISSE else None,
    )
    return OwdFile(
        source=source,
        file_type=file_type,
        table=table,
        name_info=name_info,
        header_type=header_type,
        lines_before_header=header_index,
        csv_file=True,
    )


def _grouping_text(text: str | None) -> str:
    """Election names compared loosely for grouping.

    File names replace spaces and quotes and often spell umlauts out (`Buergerentscheid` for
    `Bürgerentscheid`); both spellings must reach the same key.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    letters = re.sub(r"[^0-9a-z]", "", folded)
    return re.sub(r"([aou])e", r"\1", letters)


def _content_or_name(owd_file: OwdFile, column: str) -> str | None:
    value = owd_file.first(column)
    if value is not None:
        return value
    info = owd_file.name_info
    if info is None:
        return None
    return {GS: info.gs, DATUM: info.datum, NAME: info.name}.get(column)


def _authority(owd_file: OwdFile) -> str:
    if owd_file.name_info is not None:
        return owd_file.name_info.gs
    return _content_or_name(owd_file, GS) or ""


def _declared_version(files: dict[str, OwdFile]) -> str | None:
    ordered = [files[t] for t in (WAHLPARAMETER, *FILE_TYPES) if t in files]
    for owd_file in ordered:
        value = owd_file.first(VERSION)
        if value:
            return value
    for owd_file in ordered:
        if owd_file.name_info is not None:
            return owd_file.name_info.version
    return None


def make_package(members: list[OwdFile], declared: str | None = None) -> Package:
    """Files of one election as a package; `declared` overrides the version the files declare
    (an OWD JSON document declares it once, at its top)."""
    files: dict[str, OwdFile] = {}
    duplicates: list[OwdFile] = []
    for owd_file in sorted(members, key=lambda f: f.display):
        if owd_file.file_type in files:
            duplicates.append(owd_file)
        else:
            files[owd_file.file_type] = owd_file
    declared = declared or _declared_version(files)
    known = standard.versions()
    version = declared if declared in known else standard.latest()
    return Package(files=files, declared_version=declared, version=version, duplicates=duplicates)


def group(files: Iterable[OwdFile]) -> list[Package]:
    """Group files into packages: by election date and name, then by authority if needed."""
    by_election: dict[tuple[str, str], list[OwdFile]] = defaultdict(list)
    for owd_file in files:
        key = (
            _content_or_name(owd_file, DATUM) or "",
            _grouping_text(_content_or_name(owd_file, NAME)),
        )
        by_election[key].append(owd_file)
    packages: list[Package] = []
    for members in by_election.values():
        types = [m.file_type for m in members]
        if len(types) == len(set(types)):
            packages.append(make_package(members))
            continue
        by_authority: dict[str, list[OwdFile]] = defaultdict(list)
        for member in members:
            by_authority[_authority(member)].append(member)
        packages.extend(make_package(group) for group in by_authority.values())
    return sorted(
        packages, key=lambda p: min(f.display for f in p.files.values()) if p.files else ""
    )


def read_packages(sources: Iterable[SourceFile]) -> tuple[list[Package], list[SourceFile]]:
    """OWD packages found among the sources, and the sources that are not OWD files."""
    owd_files: list[OwdFile] = []
    others: list[SourceFile] = []
    for source in sources:
        owd_file = read_file(source)
        if owd_file is None:
            others.append(source)
        else:
            owd_files.append(owd_file)
    return group(owd_files), others


def frame_of(package: Package, file_type: str) -> pl.DataFrame | None:
    table = package.table(file_type)
    return None if table is None else table.frame


# --- writing --------------------------------------------------------------------------------

_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*„“”‚‘’\x00-\x1f]')


def file_stem(text: str) -> str:
    """An election name as the OWD file-name convention writes it (2020 style: spaces → -)."""
    cleaned = _UNSAFE_IN_NAMES.sub("", text.replace("/", "-")).strip()
    return re.sub(r"\s+", "-", cleaned) or "Wahl"


def file_name(gs: str, datum: str, wahl_name: str, file_type: str, version: str, stamp: str) -> str:
    day, month, year = [*datum.split("."), "", "", ""][:3]
    major, minor = version.split(".")
    return (
        f"{gs}_{year}{month}{day}_{file_stem(wahl_name)}_{file_type}_V{major}-{minor}_{stamp}.csv"
    )


def write_package(
    election: Election, folder: Path, *, version: str | None = None, stamp: str | None = None
) -> list[Path]:
    """Write an election as OWD CSV files into a folder (created if needed); returns the paths.

    `stamp` is the export time in the file names (`YYYYMMDDTHHMMSS`, default: now, UTC).
    """
    target = version or election.version
    if target != election.version:
        election = election.with_version(target)
    chosen_stamp = stamp or datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for file_type, frame in election.text_tables().items():
        path = folder / file_name(
            election.gs, election.wahl_datum, election.wahl_name, file_type, target, chosen_stamp
        )
        frame.write_csv(
            path, separator=";", quote_style="necessary", null_value="", line_terminator="\n"
        )
        written.append(path)
    return written


def package_of(
    election: Election,
    displays: dict[str, str] | None = None,
    lines: dict[str, pl.Series | None] | None = None,
) -> Package:
    """An in-memory package of an election, for validating it before anything is written.

    `displays` and `lines` say where each table's rows come from in the source, so that
    findings point to the source file and line; without them, lines are as if written.
    """
    files: dict[str, OwdFile] = {}
    # Counts stay integers, as the CSV reader gives plain ones: the rules take both.
    for file_type, frame in election.tables.items():
        display = (displays or {}).get(file_type, file_type)
        source_lines = (lines or {}).get(file_type)
        if source_lines is None or source_lines.len() != frame.height:
            source_lines = pl.int_range(2, frame.height + 2, dtype=pl.UInt32, eager=True)
        table = CsvTable(
            display=display,
            # Not insert_column: it would change the election's own table in place.
            frame=pl.concat(
                [source_lines.cast(pl.UInt32).alias(LINE_COLUMN).to_frame(), frame],
                how="horizontal",
            ),
            header=list(frame.columns),
        )
        source = SourceFile(display=display, name=display, size=0, read=lambda: b"")
        files[file_type] = OwdFile(source=source, file_type=file_type, table=table, name_info=None)
    return Package(files=files, declared_version=election.version, version=election.version)
