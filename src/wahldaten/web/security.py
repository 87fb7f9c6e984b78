"""Security headers on every response, and the one exception the report page needs.

The policy allows what the server itself sends and nothing else: no external scripts, styles,
fonts or images, no inline script, no framing, no referrer. The HTML report is one
self-contained file with its style in a `<style>` element; its page allows exactly that
element by its hash (`style-src 'self' 'sha256-…'`), never inline script.
Responses that carry results are not stored by the browser or a proxy (`no-store`).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def policy(style_hashes: tuple[str, ...] = ()) -> str:
    parts = dict(BASE_POLICY)
    if style_hashes:
        parts["style-src"] += "".join(f" 'sha256-{h}'" for h in style_hashes)
    return "; ".join(f"{k} {v}" for k, v in parts.items())


def style_hashes(html: str) -> tuple[str, ...]:
    """The CSP hashes of the `<style>` elements of a page (of their exact text)."""
    return tuple(
        base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode("ascii")
        for m in _STYLE.finditer(html)
    )


class SecurityHeaders:
    """ASGI middleware: the headers above on every response; a route's own policy is kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = dict(HEADERS)
                extra["content-security-policy"] = policy()
                extra["cache-control"] = "public, max-age=3600" if static else "no-store"
                headers += [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in extra.items()
                    if k.encode("latin-1") not in present
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
