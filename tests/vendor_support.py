"""Helpers for the tests of the vendor readers (AKDB Wahlportal, votemanager) and their rules."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import wahldaten
from support import ROOT
from wahldaten.api.conversion import ConversionReport, inspect
from wahldaten.core.model import Election
from wahldaten.formats.source import Meta

AKDB = ROOT / "fixtures" / "akdb"
BTW = AKDB / "valid" / "bundestagswahl"
BTW_FILE = "wahlbezirksergebnisse_20250223.csv"
MAYOR = AKDB / "valid" / "buergermeisterwahl"
MAYOR_FILE = "gesamtergebnis_08.03.2026.csv"
PAIRS = AKDB / "valid" / "landratswahl"
PAIRS_FILE = "landratStimmen_20260308.csv"
VM = ROOT / "fixtures" / "votemanager"


def codes(report: ConversionReport) -> dict[str, int]:
    """Code → number of findings, over the source and every converted package."""
    found: dict[str, int] = {}
    for result in report.all_results():
        found[result.code] = found.get(result.code, 0) + result.count
    return found


def source_result(report: ConversionReport, code: str) -> list[wahldaten.Finding]:
    (result,) = [r for r in report.source_results if r.code == code]
    return list(result.examples)


def records(path: Path) -> list[list[str]]:
    """The records of a Wahlportal file, header first, without the empty last field."""
    text = path.read_bytes().decode("utf-8")
    return [r[:-1] for r in csv.reader(io.StringIO(text, newline=""), delimiter=";") if r]


def write(path: Path, rows: list[list[str]]) -> Path:
    """Write records back in the Wahlportal form: CRLF and a `;` at the end of every line."""
    lines = []
    for row in rows:
        cells = ['"' + c + '"' if "\n" in c or ";" in c else c for c in row]
        lines.append(";".join(cells) + ";")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def edited(
    tmp_path: Path,
    folder: Path,
    name: str,
    changes: dict[tuple[int, str], str],
    *,
    target: str | None = None,
) -> Path:
    """A copy of a fixture folder with cells changed: (record index, column) → value.

    Record 0 is the header; the column is a header name (the first occurrence).
    """
    out = tmp_path / "in"
    out.mkdir(parents=True, exist_ok=True)
    for sibling in folder.iterdir():
        if sibling.name != name:
            (out / sibling.name).write_bytes(sibling.read_bytes())
    rows = records(folder / name)
    for (index, column), value in changes.items():
        rows[index][rows[0].index(column)] = value
    write(out / (target or name), rows)
    return out


def only(folder: Path, meta: Meta | None = None) -> tuple[ConversionReport, Election]:
    """The report and the one election of a folder."""
    report, elections = inspect([folder], meta=meta or Meta())
    assert len(elections) == 1, codes(report)
    return report, elections[0]
