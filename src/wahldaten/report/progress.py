"""A progress bar on stderr for runs that take longer than a moment.

Silent when stderr is not a terminal (CI logs, pipes) or when disabled (`--quiet`); it only
appears after a second, so quick runs print nothing extra. Like every line of the command line
on stderr, it starts with `wahldaten: `.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from wahldaten.report.safe import STDERR_PREFIX, printable

DELAY_SECONDS = 1.0
WIDTH = 30
LABEL_WIDTH = 40


class Progress:
    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.shown = False

    def update(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled or time.monotonic() - self.started < DELAY_SECONDS:
            return
        filled = WIDTH * done // max(total, 1)
        text = printable(label)
        if len(text) > LABEL_WIDTH:
            text = "…" + text[-(LABEL_WIDTH - 1) :]
        self.stream.write(
            f"\r{STDERR_PREFIX}[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} "
            f"{text:<{LABEL_WIDTH}}"
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (len(STDERR_PREFIX) + WIDTH + LABEL_WIDTH + 24) + "\r")
            self.stream.flush()
            self.shown = False
