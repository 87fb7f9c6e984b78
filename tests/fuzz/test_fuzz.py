"""Mutation fuzzing of every reader and renderer, starting from the project's fixtures.

Properties, for any mutation of any fixture package (see mutations.py): reading ends in a
report (exit code 0 or 1) or an `InputError` (exit code 3), never another exception; every
report format parses as its format and is safe to print (oracles.py); a count emptied in the
source is never 0 in the converted election nor in the written OWD JSON. The budget is short
in the test suite and long on request (budget.py; README, "Development").
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
from budget import count, fuzz, run
from cases import Case, cases, emptied, load, zipped
from hypothesis import strategies as st
from oracles import check_message, check_output

import wahldaten
from wahldaten.core import catalog
from wahldaten.core.model import Election, count_columns
from wahldaten.formats.source import SourceError
from wahldaten.report.formats import FORMATS, render
from wahldaten.report.json_report import conversion_json
from wahldaten.report.text import render_conversion

LANGUAGES = st.sampled_from(catalog.LANGUAGES)


def known_message(error: wahldaten.InputError | SourceError, language: str) -> None:
    """A refusal names a catalog entry and renders in both languages."""
    text = catalog.text(error.key, language, **error.params)
    assert text != error.key, f"no catalog entry for {error.key}"


# --- validate: every reader, every renderer ----------------------------------------------------


@fuzz(case=cases(), language=LANGUAGES, compact=st.booleans())
def validate_mutated(case: Case, language: str, compact: bool) -> None:
    count("validate")
    with tempfile.TemporaryDirectory() as tmp:
        paths = case.write(Path(tmp))
        try:
            report = wahldaten.validate(*paths, recursive=case.packing == "batch")
        except wahldaten.InputError as error:
            known_message(error, language)
            return
        assert report.exit_code in (0, 1)
        for fmt in FORMATS:
            check_output(fmt, render(report, fmt, language, compact=compact))


def test_validate_and_render_mutated_packages() -> None:
    run(validate_mutated, "validate", examples=60)


@fuzz(case=zipped(), language=LANGUAGES)
def validate_damaged_zip(case: Case, language: str) -> None:
    count("zip")
    with tempfile.TemporaryDirectory() as tmp:
        (archive,) = case.write(Path(tmp))
        try:
            report = wahldaten.validate(archive)
        except wahldaten.InputError as error:
            known_message(error, language)
            if "unsafe-member" in case.zip_steps:
                # Either defect refuses the archive as a whole; which one is named first depends
                # on the order of the members.
                refusals = {"input.zip_unsafe", "input.zip_broken"}
                if "encrypted-flag" in case.zip_steps:
                    refusals.add("input.zip_encrypted")
                assert error.key in refusals
            return
        assert "unsafe-member" not in case.zip_steps, "an archive with ../ must be refused"
        assert report.exit_code in (0, 1)
        for fmt in ("text", "json", "junit"):
            check_output(fmt, render(report, fmt, language))


def test_validate_damaged_zip_archives() -> None:
    run(validate_damaged_zip, "zip", examples=25)


# --- inspect and convert: every converter --------------------------------------------------------


@fuzz(case=cases(), language=LANGUAGES)
def inspect_mutated(case: Case, language: str) -> None:
    count("inspect")
    with tempfile.TemporaryDirectory() as tmp:
        paths = case.write(Path(tmp))
        try:
            report, elections = wahldaten.inspect(paths)
        except (wahldaten.InputError, SourceError) as error:
            known_message(error, language)
            return
        assert report.exit_code in (0, 1)
        json.loads(conversion_json(report, language))
        check_output("text", render_conversion(report, language))
        for election in elections:
            assert all(
                election.results[c].dtype == pl.Int64
                for c in count_columns(election.results.columns)
            )


def test_inspect_mutated_packages() -> None:
    run(inspect_mutated, "inspect", examples=30)


def zeros_in(elections: list[Election]) -> int:
    return sum(
        int((election.results[c] == 0).sum())
        for election in elections
        for c in count_columns(election.results.columns)
    )


def zeros_in_document(document: Any) -> int:
    """Zero counts in the Wahlergebnisse rows of every OWD JSON document inside `document`."""
    if isinstance(document, list):
        return sum(zeros_in_document(item) for item in document)
    if not isinstance(document, dict):
        return 0
    rows = document.get("Wahlergebnisse")
    if isinstance(rows, list):
        return sum(
            1
            for row in rows
            for column in count_columns(list(row))
            if isinstance(row[column], int)
            and not isinstance(row[column], bool)
            and row[column] == 0
        )
    return sum(zeros_in_document(value) for value in document.values())


def converted(case: Case, folder: Path) -> tuple[list[Election], int | None]:
    """The elections of the case in memory, and the zeros of its OWD JSON (None if refused)."""
    paths = case.write(folder)
    try:
        _, elections = wahldaten.inspect(paths)
    except (wahldaten.InputError, SourceError):
        return [], None
    target = folder / "out.json"
    try:
        wahldaten.convert(paths, target, target_format="owd-json")
    except (wahldaten.InputError, SourceError):
        return elections, None
    written = [target] if target.is_file() else sorted(target.rglob("*.json"))
    if not written:
        return elections, None
    return elections, sum(zeros_in_document(json.loads(p.read_text("utf-8"))) for p in written)


@cache
def original(seed: str) -> tuple[int, int | None]:
    with tempfile.TemporaryDirectory() as tmp:
        elections, document = converted(Case(seed, load(seed), ()), Path(tmp))
        return zeros_in(elections), document


@fuzz(case=emptied())
def emptied_count_is_never_zero(case: Case) -> None:
    count("emptied")
    zeros, document = original(case.seed)
    with tempfile.TemporaryDirectory() as tmp:
        elections, written = converted(case, Path(tmp))
    assert zeros_in(elections) <= zeros, "an emptied count became 0 in the converted election"
    if written is not None and document is not None:
        assert written <= document, "an emptied count became 0 in the written OWD JSON"
    if case.seed.startswith("owd/"):
        for name, line, column in case.emptied:
            assert_null_in(elections, name, line, int(column), dict(load(case.seed))[name])


def assert_null_in(
    elections: list[Election], name: str, line: int, column: int, data: bytes
) -> None:
    """In an OWD package, the emptied cell of a Wahlergebnisse row is null in its election."""
    if "_Wahlergebnisse_" not in name or not elections:
        return
    rows = data.decode("utf-8-sig").split("\n")
    header, cells = rows[0].split(";"), rows[line].split(";")
    bezirk, counted = cells[header.index("bezirk-nr")], header[column]
    for election in elections:
        frame = election.results
        if counted in frame.columns:
            values = frame.filter(pl.col("bezirk-nr") == bezirk)[counted].to_list()
            assert all(v is None for v in values), f"{counted} of Bezirk {bezirk} is {values}"


def test_an_emptied_count_is_never_zero() -> None:
    run(emptied_count_is_never_zero, "emptied", examples=20)


# --- the command line: exit codes and stderr ---------------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    """Run `wahldaten ARGS` in this process: exit code, stdout, stderr."""
    from wahldaten.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["wahldaten", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


@fuzz(case=cases(), fmt=st.sampled_from(FORMATS), language=LANGUAGES)
def cli_validate_mutated(case: Case, fmt: str, language: str) -> None:
    count("cli")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in case.write(Path(tmp))]
        recursive = ["--recursive"] if case.packing == "batch" else []
        code, out, err = cli(
            "validate", *paths, *recursive, "-f", fmt, "--lang", language, "-j", "1", "-q"
        )
    assert code in (0, 1, 3), (code, err)
    assert "internal error" not in err, err
    if code == 3:
        check_message(err)
    else:
        check_output(fmt, out)


def test_cli_validate_mutated_packages() -> None:
    run(cli_validate_mutated, "cli", examples=20)
