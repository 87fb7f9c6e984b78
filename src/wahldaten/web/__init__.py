"""`wahldaten serve`: the upload page for election offices and the HTTP API for vendors.

An optional part (`pip install 'wahldaten[web]'`): Starlette, python-multipart and uvicorn are
imported here, never by the library below it. `create_app` gives the ASGI application,
`run` serves it with uvicorn.
"""

from __future__ import annotations

from wahldaten.web.app import create_app
from wahldaten.web.server import is_loopback, run
from wahldaten.web.settings import WebSettings

__all__ = ["WebSettings", "create_app", "is_loopback", "run"]
