"""The Leitband of the Wahlbezirksstatistik: the names of the areas by key."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from support import ROOT
from wahldaten.formats.bundeswahlleiterin.common import strip_bom
from wahldaten.formats.bundeswahlleiterin.leitband import is_leitband, lookup, read_leitband
from wahldaten.formats.facts import SourceFacts
from wahldaten.io.sources import collect

LEITBAND = ROOT / "fixtures" / "wbz" / "valid" / "europawahl" / "ew24_wbz_leitband.csv"


def test_names_by_satzart() -> None:
    (source,) = collect([LEITBAND])
    data = strip_bom(source.read())
    assert is_leitband(data)
    found, context = read_leitband(source, data)
    assert found.laender["01"] == "Schleswig-Holstein"
    assert found.kreise is not None
    keys = pl.DataFrame({"k": ["01001", "99999"]})
    names = lookup(keys, pl.col("k"), found.kreise, "name")
    assert names.to_list() == ["Flensburg, Stadt", None]
    facts = context.facts_as(SourceFacts)
    assert facts is not None and facts.missing == [] and facts.refused == []


def test_missing_column_refuses_the_leitband(tmp_path: Path) -> None:
    text = LEITBAND.read_text(encoding="utf-8-sig").replace(";Name", ";Bezeichnung")
    path = tmp_path / "ew24_wbz_leitband.csv"
    path.write_text(text, encoding="utf-8")
    (source,) = collect([path])
    found, context = read_leitband(source, text.encode("utf-8"))
    assert found.laender == {} and found.gemeinden is None
    facts = context.facts_as(SourceFacts)
    assert facts is not None and facts.missing == ["Name"]


def test_no_leitband_no_names() -> None:
    keys = pl.DataFrame({"k": ["01001"]})
    assert lookup(keys, pl.col("k"), None, "name").to_list() == [None]
    assert not is_leitband(b"Land;Reg.-Bezirk;Kreis;Wahlbezirk;Bezirksart\n")
