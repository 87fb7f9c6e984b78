"""The Content-Security-Policy and the settings of the server, as values."""

from __future__ import annotations

import base64
import hashlib

import pytest

from wahldaten.io.limits import MIB
from wahldaten.web.security import policy, style_hashes
from wahldaten.web.server import is_loopback
from wahldaten.web.settings import WebSettings


def test_policy_forbids_inline_script_and_external_resources() -> None:
    text = policy()
    assert "default-src 'self'" in text and "script-src 'self';" in text
    assert "'unsafe-inline'" not in text and "http" not in text
    assert "frame-ancestors 'none'" in text and "object-src 'none'" in text


def test_a_style_is_allowed_by_its_hash_only() -> None:
    css = "body { color: red; }"
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert style_hashes(f"<head><style>{css}</style></head>") == (digest,)
    assert f"style-src 'self' 'sha256-{digest}';" in policy((digest,))
    assert "script-src 'self';" in policy((digest,))


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("wahlamt.example", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_settings_from_the_environment() -> None:
    environ = {
        "WAHLDATEN_WEB_MAX_UPLOAD": "100M",
        "WAHLDATEN_WEB_TIME_LIMIT": "30",
        "WAHLDATEN_WEB_WORKERS": "3",
    }
    settings = WebSettings.from_environment(environ, max_files=7, max_bytes=None)
    assert settings.max_upload_bytes == 100 * MIB and settings.time_limit == 30.0
    assert settings.workers == 3 and settings.max_files == 7
    assert settings.max_bytes == WebSettings().max_bytes
    with pytest.raises(ValueError):
        WebSettings.from_environment({"WAHLDATEN_WEB_MAX_UPLOAD": "lots"})
    with pytest.raises(ValueError):
        WebSettings(max_files=0)
