"""`wahldaten migrate`: OWD packages rewritten in another version of the standard.

`-o` names the folder written; the report goes to stdout, or with `--report FILE` into a file.
"""

from __future__ import annotations

import typer

from wahldaten.cli import options as o
from wahldaten.cli.errors import library_errors
from wahldaten.cli.output import conversion_report
from wahldaten.cli.texts import chosen
from wahldaten.report import formats


def migrate(
    inputs: o.OwdInputs,
    output: o.DataOutput,
    to: o.TargetVersion,
    overwrite: o.Overwrite = False,
    check_output: o.CheckOutput = False,
    report_format: o.ConvertReportFormat = "text",
    report: o.ReportFile = None,
    max_examples: o.MaxExamples = None,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` must not load the conversion stack.
    from wahldaten.api.migration import migrate as run_migration

    language = chosen(lang)
    fmt = str(report_format)
    with library_errors(language):
        result = run_migration(
            inputs,
            output,
            to=to,
            max_examples=formats.get(fmt).default_max_examples
            if max_examples is None
            else max_examples,
            overwrite=overwrite,
            check_output=check_output,
        )
    conversion_report(result, fmt, report, language)
    raise typer.Exit(result.exit_code)
