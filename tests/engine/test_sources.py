"""Reading sources for a check: metadata apart, formats from the registry, metadata not changed."""

from __future__ import annotations

import pytest

from support import FIXTURES
from wahldaten.engine.sources import detect, detect_all, inspect_sources, split_meta
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import CONVERSION_SUFFIXES, collect

VENDORS = FIXTURES.parent


def test_metadata_files_are_set_apart_from_the_data() -> None:
    sources = collect(
        [VENDORS / "votemanager" / "valid" / "ratswahl-nds"], suffixes=CONVERSION_SUFFIXES
    )
    data, meta = split_meta(sources)
    assert [s.name for s in data] == ["Open-Data-03999005-Ratswahl-Wahlbezirk.csv"]
    assert sorted(s.name for s in meta) == ["open_data.json", "opendata-wahllokale.csv"]


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (FIXTURES / "valid" / "ratswahl", "owd"),
        (VENDORS / "votemanager" / "valid" / "ratswahl-nds", "votemanager"),
        (VENDORS / "akdb" / "valid" / "landratswahl", "akdb"),
        (VENDORS / "kerg2" / "valid" / "bundestagswahl", "kerg2"),
        (VENDORS / "kerg" / "valid" / "bundestagswahl", "kerg"),
        (VENDORS / "wbz" / "valid" / "europawahl", "wbz"),
    ],
)
def test_each_format_is_detected(folder: object, expected: str) -> None:
    data, _ = split_meta(collect([folder], suffixes=CONVERSION_SUFFIXES))  # type: ignore[list-item]
    assert {detect(s) for s in data if "leitband" not in s.name} == {expected}


def test_mixed_and_unknown_formats_are_refused(tmp_path: object) -> None:
    owd_file = next((FIXTURES / "valid" / "ratswahl").glob("*.csv"))
    vm = (
        VENDORS
        / "votemanager"
        / "valid"
        / "ratswahl-nds"
        / "Open-Data-03999005-Ratswahl-Wahlbezirk.csv"
    )
    with pytest.raises(SourceError) as error:
        detect_all(collect([owd_file, vm]))
    assert error.value.key == "convert.mixed_formats"


def test_the_given_metadata_is_not_changed_by_the_siblings() -> None:
    folder = VENDORS / "votemanager" / "valid" / "ratswahl-nds"
    data, siblings = split_meta(collect([folder], suffixes=CONVERSION_SUFFIXES))
    meta = Meta(wahl_name="Ratswahl")
    report, elections = inspect_sources(data, siblings, meta=meta)
    assert elections and not report.failed and report.source_format == "votemanager"
    assert meta == Meta(wahl_name="Ratswahl")


@pytest.mark.parametrize("fmt", ["kerg2", "kerg"])
def test_a_status_the_source_states_sets_the_stage_unless_the_user_states_one(fmt: str) -> None:
    """kerg's preamble says Endgültig or Vorläufig: the packages are checked at that stage,
    and the report says the stage comes from the source; --final/--no-final win."""
    sources = collect([VENDORS / fmt / "valid" / "bundestagswahl"], suffixes=CONVERSION_SUFFIXES)
    report, _ = inspect_sources(sources)
    structures = [p.structure for p in report.packages]
    assert structures and all(s is not None for s in structures)
    sources_of_stage = {s.source("stage").value for s in structures if s is not None}
    assert sources_of_stage == {"status"}
    stated, _ = inspect_sources(sources, final=False)
    assert all(p.structure is not None and not p.structure.final for p in stated.packages)
    assert {p.structure.source("stage").value for p in stated.packages if p.structure} == {"user"}
