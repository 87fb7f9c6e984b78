"""The structure of an election: the one module rules, readers and reports import.

`derive(...)` (structure_derive) reads the column names of Wahlergebnisse, the Wahlparameter,
`wahl-name`, the Land of `wahl-behoerde-gs`, the ballot areas and, where given, what the user
stated, and returns an `ElectionStructure` (structure_model) with the source of each attribute
and the identities that hold (structure_identities). `describe` renders it for the report
header, `render_markdown` documents every structure with its identities (docs/structures.md).

It depends on nothing above core: the rules and readers hand it plain values.
"""

from __future__ import annotations

import re
from typing import Any

from wahldaten.core import catalog
from wahldaten.core.structure_derive import derive, with_stage
from wahldaten.core.structure_identities import Identity, Instance, Relation
from wahldaten.core.structure_model import (
    ATTRIBUTES,
    EXAMPLES,
    IDENTITY_NAMES,
    ElectionStructure,
    Scheme,
    Source,
    Stage,
)
from wahldaten.core.structure_statement import StatementError, StructureStatement

__all__ = [
    "ATTRIBUTES",
    "EXAMPLES",
    "IDENTITY_NAMES",
    "ElectionStructure",
    "Identity",
    "Instance",
    "Relation",
    "Scheme",
    "Source",
    "Stage",
    "StatementError",
    "StructureStatement",
    "derive",
    "describe",
    "describe_parts",
    "describe_stage",
    "explain",
    "render_markdown",
    "with_stage",
]

# --- describing ---------------------------------------------------------------------------


def describe_parts(structure: ElectionStructure, language: str) -> list[tuple[str, str]]:
    """The header text in parts, each with the attribute it rests on."""

    def text(key: str, **params: Any) -> str:
        return catalog.text(f"structure.describe.{key}", language, **params)

    scheme = structure.scheme
    parts: list[tuple[str, str]] = []
    if scheme is Scheme.CUMULATIVE:
        n = structure.votes_per_ballot
        parts.append(
            ("votes_per_ballot", text("cumulative", count=n) if n else text("cumulative_unknown"))
        )
        counting = []
        if structure.ballots_column is not None:
            counting.append(text("ballots_in", column=structure.ballots_column))
        if structure.votes_column is not None:
            counting.append(text("votes_in", column=structure.votes_column))
        parts.append(("votes_column", ", ".join(counting)))
        if structure.votes == 2:
            parts.append(("votes", text("second_vote")))
    else:
        attribute = {
            Scheme.ONE_VOTE: "votes",
            Scheme.TWO_VOTES: "votes",
            Scheme.TWO_BALLOTS: "separate_ballots",
            Scheme.REFERENDUM: "referendum",
        }[scheme]
        parts.append((attribute, text(scheme.value.replace("-", "_"))))
    if structure.b1_b2_distinct:
        parts.append(("b1_b2_distinct", text("b1_b2_distinct")))
    if len(structure.ballot_areas) > 1:
        parts.append(("ballot_areas", text("areas", count=len(structure.ballot_areas))))
    elif structure.several_ballots:
        parts.append(("several_ballots", text("several_ballots")))
    if structure.postal_only:
        parts.append(("postal_only", text("postal_only")))
    return parts


def describe(structure: ElectionStructure, language: str) -> str:
    """The report header text, e.g. "zwei Stimmen auf getrennten Stimmzetteln · nur Briefwahl"."""
    return " · ".join(part for _, part in describe_parts(structure, language))


def describe_stage(structure: ElectionStructure, language: str) -> str:
    """Which result is checked, and why: "Endergebnis (vom Benutzer angegeben)"."""
    stage = catalog.text(f"structure.stage.{structure.stage.value}", language)
    return f"{stage} ({_source_text(structure, 'stage', language)})"


def _source_text(structure: ElectionStructure, attribute: str, language: str) -> str:
    source = structure.source(attribute)
    return catalog.text(f"structure.source.{source.value}", language)


def explain(structure: ElectionStructure, language: str) -> list[str]:
    """Each part of the header with where it comes from, for the report's details."""
    return [
        f"{text} ({_source_text(structure, attribute, language)})"
        for attribute, text in describe_parts(structure, language)
    ]


# Letters with a placeholder (D<n>, D<n>_<k>, D<n>_liste): code in Markdown, or <n> reads as a tag.
PLACEHOLDER_LETTERS = re.compile(r"\b[A-Z]+<[a-z]>(?:_(?:<[a-z]>|[a-z]+))?")


def _md(text: str) -> str:
    return PLACEHOLDER_LETTERS.sub(lambda m: f"`{m.group(0)}`", text)


def _title(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_markdown() -> str:
    """docs/structures.md: every example structure with its identities, German with English."""

    def both(key: str) -> tuple[str, str]:
        return _md(catalog.text(key, "de")), _md(catalog.text(key, "en"))

    lines = [
        "# Wahlarten und Strukturen · Election structures",
        "",
        "<!-- Generated by wahldaten.core.structure.render_markdown(); do not edit by hand. -->",
        "",
        *both("structure.doc.intro")[:1],
        "",
        *both("structure.doc.intro")[1:],
        "",
    ]
    for name, structure in EXAMPLES.items():
        de, en = both(f"structure.example.{name}")
        lines += [
            f"## `{name}`",
            "",
            f"**{describe(structure, 'de')}** · *{describe(structure, 'en')}*",
            "",
            _title(de),
            "",
            _title(en),
            "",
            "| Identität · Identity | Name | Code | Bedeutung | Meaning |",
            "|---|---|---|---|---|",
        ]
        for identity in structure.identities():
            lines.append(
                f"| `{identity.formula}` | `{identity.name}` | {identity.code or '–'} "
                f"| {_md(identity.description('de'))} | {_md(identity.description('en'))} |"
            )
        lines.append("")
    lines += [
        "## Angaben des Benutzers · What a user states",
        "",
        both("structure.doc.statement")[0],
        "",
        both("structure.doc.statement")[1],
        "",
        "| Schlüssel · Key | Bedeutung | Meaning |",
        "|---|---|---|",
    ]
    for key in ("votes", "separate-ballots", "votes-per-ballot", "postal-only", "several-ballots"):
        de = catalog.text(f"structure.key.{key}", "de")
        en = catalog.text(f"structure.key.{key}", "en")
        lines.append(f"| `{key}` | {de} | {en} |")
    lines += [
        "",
        "## Quellen · Sources",
        "",
        "| Quelle · Source | Bedeutung | Meaning |",
        "|---|---|---|",
    ]
    for source in Source:
        de = catalog.text(f"structure.source.{source.value}", "de")
        en = catalog.text(f"structure.source.{source.value}", "en")
        lines.append(f"| `{source.value}` | {de} | {en} |")
    return "\n".join(lines) + "\n"
