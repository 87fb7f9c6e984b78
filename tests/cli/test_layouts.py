"""`wahldaten layouts`, `layouts check` and `convert --layout` as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from clirun import run

from support import ROOT
from wahldaten.formats import registry

KRZN = ROOT / "src" / "wahldaten" / "formats" / "layouts" / "shipped" / "krzn.toml"
VALID = ROOT / "fixtures" / "layouts" / "krefeld" / "valid"


def test_layouts_lists_every_shipped_layout_from_the_registry() -> None:
    result = run("layouts", "--format", "json")
    assert result.returncode == 0
    listed = json.loads(result.stdout)
    shipped = [n for n in registry.layout_names() if n != registry.LAYOUT_FAMILY]
    assert [x["name"] for x in listed] == shipped
    assert all(x["title"] and x["example"] for x in listed)
    text = run("layouts").stdout
    assert all(name in text for name in shipped)


def test_check_a_layout_alone_and_against_a_file() -> None:
    alone = run("layouts", "check", KRZN)
    assert alone.returncode == 0 and "krzn" in alone.stdout
    against = run("layouts", "check", KRZN, VALID / "wahlergebnis.csv", lang="en")
    assert against.returncode == 0, against.stdout
    assert "header fits" in against.stdout and "D4 (Partei D)" in against.stdout
    as_json = json.loads(
        run("layouts", "check", KRZN, VALID / "wahlergebnis.csv", "-f", "json").stdout
    )
    assert as_json["fits"] is True and as_json["roles"]["EBENE"] == "rows.column"


def test_check_a_file_that_does_not_fit(tmp_path: Path) -> None:
    other = tmp_path / "x.csv"
    other.write_text("a;b\n1;2\n", encoding="utf-8")
    result = run("layouts", "check", KRZN, other, lang="en")
    assert result.returncode == 1
    assert "Missing columns: WAHLDATUM" in result.stdout


def test_a_broken_layout_is_exit_2_naming_file_and_key(tmp_path: Path) -> None:
    broken = tmp_path / "my.toml"
    broken.write_text(
        KRZN.read_text(encoding="utf-8").replace('A1 = "A1"', "A1 = 1"), encoding="utf-8"
    )
    for args in (
        ("layouts", "check", broken),
        ("convert", "--layout", broken, VALID, "-o", tmp_path / "o"),
    ):
        result = run(*args)
        assert result.returncode == 2
        assert f"Layout-Datei {broken}, Schlüssel columns.A1" in result.stderr
        assert not (tmp_path / "o").exists()


def test_convert_with_a_users_own_layout(tmp_path: Path) -> None:
    own = tmp_path / "meins.toml"
    text = KRZN.read_text(encoding="utf-8").replace('name = "krzn"', 'name = "meins"')
    own.write_text(text, encoding="utf-8")
    result = run("convert", "--layout", own, VALID, "--gs", "05999001", "-o", tmp_path / "owd")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Layout meins" in result.stdout
    assert len(list((tmp_path / "owd").glob("05999001_*.csv"))) == 4


def test_auto_detection_names_the_layout_and_a_miss_the_closest(tmp_path: Path) -> None:
    result = run("convert", VALID, "--gs", "05999001", "-o", tmp_path / "owd")
    assert result.returncode == 0 and "Layout krzn" in result.stdout
    near = tmp_path / "near.csv"
    near.write_text("WAHLDATUM;EBENE;NR;A;B\n23.02.2025;Wahlbezirk;1;5;4\n", encoding="utf-8")
    missed = run("convert", near, "-o", tmp_path / "x", lang="en")
    assert missed.returncode == 3
    assert re.search(r"Closest layouts: krzn \([^)]*WAHLART", missed.stderr), missed.stderr


def test_readme_lists_every_shipped_layout() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in (n for n in registry.layout_names() if n != registry.LAYOUT_FAMILY):
        assert f"| `{name}` |" in readme, name


def test_show_prints_a_shipped_layout_to_copy(tmp_path: Path) -> None:
    shown = run("layouts", "show", "krzn")
    assert shown.returncode == 0 and shown.stdout == KRZN.read_text(encoding="utf-8")
    unknown = run("layouts", "show", "nix", lang="en")
    assert unknown.returncode == 2 and "No shipped layout nix; shipped: " in unknown.stderr
