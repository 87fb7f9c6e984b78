"""Conversion as a library call: vendor exports or OWD in, OWD or analysis formats out.

All or nothing: the sources are read and checked (the format's own rules, then every OWD rule
on the converted election, with findings located in the source files); only if no finding is
an error is anything written, first into a temporary folder, where written OWD is validated
again, and then moved into place.
"""

from __future__ import annotations

import importlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from wahldaten.api.validation import run_rules, summarize, validate
from wahldaten.core import standard
from wahldaten.core.findings import Severity, Yielded, count_of, first_findings
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import WAHLERGEBNISSE, WAHLGEBIETSEINTEILUNGEN, Election, ModelError
from wahldaten.engine.results import CodeResult, PackageReport, Report, Settings
from wahldaten.formats import owd
from wahldaten.formats.source import (
    Meta,
    Reading,
    SourceContext,
    SourceError,
    read_meta_files,
    read_meta_sources,
)
from wahldaten.io.sources import CONVERSION_SUFFIXES, SourceFile, collect
from wahldaten.rules.registry import OWD, Rule, selected

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# Source formats with a reader module in wahldaten.formats (besides OWD itself).
VENDOR_FORMATS = ("votemanager", "akdb", "kerg2", "kerg", "wbz")
OWD_JSON = "owd-json"
WAHLLOKALE_HEADER = "datum;ags;bezirk-nr"
SOURCE_FORMATS = ("auto", OWD, OWD_JSON, *VENDOR_FORMATS)
TARGET_FORMATS = (OWD, OWD_JSON, "tidy-csv", "parquet", "votemanager")
# The target a file name asks for; anything else (a folder) is an OWD package.
TARGET_BY_SUFFIX = {".parquet": "parquet", ".json": OWD_JSON, ".csv": "tidy-csv"}


def target_for(output: str | Path) -> str:
    """The target format an output name implies: `x.parquet`, `x.json`, `x.csv`, else OWD."""
    return TARGET_BY_SUFFIX.get(Path(output).suffix.lower(), OWD)


def vendor_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"wahldaten.formats.{name}")
    except ModuleNotFoundError:
        return None


def format_titles() -> dict[str, str]:
    titles = {OWD: "Offene Wahldaten (OWD) CSV", OWD_JSON: "OWD als JSON-Dokument"}
    for name in VENDOR_FORMATS:
        module = vendor_module(name)
        if module is not None:
            titles[name] = str(module.TITLE)
    return titles


