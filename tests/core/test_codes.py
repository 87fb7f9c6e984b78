"""The codes: one enum, each code's parameters declared once, the catalogs and rules agreeing.

A placeholder in a message that the code does not declare (or a declared parameter no message
uses), a registered rule whose code is not in the enum, or a code without a rule fails here.
"""

from __future__ import annotations

import string

import pytest

from wahldaten.core import catalog
from wahldaten.core.codes import LOCATION_PARAMS, PARAMETERS, Code, Input
from wahldaten.core.findings import Severity
from wahldaten.rules import registry


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_declares_its_parameters() -> None:
    assert set(PARAMETERS) == set(Code)
    for code in Code:
        assert code.params == PARAMETERS[code]
        assert list(code.params) == sorted(set(code.params)), code


def test_codes_are_their_strings() -> None:
    assert Code.A01 == "A01" and f"{Code.A01}" == "A01"
    assert Code("T12") is Code.T12
    assert Code.S02.family == "S"


@pytest.mark.parametrize("language", catalog.LANGUAGES)
@pytest.mark.parametrize("code", list(Code))
def test_catalog_placeholders_are_the_declared_parameters(code: Code, language: str) -> None:
    texts = catalog.rule_text(code, language)
    assert placeholders(texts["message"]) == set(code.params), (code, language)
    assert not placeholders(texts["title"]), (code, language)


def test_every_registered_rule_has_a_code_of_the_enum_and_every_code_a_rule() -> None:
    rules = registry.all_rules()
    assert all(isinstance(rule.code, Code) for rule in rules)
    assert {rule.code for rule in rules} == set(Code)


def test_location_parameters_are_the_ones_a_finding_locates() -> None:
    assert {"column", "bezirk"} == LOCATION_PARAMS


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_every_input_has_a_name_in_the_catalog(language: str) -> None:
    for needed in Input:
        name = catalog.text(f"inputs.{needed.value}", language)
        assert name != f"inputs.{needed.value}", (needed, language)


def test_a_rule_with_a_code_outside_the_enum_is_refused() -> None:
    with pytest.raises(ValueError, match=r"core/codes\.py"):
        registry.rule("X01", "nothing", Severity.INFO, (Input.PACKAGE,))
