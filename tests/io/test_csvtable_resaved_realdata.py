"""The real files a spreadsheet saved again, read by the CSV layer's repairs: every cell as the
plain csv module reads it with the separator and encoding named here by hand.

Skipped where ../shared/realdata is absent.
"""

from __future__ import annotations

import csv
import io

import pytest

from support import realdata
from wahldaten.io.csvdecode import TAB
from wahldaten.io.csvtable import read_csv_table

FILES = [
    # (folder, file, separator as csv needs it, encoding, as the facts name them)
    (
        "votemanager",
        "heidekreis-btw2025-spreadsheet-augmented__wahlergebnisse_hk.csv",
        ",",
        "utf-8",
        ",",
        None,
    ),
    (
        "bundeswahlleiterin",
        "btw2021-resaved-tab-statistikvolker__btw21_kerg2.csv",
        "\t",
        "cp1252",
        TAB,
        "Windows-1252",
    ),
]


@pytest.mark.parametrize(
    ("folder", "name", "delimiter", "encoding", "separator", "fallback"), FILES
)
def test_every_cell_as_the_csv_module_reads_it(
    folder: str, name: str, delimiter: str, encoding: str, separator: str, fallback: str | None
) -> None:
    data = realdata(folder, name).read_bytes()
    expected = list(csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=delimiter))
    table = read_csv_table(data, name, resaved=True)
    assert table.usable
    assert table.facts.resave.separator == separator
    found = table.facts.resave.encoding
    assert (found.encoding if found else None) == fallback
    assert table.facts.misencoding is None and table.facts.ragged is None
    assert table.header == expected[0]
    cells = [tuple((v.strip() or None) for v in row) for row in expected[1:] if row]
    assert table.frame.select(table.columns).rows() == cells
