"""kerg.csv's header in every generation: found by its content, named column by column."""

from __future__ import annotations

import pytest

from wahldaten.formats.bundeswahlleiterin import kerg
from wahldaten.formats.bundeswahlleiterin.kerg_header import (
    AREA,
    NR,
    PARENT,
    columns,
    decode,
    locate,
)

ARCHIVE_1990 = [
    "# (c) Der Bundeswahlleiter, Wiesbaden 2016",
    "# Wahl zum 12. Deutschen Bundestag (2. Dezember 1990)",
    "Wahlkreis;;Land;Wahlberechtigte;Wähler;Ungültige;Ungültige;CDU;CDU;Übrige",
    "Nr.;Name;;;;Erststimmen;Zweitstimmen;Erststimmen;Zweitstimmen;Erststimmen",
    ";;;;;;;;;",
    "001;Flensburg;SH;100;80;1;2;40;41;3",
]
ARCHIVE_2013 = [
    "# Wahl zum 18. Deutschen Bundestag (22. September 2013)",
    "Nr;Gebiet;gehört;Wahlberechtigte;;;;CDU;;;",
    ";;zu;Erststimmen;;Zweitstimmen;;Erststimmen;;Zweitstimmen;",
    ";;;Endgültig;Vorperiode;Endgültig;Vorperiode;Endgültig;Vorperiode;Endgültig;Vorperiode",
    '1;"Flensburg";1;100;99;;;40;38;41;39',
]
ONE_VOTE = [
    "# Wahl zum 1. Deutschen Bundestag (14. August 1949)",
    "Wahlkreis;;Land;Wahlberechtigte;Wähler;Ungültige;Gültige;CDU;SPD",
    "",
    "001;Flensburg;SH;100;80;2;78;40;38",
]


def test_archive_1990_two_rows_names_repeated_per_vote() -> None:
    block = locate(ARCHIVE_1990)
    assert block is not None and (block.start, block.end, len(block.rows)) == (2, 5, 2)
    header = columns(block)
    assert [c.role for c in header.fixed] == [NR, AREA, PARENT]
    assert [(c.group, c.vote) for c in header.counts] == [
        ("Wahlberechtigte", None),
        ("Wähler", None),
        ("Ungültige", 1),
        ("Ungültige", 2),
        ("CDU", 1),
        ("CDU", 2),
        ("Übrige", 1),
    ]
    assert header.votes == 2 and header.period is None and not header.unknown


def test_archive_2013_merged_cells_and_previous_period() -> None:
    block = locate(ARCHIVE_2013)
    assert block is not None and len(block.rows) == 3
    header = columns(block)
    assert [c.name for c in header.fixed] == ["Nr", "Gebiet", "gehört zu"]
    current = [(c.group, c.vote) for c in header.counts if c.current]
    assert current == [("Wahlberechtigte", 1), ("Wahlberechtigte", 2), ("CDU", 1), ("CDU", 2)]
    assert len([c for c in header.counts if not c.current]) == 4
    assert header.period == "Endgültig"


def test_one_vote_and_a_blank_line_before_the_data() -> None:
    block = locate(ONE_VOTE)
    assert block is not None and (len(block.rows), block.end) == (1, 3)
    header = columns(block)
    assert header.votes == 1
    assert [(c.group, c.vote) for c in header.counts][-2:] == [("CDU", None), ("SPD", None)]
    # `Wahlkreis` over number and name (a merged cell): the unlabelled column is the name.
    assert [c.role for c in header.fixed] == [NR, AREA, PARENT]


def test_a_vote_label_the_format_does_not_know_cannot_be_placed() -> None:
    lines = [*ARCHIVE_1990]
    lines[3] = lines[3].replace("Zweitstimmen;Erststimmen;Zweitstimmen", "Zweitstimmen;X;Y")
    block = locate(lines)
    assert block is not None
    assert columns(block).unknown == ["CDU X", "CDU Y"]


@pytest.mark.parametrize(
    "first",
    [
        # The legacy votemanager layout begins with `Nr;Name` and names Wahlberechtigte too.
        "Nr;Name;MaxSchnellmeldungen;AnzSchnellmeldungen;Wahlberechtigte;abgegeben",
        "Wahlkreis;Wahlberechtigte;Wähler",
    ],
)
def test_other_layouts_are_no_kerg(first: str) -> None:
    assert locate([first, "1;x;1;1;100;80"]) is None
    assert not kerg.sniff_text([first, "1;x;1;1;100;80"])


def test_sniffed_head_with_replacement_characters_is_recognised() -> None:
    # The recogniser sees the head as UTF-8: ISO-8859-1's `ö` is a replacement character.
    head = [line.replace("ö", "\ufffd") for line in ARCHIVE_2013]
    assert kerg.sniff_text(head)


def test_encodings_of_the_generations() -> None:
    assert decode("gehört".encode()) == ("gehört", "utf-8")
    assert decode("Wahl – gehört".encode("cp1252")) == ("Wahl – gehört", "cp1252")
    assert decode(b"geh\xf6rt \x81") == ("gehört \x81", "iso-8859-1")


def test_vote_labels_in_the_singular_or_hyphenated() -> None:
    lines = [*ARCHIVE_1990]
    lines[3] = lines[3].replace("Erststimmen", "Erst-Stimme").replace("Zweitstimmen", "Zweitstimme")
    block = locate(lines)
    assert block is not None
    header = columns(block)
    assert not header.unknown and [c.vote for c in header.counts][2:] == [1, 2, 1, 2, 1]
