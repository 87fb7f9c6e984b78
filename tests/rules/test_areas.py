"""R: the area hierarchy – labelled levels, one name per area, links to postal Bezirke."""

from __future__ import annotations

from pathlib import Path

import wahldaten
from support import codes, set_cell
from wahldaten.rules import registry


def test_a_used_level_without_label_is_r15(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlparameter", 2, "gebiet-ebene-3-bezeichnung", "")
    assert codes(ratswahl)["R15"] == 1


def test_a_labelled_level_nobody_uses_is_r23(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlparameter", 2, "gebiet-ebene-4-bezeichnung", "Stadtteil")
    assert codes(ratswahl)["R23"] == 1


def test_an_area_with_two_names_is_r16(ratswahl: Path) -> None:
    set_cell(ratswahl, "Wahlgebietseinteilungen", "0102", "gebiet-ebene-2-name", "01 Neustadt")
    assert codes(ratswahl)["R16"] == 1


def test_a_link_to_no_postal_bezirk_is_r17(ratswahl: Path) -> None:
    path = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ";BRIEFWAHLBEZIRK-NR"
    lines[1:] = [line + (";0999" if ";0101;" in line else ";") for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = codes(ratswahl)
    assert found["R17"] == 1 and found["S13"] == 1


def test_the_docs_name_the_extension_column_as_files_write_it() -> None:
    """Regression: a renamed constant had turned `BRIEFWAHLBEZIRK-NR` into `…_NR-NR` in texts."""
    for code in ("R17", "P07"):
        rule = registry.get(code)
        assert "BRIEFWAHLBEZIRK_NR" not in rule.description + rule.example
    assert "`BRIEFWAHLBEZIRK-NR`" in registry.get("R17").description


def link(folder: Path, targets: dict[str, str]) -> None:
    path = next(folder.glob("*_Wahlgebietseinteilungen_*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    nr = lines[0].split(";").index("bezirk-nr")
    lines[0] += ";BRIEFWAHLBEZIRK-NR"
    lines[1:] = [line + ";" + targets.get(line.split(";")[nr], "") for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_dangling_links_are_one_r17_per_missing_target(ratswahl: Path) -> None:
    """Issue 10 §3: the Bezirke that point to the same missing postal Bezirk are one cause."""
    link(ratswahl, {"0101": "0999", "0102": "0999", "0201": "0998", "0202": "9101"})
    report = wahldaten.validate(ratswahl)
    (r17,) = [r for p in report.packages for r in p.results if r.code == "R17"]
    assert [(f.params["value"], f.params["rows"]) for f in r17.examples] == [
        ("0999", 2),
        ("0998", 1),
    ]


def test_links_of_a_package_without_postal_bezirke_are_one_r17(ratswahl: Path) -> None:
    link(ratswahl, {"0101": "0999", "0102": "0998", "0201": "0997"})
    path = next(ratswahl.glob("*_Wahlgebietseinteilungen_*.csv"))
    path.write_text(path.read_text(encoding="utf-8").replace(";B;", ";W;"), encoding="utf-8")
    assert codes(ratswahl)["R17"] == 1
