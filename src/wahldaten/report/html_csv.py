"""The findings as CSV, and a document as a `data:` URL: what the HTML report (and the web
page around it) offers to download without a server behind it.

The CSV is for a spreadsheet: `;`-separated with a BOM (as German spreadsheet programs expect),
one row per finding kept in the report, every cell printable. A cell that a spreadsheet would
read as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`, because the values come from
untrusted files.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from wahldaten.core import catalog
from wahldaten.report.safe import printable

CSV_COLUMNS = (
    "package",
    "code",
    "severity",
    "title",
    "file",
    "line",
    "column",
    "bezirk",
    "message",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = printable(value)
    return f"'{text}" if text.startswith(_FORMULA) else text


def _rows(report: Mapping[str, Any]) -> Iterable[list[object]]:
    for package in report.get("packages", []):
        for result in package.get("findings", []):
            for example in result.get("examples", []):
                yield [
                    package.get("title"),
                    result["code"],
                    result["severity"],
                    result["title"],
                    example.get("file"),
                    example.get("line"),
                    example.get("column"),
                    example.get("bezirk"),
                    example.get("message"),
                ]


def findings_csv(report: Mapping[str, Any], language: str) -> str:
    """Every finding kept in a JSON report (`report_dict`) as one CSV row, headed in `language`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([catalog.text(f"web.csv.{c}", language) for c in CSV_COLUMNS])
    for row in _rows(report):
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


def data_url(content: str | bytes, media_type: str) -> str:
    """The content as a `data:` URL (base64), for a download link with nothing on the server."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    charset = ";charset=utf-8" if isinstance(content, str) else ""
    return f"data:{media_type}{charset};base64,{base64.b64encode(raw).decode('ascii')}"
