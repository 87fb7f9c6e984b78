"""The work of one request, done in a worker process: validate or convert one private folder.

A worker runs one job at a time, in its main thread, so it can do what a thread of the server
cannot: change into the request's folder, so that the reports name the files as the user named
them (`05999001_…_Wahlergebnisse_….csv`, not a temporary path), exactly as
`cd folder && wahldaten validate .` does; and stop a job at its time limit by a timer signal.
Everything a response needs is rendered here (the report in every format offered), so only
text and bytes go back to the server, never a file name on disk.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import os
import signal
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wahldaten.api import conversion, validation
from wahldaten.core import catalog
from wahldaten.engine.results import Report
from wahldaten.formats import targets
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.errors import InputError
from wahldaten.io.limits import Limits
from wahldaten.report import formats, locate
from wahldaten.report.json_report import conversion_dict, report_dict
from wahldaten.report.safe import json_text
from wahldaten.rules.registry import UnknownCodeError
from wahldaten.web.downloads import findings_csv
from wahldaten.web.settings import WebSettings

# Library errors that mean "too large": the request is refused with 413 like a large upload.
LIMIT_KEYS = frozenset(
    {"input.run_too_large", "input.file_too_large", "input.zip_ratio", "input.zip_too_many"}
)
OUTPUT_STEM = "wahldaten"


class WorkTimeout(BaseException):
    """The time limit of a job ran out (a BaseException, so no `except Exception` keeps it)."""


@dataclass(frozen=True)
class Refused:
    """A job that ended without a report: an HTTP status, a stable code and the message."""

    status: int
    code: str
    message: str


@dataclass(frozen=True)
class Done:
    """A job's report in the formats asked for, and for a conversion the output written."""

    exit_code: int
    documents: dict[str, str]
    output_name: str | None = None
    output_type: str | None = None
    output: bytes | None = None
    counts: dict[str, int] = field(default_factory=dict)


Outcome = Done | Refused


@dataclass(frozen=True)
class Job:
    """What to do with a folder. Paths are relative to `folder`, the worker's directory."""

    folder: str
    language: str = "de"
    fail_on: str = "error"
    final: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_examples: int = 10
    recursive: bool = False
    meta: Mapping[str, str | None] = field(default_factory=dict)
    meta_files: tuple[str, ...] = ()
    max_bytes: int = WebSettings.max_bytes
    time_limit: float = WebSettings.time_limit
    # Which renderings of a validation: html, json, sarif, csv (csv comes from the json).
    documents: tuple[str, ...] = ("json",)
    html_examples: int = formats.PEOPLE_EXAMPLES
    # Conversions: the target, version and source format, and the folder for the output.
    target: str | None = None
    version: str | None = None
    source_format: str = "auto"
    out_folder: str | None = None


def accepts(function: Callable[..., Any], name: str) -> bool:
    """Whether a library call takes a keyword (the final stage of issue 10 arrives in turn)."""
    return name in inspect.signature(function).parameters


def _options(function: Callable[..., Any], job: Job) -> dict[str, Any]:
    default = Limits()
    extra: dict[str, Any] = {
        "limits": Limits(
            max_bytes=job.max_bytes, max_file_bytes=min(default.max_file_bytes, job.max_bytes)
        )
    }
    if job.final and accepts(function, "final"):
        extra["final"] = True  # a validation refuses `final` earlier where it is unknown
    return extra


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield  # not a worker's main thread (a test calling in): the server's wait still bounds it
        return

    def expired(signum: int, frame: object) -> None:
        raise WorkTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _inside(folder: str) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)
        # The located lines of the last SARIF report are cached by their (relative) file name:
        # the next request's files have the same names and other content.
        locate._lines.cache_clear()


def _message(key: str, params: Mapping[str, Any], language: str) -> str:
    text = catalog.text(key, language, **params)
    if text == key:  # a key without a text: its parameters at least
        detail = ", ".join(str(v) for v in params.values())
        return catalog.text("web.error.unexplained", language, detail=detail or key)
    return text


