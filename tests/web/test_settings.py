"""The server's settings: defaults, the WAHLDATEN_WEB_* variables, and what is refused."""

from __future__ import annotations

import pytest

from wahldaten.io.limits import MIB
from wahldaten.web.settings import WebSettings


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
