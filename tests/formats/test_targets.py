"""The targets' registry: one list for --to, the output name's suffix, and the writers."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from support import FIXTURES
from wahldaten.core.model import WAHLPARAMETER, Election
from wahldaten.core.names import GS
from wahldaten.engine.checks import election_of
from wahldaten.formats import targets
from wahldaten.formats.owd import read_packages
from wahldaten.formats.targets import SeveralElectionsError, UnknownTargetError
from wahldaten.io.sources import collect


def test_every_target_has_a_writer_and_the_suffixes_are_unique() -> None:
    assert targets.names() == (
        "owd",
        "owd-json",
        "tidy-csv",
        "parquet",
        "votemanager",
        "datapackage",
        "parquet-dataset",
    )
    suffixes = [t.suffix for t in targets.all_targets() if t.suffix is not None]
    assert len(suffixes) == len(set(suffixes))
    assert all(callable(t.write) for t in targets.all_targets())


@pytest.mark.parametrize(
    ("name", "target"),
    [("out", "owd"), ("a.JSON", "owd-json"), ("t.csv", "tidy-csv"), ("t.parquet", "parquet")],
)
def test_the_suffix_chooses_the_target(name: str, target: str) -> None:
    assert targets.for_output(name).name == target


def test_an_unknown_suffix_or_name_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(UnknownTargetError) as error:
        targets.for_output(tmp_path / "x.xlsx")
    assert error.value.key == "convert.unknown_target_suffix"
    assert error.value.params["suffix"] == ".xlsx"
    assert error.value.params["targets"] == ", ".join(targets.names())
    with pytest.raises(UnknownTargetError) as unknown:
        targets.get("xlsx")
    assert unknown.value.key == "convert.unknown_target_format"


@pytest.mark.parametrize(
    ("target", "name", "chosen"),
    [
        ("owd", "x.json", "owd-json"),
        ("votemanager", "x.csv", "tidy-csv"),
        ("parquet", "x.csv", "tidy-csv"),
    ],
)
def test_a_suffix_of_another_target_contradicts_to(
    tmp_path: Path, target: str, name: str, chosen: str
) -> None:
    """Regression: `--to owd -o x.json` wrote a folder named x.json."""
    with pytest.raises(UnknownTargetError) as error:
        targets.check_output_name(targets.get(target), tmp_path / name)
    assert error.value.key == "convert.target_suffix_mismatch"
    assert (error.value.params["target"], error.value.params["chosen"]) == (target, chosen)


@pytest.mark.parametrize(
    ("target", "name"), [("owd", "out"), ("owd-json", "x.JSON"), ("parquet", "x.xlsx")]
)
def test_a_name_that_agrees_with_to_or_chooses_nothing_is_fine(
    tmp_path: Path, target: str, name: str
) -> None:
    targets.check_output_name(targets.get(target), tmp_path / name)
    (tmp_path / "ausgabe.json").mkdir()  # an existing folder keeps its name
    targets.check_output_name(targets.get("owd"), tmp_path / "ausgabe.json")


def test_several_elections_do_not_fit_one_json_document(tmp_path: Path) -> None:
    one, other = _elections()
    json_target = targets.get("owd-json")
    targets.check_elections_fit(json_target, tmp_path / "x.json", [one])
    targets.check_elections_fit(json_target, tmp_path / "x", [one, other])  # a folder
    targets.check_elections_fit(targets.get("parquet"), tmp_path / "x.parquet", [one, other])
    with pytest.raises(SeveralElectionsError) as error:
        targets.check_elections_fit(json_target, tmp_path / "x.json", [one, other])
    assert error.value.key == "convert.several_elections"
    params = error.value.params
    assert params["count"] == 2 and params["folder"] == str(tmp_path / "x")
    assert one.gs in params["elections"] and other.gs in params["elections"]


def test_two_elections_of_the_same_name_get_folders_of_their_own(tmp_path: Path) -> None:
    """Regression: two packages of one Land (read from two files) went into one folder, and
    the second overwrote the first while the report counted both."""
    one, _ = _elections()
    assert targets.folder_names([one, one, one]) == [
        targets.folder_name(one),
        f"{targets.folder_name(one)}-2",
        f"{targets.folder_name(one)}-3",
    ]
    written = targets.get("owd-json").write([one, one], tmp_path / "docs", None)
    assert len({p.name for p in written}) == 2 and all(p.is_file() for p in written)


def _elections() -> tuple[Election, Election]:
    (package,), _ = read_packages(collect([FIXTURES / "valid" / "ratswahl"]))
    one = election_of(package)
    parameter = one.tables[WAHLPARAMETER].with_columns(pl.lit("05999002").alias(GS))
    return one, Election(tables={**one.tables, WAHLPARAMETER: parameter}, version=one.version)
