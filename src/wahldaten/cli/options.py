"""Every option of the command line, defined once and reused by the commands.

Choices come from the registries (report renderers, source formats, targets, languages,
severities), so a format added there appears here and in `--help` without an edit. Help texts
come from the catalog in the language chosen before the app is built (see `texts`).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wahldaten.cli import choices
from wahldaten.cli.texts import t
from wahldaten.core.findings import Severity

if TYPE_CHECKING:
    # For the type checker the choices are plain strings, which is what the library takes.
    Language = str
    ValidateFormat = str
    ConvertFormat = str
    CompareFormat = str
    SourceFormat = str
    TargetFormat = str
else:

    def _choice(name: str, values: tuple[str, ...]) -> type[StrEnum]:
        # A StrEnum member is a str, so the commands pass it to the library as it is.
        return StrEnum(name, [(value.replace("-", "_"), value) for value in values])

    Language = _choice("Language", choices.languages())
    ValidateFormat = _choice("ValidateFormat", choices.report_formats("validation"))
    ConvertFormat = _choice("ConvertFormat", choices.report_formats("conversion"))
    CompareFormat = _choice("CompareFormat", choices.report_formats("comparison"))
    SourceFormat = _choice("SourceFormat", choices.source_formats())
    TargetFormat = _choice("TargetFormat", choices.target_formats())


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _help(key: str) -> str:
    return t(f"cli.option.{key}")


# --- shared by several commands ------------------------------------------------------------------

Lang = Annotated[Language | None, typer.Option("--lang", help=_help("lang"), show_default=False)]
FailOn = Annotated[
    Severity | None, typer.Option("--fail-on", help=_help("fail_on"), show_default=False)
]
Select = Annotated[
    list[str] | None,
    typer.Option("--select", help=_help("select"), metavar=t("cli.metavar.codes")),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option("--ignore", help=_help("ignore"), metavar=t("cli.metavar.codes")),
]
MaxExamples = Annotated[
    int | None,
    typer.Option(
        "--max-examples", min=0, help=_help("max_examples"), metavar=t("cli.metavar.number")
    ),
]
Overwrite = Annotated[bool, typer.Option("--overwrite", help=_help("overwrite"))]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_help("quiet"))]

# Where the report goes: validate and compare print it or write it with -o.
ReportOutput = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help=_help("output"), metavar=t("cli.metavar.file"), show_default=False
    ),
]
# Commands whose -o names the data they write keep their report apart with --report.
ReportFile = Annotated[
    Path | None,
    typer.Option(
        "--report", help=_help("report"), metavar=t("cli.metavar.file"), show_default=False
    ),
]
ValidateReportFormat = Annotated[
    ValidateFormat, typer.Option("--format", "-f", help=_help("format"))
]
ConvertReportFormat = Annotated[ConvertFormat, typer.Option("--format", "-f", help=_help("format"))]
CompareReportFormat = Annotated[CompareFormat, typer.Option("--format", "-f", help=_help("format"))]

# --- inputs --------------------------------------------------------------------------------------

# The parser does not check input paths (`readable=False`; `exists` is off by default): a path
# that is missing or cannot be read is the library's InputError, exit 3 with the reason, not a
# usage error of the parser (exit 2).
UNCHECKED = {"readable": False, "exists": False, "resolve_path": False}

Inputs = Annotated[
    list[Path],
    typer.Argument(
        help=_help("inputs"), metavar=t("cli.metavar.path"), show_default=False, **UNCHECKED
    ),
]
OwdInputs = Annotated[
    list[Path],
    typer.Argument(
        help=_help("owd_inputs"), metavar=t("cli.metavar.path"), show_default=False, **UNCHECKED
    ),
]
Recursive = Annotated[bool, typer.Option("--recursive", "-r", help=_help("recursive"))]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help=_help("jobs"), metavar=t("cli.metavar.number")),
]
WholePackages = Annotated[bool, typer.Option("--whole-packages", help=_help("whole_packages"))]
# Sizes as users write them (`500M`), parsed by the library's `parse_size` (see settings).
MaxBytes = Annotated[
    str | None,
    typer.Option(
        "--max-bytes", help=_help("max_bytes"), metavar=t("cli.metavar.size"), show_default=False
    ),
]
MaxFileBytes = Annotated[
    str | None,
    typer.Option(
        "--max-file-bytes",
        help=_help("max_file_bytes"),
        metavar=t("cli.metavar.size"),
        show_default=False,
    ),
]

# --- what a vendor source does not say (convert and validate) ------------------------------------

From = Annotated[SourceFormat, typer.Option("--from", help=_help("from"))]
Meta = Annotated[
    list[Path] | None,
    typer.Option(
        "--meta",
        help=_help("meta"),
        metavar=t("cli.metavar.file"),
        show_default=False,
        **UNCHECKED,
    ),
]
Datum = Annotated[
    str | None,
    typer.Option("--datum", help=_help("datum"), metavar=t("cli.metavar.date"), show_default=False),
]
WahlName = Annotated[
    str | None,
    typer.Option(
        "--wahl-name", help=_help("wahl_name"), metavar=t("cli.metavar.text"), show_default=False
    ),
]
Gs = Annotated[
    str | None,
    typer.Option("--gs", help=_help("gs"), metavar=t("cli.metavar.key"), show_default=False),
]
Behoerde = Annotated[
    str | None,
    typer.Option(
        "--behoerde", help=_help("behoerde"), metavar=t("cli.metavar.text"), show_default=False
    ),
]

# --- what the data does not say about the election (validate and convert) -----------------------

# Three states: --final, --no-final (election night, over a settings file's `final = true`), or
# neither (the settings file, else the data decides).
Final = Annotated[
    bool | None, typer.Option("--final/--no-final", help=_help("final"), show_default=False)
]
# Parsed by the library's StructureStatement.from_cli, whose errors name the item (exit 2).
Structure = Annotated[
    str | None,
    typer.Option(
        "--structure",
        help=_help("structure"),
        metavar=t("cli.metavar.structure"),
        show_default=False,
    ),
]

# --- writing data (convert and migrate) ----------------------------------------------------------

DataOutput = Annotated[
    Path,
    typer.Option("--output", "-o", help=_help("data_output"), metavar=t("cli.metavar.path")),
]
To = Annotated[TargetFormat | None, typer.Option("--to", help=_help("to"), show_default=False)]
Version = Annotated[
    str | None,
    typer.Option(
        "--version", help=_help("version"), metavar=t("cli.metavar.version"), show_default=False
    ),
]
TargetVersion = Annotated[
    str,
    typer.Option("--to", help=_help("target_version"), metavar=t("cli.metavar.version")),
]
CheckOutput = Annotated[bool, typer.Option("--check-output", help=_help("check_output"))]
KeepErrors = Annotated[bool, typer.Option("--keep-errors", help=_help("keep_errors"))]

# --- rules and schema ----------------------------------------------------------------------------

RuleCode = Annotated[
    str | None,
    typer.Argument(help=_help("code"), metavar=t("cli.metavar.code"), show_default=False),
]
RulesOutputFormat = Annotated[RulesFormat, typer.Option("--format", "-f", help=_help("format"))]
SchemaName = Annotated[
    str | None,
    typer.Argument(help=_help("schema_name"), metavar=t("cli.metavar.name"), show_default=False),
]
SchemaFile = Annotated[
    str | None,
    typer.Option(
        "--file", help=_help("schema_file"), metavar=t("cli.metavar.name"), show_default=False
    ),
]
SchemaOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_help("schema_output"),
        metavar=t("cli.metavar.path"),
        show_default=False,
    ),
]
SchemaAll = Annotated[bool, typer.Option("--all", help=_help("schema_all"))]


class SpecFormat(StrEnum):
    markdown = "markdown"
    html = "html"


SpecOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_help("spec_output"),
        metavar=t("cli.metavar.path"),
        show_default=False,
    ),
]
SpecFormatOption = Annotated[
    SpecFormat | None,
    typer.Option("--format", "-f", help=_help("spec_format"), show_default=False),
]
OldReport = Annotated[
    Path,
    typer.Argument(
        help=_help("old_report"), metavar=t("cli.metavar.old"), show_default=False, **UNCHECKED
    ),
]
NewReport = Annotated[
    Path,
    typer.Argument(
        help=_help("new_report"), metavar=t("cli.metavar.new"), show_default=False, **UNCHECKED
    ),
]
CompareFailOn = Annotated[Severity, typer.Option("--fail-on", help=_help("compare_fail_on"))]
