"""`wahldaten validate`: OWD packages and vendor exports in, a report grouped by rule code out."""

from __future__ import annotations

import os

import typer

from wahldaten.cli import options as o
from wahldaten.cli.errors import library_errors
from wahldaten.cli.output import (
    EXIT_USAGE,
    fail,
    report_written,
    to_file,
    verdict,
    write,
)
from wahldaten.cli.settings import limits_of, load_settings, split_codes, stated
from wahldaten.cli.texts import chosen
from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.report import formats, progress
from wahldaten.report.safe import printable


def validate(
    paths: o.Inputs,
    report_format: o.ValidateReportFormat = "text",
    output: o.ReportOutput = None,
    fail_on: o.FailOn = None,
    select: o.Select = None,
    ignore: o.Ignore = None,
    max_examples: o.MaxExamples = None,
    recursive: o.Recursive = False,
    jobs: o.Jobs = None,
    quiet: o.Quiet = False,
    whole_packages: o.WholePackages = False,
    datum: o.Datum = None,
    gs: o.Gs = None,
    wahl_name: o.WahlName = None,
    behoerde: o.Behoerde = None,
    meta: o.Meta = None,
    max_bytes: o.MaxBytes = None,
    max_file_bytes: o.MaxFileBytes = None,
    final: o.Final = None,
    structure: o.Structure = None,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` must not load the validation stack.
    from wahldaten.api.validation import validate as run_validation
    from wahldaten.formats.source import Meta
    from wahldaten.rules.registry import UnknownCodeError

    settings = load_settings(lang)
    language = chosen(lang, settings.get("lang"))
    limits = limits_of(max_bytes, max_file_bytes, settings, language)
    stage, statement = stated(final, structure, settings, language)
    fmt = str(report_format)
    examples = (
        max_examples
        if max_examples is not None
        else settings.get("max-examples", formats.get(fmt).default_max_examples)
    )
    level = Severity(fail_on or settings.get("fail-on", "error"))
    bar = progress.Progress(enabled=not quiet and (to_file(output) or fmt == "text"))
    if whole_packages:
        paths = sorted({p.parent if p.is_file() else p for p in paths})
    try:
        with library_errors(language):
            report = run_validation(
                *paths,
                select=split_codes(select) or settings.get("select"),
                ignore=split_codes(ignore) or settings.get("ignore"),
                max_examples=examples,
                fail_on=level,
                recursive=recursive,
                jobs=jobs or os.cpu_count() or 1,
                progress=bar.update,
                meta=Meta(wahl_datum=datum, wahl_name=wahl_name, gs=gs, behoerde_name=behoerde),
                meta_files=meta or (),
                limits=limits,
                final=stage,
                structure=statement,
            )
    except UnknownCodeError as error:
        raise fail(
            catalog.text("input.unknown_code", language, code=printable(error.code)),
            EXIT_USAGE,
        ) from None
    finally:
        bar.close()
    write(formats.render(report, fmt, language, compact=recursive), output)
    if to_file(output):
        assert output is not None
        line = verdict(report.failed, report.counts(), level, language)
        report_written(line, output, language)
    raise typer.Exit(report.exit_code)
