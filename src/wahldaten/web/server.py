"""Running the application with uvicorn: `wahldaten serve` calls `run`."""

from __future__ import annotations

import copy
import ipaddress
from typing import Any

import uvicorn
import uvicorn.config

from wahldaten.report.safe import STDERR_PREFIX
from wahldaten.web.app import create_app
from wahldaten.web.settings import WebSettings

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether `host` only answers this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def log_config() -> dict[str, Any]:
    """uvicorn's logging, each line behind `wahldaten: ` like every other line of the command
    line; the server's own logger (`wahldaten.web`) goes the same way."""
    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    for formatter in config["formatters"].values():
        formatter["fmt"] = STDERR_PREFIX + formatter["fmt"]
    config["loggers"]["wahldaten.web"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def run(host: str, port: int, settings: WebSettings) -> None:
    """Serve until interrupted. The access log names method, path and status, never content;
    behind a reverse proxy on this machine, X-Forwarded-For/-Proto are taken from 127.0.0.1
    (uvicorn's FORWARDED_ALLOW_IPS names other proxies)."""
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        server_header=False,
        proxy_headers=True,
        # Beyond this many open connections new ones get 503 at once.
        limit_concurrency=256,
        timeout_graceful_shutdown=10,
        log_config=log_config(),
    )
