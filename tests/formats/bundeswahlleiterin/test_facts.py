"""The facts of the Bundeswahlleiterin readers: a refusal that is not a row of values."""

from __future__ import annotations

from wahldaten.formats.bundeswahlleiterin.facts import Kerg2Facts, KergFacts, refusal
from wahldaten.formats.facts import AREA, LINE, WHAT, SourceFacts


def test_refusal_is_one_row_without_an_area() -> None:
    found = refusal(1, "Nr;Gebiet;… (Kopfzeile fehlt)", "Nr")
    assert found.column == "Nr"
    assert found.frame.rows(named=True) == [
        {LINE: 1, AREA: None, WHAT: "Nr;Gebiet;… (Kopfzeile fehlt)"}
    ]
    assert refusal(None, "keine Wahlkreis-Zeile").frame[LINE].to_list() == [None]


def test_the_formats_name_their_key_and_electorate_columns() -> None:
    assert isinstance(Kerg2Facts("k.csv"), SourceFacts)
    assert (Kerg2Facts.KEY_COLUMN, Kerg2Facts.ART_WRITTEN) == ("Gebietsnummer", True)
    assert (KergFacts.KEY_COLUMN, KergFacts.ART_WRITTEN) == ("Nr", False)
    assert (Kerg2Facts.ELECTORATE_COLUMN, KergFacts.ELECTORATE_COLUMN) == (
        "Anzahl",
        "Wahlberechtigte",
    )
