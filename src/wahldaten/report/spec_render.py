"""The specification as Markdown (docs/standard/<version>/) and as one self-contained HTML
file (no scripts, no external resources, prints well): `wahldaten spec`."""

from __future__ import annotations

from html import escape

from wahldaten.report.markdown import inline
from wahldaten.report.spec import build
from wahldaten.report.spec_layout import Block, Heading, Paragraph, Table, blocks

MARKDOWN = "markdown"
HTML = "html"
FORMATS = (MARKDOWN, HTML)

_BREAK = "<br>"

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:80rem;margin:2rem auto;
padding:0 1rem;line-height:1.45;color:#1a1a1a}
h1{font-size:1.7rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.88rem}
th,td{border:1px solid #ccc;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}code{font-family:ui-monospace,Consolas,monospace;font-size:.85em;
background:#f6f6f6;padding:0 .15rem;overflow-wrap:anywhere}
td:nth-child(-n+2) code{overflow-wrap:normal;white-space:nowrap}
nav ul{columns:2}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}
nav{display:none}}
""".strip()


def _md_cell(text: str) -> str:
    # A pipe inside a cell would end it (also inside code spans in GFM tables).
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(items: list[Block]) -> str:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Heading):
            lines += ["#" * item.level + " " + item.text, ""]
        elif isinstance(item, Paragraph):
            if item.text:
                lines += [item.text, ""]
        elif item.rows:
            lines.append("| " + " | ".join(_md_cell(h) for h in item.headers) + " |")
            lines.append("|" + "---|" * len(item.headers))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in item.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _html_text(text: str) -> str:
    html = _BREAK.join(inline(part) for part in text.split(_BREAK))
    # *emphasis* of a whole paragraph (the English beside the German).
    if len(text) > 2 and text.startswith("*") and text.endswith("*") and "`" not in text:
        return f"<em>{escape(text[1:-1])}</em>"
    return html


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{_html_text(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html_text(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(items: list[Block], language: str) -> str:
    title = next((i.text for i in items if isinstance(i, Heading)), "OWD")
    nav = "".join(
        f'<li><a href="#{escape(i.anchor)}">{_html_text(i.text)}</a></li>'
        for i in items
        if isinstance(i, Heading) and i.level == 2
    )
    parts = []
    for item in items:
        if isinstance(item, Heading):
            parts.append(
                f'<h{item.level} id="{escape(item.anchor)}">{_html_text(item.text)}</h{item.level}>'
            )
            if item.level == 1:
                parts.append(f"<nav><ul>{nav}</ul></nav>")
        elif isinstance(item, Paragraph):
            if item.text:
                parts.append(f"<p>{_html_text(item.text)}</p>")
        elif item.rows:
            parts.append(_html_table(item))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )


def render(version: str, language: str, fmt: str) -> str:
    """The specification of `version` in `language` as Markdown or HTML; KeyError for an
    unknown version."""
    items = blocks(build(version), language)
    return to_html(items, language) if fmt == HTML else to_markdown(items)


def format_for(name: str) -> str:
    """The format an output file's name implies: `.html`/`.htm` is HTML, else Markdown."""
    return HTML if name.lower().endswith((".html", ".htm")) else MARKDOWN
