"""The progress bar: on terminals only, after a moment, and safe whatever a label holds."""

from __future__ import annotations

import io

from wahldaten.report import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_label_from_the_data_is_shown_escaped() -> None:
    stream = Terminal()
    bar = progress.Progress(stream=stream)
    bar.started -= progress.DELAY_SECONDS + 1
    bar.update(1, 4, "Bezirk\n::error::x\x1b]0;t\x07\u202e.csv")
    written = stream.getvalue()
    assert "\n" not in written and "\x1b" not in written and "\u202e" not in written
    assert "1/4" in written and "\\x1b" in written
    bar.update(2, 4, "x" * 500)
    assert max(len(part) for part in stream.getvalue().split("\r")) < 120
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_silent_when_not_a_terminal_or_quick() -> None:
    stream = io.StringIO()
    bar = progress.Progress(stream=stream)
    bar.started -= progress.DELAY_SECONDS + 1
    bar.update(1, 2, "x")
    quick = Terminal()
    progress.Progress(stream=quick).update(1, 2)
    assert stream.getvalue() == "" and quick.getvalue() == ""


def test_the_bar_starts_with_the_prefix_of_every_stderr_line() -> None:
    stream = Terminal()
    bar = progress.Progress(stream=stream)
    bar.started -= progress.DELAY_SECONDS + 1
    bar.update(3, 9, "paket")
    (shown,) = [part for part in stream.getvalue().split("\r") if part]
    assert shown.startswith("wahldaten: [")
