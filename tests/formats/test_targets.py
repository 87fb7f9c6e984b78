"""The targets' registry: one list for --to, the output name's suffix, and the writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from wahldaten.formats import targets
from wahldaten.formats.targets import UnknownTargetError


def test_every_target_has_a_writer_and_the_suffixes_are_unique() -> None:
    assert targets.names() == ("owd", "owd-json", "tidy-csv", "parquet", "votemanager")
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
