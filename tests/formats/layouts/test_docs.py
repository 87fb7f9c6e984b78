"""docs/layouts.md: its key reference is generated from the schema, its worked example converts."""

from __future__ import annotations

import re
from pathlib import Path

import wahldaten
from wahldaten.formats import layouts, registry
from wahldaten.formats.layouts import reference
from wahldaten.formats.source import Meta
from wahldaten.io.sources import collect

DOCS = Path(__file__).resolve().parents[3] / "docs" / "layouts.md"


def test_the_key_reference_is_generated_from_the_schema() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(reference.START), text.index(reference.END) + len(reference.END)
    assert text[start:end] + "\n" == reference.markdown(), (
        "docs/layouts.md is stale: python -m wahldaten.formats.layouts.reference"
    )


def test_the_worked_example_converts(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    toml = re.search(r"```toml\n(.*?)```", text, re.S)
    source = re.search(r"```text\n(.*?)```", text, re.S)
    assert toml and source
    assert len([line for line in toml.group(1).splitlines() if line.strip()]) <= 40
    (tmp_path / "wahlbezirke.toml").write_text(toml.group(1), encoding="utf-8")
    (tmp_path / "wahlbezirke.csv").write_text(source.group(1), encoding="utf-8")
    layout = layouts.load(tmp_path / "wahlbezirke.toml")
    assert layouts.fit(layout, source.group(1)).fits
    reading = layouts.read(
        collect([tmp_path / "wahlbezirke.csv"]), layout, Meta(wahl_datum="23.02.2025")
    )
    results = reading.elections[0].tables["Wahlergebnisse"]
    assert results["bezirk-nr"].to_list() == ["0001", "0002", "0901"]
    assert results["D3"].to_list() == [None, None, None]  # x: did not stand, never 0
    registry.add_layout(layout)
    report = wahldaten.convert(
        [tmp_path / "wahlbezirke.csv"],
        tmp_path / "owd",
        source_format="layout",
        meta=Meta(wahl_datum="23.02.2025"),
    )
    assert report.exit_code == 0
