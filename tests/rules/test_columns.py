"""S: columns – unknown ones once per file, misspelt ones, the version, a header of any width."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import wahldaten
from support import FIXTURES, codes, set_cell
from wahldaten.core.findings import Finding
from wahldaten.formats import owd
from wahldaten.io.sources import collect
from wahldaten.rules import columns
from wahldaten.rules.context import Context


def widen(folder: Path, file_type: str, names: list[str], value: str = "") -> Path:
    """Append columns to every line of a package file."""
    path = next(folder.glob(f"*_{file_type}_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += "".join(f";{n}" for n in names)
    lines[1:] = [line + f";{value}" * len(names) for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def context_of(folder: Path) -> Context:
    (package,), _ = owd.read_packages(collect([folder]))
    return Context(package)


def test_unknown_columns_are_one_finding_per_file(ratswahl: Path) -> None:
    widen(ratswahl, "Wahlergebnisse", ["Bemerkung", "Notiz"])
    widen(ratswahl, "Stimmzettel", ["Farbe2"])
    found = [f for f in columns.unknown_column(context_of(ratswahl)) if isinstance(f, Finding)]
    assert [(f.location.column, dict(f.params)) for f in found] == [
        ("Farbe2", {"count": 1, "columns": "Farbe2"}),
        ("Bemerkung", {"count": 2, "columns": "Bemerkung, Notiz"}),
    ]


def test_a_header_of_100000_unknown_columns_is_one_finding_in_seconds(ratswahl: Path) -> None:
    """Issue 9: 100,000 unknown columns gave 100,000 S02 findings and took 37 s."""
    widen(ratswahl, "Wahlergebnisse", [f"X{i}" for i in range(100_000)])
    # Processor time, not wall time: the bound is on the work done, whatever else runs.
    start = time.process_time()
    report = wahldaten.validate(ratswahl)
    elapsed = time.process_time() - start
    (result,) = [r for p in report.packages for r in p.results]
    assert (result.code, result.count) == ("S02", 1)
    assert result.examples[0].params["count"] == 100_000
    assert result.examples[0].params["columns"].endswith("X9, … (+99990)")
    assert elapsed < 10, elapsed


def test_result_like_columns_are_s06_not_s02(ratswahl: Path) -> None:
    widen(ratswahl, "Wahlergebnisse", ["C1", "H_1_Name"])
    assert codes(ratswahl) == {"S06": 2}


def test_padded_and_case_variant_names(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("bezirk-name;", " bezirk-name ;", 1).replace(";bezirk-art", ";Bezirk-Art", 1)
    )
    found = [
        f for f in columns.column_name_spelling(context_of(ratswahl)) if isinstance(f, Finding)
    ]
    assert [(f.location.column, dict(f.params)) for f in found] == [
        ("bezirk-name", {"raw": " bezirk-name ", "known": "bezirk-name"}),
        ("Bezirk-Art", {"known": "bezirk-art", "raw": "Bezirk-Art"}),
    ]


def test_unknown_version_is_checked_against_the_newest(ratswahl: Path) -> None:
    for path in ratswahl.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("\n0.3;", "\n0.9;"))
    (finding,) = columns.unknown_version(context_of(ratswahl))
    assert isinstance(finding, Finding)
    assert finding.params["version"] == "0.9"


def test_b2_beside_b1(ratswahl: Path) -> None:
    widen(ratswahl, "Wahlergebnisse", ["B2"], "3")
    assert "S07" in codes(ratswahl)
    set_cell(ratswahl, "Wahlergebnisse", "0101", "B2", "3")
    assert "S08" not in codes(ratswahl)


def test_baden_wuerttemberg_council_writes_b1_b2_and_e_without_f(tmp_path: Path) -> None:
    """Issue 10: B1 and B2 are two counts there, and E counts the valid votes (no F)."""
    folder = Path(shutil.copytree(FIXTURES / "valid" / "council-bw", tmp_path / "bw"))
    context = context_of(folder)
    assert list(columns.b1_and_b2(context)) == []
    assert list(columns.incomplete_vote_block(context)) == []
    # Elsewhere B2 beside B1 repeats it (E beside candidate columns still counts votes).
    for path in list(folder.iterdir()):
        text = path.read_text(encoding="utf-8").replace("Gemeinderatswahl", "Bundestagswahl")
        path.unlink()
        (folder / path.name.replace("Gemeinderatswahl", "Bundestagswahl")).write_text(text)
    assert "S07" in codes(folder)
