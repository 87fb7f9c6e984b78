"""Errors of the library as exit codes: 2 for what an option solves, 3 for bad input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from wahldaten.cli.output import EXIT_INPUT, EXIT_USAGE, error_text, fail
from wahldaten.formats.errors import SourceError
from wahldaten.io.sources import InputError

# Conversion problems that the user solves with an option, not by fixing the input.
USAGE_ERRORS = frozenset(
    {
        "convert.date_missing",
        "convert.gs_missing",
        "convert.output_exists",
        "convert.unknown_source_format",
        "convert.unknown_target_format",
        "convert.unknown_target_suffix",
        "convert.target_suffix_mismatch",
        "convert.several_elections",
        "convert.not_writable",
        "convert.tidy_date",
        "convert.mixed_formats",
        "convert.no_migration",
        "convert.bwl_gs_not_area",
        "input.unknown_version",
    }
)


@contextmanager
def library_errors(language: str) -> Iterator[None]:
    """Turn the errors of reading sources into a message on stderr and the exit code."""
    try:
        yield
    except InputError as error:
        raise fail(error_text(error, language), EXIT_INPUT) from None
    except SourceError as error:
        code = EXIT_USAGE if error.key in USAGE_ERRORS else EXIT_INPUT
        raise fail(error_text(error, language), code) from None
