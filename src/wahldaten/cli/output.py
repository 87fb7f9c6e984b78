"""Where the command line writes: documents to stdout or a file, status and errors to stderr.

A report written to a file is followed by one status line on stderr (the verdict and where the
report went), so stdout never mixes a status line into a document or data stream. Every line on
stderr starts with `wahldaten: ` (`say`), and what the data put into a message (a file name, a
value) is made printable first, so no file called `::error::x` can start a line of a CI log.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from wahldaten.cli.texts import t
from wahldaten.core import catalog
from wahldaten.core.findings import Severity
from wahldaten.report import formats
from wahldaten.report.render import totals
from wahldaten.report.safe import STDERR_PREFIX, printable

if TYPE_CHECKING:
    from wahldaten.engine.results import ConversionReport

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


def say(message: str) -> None:
    """A message on stderr, each of its lines behind `STDERR_PREFIX` and printable (empty lines are
    left out). Data inside the message should be made printable before (`safe_params`), so
    that a line break in a file name stays `\\n` instead of ending the line."""
    for line in message.splitlines():
        if line.strip():
            typer.echo(STDERR_PREFIX + printable(line), err=True)


def safe_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Message parameters with every text made printable (numbers stay numbers)."""
    return {
        k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else printable(v)
        for k, v in params.items()
    }


def fail(message: str, code: int) -> typer.Exit:
    """Print a message on stderr (`say`); the caller raises the returned Exit."""
    say(message)
    return typer.Exit(code)


def error_text(error: Exception, language: str) -> str:
    """The message of a library error in the user's language, never an internal key.

    Errors of the library carry a catalog key and parameters; where the catalog has no text for
    the key, the error's own rendering (or its parameters) is shown instead.
    """
    key = getattr(error, "key", None)
    params = safe_params(getattr(error, "params", None) or {})
    if isinstance(key, str):
        text = catalog.text(key, language, **params)
        if text != key:
            return text
    rendered = printable(str(error))
    if key is not None and (rendered == key or rendered.startswith("(")):
        detail = ", ".join(str(v) for v in params.values())
        return t("cli.error.unexplained", language, detail=detail or type(error).__name__)
    return rendered


def write(text: str, output: Path | None) -> None:
    """A document to stdout (no output, or `-`) or into a file."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def to_file(output: Path | None) -> bool:
    return output is not None and str(output) != "-"


def verdict(failed: bool, counts: Mapping[Severity, int], level: Severity, language: str) -> str:
    """The last line of a text report: passed or failed, the counts, the fail level."""
    state = catalog.text("ui.verdict_failed" if failed else "ui.verdict_passed", language)
    level_text = catalog.text(f"severity.{level.value}", language)
    limit = catalog.text("ui.fail_level", language, level=level_text)
    return f"{state} – {totals(counts, language)} {limit}"


def report_written(line: str, output: Path, language: str) -> None:
    """After a report went into a file: the verdict and the file, on stderr."""
    say(line)
    say(t("cli.status.report_written", language, path=printable(output)))


def conversion_report(
    result: ConversionReport, fmt: str, report: Path | None, language: str
) -> None:
    """The report of a conversion or migration to stdout or `--report FILE` (then the verdict
    on stderr); the data went to `-o`."""
    write(formats.render_conversion(result, fmt, language), report)
    if to_file(report):
        assert report is not None
        counts = {
            s: sum(r.count for r in result.all_results() if r.severity is s) for s in Severity
        }
        line = verdict(result.failed, counts, result.settings.fail_on, language)
        report_written(line, report, language)
