"""The command line: parses options and calls the library; nothing else lives here.

Exit codes: 0 no finding at or above the fail level · 1 findings at or above it ·
2 usage error · 3 input unreadable (or an internal error).
"""

from __future__ import annotations

import os
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wahldaten import __version__
from wahldaten.core import catalog

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3

app = typer.Typer(
    name="wahldaten",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Validate German election results in the Standard für Offene Wahldaten (OWD).",
)


class Language(StrEnum):
    de = "de"
    en = "en"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailLevel(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang", help="Language of messages (default: from the locale, German otherwise)."
    ),
]


def _language(lang: Language | None) -> str:
    return lang.value if lang is not None else catalog.default_language()


def _split_codes(values: list[str] | None) -> list[str]:
    return [code for value in values or [] for code in value.split(",") if code.strip()]


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _write(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"wahldaten {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Validate German election results in the Standard für Offene Wahldaten (OWD)."""


@app.command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="OWD packages or vendor exports: files, folders, zip archives.", show_default=False
        ),
    ],
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    fail_on: Annotated[
        FailLevel | None,
        typer.Option(
            "--fail-on",
            help="Exit with 1 if a finding has this severity or a higher one (default: error).",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", help="Only these codes or prefixes (A01, A, R0), comma-separated."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these codes or prefixes, comma-separated."),
    ] = None,
    max_examples: Annotated[
        int | None,
        typer.Option(
            "--max-examples",
            min=0,
            help="Examples kept per code; all findings are counted (default: 10, 1000 for sarif/github/junit).",
        ),
    ] = None,
    recursive: Annotated[
        bool,
        typer.Option(
            "--recursive", "-r", help="Search folders recursively (a batch: one line per package)."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Parallel processes for batches (default: all cores)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    whole_packages: Annotated[
        bool,
        typer.Option(
            "--whole-packages",
            help="For each file given, validate its whole folder (for pre-commit hooks).",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Validate OWD packages and vendor exports; print a report grouped by rule code.

    Settings may also come from [tool.wahldaten] in pyproject.toml or from wahldaten.toml
    (fail-on, select, ignore, max-examples, lang); options given here win.
    """
    from wahldaten.api import config
    from wahldaten.api.validation import validate as run_validation
    from wahldaten.io.sources import InputError
    from wahldaten.report import progress
    from wahldaten.report.formats import render
    from wahldaten.rules.registry import UnknownCodeError

    try:
        settings = config.find()
    except config.ConfigError as error:
        raise _fail(f"wahldaten: {error}", EXIT_USAGE) from None
    language = (
        lang.value if lang is not None else settings.get("lang") or catalog.default_language()
    )
    machine = report_format in (ReportFormat.sarif, ReportFormat.github, ReportFormat.junit)
    examples = (
        max_examples
        if max_examples is not None
        else settings.get("max-examples", 1000 if machine else 10)
    )
    bar = progress.Progress(
        enabled=(not quiet and output is not None)
        or (not quiet and report_format is ReportFormat.text)
    )
    if whole_packages:
        paths = sorted({p.parent if p.is_file() else p for p in paths})
    try:
        report = run_validation(
            *paths,
            select=_split_codes(select) or settings.get("select"),
            ignore=_split_codes(ignore) or settings.get("ignore"),
            max_examples=examples,
            fail_on=fail_on.value if fail_on is not None else settings.get("fail-on", "error"),
            recursive=recursive,
            jobs=jobs or os.cpu_count() or 1,
            progress=bar.update,
        )
    except InputError as error:
        bar.close()
        raise _fail(catalog.text(error.key, language, **error.params), EXIT_INPUT) from None
    except UnknownCodeError as error:
        bar.close()
        raise _fail(
            catalog.text("input.unknown_code", language, code=error.code), EXIT_USAGE
        ) from None
    bar.close()
    _write(render(report, report_format.value, language, compact=recursive), output)
    raise typer.Exit(report.exit_code)


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="Explain this code.", show_default=False)
    ] = None,
    rules_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RulesFormat.text,
    lang: LangOption = None,
) -> None:
    """List every rule code with severity and title, or explain one code."""
    from wahldaten.report import rules_doc
    from wahldaten.rules import registry

    language = _language(lang)
    if code is None:
        chosen = registry.all_rules()
    else:
        try:
            chosen = [registry.get(code)]
        except KeyError:
            raise _fail(
                catalog.text("input.unknown_code", language, code=code), EXIT_USAGE
            ) from None
    if rules_format is RulesFormat.json:
        _write(rules_doc.as_json(chosen, language), None)
    elif rules_format is RulesFormat.markdown:
        _write(rules_doc.as_markdown(chosen, language), None)
    elif code is None:
        _write(rules_doc.as_table(chosen, language), None)
    else:
        _write(rules_doc.explain(chosen[0], language), None)


@app.command()
def schema(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Schema file (e.g. wahlergebnisse, package, document, report); omit to list.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", help="Schema file, the same as the argument NAME.")
    ] = None,
    version: Annotated[
        str | None, typer.Option("--version", help="Version of the standard (default: newest).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file, or into this folder with --all."),
    ] = None,
    write_all: Annotated[
        bool, typer.Option("--all", help="Write every schema file of the version into --output.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Print or write the machine-readable schemas of the standard (and of the JSON report)."""
    from wahldaten.core import standard
    from wahldaten.report.json_report import SCHEMA_PATH

    language = _language(lang)
    name = file or name
    chosen = version or standard.latest()
    if chosen not in standard.versions():
        raise _fail(
            catalog.text(
                "input.unknown_version",
                language,
                version=chosen,
                known=", ".join(standard.versions()),
            ),
            EXIT_USAGE,
        )
    files = standard.schema_files(chosen)
    if write_all:
        if output is None:
            raise _fail("--all needs --output FOLDER", EXIT_USAGE)
        output.mkdir(parents=True, exist_ok=True)
        for file_name in files:
            (output / file_name).write_text(
                standard.read_schema_text(chosen, file_name), encoding="utf-8"
            )
        return
    if name is None:
        listing = [f"OWD {chosen} ({', '.join(standard.versions())}):"] + [f"  {f}" for f in files]
        listing.append("  report.schema.json  (wahldaten --format json)")
        _write("\n".join(listing) + "\n", None)
        return
    wanted = name.lower().removesuffix(".json").removesuffix(".schema")
    if wanted == "report":
        _write(SCHEMA_PATH.read_text(encoding="utf-8"), output)
        return
    matches = [f for f in files if f.removesuffix(".json").removesuffix(".schema") == wanted]
    if not matches:
        raise _fail(
            catalog.text("input.unknown_schema", language, name=name, known=", ".join(files)),
            EXIT_USAGE,
        )
    _write(standard.read_schema_text(chosen, matches[0]), output)


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="The earlier JSON report.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later JSON report.", show_default=False)],
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ReportFormat.text,
    fail_on: Annotated[
        FailLevel,
        typer.Option(
            "--fail-on", help="Exit with 1 if findings of this severity or higher appeared or grew."
        ),
    ] = FailLevel.error,
    lang: LangOption = None,
) -> None:
    """Show which findings appeared or disappeared between two JSON reports (wahldaten validate -f json)."""
    import json

    from wahldaten.report.compare import (
        CompareError,
        load,
        render_comparison,
    )
    from wahldaten.report.compare import (
        compare as run_compare,
    )

    language = _language(lang)
    try:
        comparison = run_compare(load(old), load(new))
    except CompareError as error:
        raise _fail(f"wahldaten: {error}", EXIT_INPUT) from None
    if report_format is ReportFormat.json:
        _write(json.dumps(comparison.as_dict(), ensure_ascii=False, indent=2) + "\n", None)
    else:
        _write(render_comparison(comparison, language), None)
    raise typer.Exit(EXIT_FINDINGS if comparison.worse(fail_on.value) else EXIT_OK)


class SourceFormat(StrEnum):
    auto = "auto"
    owd = "owd"
    owd_json = "owd-json"
    votemanager = "votemanager"
    akdb = "akdb"
    kerg2 = "kerg2"
    kerg = "kerg"
    wbz = "wbz"


class TargetFormat(StrEnum):
    owd = "owd"
    owd_json = "owd-json"
    tidy_csv = "tidy-csv"
    parquet = "parquet"
    votemanager = "votemanager"


def _target_from_name(output: Path) -> TargetFormat:
    from wahldaten.api.conversion import target_for

    return TargetFormat(target_for(output))


@app.command()
def convert(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Source files, folders or zip archives.", show_default=False),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Target folder (OWD, votemanager) or file.")
    ],
    source_format: Annotated[
        SourceFormat, typer.Option("--from", help="Source format.")
    ] = SourceFormat.auto,
    target_format: Annotated[
        TargetFormat | None,
        typer.Option("--to", help="Target format (default: from the output name, else owd)."),
    ] = None,
    version: Annotated[
        str | None, typer.Option("--version", help="OWD version to write (default: newest).")
    ] = None,
    meta: Annotated[
        list[Path] | None,
        typer.Option(
            "--meta",
            help="Metadata: open_data.json, an OWD Stimmzettel file, opendata-wahllokale.csv.",
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option("--datum", help="Election date dd.mm.yyyy, if the source has none."),
    ] = None,
    wahl_name: Annotated[
        str | None, typer.Option("--wahl-name", help="Short name of the election.")
    ] = None,
    gs: Annotated[
        str | None, typer.Option("--gs", help="Key (AGS/ARS) of the publishing authority.")
    ] = None,
    behoerde: Annotated[
        str | None, typer.Option("--behoerde", help="Name of the publishing authority.")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing output.")
    ] = False,
    check_output: Annotated[
        bool,
        typer.Option(
            "--check-output",
            help="Read the written OWD package back and validate it again before it is kept.",
        ),
    ] = False,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.text,
    max_examples: Annotated[
        int, typer.Option("--max-examples", min=0, help="Examples kept per code.")
    ] = 10,
    lang: LangOption = None,
) -> None:
    """Convert vendor exports (votemanager, OK.VOTE, AKDB Wahlportal, Bundeswahlleiterin) or OWD
    into OWD, OWD JSON, a tidy table (CSV, Parquet) or votemanager CSV. Writes nothing if any
    check finds an error."""
    from wahldaten.api.conversion import convert as run_conversion
    from wahldaten.formats.source import Meta, SourceError
    from wahldaten.io.sources import InputError
    from wahldaten.report.text import render_conversion

    language = _language(lang)
    chosen = target_format or _target_from_name(output)
    info = Meta(wahl_datum=datum, wahl_name=wahl_name, gs=gs, behoerde_name=behoerde)
    try:
        report = run_conversion(
            inputs,
            output,
            source_format=source_format.value,
            target_format=chosen.value,
            version=version,
            meta=info,
            meta_files=meta or [],
            max_examples=max_examples,
            overwrite=overwrite,
            check_output=check_output,
        )
    except InputError as error:
        raise _fail(catalog.text(error.key, language, **error.params), EXIT_INPUT) from None
    except SourceError as error:
        usage = error.key in USAGE_ERRORS
        raise _fail(
            catalog.text(error.key, language, **error.params), EXIT_USAGE if usage else EXIT_INPUT
        ) from None
    if report_format is ReportFormat.json:
        from wahldaten.report.json_report import conversion_json

        _write(conversion_json(report, language), None)
    else:
        _write(render_conversion(report, language), None)
    raise typer.Exit(report.exit_code)


