"""The ASGI application: `create_app(settings)` for uvicorn or any ASGI server.

The worker processes start with the application (its lifespan) and stop with it; `/healthz`
answers 200 once they have imported the library. Errors never show a traceback: a page or
`{"code", "message"}` in German (or `?lang=en`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from wahldaten.core import catalog
from wahldaten.web import pages, routes, work
from wahldaten.web.pool import Workers
from wahldaten.web.security import SecurityHeaders
from wahldaten.web.settings import WebSettings

log = logging.getLogger("wahldaten.web")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _respond(request: Request, status: int, key: str, **params: object) -> Response:
    language = pages.language_of(request.query_params.get("lang"))
    refused = work.Refused(status, routes.error_code(key), catalog.text(key, language, **params))
    return routes.error_response(refused, language, _is_api(request))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 405:
        allowed = (error.headers or {}).get("Allow", "")
        return _respond(request, 405, "web.error.method", methods=allowed or "GET")
    if error.status_code == 404:
        return _respond(request, 404, "web.error.not_found")
    return _respond(request, error.status_code, "web.error.bad_form")


async def _internal_error(request: Request, error: Exception) -> Response:
    # The kind only: the text of an exception may quote the data.
    log.error("internal error: %s", type(error).__name__)
    return _respond(request, 500, "web.error.internal", kind=type(error).__name__)


def create_app(settings: WebSettings | None = None) -> Starlette:
    """The application with its settings (default: `WebSettings.from_environment()`)."""
    chosen = settings if settings is not None else WebSettings.from_environment()
    workers = Workers(chosen.worker_count)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await workers.start()
        try:
            yield
        finally:
            workers.stop()

    app = Starlette(
        routes=routes.ROUTES,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.state.settings = chosen
    app.state.workers = workers
    return app
