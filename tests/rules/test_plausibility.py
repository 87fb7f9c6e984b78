"""P: plausibility – compared with the election itself, and only where the inputs are there."""

from __future__ import annotations

from pathlib import Path

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
