"""The little Markdown of rule explanations, as HTML: paragraphs, lists, `code` and **bold**.

Explanations are written in the catalog and in docstrings with backticks for column names and
values; the HTML report shows them as code, not as raw backticks. The text is escaped first,
so nothing in it can become markup of its own.
"""

from __future__ import annotations

import re
from html import escape

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITEM = re.compile(r"^\s*[-*] +")


def inline(text: str) -> str:
    """One run of text: escaped, with `code` and **bold** as elements (nothing inside code)."""
    parts = _CODE.split(text)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"<code>{escape(part)}</code>")
        else:
            out.append(_BOLD.sub(r"<strong>\1</strong>", escape(part)))
    return "".join(out)


def to_html(text: str, css_class: str = "") -> str:
    """Paragraphs (separated by blank lines) and `- ` lists; single line breaks are kept."""
    attribute = f' class="{escape(css_class)}"' if css_class else ""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines and all(_ITEM.match(line) for line in lines):
            items = "".join(f"<li>{inline(_ITEM.sub('', line))}</li>" for line in lines)
            blocks.append(f"<ul{attribute}>{items}</ul>")
        elif lines:
            blocks.append(f"<p{attribute}>{'<br>'.join(inline(line) for line in lines)}</p>")
    return "".join(blocks)