def _refused(error: BaseException, language: str) -> Refused:
    if isinstance(error, WorkTimeout):
        return Refused(503, "web.time_limit", _message("web.error.time_limit", {}, language))
    if isinstance(error, InputError):
        status = 413 if error.key in LIMIT_KEYS else 422
        return Refused(status, error.key, _message(error.key, error.params, language))
    if isinstance(error, UnknownCodeError):
        key = "input.unknown_code"
        return Refused(400, key, _message(key, {"code": error.code}, language))
    if isinstance(error, SourceError):
        return Refused(422, error.key, _message(error.key, error.params, language))
    if isinstance(error, MemoryError):
        return Refused(503, "web.memory", _message("web.error.memory", {}, language))
    # Only the kind of error, never its text: it may quote the data.
    kind = type(error).__name__
    return Refused(500, "web.internal", _message("web.error.internal", {"kind": kind}, language))


def _guarded(job: Job, work: Callable[[], Done]) -> Outcome:
    try:
        with _inside(job.folder), _time_limit(job.time_limit):
            return work()
    except (WorkTimeout, Exception) as error:
        return _refused(error, job.language)


def _meta(job: Job) -> Meta:
    given = job.meta
    return Meta(
        wahl_datum=given.get("wahl_datum") or None,
        wahl_name=given.get("wahl_name") or None,
        gs=given.get("gs") or None,
        behoerde_name=given.get("behoerde_name") or None,
    )


def validate(job: Job) -> Outcome:
    """Validate the folder as `wahldaten validate .` run inside it would."""

    def work() -> Done:
        report = validation.validate(
            ".",
            select=list(job.select) or None,
            ignore=list(job.ignore) or None,
            max_examples=job.max_examples,
            fail_on=job.fail_on,
            recursive=job.recursive,
            meta=_meta(job),
            meta_files=list(job.meta_files),
            **_options(validation.validate, job),
        )
        documents: dict[str, str] = {}
        for name in job.documents:
            if name == "csv":
                documents[name] = findings_csv(report_dict(report, job.language), job.language)
            elif name == "html":
                # The page shows the first examples; the downloads carry all that were kept.
                documents[name] = formats.render(
                    _capped(report, job.html_examples), "html", job.language
                )
            else:
                documents[name] = formats.render(report, name, job.language)
        counts = {s.value: n for s, n in report.counts().items()}
        return Done(report.exit_code, documents, counts=counts)

    return _guarded(job, work)


def _capped(report: Report, examples: int) -> Report:
    """The report as the HTML renderer shows it with `examples` per code: the renderer takes
    its limit from the settings, so only the limit changes, not what was found."""
    if report.settings.max_examples <= examples:
        return report
    settings = dataclasses.replace(report.settings, max_examples=examples)
    return dataclasses.replace(report, settings=settings)


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def convert(job: Job) -> Outcome:
    """Convert the folder as `wahldaten convert . -o OUT --to TARGET` run inside it would."""
    assert job.out_folder is not None and job.target is not None

    def work() -> Done:
        target = targets.get(job.target or "")
        out = Path(job.out_folder or "")
        output = out / (OUTPUT_STEM + ("" if target.folder else target.suffix or ""))

        def run(output: Path) -> conversion.ConversionReport:
            return conversion.convert(
                ["."],
                output,
                source_format=job.source_format,
                target_format=target.name,
                version=job.version,
                meta=_meta(job),
                meta_files=list(job.meta_files),
                max_examples=job.max_examples,
                fail_on=job.fail_on,
                **_options(conversion.convert, job),
            )

        try:
            result = run(output)
        except targets.SeveralElectionsError:  # one document each, in a folder sent as a zip
            output = out / OUTPUT_STEM
            result = run(output)
        data = conversion_dict(result, job.language)
        # A folder (OWD, votemanager, several JSON documents) is sent as a zip archive.
        folder = output.is_dir()
        # The files written, named inside the download rather than on the server's disk.
        base = output if folder else out
        data["written"] = [Path(p).relative_to(base).as_posix() for p in result.written]
        documents = {"json": json_text(data)}
        if "html" in job.documents:
            documents["html"] = formats.render_conversion(result, "html", job.language)
        if not result.written:
            return Done(result.exit_code, documents)
        if folder:
            name, media = f"{OUTPUT_STEM}-{target.name}.zip", "application/zip"
            content = _zip_folder(output)
        else:
            name, media, content = output.name, _media_type(output.suffix), output.read_bytes()
        return Done(result.exit_code, documents, name, media, content)

    return _guarded(job, work)


def _media_type(suffix: str) -> str:
    return {
        ".json": "application/json",
        ".csv": "text/csv",
        ".parquet": "application/vnd.apache.parquet",
    }.get(suffix, "application/octet-stream")


def warm() -> int:
    """Nothing but the imports above: a worker that has run this answers at once."""
    return os.getpid()
