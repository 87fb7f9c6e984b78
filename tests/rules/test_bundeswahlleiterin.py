"""K20–K29, K35: each code detected from the facts the Bundeswahlleiterin readers record."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import pytest

from wahldaten.core.findings import Finding, RowFindings, Yielded, first_findings
from wahldaten.formats.bundeswahlleiterin.area_keys import keyed, padded
from wahldaten.formats.bundeswahlleiterin.common import Preamble
from wahldaten.formats.bundeswahlleiterin.facts import (
    Kerg2Facts,
    KergFacts,
    VotePair,
    WahlkreisFacts,
    WbzFacts,
)
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    ART,
    COUNT,
    GROUP,
    KIND,
    LETTER,
    NR,
    PARENT,
    STIMME,
)
from wahldaten.formats.bundeswahlleiterin.wbz_header import (
    ARS,
    BEZIRKSART,
    GEMEINDE,
    KREIS,
    LAND,
    MERGED,
    RB,
    VG,
    WAHLBEZIRK,
)
from wahldaten.formats.bundeswahlleiterin.wbz_numbers import LINK, NUMBER_B
from wahldaten.formats.facts import SourceFacts
from wahldaten.formats.source import SourceContext
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.registry import get


def found(code: str, facts: SourceFacts | None, source_format: str = "kerg2") -> list[Finding]:
    context = SourceContext(source_format=source_format, layout="", tables=[], observed=facts)
    items: Iterable[Yielded] = get(code).check(context)
    return list(first_findings(items, 1000))


def count(code: str, facts: SourceFacts | None, source_format: str = "kerg2") -> int:
    context = SourceContext(source_format=source_format, layout="", tables=[], observed=facts)
    return sum(
        item.count if isinstance(item, RowFindings) else 1 for item in get(code).check(context)
    )


# --- kerg2 and kerg ---------------------------------------------------------------------------


def test_status_known_is_k21_unknown_or_missing_is_k22() -> None:
    final = Kerg2Facts("k.csv", status=Preamble("endgültig", "Endgültig", 5))
    (k21,) = found("K21", final)
    assert k21.params == {"status": "endgültig"} and k21.location.line == 5
    assert found("K22", final) == []
    odd = Kerg2Facts("k.csv", status=Preamble(None, "Hochrechnung", 5))
    assert [f.params for f in found("K22", odd)] == [{"value": "Hochrechnung"}]
    missing = KergFacts("k.csv", status=Preamble())
    assert [f.params for f in found("K22", missing, "kerg")] == [{"value": "–"}]
    # A file refused before its preamble was read says nothing about its status.
    assert found("K21", Kerg2Facts("k.csv")) == found("K22", Kerg2Facts("k.csv")) == []


def _long(art: str, counts: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            LINE_COLUMN: list(range(11, 11 + len(counts))),
            ART: [art] * len(counts),
            NR: ["001"] * len(counts),
            KIND: ["system", "system", "system", "party"],
            GROUP: ["Wahlberechtigte", "Wählende", "Gültige", "CDU"],
            LETTER: ["A", "B", "D", None],
            STIMME: [None, None, 1, 1],
            COUNT: counts,
            "Prozent": [None, "70", "100", "25"],
        },
        schema_overrides={STIMME: pl.Int64, COUNT: pl.Int64},
    )


def test_electorate_without_breakdown_once_the_wahlkreise_are_read() -> None:
    facts = Kerg2Facts("k.csv", long=_long("Wahlkreis", [1000, 700, 690, 172]))
    (k26,) = found("K26", facts)
    assert (k26.location.line, k26.location.column) == (None, "Anzahl")
    (k26,) = found("K26", KergFacts("k.csv", long=_long("Wahlkreis", [1, 1, 1, 1])), "kerg")
    assert k26.location.column == "Wahlberechtigte"
    assert found("K26", Kerg2Facts("k.csv", long=_long("Land", [1, 1, 1, 1]))) == []
    assert found("K26", Kerg2Facts("k.csv")) == []


def test_percentages_against_their_denominators() -> None:
    # Wählende 70 % of 1000 = 700 ✓; Gültige 100 % of Wählende 700 ≠ 690; CDU 25 % of 690 ≠ 172.
    facts = Kerg2Facts("k.csv", long=_long("Wahlkreis", [1000, 700, 690, 172]))
    hits = found("K20", facts)
    assert [(f.params["group"], f.params["found"], f.params["expected"]) for f in hits] == [
        ("Gültige", "100", round(100 * 690 / 700, 6)),
        ("CDU", "25", round(100 * 172 / 690, 6)),
    ]
    assert hits[0].location.line == 13 and hits[0].location.column == "Prozent"
    fine = Kerg2Facts("k.csv", long=_long("Wahlkreis", [1000, 700, 700, 175]))
    assert found("K20", fine) == []


def _keys(arts: list[str | None], nrs: list[str | None], parents: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {LINE_COLUMN: list(range(2, 2 + len(nrs))), ART: arts, NR: nrs, PARENT: parents},
        schema={LINE_COLUMN: pl.Int64, ART: pl.String, NR: pl.String, PARENT: pl.String},
    )


@pytest.mark.parametrize(
    ("art", "nr", "parent", "malformed"),
    [
        ("Wahlkreis", "001", "01", False),
        ("Wahlkreis", "1", "01", True),
        ("Wahlkreis", "001", "17", True),
        ("Wahlkreis", "001", None, True),
        ("Land", "16", "99", False),
        ("Land", "17", "99", True),
        ("Bund", "99", None, False),
        ("Bund", "98", None, True),
        ("Land", None, "99", True),
    ],
)
def test_area_keys_of_the_wahlkreis_files(
    art: str, nr: str | None, parent: str | None, malformed: bool
) -> None:
    facts = Kerg2Facts("k.csv", raw=_keys([art], [nr], [parent]))
    assert count("K28", facts) == int(malformed)


def test_area_key_as_the_file_writes_it() -> None:
    raw = _keys(["Wahlkreis", "Wahlkreis"], ["001", "1"], ["01", "01"])
    (kerg2,) = found("K28", Kerg2Facts("k.csv", raw=raw))
    assert (kerg2.params, kerg2.location.line, kerg2.location.column) == (
        {"value": "Wahlkreis 1 / 01"},
        3,
        "Gebietsnummer",
    )
    (kerg,) = found("K28", KergFacts("k.csv", raw=raw), "kerg")
    assert (kerg.params, kerg.location.column) == ({"value": "1 / 01"}, "Nr")


def test_keys_written_without_zeros_are_one_k35_per_file() -> None:
    raw = padded(
        _keys(
            ["Bund", "Land", "Wahlkreis", "Wahlkreis"],
            ["99", "1", "001", "2"],
            [None, "99", "01", "1"],
        )
    )
    facts = Kerg2Facts("k.csv", raw=raw)
    (k35,) = found("K35", facts)
    assert (k35.params["rows"], k35.params["value"], k35.params["padded"]) == (
        2,
        "Land 1 / 99",
        "Land 01 / 99",
    )
    assert k35.location.column == "Gebietsnummer" and count("K28", facts) == 0
    written = padded(_keys(["Wahlkreis"], ["001"], ["01"]))
    assert found("K35", Kerg2Facts("k.csv", raw=written)) == []
    # A key that no spelling explains stays malformed, as written, and is no K35.
    bad = padded(_keys(["Wahlkreis"], ["1a"], ["1"]))
    assert [f.params for f in found("K28", Kerg2Facts("k.csv", raw=bad))] == [
        {"value": "Wahlkreis 1a / 1"}
    ]
    assert found("K35", Kerg2Facts("k.csv", raw=bad)) == []


def test_archive_keys_are_k35_in_kerg() -> None:
    raw = keyed(
        pl.DataFrame(
            {
                LINE_COLUMN: [9, 10, 11, 13],
                NR: ["001", "012", "901", "999"],
                PARENT: ["SH", "MV", "SH", "Bund"],
                "name": ["Flensburg", "Schwerin", "Schleswig-Holstein", "Bundesgebiet"],
            }
        )
    )
    assert raw[NR].to_list() == ["001", "012", "01", "99"]
    (k35,) = found("K35", KergFacts("k.csv", raw=raw), "kerg")
    assert (k35.params["rows"], k35.params["value"], k35.params["padded"]) == (
        4,
        "001 / SH",
        "001 / 01",
    )
    assert count("K28", KergFacts("k.csv", raw=raw), "kerg") == 0


def test_electorate_of_both_votes_must_agree() -> None:
    raw = pl.DataFrame(
        {LINE_COLUMN: [7, 8], NR: ["001", "002"], "A1": ["1000", "800"], "A2": ["999", " 800 "]}
    )
    facts = KergFacts("k.csv", raw=raw, electorate=[VotePair("Wahlberechtigte", "A1", "A2")])
    (k29,) = found("K29", facts, "kerg")
    assert k29.params == {"group": "Wahlberechtigte", "found": 1000, "expected": 999}
    assert (k29.location.line, k29.location.column, k29.location.bezirk) == (7, "A2", "001")
    assert found("K29", KergFacts("k.csv", raw=raw), "kerg") == []


# --- the Wahlbezirksstatistik -------------------------------------------------------------------


def _precincts() -> pl.DataFrame:
    return pl.DataFrame(
        {
            LINE_COLUMN: [2, 3, 4, 5, 6],
            LAND: ["01", "01", "01", "02", "02"],
            ARS: ["010010000000"] * 3 + ["020000000000"] * 2,
            WAHLBEZIRK: ["000001", "000001", "000002", "015001", "000003"],
            NUMBER_B: ["000001", "000001-B", "000002", "015001", "000003"],
            BEZIRKSART: ["0", "5", "0", "8", "0"],
            MERGED: ["0000", "0000", "049a", None, "0000"],
            "A": [10, 0, 0, 14, 0],
            "B": [5, 4, 0, 3, 0],
            LINK: ["linked", "postal", "several", "elsewhere", "none"],
        }
    )


def test_precinct_decisions_k23_k24_k25_k27() -> None:
    facts = WbzFacts("w.csv", precincts=_precincts())
    assert [f.params for f in found("K23", facts, "wbz")] == [
        {"land": "01", "linked": 1, "several": 1, "elsewhere": 0},
        {"land": "02", "linked": 0, "several": 0, "elsewhere": 2},
    ]
    ((k24,), (k25,), (k27,)) = (found(c, facts, "wbz") for c in ("K24", "K25", "K27"))
    assert (k24.params, k24.location.bezirk) == ({"value": "8"}, "015001")
    # One finding per file, with the number of rows it stands for; the municipality located.
    assert k25.params == {"value": "000001", "renamed": "000001-B", "rows": 1, "lines": "3"}
    assert (k27.params, k27.location.line) == ({"value": "049a", "rows": 1, "lines": "4"}, 4)
    assert (k25.location.gs, k27.location.gs) == ("010010000000", "010010000000")


def test_precinct_keys_k28() -> None:
    raw = pl.DataFrame(
        {
            LINE_COLUMN: [2, 3, 4],
            LAND: ["01", "01", "17"],
            RB: ["0", "0", "0"],
            KREIS: ["01", "1", "01"],
            VG: ["0000", "0000", "0000"],
            GEMEINDE: ["000", "000", "000"],
            WAHLBEZIRK: ["000001", "000002", None],
        }
    )
    hits = found("K28", WbzFacts("w.csv", raw=raw), "wbz")
    assert [(f.location.line, f.params["value"]) for f in hits] == [
        (3, "01;0;1;0000;000"),
        (4, "17;0;01;0000;000"),
    ]


def test_rules_of_one_format_see_nothing_of_another() -> None:
    wahlkreise = WahlkreisFacts("k.csv", long=_long("Wahlkreis", [1, 1, 1, 1]))
    assert found("K23", wahlkreise, "wbz") == found("K29", wahlkreise, "kerg") == []
    assert found("K20", KergFacts("k.csv", long=_long("Wahlkreis", [1, 2, 3, 4])), "kerg") == []
    assert found("K24", SourceFacts("leitband.csv"), "wbz") == []
