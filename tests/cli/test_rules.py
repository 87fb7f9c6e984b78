"""`wahldaten rules CODE`: where the rule lives, its fixtures and its parameters."""

from __future__ import annotations

import re

import pytest
from clirun import run

import wahldaten.cli.rules as rules_command
from wahldaten.rules import registry


def test_a_code_shows_its_function_fixtures_and_parameters() -> None:
    result = run("rules", "A01")
    assert result.returncode == 0
    place = re.search(
        r"Im Code: (wahldaten\.rules\.\S+) \((src/wahldaten/rules/\S+\.py):(\d+)\)", result.stdout
    )
    assert place, result.stdout
    module, function = place[1].rsplit(".", 1)
    check = registry.get("A01").check
    assert (check.__module__, check.__qualname__) == (module, function)
    assert int(place[3]) == check.__code__.co_firstlineno
    assert "fixtures/owd/invalid/A01/" in result.stdout
    assert "fixtures/owd/valid/ratswahl/" in result.stdout
    assert "Parameter der Meldung: expected, found, parts" in result.stdout


def test_english_and_a_vendor_code() -> None:
    result = run("rules", "K14", "--lang", "en")
    assert "In the code: wahldaten.rules." in result.stdout
    assert "fixtures/votemanager/invalid/K14/" in result.stdout
    assert "fixtures/owd/valid" not in result.stdout  # the rule reads votemanager files only


def test_an_installed_package_ships_no_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_command, "CHECKOUT", None)
    notes = rules_command.developer_notes(registry.get("A01"), "de")
    assert "das installierte Paket enthält keine" in notes
    assert "fixtures/owd" not in notes


def test_every_code_explains_itself() -> None:
    for rule in registry.all_rules():
        notes = rules_command.developer_notes(rule, "en")
        assert rule.check.__module__ in notes


def test_a_code_whose_severity_depends_on_the_stage_says_both() -> None:
    shown = run("rules", "R07").stdout
    assert "Schweregrad: Warnung, im Endergebnis (--final) Fehler" in shown
    assert "Severity: error\n" in run("rules", "A01", "--lang", "en").stdout
