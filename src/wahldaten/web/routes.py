"""The routes: the public interface of `wahldaten serve` (keep their names).

- `GET /` the upload page; `POST /validate` the HTML report with its downloads;
  `POST /convert` the conversion's report with the output to download.
- `POST /api/validate` the JSON report, as `wahldaten validate -f json` run on the same files;
  `POST /api/convert` the conversion's JSON report and the output (base64); errors as
  `{"code": …, "message": …}` with a 4xx or 5xx status.
- `GET /healthz`, `GET /docs/rules` and `GET /docs/rules/<CODE>` (German unless `?lang=en`).

Every upload goes into a private folder that is removed before the response is sent (see
`temp`); the work runs in a worker process (see `pool`).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable

from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from wahldaten.core import catalog
from wahldaten.io.limits import format_size
from wahldaten.report import formats
from wahldaten.rules import registry
from wahldaten.web import options as request_options
from wahldaten.web import pages, uploads, work
from wahldaten.web.downloads import data_url
from wahldaten.web.pool import Workers
from wahldaten.web.security import policy, style_hashes
from wahldaten.web.settings import WebSettings
from wahldaten.web.temp import PrivateFolder

FILE_FIELDS = ("files", "meta")
# The findings as CSV travel inside the HTML report itself (its overview links them).
PAGE_DOCUMENTS = ("html", "json", "sarif")


def error_code(key: str) -> str:
    """A stable error code from a catalog key: `web.error.too_large` → `web.too_large`."""
    return key.replace("web.error.", "web.", 1)


def _refused(status: int, key: str, language: str, **params: object) -> work.Refused:
    return work.Refused(status, error_code(key), catalog.text(key, language, **params))


def _html(content: str, status: int = 200) -> HTMLResponse:
    headers = {"content-security-policy": policy(style_hashes(content))}
    return HTMLResponse(content, status_code=status, headers=headers)


def error_response(refused: work.Refused, language: str, api: bool) -> Response:
    headers = {"connection": "close"} if refused.status == 413 else None
    if api:
        body = {"code": refused.code, "message": refused.message}
        return JSONResponse(body, status_code=refused.status, headers=headers)
    response = _html(pages.error_page(language, refused.message), refused.status)
    if headers:
        response.headers.update(headers)
    return response


def _job(
    kind: str,
    folder: PrivateFolder,
    form: uploads.Form,
    chosen: request_options.Options,
    settings: WebSettings,
    api: bool,
) -> work.Job:
    if api:
        documents: tuple[str, ...] = ("json",)
        examples = formats.get("json").default_max_examples
    else:
        documents = PAGE_DOCUMENTS if kind == "validate" else ("html", "json")
        examples = formats.MACHINE_EXAMPLES
    meta_files = tuple(os.path.relpath(u.path, folder.inputs) for u in form.uploads("meta"))
    return work.Job(
        folder=str(folder.inputs),
        language=chosen.language,
        fail_on=chosen.fail_on,
        final=chosen.final,
        select=chosen.select,
        ignore=chosen.ignore,
        max_examples=examples if chosen.max_examples is None else chosen.max_examples,
        recursive=form.nested(folder.inputs),
        meta=chosen.meta,
        meta_files=meta_files,
        max_bytes=settings.max_bytes,
        time_limit=settings.time_limit,
        documents=documents,
        target=chosen.target,
        version=chosen.version,
        source_format=chosen.source_format,
        out_folder=str(folder.output),
    )


async def _run(request: Request, kind: str, api: bool) -> tuple[str, work.Outcome | None]:
    """Receive the upload, run the job, remove the folder: the language and the outcome
    (None when the client went away during the upload)."""
    settings: WebSettings = request.app.state.settings
    workers: Workers = request.app.state.workers
    language = pages.language_of(request.query_params.get("lang"))
    folder = PrivateFolder(settings.temp_root)
    try:
        folders = {"files": folder.inputs, "meta": folder.meta}
        try:
            form = await uploads.receive(request.headers, request.stream(), folders, settings)
            chosen = request_options.read(form, language)
        except uploads.UploadError as error:
            return language, _refused(error.status, error.key, language, **error.params)
        except request_options.OptionError as error:
            return language, _refused(400, error.key, language, **error.params)
        except ClientDisconnect:
            return language, None
        if not form.uploads("files"):
            return chosen.language, _refused(400, "web.error.no_files", chosen.language)
        function: Callable[[work.Job], work.Outcome] = (
            work.validate if kind == "validate" else work.convert
        )
        job = _job(kind, folder, form, chosen, settings, api)
        return chosen.language, await workers.run(function, job, folder)
    finally:
        folder.close()


def _report_downloads(done: work.Done, language: str) -> list[pages.Download]:
    stem = catalog.text("web.report.file_stem", language)
    kinds = [
        ("json", "web.report.json", "json", "application/json"),
        ("sarif", "web.report.sarif", "sarif", "application/sarif+json"),
        ("csv", "web.report.csv", "csv", "text/csv"),
        ("html", "web.report.html", "html", "text/html"),
    ]
    return [
        pages.Download(
            catalog.text(label, language),
            f"{stem}.{suffix}",
            data_url(done.documents[name], media),
            f"download-{name}",
        )
        for name, label, suffix, media in kinds
        if name in done.documents
    ]


async def validate_page(request: Request) -> Response:
    language, outcome = await _run(request, "validate", api=False)
    if outcome is None:
        return Response(status_code=400)
    if isinstance(outcome, work.Refused):
        return error_response(outcome, language, api=False)
    note = catalog.text("web.report.examples", language, count=formats.MACHINE_EXAMPLES)
    html = pages.report_page(
        outcome.documents["html"], language, _report_downloads(outcome, language), note=note
    )
    return _html(html)


async def convert_page(request: Request) -> Response:
    language, outcome = await _run(request, "convert", api=False)
    if outcome is None:
        return Response(status_code=400)
    if isinstance(outcome, work.Refused):
        return error_response(outcome, language, api=False)
    downloads = []
    notice = ""
    if outcome.output is not None and outcome.output_name and outcome.output_type:
        label = catalog.text(
            "web.report.output",
            language,
            name=outcome.output_name,
            size=format_size(len(outcome.output)),
        )
        url = data_url(outcome.output, outcome.output_type)
        downloads.append(pages.Download(label, outcome.output_name, url, "output"))
    else:
        notice = catalog.text("web.report.nothing_written", language)
    downloads += _report_downloads(outcome, language)
    return _html(pages.report_page(outcome.documents["html"], language, downloads, notice=notice))


async def api_validate(request: Request) -> Response:
    language, outcome = await _run(request, "validate", api=True)
    if outcome is None:
        return Response(status_code=400)
    if isinstance(outcome, work.Refused):
        return error_response(outcome, language, api=True)
    return Response(outcome.documents["json"], media_type="application/json")


async def api_convert(request: Request) -> Response:
    language, outcome = await _run(request, "convert", api=True)
    if outcome is None:
        return Response(status_code=400)
    if isinstance(outcome, work.Refused):
        return error_response(outcome, language, api=True)
    output = None
    if outcome.output is not None:
        output = {
            "name": outcome.output_name,
            "media_type": outcome.output_type,
            "size": len(outcome.output),
            "base64": base64.b64encode(outcome.output).decode("ascii"),
        }
    # The report as `convert -f json` writes it, unchanged, beside the output.
    body = f'{{"report": {outcome.documents["json"]}, "output": {json.dumps(output)}}}'
    return Response(body, media_type="application/json")


async def home(request: Request) -> Response:
    language = pages.language_of(request.query_params.get("lang"))
    settings: WebSettings = request.app.state.settings
    html = pages.upload_page(language, settings, final_supported=request_options.final_supported())
    return _html(html)


async def healthz(request: Request) -> Response:
    workers: Workers = request.app.state.workers
    if workers.ready:
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "starting"}, status_code=503)


async def rule_doc(request: Request) -> Response:
    language = pages.language_of(request.query_params.get("lang"))
    code = str(request.path_params["code"])
    try:
        rule = registry.get(code)
    except KeyError:
        message = catalog.text("web.error.unknown_rule", language, code=code[:20])
        return _html(pages.error_page(language, message), 404)
    return _html(pages.rule_page(rule, language))


async def rules_doc(request: Request) -> Response:
    language = pages.language_of(request.query_params.get("lang"))
    return _html(pages.rules_index(language))


async def static(request: Request) -> Response:
    found = pages.static_file(str(request.path_params["name"]))
    if found is None:
        language = pages.language_of(request.query_params.get("lang"))
        return _html(pages.error_page(language, catalog.text("web.error.not_found", language)), 404)
    content, media = found
    return Response(content, media_type=media)


async def favicon(request: Request) -> Response:
    # Browsers ask for /favicon.ico whatever the page names; the same icon.
    found = pages.static_file("favicon.svg")
    assert found is not None
    return Response(found[0], media_type=found[1])


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/validate", validate_page, methods=["POST"]),
    Route("/convert", convert_page, methods=["POST"]),
    Route("/api/validate", api_validate, methods=["POST"]),
    Route("/api/convert", api_convert, methods=["POST"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/docs/rules", rules_doc, methods=["GET"]),
    Route("/docs/rules/{code}", rule_doc, methods=["GET"]),
    Route("/static/{name}", static, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
]
