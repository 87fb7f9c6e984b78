"""What every output must be, whatever the input: parseable as its format and safe to print."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
REPORT_SCHEMA = ROOT / "src" / "wahldaten" / "report" / "report.schema.json"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
JUNIT_SCHEMA = ROOT / "tests" / "data" / "junit.xsd"

# C0 controls but the line feed, DEL, C1 controls, line and paragraph separators, bidi controls.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# The one kind of line a GitHub log may see starting with `::`: the renderer's own annotation.
ANNOTATION = re.compile(r"^::((error|warning|notice)( [a-z]+=[^:\n]*)?|group|endgroup)::")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@cache
def _validator(path: Path) -> Any:
    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@cache
def _junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(JUNIT_SCHEMA)))


def unsafe_characters(text: str) -> list[str]:
    return sorted({repr(m.group()) for m in UNSAFE.finditer(text)})


def check_printable(text: str, fmt: str) -> None:
    """Text for a terminal or a CI log: no control characters, no line that data could start."""
    bad = unsafe_characters(text)
    assert not bad, f"{fmt}: raw control or bidi characters in the output: {bad}"
    for line in text.splitlines():
        if line.startswith("::"):
            assert fmt == "github" and ANNOTATION.match(line), f"{fmt}: workflow command {line!r}"


class _Structure(HTMLParser):
    """Start and end tags must nest; no scripts, no event handlers, no data as markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" or any(name.startswith("on") for name, _ in attrs):
            self.problems.append(f"active content <{tag} {attrs}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]
            return
        self.stack.pop()


def check_html(text: str) -> None:
    parser = _Structure()
    parser.feed(text)
    parser.close()
    assert not parser.problems, f"html: {parser.problems[:5]}"
    assert not parser.stack, f"html: unclosed {parser.stack}"
    assert text.lstrip().lower().startswith("<!doctype html>")
    bad = sorted(
        {repr(c) for c in text if (ord(c) < 0x20 and c not in "\t\n\r\f") or 0x7F <= ord(c) <= 0x9F}
    )
    assert not bad, f"html: control characters {bad}"


def check_xml(text: str) -> etree._Element:
    ElementTree.fromstring(text.encode("utf-8"))
    return etree.fromstring(text.encode("utf-8"))


def check_output(fmt: str, text: str) -> None:
    """`text` is a well-formed document of `fmt` (a report format of `wahldaten validate`)."""
    assert isinstance(text, str)
    if fmt == "json":
        _validator(REPORT_SCHEMA).validate(json.loads(text))
    elif fmt == "sarif":
        _validator(SARIF_SCHEMA).validate(json.loads(text))
    elif fmt == "junit":
        _junit_schema().assertValid(check_xml(text))
    elif fmt == "html":
        check_html(text)
    else:
        check_printable(text, fmt)


def check_message(text: str) -> None:
    """A message for stderr (an `InputError`): one safe line or more, none that data starts."""
    assert text.strip(), "empty message"
    check_printable(text, "stderr")