# Conversion problems that the user solves with an option, not by fixing the input.
USAGE_ERRORS = {
    "convert.date_missing",
    "convert.gs_missing",
    "convert.output_exists",
    "convert.unknown_source_format",
    "convert.unknown_target_format",
    "convert.mixed_formats",
    "input.unknown_version",
}


@app.command()
def migrate(
    inputs: Annotated[
        list[Path], typer.Argument(help="OWD packages (files, folders, zips).", show_default=False)
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Target folder.")],
    to: Annotated[str, typer.Option("--to", help="Target version of the standard.")],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing output.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Migrate OWD packages to another version of the standard (e.g. --to 0.3)."""
    from wahldaten.api.conversion import convert as run_conversion
    from wahldaten.formats.source import SourceError
    from wahldaten.io.sources import InputError
    from wahldaten.report.text import render_conversion

    language = _language(lang)
    try:
        report = run_conversion(
            inputs,
            output,
            source_format="owd",
            target_format="owd",
            version=to,
            overwrite=overwrite,
        )
    except InputError as error:
        raise _fail(catalog.text(error.key, language, **error.params), EXIT_INPUT) from None
    except SourceError as error:
        usage = error.key in USAGE_ERRORS
        raise _fail(
            catalog.text(error.key, language, **error.params), EXIT_USAGE if usage else EXIT_INPUT
        ) from None
    _write(render_conversion(report, language), None)
    raise typer.Exit(report.exit_code)


def main() -> None:
    """Console entry point: no traceback reaches the user unless WAHLDATEN_DEBUG is set."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # an internal error: say so briefly, keep the exit code documented
        if os.environ.get("WAHLDATEN_DEBUG"):
            traceback.print_exc()
        typer.echo(
            f"wahldaten: interner Fehler / internal error: {type(error).__name__}: {error}",
            err=True,
        )
        sys.exit(EXIT_INPUT)


if __name__ == "__main__":
    main()
