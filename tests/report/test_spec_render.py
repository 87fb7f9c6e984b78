"""The published specification: Markdown in docs/standard/<version>/ as generated (no drift),
and one self-contained HTML file naming every column and rule code."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from support import ROOT
from wahldaten.core import standard
from wahldaten.report import spec, spec_render

DOCS = ROOT / "docs" / "standard"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("version", standard.versions())
def test_the_committed_spec_is_what_the_schemas_generate(version: str, language: str) -> None:
    path = DOCS / version / f"spec.{language}.md"
    generated = spec_render.render(version, language, spec_render.MARKDOWN)
    assert path.is_file() and path.read_text(encoding="utf-8") == generated, (
        f"{path.relative_to(ROOT)} is stale: "
        f"wahldaten spec --version {version} --lang {language} -o {path.relative_to(ROOT)}"
    )


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "link", "img", "iframe"):
            self.external.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_html_spec_is_self_contained_and_lists_every_column_and_rule(language: str) -> None:
    html = spec_render.render("0.3", language, spec_render.HTML)
    parser = _Collect()
    parser.feed(html)
    assert parser.external == [] and parser.open == []
    text = " ".join(parser.text)
    built = spec.build("0.3")
    for file_spec in built.files:
        for column in file_spec.columns:
            assert column.name in text, column.name
    for code in built.rules:
        assert re.search(rf"\b{code}\b", text), code
    assert "@media print" in html


def test_markdown_escapes_pipes_in_patterns() -> None:
    markdown = spec_render.render("0.3", "de", spec_render.MARKDOWN)
    line = next(x for x in markdown.splitlines() if x.startswith("| `gemeindeschluessel`"))
    # A pipe of the pattern is escaped, so the row keeps its five cells.
    assert len(re.split(r"(?<!\\)\|", line)) == 7


def test_the_format_follows_the_output_name() -> None:
    assert spec_render.format_for("spec.html") == spec_render.HTML
    assert spec_render.format_for("spec.md") == spec_render.MARKDOWN
    assert spec_render.format_for("") == spec_render.MARKDOWN
