"""The structure of an election: derived from plain facts, stated by a user, described, documented."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings

from structures import elections
from support import ROOT
from wahldaten.core import catalog
from wahldaten.core.structure import (
    EXAMPLES,
    IDENTITY_NAMES,
    ElectionStructure,
    Scheme,
    Source,
    Stage,
    StatementError,
    StructureStatement,
    derive,
    describe,
    describe_stage,
    explain,
    render_markdown,
    with_stage,
)

LETTERS = ["A1", "A2", "A3", "A", "B", "B1", "C", "D"]
STRUCTURE_MODULES = sorted((ROOT / "src" / "wahldaten" / "core").glob("structure*.py"))


def structure(columns: list[str], name: str = "Wahl", gs: str = "05999001", **kw: object):
    return derive(columns, wahl_name=name, gs=gs, **kw)


# --- the real classes of issue 10 ------------------------------------------------------------


def test_baden_wuerttemberg_council_counts_ballots_in_d_and_votes_in_e() -> None:
    columns = [*LETTERS, "B2", "E", "D1", "D1_1", "D1_2", "D2", "D2_1"]
    found = structure(columns, "Gemeinderatswahl", "08111000")
    assert (found.ballots_column, found.votes_column, found.votes) == ("D", "E", 1)
    assert found.cumulative and found.votes_per_ballot is None and found.b1_b2_distinct
    assert found.source("votes_column") is Source.LAND
    assert [i.formula for i in found.identities()] == [
        "A = A1 + A2 + A3",
        "B1 ≤ B",
        "B2 ≤ B",
        "B = C + D",
        "E = Σ D<n>",
        "D<n> = Σ D<n>_<k>",
        "E ≥ D",
    ]
    # Kreistag and the name in wahl-bezeichnung count too; the seats come from the user.
    stated = derive(
        columns,
        wahlparameter={
            "wahl-name": "KT 2024",
            "wahl-bezeichnung": "Kreistagswahl",
            "wahl-behoerde-gs": "08111000",
        },
        statement=StructureStatement(votes_per_ballot=48),
    )
    assert stated.votes_per_ballot == 48 and stated.source("votes_per_ballot") is Source.USER
    assert stated.source("ballots_column") is Source.LAND
    assert stated.identity("votes-max") is not None


def test_baden_wuerttemberg_federal_election_is_an_ordinary_two_vote_election() -> None:
    columns = [*LETTERS, "E", "F", "D1", "F1"]
    found = structure(columns, "Bundestagswahl", "08212000")
    assert found.scheme is Scheme.TWO_VOTES and not found.b1_b2_distinct


def test_bavarian_landtag_has_two_separate_ballot_papers() -> None:
    found = structure([*LETTERS, "E", "F", "D1", "F1", "F1_1"], "Landtagswahl 2023", "09175000")
    assert found.scheme is Scheme.TWO_BALLOTS
    assert found.source("separate_ballots") is Source.LAND
    ballots = found.identity("ballots")
    assert ballots is not None and ballots.formula == "B ≥ C + D"
    assert found.identity("second-ballots").formula == "B ≥ E + F"
    assert found.identity("second-list-votes") is not None
    # The same Land's Bundestag election is on one ballot.
    assert structure([*LETTERS, "E", "F"], "Bundestagswahl", "09175000").scheme is Scheme.TWO_VOTES


def test_lower_saxony_council_is_told_by_its_extension_column() -> None:
    columns = ["A", "B", "C", "GUELTIGE-STIMMZETTEL", "D", "D1", "D1_liste", "D1_1"]
    found = structure(columns, "Gemeinderatswahl", "03159016")
    assert (found.ballots_column, found.votes_column) == ("GUELTIGE-STIMMZETTEL", "D")
    assert found.votes_per_ballot == 3 and found.source("votes_per_ballot") is Source.LAND
    assert found.list_only_votes
    assert found.identity("ballots").code == "A07"
    # Without a council name the number of votes is unknown, the layout the same.
    assert structure(columns, "Wahl", "").votes_per_ballot is None


def test_hessian_cumulative_voting_by_candidate_columns_or_by_land() -> None:
    by_columns = structure([*LETTERS, "D1", "D1_1", "D1_2"], "Stadtverordnetenwahl", "06411000")
    assert by_columns.cumulative and by_columns.ballots_column is None
    assert by_columns.source("votes_per_ballot") is Source.COLUMNS
    assert by_columns.identity("ballots") is None  # B = C + D does not hold: D counts votes
    by_land = structure([*LETTERS, "D1", "D2"], "Gemeindevertretungswahl", "06411000")
    assert by_land.cumulative and by_land.source("votes_per_ballot") is Source.LAND


def test_bavarian_council_keeps_d_as_votes_even_with_an_e_column() -> None:
    found = structure([*LETTERS, "E", "D1", "D1_1"], "Gemeinderatswahl", "09175000")
    assert found.votes_column == "D" and found.votes == 1


def test_candidate_votes_with_e_but_no_f_elsewhere_read_like_baden_wuerttemberg() -> None:
    found = structure([*LETTERS, "E", "D1", "D1_1"], "Wahl", "")
    assert (found.ballots_column, found.votes_column) == ("D", "E")


@pytest.mark.parametrize(
    ("name", "gs"),
    [
        ("Ratswahl NRW", "05366004"),
        ("Kreistagswahl NRW", "05366000"),
        ("Bürgermeisterwahl", "08111000"),
    ],
)
def test_one_vote_elections_stay_one_vote(name: str, gs: str) -> None:
    found = structure([*LETTERS, "B2", "D1", "D2"], name, gs)
    assert found == ElectionStructure(sources=found.sources)
    assert found.identity("wahlschein").left.synonyms == ("B2",)


def test_referendum_by_its_options_or_by_its_name() -> None:
    by_options = structure([*LETTERS, "D1", "D2"], options=["Ja", "Nein", None])
    assert (
        by_options.scheme is Scheme.REFERENDUM and by_options.source("referendum") is Source.BALLOT
    )
    by_name = derive([*LETTERS], wahlparameter={"wahl-bezeichnung": "Bürgerentscheid Citybahn"})
    assert by_name.referendum and by_name.source("referendum") is Source.WAHLPARAMETER


def test_postal_only_by_the_counts_or_by_bavarias_run_offs_of_march_2020() -> None:
    by_counts = structure(LETTERS, voters_by_art={"W": 0, "B": 5120})
    assert by_counts.postal_only and by_counts.source("postal_only") is Source.COUNTS
    assert not structure(LETTERS, voters_by_art={"W": None, "B": 5120}).postal_only
    assert not structure(LETTERS, voters_by_art={"W": 12, "B": 5120}).postal_only
    runoff = structure(LETTERS, "Stichwahl Landrat", "09175000", wahl_datum="29.03.2020")
    assert runoff.postal_only and runoff.source("postal_only") is Source.LAND
    later = structure(LETTERS, "Stichwahl Landrat", "09175000", wahl_datum="29.03.2026")
    assert not later.postal_only


def test_several_ballots_by_areas_or_by_name() -> None:
    found = structure(LETTERS, ballot_areas=["2", "10", "1", None, " ", "2"])
    assert found.ballot_areas == ("1", "2", "10") and found.several_ballots
    assert found.rows_may_end_early
    one = structure(LETTERS, ballot_areas=["299", "299"])
    assert one.ballot_areas == ("299",) and not one.several_ballots
    by_name = structure(LETTERS, "Bezirksvertretungswahl")
    assert by_name.several_ballots and by_name.source("several_ballots") is Source.WAHL_NAME


def test_stage_from_the_user_the_source_or_by_default() -> None:
    assert structure(LETTERS).stage is Stage.ELECTION_NIGHT
    assert structure(LETTERS).source("stage") is Source.DEFAULT
    final = structure(LETTERS, status="Endgültiges Ergebnis")
    assert final.final and final.source("stage") is Source.STATUS
    assert structure(LETTERS, status="vorläufig").source("stage") is Source.STATUS
    stated = structure(LETTERS, status="Endgültig", final=False)
    assert stated.stage is Stage.ELECTION_NIGHT and stated.source("stage") is Source.USER
    assert with_stage(structure(LETTERS), final=True).final


def test_wahlparameter_as_a_frame() -> None:
    frame = pl.DataFrame({"wahl-name": ["Gemeinderatswahl"], "wahl-behoerde-gs": ["08111000"]})
    assert derive([*LETTERS, "E", "D1", "D1_1"], wahlparameter=frame).votes_column == "E"
    assert derive(LETTERS, wahlparameter=frame.clear()).scheme is Scheme.ONE_VOTE


def test_every_attribute_has_a_source() -> None:
    found = structure(LETTERS)
    assert {name for name, _ in found.sources} == set(replace(found).__dataclass_fields__) - {
        "sources"
    }


@settings(max_examples=150, deadline=None)
@given(elections())
def test_derive_finds_the_structure_of_every_generated_election(generated) -> None:
    assert derive(**generated.derive_inputs()) == generated.structure


# --- what the user states --------------------------------------------------------------------


def test_statement_overrides_what_the_data_says() -> None:
    statement = StructureStatement.from_cli("votes=2, separate-ballots")
    found = structure([*LETTERS, "E", "F"], statement=statement)
    assert found.scheme is Scheme.TWO_BALLOTS and found.source("votes") is Source.USER
    one = structure([*LETTERS, "E", "F"], statement=StructureStatement(votes=1))
    assert one.votes == 1 and not one.separate_ballots
    several = structure(LETTERS, statement=StructureStatement.from_cli("votes-per-ballot=5"))
    assert several.cumulative and several.ballots_column is None and several.votes_column == "D"
    back = structure(["B", "C", "D", "D1_1"], statement=StructureStatement(votes_per_ballot=1))
    assert not back.cumulative and back.source("votes_per_ballot") is Source.USER
    postal = StructureStatement.from_mapping({"postal-only": True, "several-ballots": "ja"})
    assert structure(LETTERS, statement=postal).postal_only
    assert structure(LETTERS, statement=postal).several_ballots


def test_statement_from_config_and_cli_agree() -> None:
    config = StructureStatement.from_mapping(
        {"votes": 2, "separate-ballots": True, "votes-per-ballot": "1", "postal-only": "false"}
    )
    cli = StructureStatement.from_cli(
        "votes=2,separate-ballots=yes,votes-per-ballot=1,postal-only=no"
    )
    assert config == cli and not config.empty and StructureStatement().empty
    assert config.origin("votes") is not None and config.origin("several_ballots") is None


@pytest.mark.parametrize(
    ("text", "reason", "where"),
    [
        ("votes=3", "out_of_range", "votes=3"),
        ("votes=zwei", "not_integer", "votes=zwei"),
        ("votes-per-ballot=0", "out_of_range", "votes-per-ballot=0"),
        ("seats=48", "unknown_key", "seats=48"),
        ("postal-only=vielleicht", "not_boolean", "postal-only=vielleicht"),
        ("votes=2,,postal-only", "empty_item", "Angabe 2"),
        ("votes=2,votes=2", "duplicate", "Angabe 2"),
        ("votes=1,separate-ballots", "separate_needs_two_votes", "separate-ballots"),
    ],
)
def test_cli_statement_errors_name_the_item(text: str, reason: str, where: str) -> None:
    with pytest.raises(StatementError) as caught:
        StructureStatement.from_cli(text)
    assert caught.value.reason == reason
    german, english = caught.value.message("de"), caught.value.message("en")
    assert german.startswith("--structure, Angabe") and where in german
    assert english.startswith("--structure, item") and german != english
    assert "{" not in german + english and "structure.error" not in german + english


@pytest.mark.parametrize(
    ("mapping", "reason"),
    [
        ({"votes": True}, "not_integer"),
        ({"votes": 2.0}, "not_integer"),
        ({"separate-ballots": 1}, "not_boolean"),
        ({"stimmen": 2}, "unknown_key"),
        ({"votes": 1, "separate-ballots": True}, "separate_needs_two_votes"),
    ],
)
def test_config_statement_errors_name_the_key(mapping: dict[str, object], reason: str) -> None:
    with pytest.raises(StatementError) as caught:
        StructureStatement.from_mapping(mapping, where="wahldaten.toml [tool.wahldaten.structure]")
    assert caught.value.reason == reason
    message = caught.value.message("de")
    assert message.startswith("wahldaten.toml [tool.wahldaten.structure] ")
    assert any(key in message for key in mapping)


def test_config_statement_must_be_a_table() -> None:
    with pytest.raises(StatementError) as caught:
        StructureStatement.from_mapping(["votes"])
    assert caught.value.reason == "not_a_table" and "list" in caught.value.message("en")


# --- describing --------------------------------------------------------------------------------


def test_header_texts_of_issue_10() -> None:
    two = ElectionStructure(votes=2, separate_ballots=True)
    assert describe(two, "de") == "zwei Stimmen auf getrennten Stimmzetteln"
    assert describe(two, "en") == "two votes on separate ballot papers"
    bw = EXAMPLES["council-bw"]
    assert describe(bw, "de").startswith("kumulieren/panaschieren, 48 Stimmen je Stimmzettel · ")
    assert "D = gültige Stimmzettel, E = gültige Stimmen" in describe(bw, "de")
    assert describe(EXAMPLES["several-ballots"], "de") == "eine Stimme · 3 Stimmzettelgebiete"
    assert describe(EXAMPLES["postal-only"], "de") == "eine Stimme · nur Briefwahl"
    assert describe(EXAMPLES["postal-only"], "en") == "one vote · postal voting only"
    unknown = replace(EXAMPLES["council-hessen"], votes_per_ballot=None)
    assert describe(unknown, "de").startswith("kumulieren/panaschieren, mehrere Stimmen")
    assert "mit Zweitstimme" in describe(replace(unknown, votes=2), "de")
    assert (
        describe(ElectionStructure(several_ballots=True), "en")
        == "one vote · several ballots (one per area)"
    )


def test_stage_and_sources_are_explained() -> None:
    found = structure([*LETTERS, "E", "F"], "Landtagswahl", "09175000", final=True)
    assert describe_stage(found, "de").startswith("Endergebnis (vom Benutzer angegeben")
    assert describe_stage(structure(LETTERS), "en").startswith(
        "provisional result on election night"
    )
    (line,) = explain(found, "de")
    assert line.startswith("zwei Stimmen auf getrennten Stimmzetteln (aus dem Land")


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_every_example_and_identity_is_described(language: str) -> None:
    for name, example in EXAMPLES.items():
        assert "structure." not in describe(example, language) + catalog.text(
            f"structure.example.{name}", language
        )
        for identity in example.identities():
            assert identity.name in IDENTITY_NAMES
            assert not identity.description(language).startswith("structure.")
    for source in Source:
        assert not catalog.text(f"structure.source.{source.value}", language).startswith(
            "structure."
        )


def _keys(node: object, prefix: str = "") -> set[str]:
    if not isinstance(node, dict):
        return {prefix}
    return {k for key, value in node.items() for k in _keys(value, f"{prefix}.{key}")}


def test_german_and_english_catalogs_have_the_same_structure_keys_and_placeholders() -> None:
    import tomllib

    texts = {}
    for language in catalog.LANGUAGES:
        path = ROOT / "src/wahldaten/core/catalog" / language / "structure.toml"
        texts[language] = tomllib.loads(path.read_text(encoding="utf-8"))["structure"]
    assert _keys(texts["de"]) == _keys(texts["en"])
    for key in _keys(texts["de"]):
        parts = key.strip(".").split(".")
        de, en = texts["de"], texts["en"]
        for part in parts:
            de, en = de[part], en[part]
        assert set(re.findall(r"\{(\w+)\}", de)) == set(re.findall(r"\{(\w+)\}", en)), key


def test_docs_are_generated_from_the_code() -> None:
    path = ROOT / "docs" / "structures.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/structures.md is stale: python -c 'from wahldaten.core.structure import "
        'render_markdown; print(render_markdown(), end="")\' > docs/structures.md'
    )


def test_docs_list_every_example_with_its_identities() -> None:
    text = render_markdown()
    for name, example in EXAMPLES.items():
        assert f"`{name}`" in text
        assert all(f"`{i.formula}`" in text for i in example.identities())


# --- the model itself --------------------------------------------------------------------------


def test_structure_rejects_impossible_combinations() -> None:
    with pytest.raises(ValueError, match="1 or 2"):
        ElectionStructure(votes=3)
    with pytest.raises(ValueError, match="two votes"):
        ElectionStructure(separate_ballots=True)
    with pytest.raises(ValueError, match="at least 1"):
        ElectionStructure(votes_per_ballot=0)
    with pytest.raises(ValueError, match="one count"):
        ElectionStructure(votes_column="E")
    with pytest.raises(ValueError, match="unknown attributes"):
        ElectionStructure(sources=(("seats", Source.USER),))
    with pytest.raises(KeyError):
        ElectionStructure().source("seats")


def test_letters_of_a_complete_row() -> None:
    assert EXAMPLES["two-votes"].letters == ("A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F")
    assert EXAMPLES["council-bw"].letters[-5:] == ("B1", "B2", "C", "D", "E")
    assert "GUELTIGE-STIMMZETTEL" in EXAMPLES["council-nds"].letters
    assert EXAMPLES["council-hessen"].letters[-3:] == ("B1", "C", "D")


def test_structures_are_values() -> None:
    assert ElectionStructure(sources=(("votes", Source.USER),)) == ElectionStructure()
    assert len({ElectionStructure(), ElectionStructure(votes=1)}) == 1
    assert {e.scheme for e in EXAMPLES.values()} == set(Scheme)


@pytest.mark.parametrize("path", STRUCTURE_MODULES, ids=lambda p: p.name)
def test_structure_modules_import_nothing_above_core(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    ours = {m for m in imported if m.startswith("wahldaten")}
    assert all(m.startswith("wahldaten.core") for m in ours), ours
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
