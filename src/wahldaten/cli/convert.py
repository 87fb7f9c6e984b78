"""`wahldaten convert`: vendor exports or OWD in, OWD, OWD JSON, a tidy table or votemanager out.

`-o` names the data written; the report goes to stdout, or with `--report FILE` into a file.
"""

from __future__ import annotations

import typer

from wahldaten.cli import options as o
from wahldaten.cli.errors import library_errors
from wahldaten.cli.layouts import LayoutFile, use_layout
from wahldaten.cli.output import conversion_report
from wahldaten.cli.settings import limits_of, load_settings, stated
from wahldaten.cli.texts import chosen
from wahldaten.report import formats


def convert(
    inputs: o.Inputs,
    output: o.DataOutput,
    source_format: o.From = "auto",
    layout: LayoutFile = None,
    target_format: o.To = None,
    version: o.Version = None,
    meta: o.Meta = None,
    datum: o.Datum = None,
    wahl_name: o.WahlName = None,
    gs: o.Gs = None,
    behoerde: o.Behoerde = None,
    overwrite: o.Overwrite = False,
    check_output: o.CheckOutput = False,
    keep_errors: o.KeepErrors = False,
    report_format: o.ConvertReportFormat = "text",
    report: o.ReportFile = None,
    max_examples: o.MaxExamples = None,
    max_bytes: o.MaxBytes = None,
    max_file_bytes: o.MaxFileBytes = None,
    final: o.Final = None,
    structure: o.Structure = None,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` must not load the conversion stack.
    from wahldaten.api.conversion import convert as run_conversion
    from wahldaten.formats.source import Meta

    language = chosen(lang)
    settings = load_settings(lang)  # the limits, final and the structure
    limits = limits_of(max_bytes, max_file_bytes, settings, language)
    stage, statement = stated(final, structure, settings, language)
    info = Meta(wahl_datum=datum, wahl_name=wahl_name, gs=gs, behoerde_name=behoerde)
    chosen_format = str(source_format) if layout is None else use_layout(layout, language)
    with library_errors(language):
        result = run_conversion(
            inputs,
            output,
            source_format=chosen_format,
            target_format=str(target_format) if target_format is not None else None,
            version=version,
            meta=info,
            meta_files=meta or [],
            max_examples=formats.get(str(report_format)).default_max_examples
            if max_examples is None
            else max_examples,
            overwrite=overwrite,
            check_output=check_output,
            keep_errors=keep_errors,
            limits=limits,
            final=stage,
            structure=statement,
        )
    conversion_report(result, str(report_format), report, language)
    raise typer.Exit(result.exit_code)