@dataclass
class ConversionReport:
    """What a conversion read, found and wrote."""

    source_format: str
    target_format: str
    detected: str
    settings: Settings
    source_results: list[CodeResult] = field(default_factory=list)
    packages: list[PackageReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    output_check: Report | None = None
    totals: list[dict[str, int | None]] = field(default_factory=list)

    def all_results(self) -> list[CodeResult]:
        return [*self.source_results, *(r for p in self.packages for r in p.results)]

    @property
    def failed(self) -> bool:
        threshold = self.settings.fail_on.rank
        if any(r.severity.rank >= threshold for r in self.all_results()):
            return True
        return self.output_check is not None and self.output_check.failed

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


# --- detecting the format ----------------------------------------------------------------------


def _head(source: SourceFile) -> str:
    data = source.read()[:65536]
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _is_owd_json(head: str) -> bool:
    return head.lstrip().startswith("{") and '"owd-json"' in head


def split_meta(sources: list[SourceFile]) -> tuple[list[SourceFile], list[SourceFile]]:
    """Separate metadata siblings (open_data.json, wahllokale) from the data files."""
    data: list[SourceFile] = []
    meta: list[SourceFile] = []
    for source in sources:
        head = _head(source)
        name = source.name.lower()
        if (
            (name.endswith(".json") and not _is_owd_json(head))
            or "wahllokale" in name
            or head.lower().startswith("datum;ags;bezirk-nr")
        ):
            meta.append(source)
        else:
            data.append(source)
    return data, meta


def detect(source: SourceFile) -> str | None:
    head = _head(source)
    if _is_owd_json(head):
        return OWD_JSON
    if (
        owd.parse_file_name(source.name) is not None
        or owd._find_header(head.encode())[1] is not None
    ):
        return OWD
    lines = head.splitlines()
    for name in VENDOR_FORMATS:
        module = vendor_module(name)
        if module is not None and module.sniff_text(lines):
            return name
    return None


def detect_all(sources: list[SourceFile]) -> str:
    found: dict[str, list[str]] = {}
    for source in sources:
        fmt = detect(source)
        if fmt is None:
            known = ", ".join(f"{k} ({v})" for k, v in format_titles().items())
            raise SourceError("convert.unknown_format", path=source.display, formats=known)
        found.setdefault(fmt, []).append(source.display)
    if len(found) > 1:
        raise SourceError("convert.mixed_formats", formats=", ".join(sorted(found)))
    return next(iter(found))


# --- reading -------------------------------------------------------------------------------------


def _source_results(
    contexts: list[SourceContext], rules: list[Rule], max_examples: int
) -> list[CodeResult]:
    merged: dict[str, tuple[Rule, list[Yielded]]] = {}
    for context in contexts:
        for rule in rules:
            if not rule.applies_to(context.source_format):
                continue
            items = list(rule.check(context))
            if items:
                merged.setdefault(rule.code, (rule, []))[1].extend(items)
    results = []
    for code, (rule, items) in merged.items():
        count = count_of(items)
        if count:
            results.append(
                CodeResult(
                    code,
                    rule.name,
                    rule.severity,
                    count,
                    tuple(first_findings(items, max_examples)),
                )
            )
    return sorted(results, key=lambda r: (-r.severity.rank, r.code))


def _read_owd(sources: list[SourceFile]) -> tuple[list[Election], list[owd.Package]]:
    packages, others = owd.read_packages(sources)
    if others:
        raise SourceError(
            "convert.unknown_format", path=others[0].display, formats=", ".join(format_titles())
        )
    return [], packages


def _read_owd_json(sources: list[SourceFile]) -> list[Election]:
    from wahldaten.formats import owd_json

    elections = []
    for source in sources:
        try:
            document = json.loads(source.read().decode("utf-8"))
            elections.append(owd_json.from_document(document))
        except (UnicodeDecodeError, json.JSONDecodeError, ModelError) as error:
            raise SourceError(
                "convert.unreadable_document", path=source.display, reason=str(error)
            ) from None
    return elections


def _check_election(
    election: Election,
    display: str | None,
    lines: pl.Series | None,
    rules: list[Rule],
    max_examples: int,
) -> PackageReport:
    from wahldaten.rules.context import Context

    displays = {t: f"{display} ({t})" for t in election.tables} if display else None
    located: dict[str, pl.Series | None] | None = (
        {WAHLERGEBNISSE: lines, WAHLGEBIETSEINTEILUNGEN: lines} if lines is not None else None
    )
    if displays is not None:
        displays[WAHLERGEBNISSE] = display or WAHLERGEBNISSE
        displays[WAHLGEBIETSEINTEILUNGEN] = display or WAHLGEBIETSEINTEILUNGEN
    package = owd.package_of(election, displays, located)
    context = Context(package)
    return PackageReport(
        declared_version=election.version,
        version=election.version,
        files=[],
        summary=summarize(context),
        results=run_rules(context, rules, max_examples),
    )


# --- writing -------------------------------------------------------------------------------------


def _folder_name(election: Election) -> str:
    day, month, year = [*election.wahl_datum.split("."), "", "", ""][:3]
    return f"{election.gs}_{year}{month}{day}_{owd.file_stem(election.wahl_name)}"


def _write(
    elections: list[Election], target: str, output: Path, version: str | None, stamp: str | None
) -> list[Path]:
    from wahldaten.formats import owd_json, tidy, votemanager

    chosen = [e if version in (None, e.version) else e.with_version(version) for e in elections]
    written: list[Path] = []
    if target in (OWD, "votemanager"):
        for election in chosen:
            folder = output if len(chosen) == 1 else output / _folder_name(election)
            if target == OWD:
                written += owd.write_package(election, folder, stamp=stamp)
            else:
                written += votemanager.write(election, folder)
    elif target == OWD_JSON:
        if len(chosen) == 1:
            owd_json.write_document(chosen[0], output)
            written.append(output)
        else:
            output.mkdir(parents=True)
            for election in chosen:
                path = output / f"{_folder_name(election)}.json"
                owd_json.write_document(election, path)
                written.append(path)
    else:
        frame = pl.concat([tidy.to_tidy(e) for e in chosen], how="vertical_relaxed")
        output.parent.mkdir(parents=True, exist_ok=True)
        if target == "parquet":
            frame.write_parquet(output, compression="zstd", statistics=True)
        else:
            frame.write_csv(output, separator=";", null_value="", quote_style="necessary")
        written.append(output)
    return written


def inspect(
    inputs: Sequence[str | Path],
    *,
    source_format: str = "auto",
    meta: Meta | None = None,
    meta_files: Sequence[str | Path] = (),
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    target_format: str = OWD,
) -> tuple[ConversionReport, list[Election]]:
    """Read and check the inputs without writing anything: the report and the elections.

    Raises `InputError` for unreadable inputs and `SourceError` for a source that cannot be
    converted at all (unknown format, no election date).
    """
    sources = collect(inputs, suffixes=CONVERSION_SUFFIXES)
    data, siblings = split_meta(sources)
    if not data:
        raise SourceError("convert.no_data", count=len(sources))
    meta = meta or Meta()
    read_meta_files([Path(p) for p in meta_files], meta)
    return inspect_sources(
        data,
        siblings,
        source_format=source_format,
        meta=meta,
        select=select,
        ignore=ignore,
        max_examples=max_examples,
        fail_on=fail_on,
        target_format=target_format,
    )


def inspect_sources(
    data: Sequence[SourceFile],
    siblings: Sequence[SourceFile] = (),
    *,
    source_format: str = "auto",
    meta: Meta | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    target_format: str = OWD,
) -> tuple[ConversionReport, list[Election]]:
    """`inspect` for sources already collected (data files and their metadata siblings)."""
    if source_format not in SOURCE_FORMATS:
        raise SourceError(
            "convert.unknown_source_format", value=source_format, formats=", ".join(SOURCE_FORMATS)
        )
    data = list(data)
    meta = meta or Meta()
    read_meta_sources(list(siblings), meta)
    fmt = detect_all(data) if source_format == "auto" else source_format
    settings = Settings(
        fail_on=Severity(fail_on),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        max_examples=max_examples,
        codes=(),
    )
    owd_rules = selected(select, ignore, source_format=OWD)
    report = ConversionReport(
        source_format=fmt,
        target_format=target_format,
        detected=format_titles().get(fmt, fmt),
        settings=settings,
    )
    checked: list[Election] = []
    if fmt == OWD:
        from wahldaten.api.validation import validate_package

        _, packages = _read_owd(data)
        for package in packages:
            package_report = validate_package(package, owd_rules, max_examples)
            report.packages.append(package_report)
            if not any(r.severity is Severity.ERROR for r in package_report.results):
                checked.append(Election.from_package(package))
        report.detected = f"{report.detected} ({len(packages)})"
    elif fmt == OWD_JSON:
        for election in _read_owd_json(data):
            report.packages.append(_check_election(election, None, None, owd_rules, max_examples))
            checked.append(election)
    else:
        module = vendor_module(fmt)
        if module is None:
            raise SourceError(
                "convert.unknown_source_format", value=fmt, formats=", ".join(SOURCE_FORMATS)
            )
        reading: Reading = module.read(data, meta)
        report.detected = reading.detected
        source_rules = [
            r for r in selected(select, ignore) if r.applies_to(fmt) and OWD not in r.formats
        ]
        report.source_results = _source_results(reading.contexts, source_rules, max_examples)
        for election, (display, lines) in zip(reading.elections, reading.provenance, strict=True):
            report.packages.append(
                _check_election(election, display, lines, owd_rules, max_examples)
            )
            checked.append(election)
    report.totals = [e.totals() for e in checked]
    return report, checked


def convert(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    source_format: str = "auto",
    target_format: str | None = None,
    version: str | None = None,
    meta: Meta | None = None,
    meta_files: Sequence[str | Path] = (),
    max_examples: int = 10,
    fail_on: Severity | str = Severity.ERROR,
    overwrite: bool = False,
    stamp: str | None = None,
    check_output: bool = False,
) -> ConversionReport:
    """Convert inputs into `output`; writes nothing if any check finds an error (see `inspect`).

    Without `target_format`, the output's name decides (see `target_for`). Every election is
    validated in memory, as OWD, before anything is written; `check_output` also reads a
    written OWD package back and validates it again (the writer's round trip is proven by the
    test suite, so this doubles the time for a second opinion).
    """
    target_format = target_format or target_for(output)
    if target_format not in TARGET_FORMATS:
        raise SourceError(
            "convert.unknown_target_format", value=target_format, formats=", ".join(TARGET_FORMATS)
        )
    if version is not None and version not in standard.versions():
        raise SourceError(
            "input.unknown_version", version=version, known=", ".join(standard.versions())
        )
    target_path = Path(output)
    if (
        target_path.exists()
        and not overwrite
        and (target_path.is_file() or any(target_path.iterdir()))
    ):
        raise SourceError("convert.output_exists", path=str(target_path))
    report, elections = inspect(
        inputs,
        source_format=source_format,
        meta=meta,
        meta_files=meta_files,
        max_examples=max_examples,
        fail_on=fail_on,
        target_format=target_format,
    )
    if report.failed or not elections:
        return report
    with tempfile.TemporaryDirectory(
        prefix=".wahldaten-", dir=target_path.parent if target_path.parent.exists() else None
    ) as tmp:
        staging = Path(tmp) / "out"
        if target_format in (OWD, "votemanager"):
            staging.mkdir()
        written = _write(elections, target_format, staging, version, stamp)
        if target_format == OWD and check_output:
            report.output_check = validate(staging, recursive=True, max_examples=max_examples)
            if report.output_check.failed:
                return report
        if target_path.exists():
            shutil.rmtree(target_path) if target_path.is_dir() else target_path.unlink()
        target_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(target_path))
        report.written = [
            target_path / p.relative_to(staging) if p != staging else target_path for p in written
        ]
    return report
