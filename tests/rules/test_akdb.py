"""K17–K19: the AKDB Wahlportal's own checks of the source figures."""

from __future__ import annotations

from pathlib import Path

from vendor_support import (
    AKDB,
    BTW,
    PAIRS,
    PAIRS_FILE,
    codes,
    edited,
    only,
    records,
    source_result,
    write,
)
from wahldaten.api.conversion import inspect
from wahldaten.formats.source import Meta


def test_k17_voters_split() -> None:
    assert "K17" not in codes(inspect([BTW])[0])
    report, _ = inspect([AKDB / "invalid" / "K17"])
    (finding,) = source_result(report, "K17")
    assert (finding.params["found"], finding.params["expected"]) == (621, 620)
    assert finding.location.column == "Waehler gesamt (B)" and report.exit_code == 1


def test_k18_pair_identities(tmp_path: Path) -> None:
    report, _ = inspect([PAIRS])
    assert "K18" not in codes(report)
    report, _ = inspect([AKDB / "invalid" / "K18"])
    (finding,) = source_result(report, "K18")
    assert (finding.location.line, finding.params["found"], finding.params["expected"]) == (
        2,
        217,
        218,
    )
    folder = edited(tmp_path, PAIRS, PAIRS_FILE, {(5, "Wähler ohne Wahlschein"): "1"})
    report, _ = inspect([folder])
    (finding,) = source_result(report, "K18")
    assert finding.location.line == 6 and finding.params["left"].startswith("Wähler ohne")


def test_k18_a_group_without_votes_in_a_row_is_left_out_not_zero(tmp_path: Path) -> None:
    rows = records(PAIRS / PAIRS_FILE)
    header = rows[0]
    first = rows[1]
    first[14] = first[15] = ""  # the third pair (GRÜNE 96) empty in this row
    first[header.index("Gültige Stimmen")] = "121"  # CSU 86 + AfD 35
    first[header.index("Wähler ohne Wahlschein")] = "122"  # 121 valid + 1 invalid
    report, _ = inspect([write(tmp_path / PAIRS_FILE, rows)], meta=Meta())
    assert "K18" not in codes(report)


def test_k19_bezirk_without_municipality_gets_the_authority() -> None:
    report, election = only(AKDB / "invalid" / "K19")
    (finding,) = source_result(report, "K19")
    assert finding.location.line == 3 and finding.params["gs"] == "09175000"
    # The finding names the Bezirk as the file writes it (it had no Bezirk before).
    assert finding.location.bezirk == "0002" and finding.location.column == "Gebietsnummer"
    assert election.results["wahl-behoerde-gs"][1] == "09175000"
    # Given the municipality with --gs, the short keys belong to it.
    report, election = only(AKDB / "invalid" / "K19", Meta(gs="09175111"))
    assert "K19" not in codes(report)
