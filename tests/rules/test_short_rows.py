"""F14: result rows that end after their own ballot's last option are read as ending in empty
cells, one warning per file; every other short row stays an F07 error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import wahldaten
from support import FIXTURES
from wahldaten.core.findings import Finding, RowFindings
from wahldaten.formats import owd
from wahldaten.io.sources import SourceFile
from wahldaten.rules import files, short_rows
from wahldaten.rules.context import Context

SEVERAL = FIXTURES / "valid" / "several-ballots"
RATSWAHL = FIXTURES / "valid" / "ratswahl"
OPTIONS = {"1": 5, "2": 4, "3": 3}  # stimmzettel-gebiet-nr → number of options
AREA_OF = {"0101": "1", "0102": "1", "0201": "2", "0301": "3", "9001": "1", "9002": "2"}
AREA_OF["9003"] = "3"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def package_of(data: dict[str, bytes]) -> owd.Package:
    sources = [
        SourceFile(display=name, name=name, size=len(raw), read=lambda raw=raw: raw)
        for name, raw in data.items()
    ]
    (package,), others = owd.read_packages(sources)
    assert not others
    return package


def flat(items: object) -> list[Finding]:
    out: list[Finding] = []
    for item in items:  # type: ignore[attr-defined]
        out.extend(item.head(item.count) if isinstance(item, RowFindings) else [item])
    return out


def checked(data: dict[str, bytes]) -> tuple[list[int], list[Finding]]:
    """The lines F07 reports, and the F14 findings."""
    ctx = Context(package_of(data))
    cut = [f.location.line for f in flat(files.field_count(ctx))]
    return [line for line in cut if line is not None], flat(short_rows.rows_end_after_ballot(ctx))


def results_name(data: dict[str, bytes]) -> str:
    return next(n for n in data if "_Wahlergebnisse_" in n)


def edit_rows(data: dict[str, bytes], cut: dict[str, int]) -> dict[str, bytes]:
    """Rows of Wahlergebnisse cut to a number of fields, by bezirk-nr."""
    name = results_name(data)
    header, *rows = data[name].decode("utf-8").rstrip("\n").split("\n")
    nr = header.split(";").index("bezirk-nr")
    out = [header]
    for row in rows:
        cells = row.split(";")
        out.append(";".join(cells[: cut.get(cells[nr], len(cells))]))
    return {**data, name: ("\n".join(out) + "\n").encode("utf-8")}


def test_the_valid_fixture_passes_with_one_warning_for_its_short_rows() -> None:
    report = wahldaten.validate(SEVERAL)
    (package,) = report.packages
    found = {r.code: r for r in package.results}
    assert "F07" not in found and not report.failed
    (finding,) = found["F14"].examples
    assert dict(finding.params) == {"rows": 4, "lines": "4, 5, 7, 8"}
    assert finding.location.line == 4


def test_the_missing_cells_are_read_as_empty_not_as_zero() -> None:
    results = Context(package_of(files_of(SEVERAL))).results
    assert results is not None
    frame = results.frame.sort("bezirk-nr")
    by_bezirk = {row["bezirk-nr"]: row for row in frame.iter_rows(named=True)}
    assert by_bezirk["0201"]["D4"] == 42 and by_bezirk["0201"]["D5"] is None
    assert by_bezirk["0301"]["D4"] is None and by_bezirk["0301"]["D5"] is None
    assert by_bezirk["9003"]["D3"] == 71 and by_bezirk["9003"]["D4"] is None


def test_a_row_that_cuts_off_an_option_of_its_own_ballot_stays_f07() -> None:
    # 0201 votes on ballot 2 (options 1–4): ending after D3 cuts off its own D4.
    data = edit_rows(files_of(SEVERAL), {"0201": 18})
    cut, (warning,) = checked(data)
    assert cut == [4]
    assert dict(warning.params) == {"rows": 3, "lines": "5, 7, 8"}


def test_a_short_row_in_an_election_with_one_ballot_stays_f07() -> None:
    data = files_of(RATSWAHL)
    header = data[results_name(data)].decode("utf-8").split("\n")[0].split(";")
    cut, warnings = checked(edit_rows(data, {"0101": len(header) - 1}))
    assert cut == [2] and warnings == []


def test_a_row_of_a_bezirk_without_a_ballot_area_stays_f07() -> None:
    data = files_of(SEVERAL)
    name = next(n for n in data if "_Wahlgebietseinteilungen_" in n)
    text = (
        data[name]
        .decode("utf-8")
        .replace(";0301;0301 Wahllokal 0301;W;N;;;3;", ";0301;0301 Wahllokal 0301;W;N;;;;")
    )
    cut, (warning,) = checked({**data, name: text.encode("utf-8")})
    assert cut == [5]
    assert warning.params["rows"] == 3


def _rewrite(data: dict[str, bytes], stamp_last: bool, cuts: list[int]) -> dict[str, bytes]:
    """Every result row written in full, then cut to its number of fields; with `stamp_last`,
    zeitstempel-erfassung moved after the options (a column every row needs)."""
    name = results_name(data)
    header, *rows = data[name].decode("utf-8").rstrip("\n").split("\n")
    names = header.split(";")
    width = len(names)
    full = [(r.split(";") + [""] * width)[:width] for r in rows]
    if stamp_last:
        at = names.index("zeitstempel-erfassung")
        names = [*names[:at], *names[at + 1 :], names[at]]
        full = [[*r[:at], *r[at + 1 :], r[at]] for r in full]
    lines = [";".join(names)] + [";".join(r[:k]) for r, k in zip(full, cuts, strict=True)]
    return {**data, name: ("\n".join(lines) + "\n").encode("utf-8")}


@settings(max_examples=40, deadline=None)
@given(
    stamp_last=st.booleans(),
    cuts=st.lists(st.integers(10, 20), min_size=7, max_size=7),
)
def test_random_cut_points(stamp_last: bool, cuts: list[int]) -> None:
    """A row is F14 exactly where it ends after its own ballot's last option and every missing
    column is an option; F07 where it ends earlier; nothing where it is whole."""
    data = _rewrite(files_of(SEVERAL), stamp_last, cuts)
    order = ["0101", "0102", "0201", "0301", "9001", "9002", "9003"]
    width = 20
    expected_cut, expected_whole = [], []
    for line, (bezirk, k) in enumerate(zip(order, cuts, strict=True), start=2):
        needed = width if stamp_last else 15 + OPTIONS[AREA_OF[bezirk]]
        if k == width:
            continue
        (expected_whole if k >= needed else expected_cut).append(line)
    cut, warnings = checked(data)
    assert cut == expected_cut
    if expected_whole:
        (warning,) = warnings
        assert warning.params["rows"] == len(expected_whole)
        assert warning.params["lines"] == ", ".join(map(str, expected_whole))
    else:
        assert warnings == []
