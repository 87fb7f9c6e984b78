"""Property: whatever counts a KRZN-shaped file holds, the layout reads them as written: every
number as it stands, a blank cell or `---` empty, never 0, and the totals row checked."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from wahldaten.formats import layouts
from wahldaten.formats.layouts import LayoutFacts
from wahldaten.formats.source import Meta, SourceError
from wahldaten.io.sources import collect

HEADER = "WAHLDATUM;WAHLART;GEBIET;EBENE;NR;BEZEICHNUNG;A;B;C;D;D1;D2;D3"
NAMES = ";;;;;;;;;;Partei A;Partei B;Partei C"
COLUMNS = ("A", "B", "C", "D", "D1", "D2", "D3")
cell = st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["", " ", "---", "x"]))
rows = st.lists(st.tuples(*(cell for _ in COLUMNS)), min_size=1, max_size=12)


def expected(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@settings(max_examples=40, deadline=None)
@given(rows=rows)
def test_every_count_is_read_as_written(
    tmp_path_factory: object, rows: list[tuple[str, ...]]
) -> None:
    assert hasattr(tmp_path_factory, "mktemp")
    folder: Path = tmp_path_factory.mktemp("krzn")
    lines = ["CSV-Datei erstellt am: 01.03.2025 09:00:00", HEADER, NAMES]
    lines += [
        f"23.02.2025;Bundestagswahl;Stadt X;Wahlbezirk;{i + 1};Bezirk {i + 1};" + ";".join(row)
        for i, row in enumerate(rows)
    ]
    (folder / "wahlergebnis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reading = layouts.read(collect([folder]), layouts.shipped("krzn"), Meta(gs="05999001"))
    results = reading.elections[0].tables["Wahlergebnisse"]
    for index, column in enumerate(COLUMNS):
        assert results[column].to_list() == [expected(row[index]) for row in rows]
    facts = reading.contexts[0].facts_as(LayoutFacts)
    assert facts is not None
    marked = sum(1 for row in rows for value in row if value.strip() in ("---", "x"))
    assert facts.not_standing_cells == marked


VALID = Path(__file__).resolve().parents[3] / "fixtures" / "layouts" / "krefeld" / "valid"
edits = st.lists(
    st.tuples(
        st.integers(0, 2000), st.sampled_from([b"", b";", b'"', b"\n", b"\xff", b"x", b"1.5"])
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(edits=edits)
def test_a_damaged_file_is_read_or_refused_never_an_exception(
    tmp_path_factory: object, edits: list[tuple[int, bytes]]
) -> None:
    assert hasattr(tmp_path_factory, "mktemp")
    folder: Path = tmp_path_factory.mktemp("damaged")
    data = bytearray((VALID / "wahlergebnis.csv").read_bytes())
    for at, insert in edits:
        at = min(at, len(data))
        data[at : at + 1] = insert
    (folder / "wahlergebnis.csv").write_bytes(bytes(data))
    with contextlib.suppress(SourceError):  # refused with a message (no date, no key)
        layouts.read(collect([folder]), layouts.shipped("krzn"), Meta(gs="05999001"))
