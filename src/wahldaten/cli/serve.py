"""`wahldaten serve`: the upload page and HTTP API on this machine (the optional `web` extra).

Only options are read here; the server is `wahldaten.web`. Loopback by default: a page that
receives unpublished results answers other machines only when asked to, with a warning.
"""

from __future__ import annotations

from typing import Annotated

import typer

from wahldaten.cli import options as o
from wahldaten.cli.output import EXIT_USAGE, fail, say
from wahldaten.cli.texts import chosen, t
from wahldaten.io.limits import parse_size
from wahldaten.report.safe import printable

Host = Annotated[
    str, typer.Option("--host", help=t("cli.serve.host"), metavar=t("cli.metavar.host"))
]
Port = Annotated[
    int,
    typer.Option(
        "--port", min=1, max=65535, help=t("cli.serve.port"), metavar=t("cli.metavar.number")
    ),
]
MaxUpload = Annotated[
    str | None,
    typer.Option(
        "--max-upload",
        help=t("cli.serve.max_upload"),
        metavar=t("cli.metavar.size"),
        show_default=False,
    ),
]
MaxFiles = Annotated[
    int | None,
    typer.Option(
        "--max-files", min=1, help=t("cli.serve.max_files"), metavar=t("cli.metavar.number")
    ),
]
MaxBytes = Annotated[
    str | None,
    typer.Option(
        "--max-bytes",
        help=t("cli.serve.max_bytes"),
        metavar=t("cli.metavar.size"),
        show_default=False,
    ),
]
TimeLimit = Annotated[
    float | None,
    typer.Option(
        "--time-limit", min=1, help=t("cli.serve.time_limit"), metavar=t("cli.metavar.seconds")
    ),
]
Workers = Annotated[
    int | None,
    typer.Option("--workers", min=1, help=t("cli.serve.workers"), metavar=t("cli.metavar.number")),
]


def _size(option: str, value: str | None, language: str) -> int | None:
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError:
        message = t("cli.usage.bad_size", language, param=option, value=printable(value))
        raise fail(t("cli.usage.error", language, detail=message), EXIT_USAGE) from None


def serve(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    max_upload: MaxUpload = None,
    max_files: MaxFiles = None,
    max_bytes: MaxBytes = None,
    time_limit: TimeLimit = None,
    workers: Workers = None,
    lang: o.Lang = None,
) -> None:
    language = chosen(lang)
    try:
        # Imported here: the server's dependencies are an optional extra.
        from wahldaten import web
    except ImportError as error:
        module = (error.name or "starlette").split(".")[0]
        raise fail(t("cli.serve.missing_extra", language, module=module), EXIT_USAGE) from None
    try:
        settings = web.WebSettings.from_environment(
            max_upload_bytes=_size("--max-upload", max_upload, language),
            max_files=max_files,
            max_bytes=_size("--max-bytes", max_bytes, language),
            time_limit=time_limit,
            workers=workers,
        )
    except ValueError as error:  # a WAHLDATEN_WEB_* variable that is no number or size
        detail = t("cli.serve.bad_setting", language, detail=printable(error))
        raise fail(t("cli.usage.error", language, detail=detail), EXIT_USAGE) from None
    if not web.is_loopback(host):
        say(t("cli.serve.public", language, host=printable(host)))
    shown = f"[{host}]" if ":" in host else host
    say(t("cli.serve.listening", language, url=f"http://{printable(shown)}:{port}/"))
    web.run(host, port, settings)
