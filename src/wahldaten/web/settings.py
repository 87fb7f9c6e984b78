"""The bounds of the server: what one request may send, read and take, set per installation.

Every upload is untrusted (see the README's security section). The defaults let a nationwide
package through with room to spare and refuse what no election office sends: the Europawahl
2024 precinct archive of all of Germany is a 2 MB upload that inflates to 14 MB, the
benchmark's nationwide Bundestag package 40 MB. Memory is about ten times the bytes read
(thirty for degenerate content), so the bytes read per request stay well below the library's
own default of 1 GiB: 128 MiB keep a worker under 2 GiB for real exports.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wahldaten.io.limits import MIB, parse_size

# The settings a container sets without a command line, e.g. WAHLDATEN_WEB_MAX_UPLOAD=100M.
ENVIRONMENT = {
    "max_upload_bytes": "WAHLDATEN_WEB_MAX_UPLOAD",
    "max_files": "WAHLDATEN_WEB_MAX_FILES",
    "max_bytes": "WAHLDATEN_WEB_MAX_BYTES",
    "time_limit": "WAHLDATEN_WEB_TIME_LIMIT",
    "workers": "WAHLDATEN_WEB_WORKERS",
}


@dataclass(frozen=True)
class WebSettings:
    # The whole request body (all files and fields), counted while it streams in.
    max_upload_bytes: int = 100 * MIB
    # Files in one request (each data file and each zip archive counts once).
    max_files: int = 1000
    # Bytes read from the files of one request, zip members as they inflate (io.limits).
    max_bytes: int = 128 * MIB
    # Seconds one validation or conversion may take before it is stopped.
    time_limit: float = 120.0
    # Worker processes; None: one per core.
    workers: int | None = None
    # Where the private folders of the requests are made; None: the system's (TMPDIR).
    temp_root: Path | None = None
    # Form fields besides files, and the size of one (a language, a date, a code list).
    max_fields: int = 50
    max_field_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        for name in ("max_upload_bytes", "max_files", "max_bytes", "max_fields"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        if not self.time_limit > 0:
            raise ValueError(f"time_limit must be positive, not {self.time_limit!r}")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be positive, not {self.workers!r}")

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, **given: object
    ) -> WebSettings:
        """Settings from WAHLDATEN_WEB_* variables; values given here (not None) win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, variable in ENVIRONMENT.items():
            raw = env.get(variable)
            if raw:
                values[name] = _parse(name, raw)
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _parse(name: str, raw: str) -> object:
    if name in ("max_upload_bytes", "max_bytes"):
        return parse_size(raw)
    if name == "time_limit":
        return float(raw)
    return int(raw)
