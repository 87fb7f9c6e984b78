"""The specification as a list of blocks (headings, paragraphs, tables), in one language.

Markdown and HTML render the same blocks (`spec_markdown`, `spec_html`), so both documents
hold the same sections. Cell and paragraph texts use the little Markdown of the catalog:
backticks for column names and values, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from wahldaten.core import catalog
from wahldaten.report.spec_model import Column, FileSpec, Spec, TypeDef


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Table


def code(value: str | None) -> str:
    """A value as inline code; backticks inside become a longer fence."""
    if value is None or value == "":
        return "–"
    fence = "``" if "`" in value else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


class _Texts:
    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **params: object) -> str:
        return catalog.text(f"spec.doc.{key}", self.language, **params)

    def both(self, german: str, english: str) -> tuple[str, str]:
        """German and English side by side, the chosen language first."""
        pair = (german or "–", english or "–")
        return pair if self.language == "de" else (pair[1], pair[0])

    def meaning_headers(self) -> tuple[str, str]:
        return self.both(self("meaning_de"), self("meaning_en"))

    def yes(self, value: bool) -> str:
        return self("yes") if value else self("no")


def _type_cell(column: Column | TypeDef, t: _Texts) -> str:
    parts = []
    if column.const is not None:
        parts.append(t("const", value=code(column.const)))
    elif column.enum is not None:
        parts.append(t("enum", values=", ".join(code(v) for v in column.enum)))
    if column.min_length:
        parts.append(t("not_empty"))
    return "; ".join(parts)


def _columns(spec: FileSpec, t: _Texts) -> Table:
    rows = []
    for column in spec.columns:
        name = code(column.name) + (f" ({t('numbered')})" if column.is_pattern else "")
        own = _type_cell(column, t)
        kind = code(column.definition) if column.definition else code("text")
        rows.append(
            (
                name,
                kind + (f"; {own}" if own else ""),
                t.yes(column.required),
                code(column.example) if column.example else "–",
                column.rule or "–",
                *t.both(column.description, column.description_en),
            )
        )
    headers = (t("column"), t("type"), t("required"), t("example"), t("rule"))
    return Table((*headers, *t.meaning_headers()), tuple(rows))


def _package(spec: Spec, t: _Texts) -> list[Block]:
    dialect = spec.dialect
    blocks: list[Block] = [
        Heading(2, t("package"), "paket"),
        Paragraph(
            t(
                "dialect",
                separator=code(str(dialect.get("separator", ";"))),
                encoding=code(str(dialect.get("encoding", "utf-8"))),
                quote=code(str(dialect.get("quote", '"'))),
            )
        ),
        Paragraph(t("file_name", pattern=code(spec.file_name_pattern))),
        Paragraph(spec.file_name_description),
        Table((t("example"),), tuple((code(e),) for e in spec.file_name_examples)),
        Paragraph(t("common_columns", columns=", ".join(code(c) for c in spec.common_columns))),
    ]
    rows = tuple(
        (
            f.file_type,
            code(f.file_name),
            t.yes(f.required_file),
            ", ".join(code(k) for k in f.key) or "–",
            " ".join(p for p in (f.rows, f.note) if p) or "–",
        )
        for f in spec.files
    )
    headers = (t("file"), t("schema"), t("required_file"), t("key"), t("note"))
    blocks.append(Table(headers, rows))
    return blocks


def _file(spec: FileSpec, t: _Texts) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, spec.file_type, spec.file_type.lower()),
        Paragraph(spec.description),
    ]
    if spec.description_en:
        blocks.append(Paragraph(f"*{spec.description_en}*"))
    blocks.append(_columns(spec, t))
    for column, others in spec.dependent_required:
        blocks.append(
            Paragraph(t("dependent", column=code(column), others=", ".join(map(code, others))))
        )
    if spec.one_of_filled:
        names = ", ".join(code(c) for c in spec.one_of_filled)
        blocks.append(Paragraph(t("one_of_filled", columns=names)))
    for name, meaning in spec.synonyms:
        blocks.append(Paragraph(t("synonym", name=code(name), meaning=code(meaning))))
    return blocks


def _types(spec: Spec, t: _Texts) -> list[Block]:
    # The pattern last: it is long, and the other cells keep their words whole beside it.
    rows = tuple(
        (
            code(d.name),
            d.rule or "–",
            *t.both(d.description, d.description_en),
            code(d.pattern) if d.pattern else (_type_cell(d, t) or "–"),
        )
        for d in spec.types
    )
    headers = (t("type"), t("rule"), *t.meaning_headers(), t("pattern"))
    return [Heading(2, t("types"), "typen"), Paragraph(t("types_intro")), Table(headers, rows)]


def _joins(spec: Spec, t: _Texts) -> list[Block]:
    rows = tuple(
        (
            f"{j.source} ({code(j.columns)})",
            f"{j.target} ({code(j.target_columns)})",
            ", ".join(j.rules) or "–",
            *t.both(
                j.description + (f" ({t('extension')})" if j.extension else ""), j.description_en
            ),
        )
        for j in spec.joins
    )
    headers = (t("from"), t("to"), t("rule"), *t.meaning_headers())
    return [Heading(2, t("joins"), "verknuepfungen"), Table(headers, rows)]


def _extensions(spec: Spec, t: _Texts) -> list[Block]:
    rows = tuple(
        (
            e.file_type,
            code(e.name),
            t.yes(e.count),
            e.rule or "–",
            *t.both(e.description, e.description_en),
        )
        for e in spec.extensions
    )
    headers = (t("file"), t("column"), t("count"), t("rule"), *t.meaning_headers())
    return [
        Heading(2, t("extensions"), "erweiterungen"),
        Paragraph(t("extensions_intro")),
        Table(headers, rows),
    ]


def _structures(spec: Spec, t: _Texts) -> list[Block]:
    rows = tuple(
        (
            code(s.name),
            *t.both(s.description, s.description_en),
            "<br>".join(f"{code(f)} ({c})" if c else code(f) for f, c in s.identities),
        )
        for s in spec.structures
    )
    headers = (t("structure"), *t.meaning_headers(), t("identities"))
    return [
        Heading(2, t("structures"), "strukturen"),
        Paragraph(t("structures_intro")),
        Table(headers, rows),
    ]


def _rules(spec: Spec, t: _Texts) -> list[Block]:
    rows = tuple((c, catalog.title(c, t.language)) for c in spec.rules)
    return [
        Heading(2, t("rules"), "regeln"),
        Paragraph(t("rules_intro")),
        Table((t("rule"), t("title_column")), rows),
    ]


def _changes(spec: Spec, t: _Texts) -> list[Block]:
    title = t("changes", previous=spec.previous) if spec.previous else t("changes_first")
    blocks: list[Block] = [Heading(2, title, "aenderungen")]
    if not spec.changes:
        blocks.append(Paragraph(t("no_changes")))
        return blocks
    rows = tuple(
        (c.file_type or "–", code(c.column) if c.column else "–", *t.both(c.text, c.text_en))
        for c in spec.changes
    )
    blocks.append(Table((t("file"), t("column"), *t.meaning_headers()), rows))
    return blocks


def blocks(spec: Spec, language: str) -> list[Block]:
    """Every section of the specification, headings and prose in `language`."""
    t = _Texts(language)
    status = t("draft") if spec.status == "draft" else t("released")
    out: list[Block] = [
        Heading(1, t("title", version=spec.version, title=spec.title), "owd"),
        Paragraph(t("status", status=status, homepage=spec.homepage)),
        Paragraph(t("intro", version=spec.version)),
        *_package(spec, t),
    ]
    for file_spec in spec.files:
        out += _file(file_spec, t)
    out += _types(spec, t)
    out += _joins(spec, t)
    out += _extensions(spec, t)
    out += _structures(spec, t)
    out += _rules(spec, t)
    out += _changes(spec, t)
    return out
