"""Reading sources and checking them: the format's own rules, then every OWD rule.

Shared by validation (a vendor export among the inputs is checked like a conversion) and by
conversion and migration (which write what passed). Formats come from `formats.registry`.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wahldaten.core.findings import Severity
from wahldaten.core.model import Election, ModelError
from wahldaten.core.structure import StructureStatement, derive
from wahldaten.engine.checks import check_election, check_package, election_of, source_results
from wahldaten.engine.results import ConversionReport, Settings
from wahldaten.formats import owd, registry
from wahldaten.formats.bundeswahlleiterin.facts import WahlkreisFacts
from wahldaten.formats.registry import Kind
from wahldaten.formats.source import Meta, SourceContext, SourceError, read_meta_sources
from wahldaten.io.sniff import head
from wahldaten.io.sources import (
    CONVERSION_SUFFIXES,
    Budget,
    InputError,
    SourceFile,
    collect,
    gather,
)
from wahldaten.rules.registry import OWD, selected

if TYPE_CHECKING:
    import polars as pl

WAHLLOKALE_HEADER = "datum;ags;bezirk-nr"


def split_meta(sources: Sequence[SourceFile]) -> tuple[list[SourceFile], list[SourceFile]]:
    """Separate metadata siblings (open_data.json, wahllokale) from the data files."""
    data: list[SourceFile] = []
    meta: list[SourceFile] = []
    for source in sources:
        text = head(source)
        name = source.name.lower()
        if (
            (name.endswith(".json") and not registry.is_document(text))
            or "wahllokale" in name
            or text.lower().startswith(WAHLLOKALE_HEADER)
        ):
            meta.append(source)
        else:
            data.append(source)
    return data, meta


def detect(source: SourceFile) -> str | None:
    """The name of the source format a file is in, if any is recognised."""
    found = registry.detect(source.name, head(source))
    return None if found is None else found.name


def detect_all(sources: Sequence[SourceFile]) -> str:
    """The one format all sources are in; SourceError if one is unknown or they differ."""
    found: dict[str, list[str]] = {}
    for source in sources:
        fmt = detect(source)
        if fmt is None:
            raise registry.not_recognised(source.display, head(source))
        found.setdefault(fmt, []).append(source.display)
    if len(found) > 1:
        raise SourceError("convert.mixed_formats", formats=", ".join(sorted(found)))
    return next(iter(found))


def settings_of(
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    max_examples: int,
    fail_on: Severity | str,
    codes: Sequence[str] = (),
    *,
    final: bool | None = None,
    structure: StructureStatement | None = None,
) -> Settings:
    return Settings(
        fail_on=Severity(fail_on),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        max_examples=max_examples,
        codes=tuple(codes),
        final=final,
        structure=structure,
    )


# What a caller may give as the structure: the statement, a config table, or `--structure` text.
StructureGiven = StructureStatement | Mapping[str, Any] | str | None


def statement_of(given: StructureGiven) -> StructureStatement | None:
    """The structure statement of what a caller gave (`wahldaten.validate(structure=...)`): a
    mapping as in the settings file, text as on the command line. Raises `StatementError`
    (with the place and the reason) for one that cannot be read."""
    if given is None or isinstance(given, StructureStatement):
        return given
    if isinstance(given, str):
        return StructureStatement.from_cli(given, option="structure")
    return StructureStatement.from_mapping(given, where="structure")


def declared_status(contexts: Sequence[SourceContext]) -> str | None:
    """The counting status a source states, where its reader recorded one (the preamble of
    kerg and kerg2: "vorläufig", "endgültig"); it sets the stage unless the user states it."""
    for context in contexts:
        facts = context.facts_as(WahlkreisFacts)
        if facts is not None and facts.status is not None and facts.status.status is not None:
            return facts.status.status
    return None


def inspect_sources(
    data: Sequence[SourceFile],
    siblings: Sequence[SourceFile] = (),
    *,
    source_format: str = registry.AUTO,
    meta: Meta | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    target_format: str = OWD,
    structure: StructureStatement | None = None,
    final: bool | None = None,
    keep_errors: bool = False,
) -> tuple[ConversionReport, list[Election]]:
    """Read data files (with their metadata siblings) and check them: the report, and the
    elections that can be converted. `meta` is not changed (the siblings add to a copy).
    `structure` and `final` are what the user stated about the elections (`--structure`,
    `--final`); without `final`, a status the source states decides the stage. `keep_errors`
    keeps OWD packages with errors among the elections where their counts are integers.

    Raises SourceError for a source that cannot be read at all (unknown format, no date).
    """
    if source_format != registry.AUTO:
        registry.get(source_format)  # fails early on an unknown name
    meta = copy.deepcopy(meta) if meta is not None else Meta()
    read_meta_sources(list(siblings), meta)
    fmt = registry.get(detect_all(data) if source_format == registry.AUTO else source_format)
    owd_rules = selected(select, ignore, source_format=OWD)
    report = ConversionReport(
        source_format=fmt.name,
        target_format=target_format,
        detected=fmt.title,
        settings=settings_of(
            select, ignore, max_examples, fail_on, final=final, structure=structure
        ),
    )
    checked: list[Election] = []
    if fmt.kind is Kind.PACKAGE:
        packages, others = owd.read_packages(data)
        if others:
            raise SourceError(
                "convert.unknown_format",
                path=others[0].display,
                formats=", ".join(registry.names()),
            )
        for package in packages:
            package_report = check_package(
                package, owd_rules, max_examples, statement=structure, final=final
            )
            report.packages.append(package_report)
            if not any(r.severity is Severity.ERROR for r in package_report.results):
                checked.append(election_of(package))
            elif keep_errors:
                with contextlib.suppress(ModelError):  # not integers: cannot be converted
                    checked.append(election_of(package))
        report.detected = f"{report.detected} ({len(packages)})"
    else:
        assert fmt.read is not None  # every format but OWD packages has a reader
        reading = fmt.read(list(data), meta)
        report.detected = reading.detected
        status = declared_status(reading.contexts)
        if fmt.kind is Kind.VENDOR:
            own = [r for r in selected(select, ignore) if r.applies_to(fmt.name)]
            own = [r for r in own if OWD not in r.formats]
            stage = final if final is not None else _final_status(status)
            report.source_results = source_results(reading.contexts, own, max_examples, stage)
        # Documents have no source lines: their findings point to the tables as written.
        provenance: list[tuple[str | None, pl.Series | None]] = [*reading.provenance] or [
            (None, None)
        ] * len(reading.elections)
        for election, (display, lines) in zip(reading.elections, provenance, strict=True):
            report.packages.append(
                check_election(
                    election,
                    display,
                    lines,
                    owd_rules,
                    max_examples,
                    statement=structure,
                    final=final,
                    status=status,
                )
            )
            checked.append(election)
    report.totals = [e.totals() for e in checked]
    return report, checked


def inspect_inputs(
    inputs: Sequence[str | Path],
    *,
    source_format: str = registry.AUTO,
    meta: Meta | None = None,
    meta_files: Sequence[str | Path] = (),
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    target_format: str = OWD,
    budget: Budget | None = None,
    structure: StructureStatement | None = None,
    final: bool | None = None,
    keep_errors: bool = False,
) -> tuple[ConversionReport, list[Election]]:
    """`inspect_sources` for files, folders and zips as given (see `wahldaten.inspect`); every
    file read, metadata files too, counts against `budget` (the default limits without one)."""
    budget = budget if budget is not None else Budget()
    found = gather(inputs, suffixes=CONVERSION_SUFFIXES, budget=budget)
    data, siblings = split_meta(found.files)
    if not data:
        if found.skipped and not found.files:  # nothing but what could not be read: why not
            raise InputError(found.skipped[0].key, **found.skipped[0].params)
        raise SourceError("convert.no_data", count=len(found.files))
    given = Meta() if meta is None else meta
    read_meta_sources(collect([Path(p) for p in meta_files], budget=budget), given)
    report, elections = inspect_sources(
        data,
        siblings,
        source_format=source_format,
        meta=given,
        select=select,
        ignore=ignore,
        max_examples=max_examples,
        fail_on=fail_on,
        target_format=target_format,
        structure=structure,
        final=final,
        keep_errors=keep_errors,
    )
    report.skipped = found.skipped
    return report, elections


def _final_status(status: str | None) -> bool:
    """Whether a source's own status makes its findings those of a final result; the same
    reading as the structure's stage (`derive`), so that source and package agree."""
    return derive((), status=status).final


def siblings_of(source: SourceFile, meta: Sequence[SourceFile]) -> list[SourceFile]:
    """The metadata files in the same folder (or zip folder) as a data file."""
    return [m for m in meta if Path(m.display).parent == Path(source.display).parent]
