"""The Content-Security-Policy as a value: no inline script, a style only by its hash."""

from __future__ import annotations

import base64
import hashlib

from wahldaten.web.security import policy, style_hashes


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
