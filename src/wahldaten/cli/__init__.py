"""The command line: parses options and calls the library; nothing else lives here.

One module per command (validate, convert, compare, migrate, rules, schema), every option
defined once in `options`, choices from the library's registries (`choices`), every text from
the catalog in the language given by `--lang` or the locale (German by default).

Exit codes: 0 no finding at or above the fail level · 1 findings at or above it ·
2 usage error · 3 input unreadable (or an internal error).
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated

import typer

from wahldaten import __version__
from wahldaten.cli import compare, convert, layouts, migrate, rules, schema, serve, spec, validate
from wahldaten.cli.help import Command, Group
from wahldaten.cli.output import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE, say
from wahldaten.cli.texts import LANGUAGE, t
from wahldaten.cli.usage import usage_message
from wahldaten.report.safe import printable

__all__ = ["EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "app", "main"]

app = typer.Typer(
    name="wahldaten",
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=t("cli.app.help"),
)


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
            help=t("cli.option.show_version"),
        ),
    ] = False,
) -> None:
    """The options of `wahldaten` itself (before a command)."""


for _name, _function in (
    ("validate", validate.validate),
    ("rules", rules.rules),
    ("schema", schema.schema),
    ("spec", spec.spec),
    ("compare", compare.compare),
    ("convert", convert.convert),
    ("migrate", migrate.migrate),
    ("layouts", layouts.layouts),
    ("serve", serve.serve),
):
    app.command(
        _name,
        cls=Command,
        help=t(f"cli.command.{_name}.help"),
        short_help=t(f"cli.command.{_name}.short"),
    )(_function)


def main() -> None:
    """Console entry point: messages in the user's language, no traceback (unless
    WAHLDATEN_DEBUG is set), and the documented exit codes."""
    try:
        code = app(prog_name="wahldaten", standalone_mode=False)
    except typer.TyperException as error:  # usage errors of the option parser
        if type(error).__name__ == "NoArgsIsHelpError":  # no command: the help page, as --help
            typer.echo(usage_message(error, LANGUAGE))
        else:
            say(usage_message(error, LANGUAGE))
        sys.exit(getattr(error, "exit_code", EXIT_USAGE))
    except typer.Abort:
        say(t("cli.error.aborted"))
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # an internal error: say so briefly, keep the exit code documented
        if os.environ.get("WAHLDATEN_DEBUG"):
            traceback.print_exc()
        say(t("cli.error.internal", kind=type(error).__name__, detail=printable(error)))
        sys.exit(EXIT_INPUT)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":
    main()
