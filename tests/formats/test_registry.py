"""The source formats' registry: one list for --from, detection and the rules' format names."""

from __future__ import annotations

import pytest

from wahldaten.formats import registry
from wahldaten.formats.registry import Kind
from wahldaten.formats.source import SourceError


def test_names_choices_and_entries_agree() -> None:
    names = registry.names()
    assert registry.choices() == ("auto", *names)
    assert [f.name for f in registry.all_formats()] == list(names)
    assert set(registry.vendor_names()) == {
        f.name for f in registry.all_formats() if f.kind is Kind.VENDOR
    }
    for source_format in registry.all_formats():
        assert source_format.title and source_format.example
        assert (source_format.read is None) == (source_format.kind is Kind.PACKAGE)


def test_each_format_recognises_its_example_name_or_head() -> None:
    owd = registry.get("owd")
    assert owd.sniff(owd.example, "")
    assert registry.detect("x.json", '{"format": "owd-json", "version": "0.3"}') is not None
    assert registry.detect("notes.csv", "a;b\n1;2\n") is None


def test_an_unknown_format_is_a_source_error_naming_the_choices() -> None:
    with pytest.raises(SourceError) as error:
        registry.get("xlsx")
    assert error.value.key == "convert.unknown_source_format"
    assert error.value.params["formats"] == ", ".join(registry.choices())


def test_names_and_titles_are_those_of_the_reader_modules() -> None:
    # The registry lists them as plain data, so that listing the formats loads no reader.
    for source_format in registry.all_formats():
        if source_format.kind is Kind.VENDOR and not source_format.is_layout:
            module = registry._VENDORS[source_format.name][1].module
            assert (source_format.name, source_format.title) == (module.NAME, module.TITLE)
