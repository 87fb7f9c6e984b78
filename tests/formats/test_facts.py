"""The typed facts vendor readers record: origins of written values, header forms."""

from __future__ import annotations

from wahldaten.formats.facts import HeaderForm, Origin, SourceFacts


def test_only_values_neither_the_source_nor_the_user_gives_are_assumed() -> None:
    facts = SourceFacts("x.csv")
    assert facts.wrote("wahl-datum", "01.01.2025", Origin.USER) == "01.01.2025"
    facts.wrote("wahl-name", "Wahl", Origin.DEFAULT)
    facts.wrote("A", "A1 + A2 + A3", Origin.DERIVED, "A")
    facts.wrote("wahl-behoerde-name", "Stadt", Origin.SOURCE)
    facts.wrote("wahl-datum", "23.02.2025", Origin.FILE_NAME)
    assert [w.field for w in facts.written if w.assumed] == ["wahl-name", "A", "wahl-datum"]


def test_a_header_form_names_what_a_format_has_by_design() -> None:
    form = HeaderForm(empty=frozenset({17}), repeated=frozenset({"Stimmen"}))
    assert form.allows_empty(17) and not form.allows_empty(3)
    assert form.allows_repeated("Stimmen") and not form.allows_repeated("Gebietsart")
    assert not HeaderForm().allows_empty(1)
