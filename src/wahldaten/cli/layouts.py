"""`wahldaten layouts`: the shipped layouts; `layouts show NAME` prints one (to copy and adapt);
`layouts check LAYOUT [FILE]` checks one.

Exit codes of `check`: 0 the layout is valid (and the file fits and converts), 1 the file does
not fit it or cannot be converted with it, 2 a layout file that cannot be used (its message
names the file and the key). The `--layout` option of `convert` is defined here too.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wahldaten.cli import options as o
from wahldaten.cli.output import EXIT_FINDINGS, EXIT_USAGE, error_text, fail
from wahldaten.cli.texts import chosen, t

if TYPE_CHECKING:
    from wahldaten.api.layouts import Check


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class Action(StrEnum):
    check = "check"
    show = "show"


LayoutFile = Annotated[
    Path | None,
    typer.Option(
        "--layout",
        help=t("cli.option.layout"),
        show_default=False,
        dir_okay=False,
        metavar="LAYOUT.toml",
    ),
]


def use_layout(path: Path, language: str) -> str:
    """The source format of a user's layout (`convert --layout`); exit 2 if it is broken."""
    from wahldaten.api import layouts as api

    try:
        return api.use(path)
    except api.LayoutError as error:
        raise fail(error_text(error, language), EXIT_USAGE) from None


def layouts(
    action: Annotated[
        Action | None,
        typer.Argument(
            help=t("cli.option.layouts_action"), show_default=False, metavar="check|show"
        ),
    ] = None,
    layout: Annotated[
        Path | None, typer.Argument(show_default=False, metavar="LAYOUT.toml")
    ] = None,
    file: Annotated[
        Path | None, typer.Argument(show_default=False, metavar=t("cli.metavar.file"))
    ] = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=t("cli.option.layouts_format"))
    ] = ListFormat.text,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` must not load the readers.
    from wahldaten.api import layouts as api

    language = chosen(lang)
    as_json = output_format is ListFormat.json
    if action is None:
        found = api.shipped()
        if as_json:
            sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
            return
        header = [t(f"layouts.list.{k}", language) for k in ("name", "title", "example")]
        lines = ["\t".join(header)]
        lines += [f"{x['name']}\t{x['title']}\t{x['example']}" for x in found]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    if layout is None:
        raise fail(t("cli.layouts.needs_layout", language), EXIT_USAGE)
    if action is Action.show:
        text = api.text_of(str(layout))
        if text is None:
            known = ", ".join(x["name"] for x in api.shipped())
            raise fail(
                t("cli.layouts.unknown", language, name=str(layout), known=known), EXIT_USAGE
            )
        sys.stdout.write(text)
        return
    try:
        checked = api.check(layout, file)
    except api.LayoutError as error:
        raise fail(error_text(error, language), EXIT_USAGE) from None
    if as_json:
        sys.stdout.write(json.dumps(checked.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_check_text(checked, language))
    if not checked.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _check_text(checked: Check, language: str) -> str:
    def say(key: str, **params: object) -> str:
        return t(f"layouts.check.{key}", language, **params)

    layout = checked.layout
    lines = [say("layout_ok", name=layout.name, path=layout.path)]
    fit = checked.fit
    if fit is None:
        return "\n".join(lines) + "\n"
    none = say("none")
    lines.append(say("file", path=checked.file))
    if fit.fits:
        lines.append(say("fits", reasons=", ".join(fit.reasons())))
    else:
        title = none if fit.title is None else say("yes" if fit.title else "no")
        lines.append(
            say(
                "fits_not",
                missing=", ".join(fit.missing) or none,
                unmatched=", ".join(fit.unmatched) or none,
                title=title,
            )
        )
    lines += [say("role", column=c, role=r) for c, r in checked.roles.items()]
    if checked.unknown:
        lines.append(say("unknown", columns=", ".join(checked.unknown)))
    if checked.missing:
        lines.append(say("missing", columns=", ".join(checked.missing)))
    if checked.error is not None:
        lines.append("  " + error_text(checked.error, language))
    elif checked.converted:
        lines.append(
            say(
                "converted",
                bezirke=checked.bezirke,
                totals=checked.totals,
                options=checked.options,
                not_standing=checked.not_standing,
            )
        )
    else:
        lines.append(say("refused"))
    return "\n".join(lines) + "\n"
