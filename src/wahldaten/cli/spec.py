"""`wahldaten spec`: the specification of a version of the standard, from its schemas."""

from __future__ import annotations

from wahldaten.cli import options as o
from wahldaten.cli.output import EXIT_USAGE, fail, write
from wahldaten.cli.texts import chosen
from wahldaten.core import catalog, standard
from wahldaten.report.safe import printable


def spec(
    version: o.Version = None,
    output: o.SpecOutput = None,
    fmt: o.SpecFormatOption = None,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` loads no renderer.
    from wahldaten.report import spec_render

    language = chosen(lang)
    release = version or standard.latest()
    if release not in standard.versions():
        known = ", ".join(standard.versions())
        raise fail(
            catalog.text(
                "input.unknown_version", language, version=printable(release), known=known
            ),
            EXIT_USAGE,
        )
    chosen_format = str(fmt) if fmt is not None else spec_render.format_for(str(output or ""))
    write(spec_render.render(release, language, chosen_format), output)
