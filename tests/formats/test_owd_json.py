"""The OWD JSON document: written by polars, validated by the rules of the CSV form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import wahldaten
from support import FIXTURES
from wahldaten.formats import owd_json
from wahldaten.io.sources import InputError


@pytest.fixture
def document(tmp_path: Path) -> dict[str, Any]:
    """The valid council election as a JSON document (read back from the written file)."""
    path = tmp_path / "ratswahl.json"
    report = wahldaten.convert([FIXTURES / "valid" / "ratswahl"], path)
    assert not report.failed
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def findings(tmp_path: Path, document: dict[str, Any]) -> dict[str, list[Any]]:
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    report = wahldaten.validate(path, max_examples=100)
    return {r.code: list(r.examples) for p in report.packages for r in p.results}


def test_a_valid_document_has_no_findings(tmp_path: Path, document: dict[str, Any]) -> None:
    assert findings(tmp_path, document) == {}


def test_a_document_is_checked_by_the_rules_of_the_csv_form(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    document["Wahlergebnisse"][0]["D1"] += 1
    found = findings(tmp_path, document)
    assert set(found) == {"A03"}
    location = found["A03"][0].location
    assert location.file.endswith("changed.json › Wahlergebnisse")
    assert location.line == 1  # the first row of the list


def test_a_count_written_as_a_string_is_not_a_count(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    """Regression: "12" became the text 12 and passed as a valid count."""
    row = document["Wahlergebnisse"][1]
    row["D2"] = str(row["D2"])
    found = findings(tmp_path, document)
    assert set(found) == {"T05"}
    assert found["T05"][0].params["value"] == json.dumps(row["D2"])


@pytest.mark.parametrize(("value", "codes"), [(1.5, {"T05"}), (True, {"T05"}), ([3], {"T05"})])
def test_other_json_types_in_a_count_column(
    tmp_path: Path, document: dict[str, Any], value: Any, codes: set[str]
) -> None:
    document["Wahlergebnisse"][2]["C"] = value
    assert set(findings(tmp_path, document)) == codes


def test_a_whole_number_written_with_a_decimal_point_counts(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    """JSON Schema's `integer` accepts 2.0, so the validator does too."""
    for row in document["Wahlergebnisse"]:
        row["C"] = float(row["C"])
    assert findings(tmp_path, document) == {}


def test_null_stays_not_reported(tmp_path: Path, document: dict[str, Any]) -> None:
    for key in [k for k in document["Wahlergebnisse"][0] if k[0] in "ABCDEF"]:
        document["Wahlergebnisse"][0][key] = None
    # As in the CSV form: the Bezirk is not reported yet (C02), counting goes on (C05).
    assert set(findings(tmp_path, document)) == {"C02", "C05"}


def test_missing_file_type_and_unknown_version(tmp_path: Path, document: dict[str, Any]) -> None:
    del document["Stimmzettel"]
    document["version"] = "9.9"
    found = findings(tmp_path, document)
    assert {"R01", "S11"} <= set(found)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": "owd-json", "version": ', "line 1, column 35"),
        ('{"format": "owd-json", "version": "0.3", "Wahlergebnisse": {}}', "list of row objects"),
        ('{"format": "owd-json", "Stimmzettel": [1, 2]}', "list of row objects"),
    ],
)
def test_a_broken_document_is_an_input_error_with_its_reason(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        wahldaten.validate(path)
    assert reason in raised.value.params["files"]


def test_text_tables_keep_column_order_and_empty_cells() -> None:
    data = json.dumps(
        {
            "format": "owd-json",
            "version": "0.3",
            "Wahlergebnisse": [{"bezirk-nr": "01", "A": 5, "B": None}, {"bezirk-nr": "", "C": 2}],
        }
    ).encode()
    version, tables = owd_json.text_tables(data)
    frame = tables["Wahlergebnisse"]
    assert version == "0.3"
    assert frame.columns == ["bezirk-nr", "A", "B", "C"]
    # Counts of one JSON type stay integers, as the CSV reader gives them; text stays text.
    assert frame.rows() == [("01", 5, None, None), (None, None, None, 2)]
