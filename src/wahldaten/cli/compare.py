"""`wahldaten compare`: which findings appeared, disappeared or changed between two JSON reports."""

from __future__ import annotations

import typer

from wahldaten.cli import options as o
from wahldaten.cli.output import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    fail,
    report_written,
    to_file,
    write,
)
from wahldaten.cli.texts import chosen, t
from wahldaten.core.findings import Severity
from wahldaten.report.formats import render_comparison
from wahldaten.report.safe import printable


def compare(
    old: o.OldReport,
    new: o.NewReport,
    report_format: o.CompareReportFormat = "text",
    output: o.ReportOutput = None,
    fail_on: o.CompareFailOn = Severity.ERROR,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` loads no renderer.
    from wahldaten.report import compare as comparing

    language = chosen(lang)
    try:
        comparison = comparing.compare(comparing.load(old), comparing.load(new))
    except comparing.CompareError as error:
        raise fail(
            t(
                "cli.error.compare",
                language,
                path=printable(error.path),
                reason=printable(error.reason),
            ),
            EXIT_INPUT,
        ) from None
    worse = comparison.worse(Severity(fail_on).value)
    write(render_comparison(comparison, str(report_format), language), output)
    if to_file(output):
        assert output is not None
        state = t("cli.compare.worse" if worse else "cli.compare.not_worse", language)
        report_written(state, output, language)
    raise typer.Exit(EXIT_FINDINGS if worse else EXIT_OK)
