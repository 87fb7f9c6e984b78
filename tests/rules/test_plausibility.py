"""P: plausibility – compared with the election itself, and only where the inputs are there."""

from __future__ import annotations

from pathlib import Path

import pytest

import wahldaten
from support import codes, set_cell
from wahldaten.report.render import finding_message


def test_a_high_invalid_share_names_the_count(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "C", "60")
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D", "342")
    set_cell(ratswahl, "Wahlergebnisse", "0101", "D5", "-")
    report = wahldaten.validate(ratswahl)
    (p01,) = [r for p in report.packages for r in p.results if r.code == "P01"]
    finding = p01.examples[0]
    assert finding.params["found"] == 60
    assert finding_message("P01", finding, "en").startswith("C = 60 is 14.9 % of the voters")
    assert finding_message("P01", finding, "de").startswith("C = 60 sind 14,9 % der Wähler")


def test_urn_rules_need_the_bezirk_types(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlergebnisse", "0101", "B", "0")
    assert "P03" in codes(ratswahl)
    next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv")).unlink()
    found = codes(ratswahl)
    assert "R01" in found
    assert not {"P02", "P03", "P04", "P05", "P06", "P07"} & set(found)


def test_identical_results_are_p08(ratswahl: Path) -> None:
    source = next(ratswahl.glob("*_Wahlergebnisse_*.csv"))
    lines = source.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(";")
    second = lines[2].split(";")
    lines[2] = ";".join(second[:7] + first[7:])
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert codes(ratswahl)["P08"] == 1


def drop_row(folder: Path, file_type: str, bezirk: str) -> None:
    path = next(folder.glob(f"*_{file_type}_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(x for x in lines if f";{bezirk};" not in x) + "\n", encoding="utf-8")


def invalid_votes(folder: Path, bezirk: str, invalid: int) -> None:
    """C of a Bezirk set to `invalid`, the difference taken from D and D5 (B stays)."""
    set_cell(folder, "Wahlergebnisse", bezirk, "C", str(invalid))
    set_cell(folder, "Wahlergebnisse", bezirk, "D", str(402 - invalid))
    set_cell(folder, "Wahlergebnisse", bezirk, "D5", str(46 - (invalid - 4)))


def test_an_invalid_share_is_compared_with_the_median_of_the_election(ratswahl: Path) -> None:
    """Issue 10: 4 % invalid is common; five times the election's median (1 %) is not."""
    invalid_votes(ratswahl, "0101", 16)  # 4.0 %
    assert codes(ratswahl) == {}
    invalid_votes(ratswahl, "0101", 25)  # 6.2 %
    (p01,) = [
        r for p in wahldaten.validate(ratswahl).packages for r in p.results if r.code == "P01"
    ]
    assert p01.examples[0].params["median"] == pytest.approx(0.98, abs=0.01)


def test_with_few_bezirke_only_a_very_high_share_is_p01(ratswahl: Path) -> None:
    for bezirk in ("0201", "0202"):
        drop_row(ratswahl, "Wahlergebnisse", bezirk)
        drop_row(ratswahl, "Wahlgebietseinteilungen", bezirk)
    invalid_votes(ratswahl, "0101", 40)  # 10 %: four Bezirke say too little about the typical share
    assert "P01" not in codes(ratswahl)
    invalid_votes(ratswahl, "0101", 70)  # 17.4 %
    assert codes(ratswahl)["P01"] == 1


def test_an_election_held_entirely_by_post_has_no_urn_voters_to_miss() -> None:
    """The electorate of a postal-only run-off stands on a pseudo-row with B = 0: no P03."""
    postal_only = Path(__file__).resolve().parents[2] / "fixtures" / "owd" / "valid" / "postal-only"
    assert "P03" not in codes(postal_only)
