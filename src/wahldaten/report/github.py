"""GitHub Actions workflow commands: `::error file=…,line=…::message`, grouped per package.

Text from the data is made printable first (no line break can survive, so no line can start
with a command of its own), then escaped by the rules of workflow commands: `%`, CR and LF in
messages, and also `:` and `,` in properties.
"""

from __future__ import annotations

from pathlib import Path

from wahldaten.core import catalog
from wahldaten.core.findings import Location
from wahldaten.engine.results import Report
from wahldaten.report.locate import place, repository_root
from wahldaten.report.render import bezirk_text, finding_message, refused, skipped
from wahldaten.report.safe import printable

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, language: str, root: Path | None = None) -> str:
    base = root or repository_root()
    lines: list[str] = []
    for package in report.packages:
        lines.append(f"::group::{_data(package.title or 'wahldaten')}")
        for result in sorted(package.results, key=lambda r: (-r.severity.rank, r.code)):
            title = f"{result.code} {catalog.title(result.code, language)}"
            for finding in result.examples:
                where = place(finding.location, base)
                props = []
                if where is not None:
                    props.append(f"file={_property(where.path)}")
                    if where.line is not None:
                        props.append(f"line={where.line}")
                    if where.start_column is not None:
                        props.append(f"col={where.start_column}")
                        props.append(f"endColumn={where.end_column}")
                props.append(f"title={_property(title)}")
                message = finding_message(result.code, finding, language)
                loc = finding.location
                if loc.bezirk:
                    message = f"{bezirk_text(loc.bezirk, loc.gs, language)}: {message}"
                lines.append(
                    f"::{COMMAND[result.severity.value]} {','.join(props)}::{_data(message)}"
                )
            hidden = result.count - len(result.examples)
            if hidden > 0:
                more = catalog.text("ui.more", language, count=hidden)
                lines.append(f"::notice title={_property(title)}::{_data(more)}")
        lines.append("::endgroup::")
    # Inputs not validated: a notice each, so that the log does not pass over them.
    title = _property(catalog.text("report.inputs_not_validated", language))
    for note in [*refused(report, language), *skipped(report, language)]:
        where = place(Location(file=note.path), base)
        props = ([f"file={_property(where.path)}"] if where is not None else []) + [
            f"title={title}"
        ]
        lines.append(f"::notice {','.join(props)}::{_data(note.message)}")
    return "\n".join(lines) + "\n"
