"""The specification of one version of the standard, read from `standard/<version>/`.

`build` gathers what a reader of the standard needs, from the schemas and the descriptor only:
per file type every column with its meaning (German from the schema's `description`, English
from `x-description-en` or the catalog), its type, pattern, whether it is required, an example
and the rule that checks it (`x-wahldaten-rule`); the package's files, keys and joins; the
registered extensions; the election structures; and what changed against the previous version.
The renderers (`spec_markdown`, `spec_html`) only lay this out, so the published spec and the
schemas the validator reads cannot disagree.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from wahldaten.core import catalog, standard
from wahldaten.core.structure import EXAMPLES, describe
from wahldaten.report.spec_changes import changes
from wahldaten.report.spec_model import Column, Extension, FileSpec, Join, Spec, Structure, TypeDef

# An example value per type of the standard, where a schema gives none (`examples`).
_EXAMPLES = {
    "gemeindeschluessel": "05111000",
    "gemeindeschluessel-optional": "05111000",
    "datum": "13.09.2020",
    "zeitstempel": "13.09.2020 18:42:07",
    "anzahl": "1187",
    "bezirk-art": "W",
    "ja-nein": "J",
    "stimmzettel-position": "3",
    "partei-typ": "P",
    "farbe": "#e3000f",
    "listenplatz": "2",
    "geburtsjahr": "1968",
    "geschlecht": "W",
}
# Texts have no type-wide example; these illustrate the columns (a council election).
_COLUMN_EXAMPLES = {
    "wahl-behoerde-name": "Stadt Düsseldorf",
    "wahl-name": "Ratswahl-NRW",
    "wahl-bezeichnung": "Wahl des Rates der Stadt Düsseldorf",
    "kandidat-gebiet-bezeichnung": "Wahlbezirk",
    "gebiet-ebene-2-bezeichnung": "Stadtbezirk",
    "bezirk-bezeichnung": "Stimmbezirk",
    "wahl-leiter-name": "Stadt Düsseldorf",
    "gebiet-ebene-2-nr": "1",
    "gebiet-ebene-2-name": "Stadtbezirk 1",
    "bezirk-nr": "0101",
    "bezirk-name": "Altstadt",
    "kandidat-gebiet-nr": "01",
    "partei-kurzname": "SPD",
    "partei-langname": "Sozialdemokratische Partei Deutschlands",
    "kandidat-name": "Müller",
    "kandidat-vorname": "Anna",
    "kandidat-namensvorsatz": "von",
    "kandidat-akadgrad": "Dr.",
    "kandidat-beruf": "Lehrerin",
}


def english(key: str) -> str:
    """An English text of the catalog's `spec` table, or "" where it has none."""
    text = catalog.text(key, "en")
    return "" if text == key else text


def _schema(version: str, name: str) -> dict[str, Any]:
    return json.loads(standard.read_schema_text(version, name))  # type: ignore[no-any-return]


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ref = node.get("$ref", "")
    name = ref.removeprefix("#/$defs/") if ref else ""
    merged = {**schema.get("$defs", {}).get(name, {}), **node} if name else dict(node)
    merged.pop("$ref", None)
    return name, merged


def _enum(node: dict[str, Any]) -> tuple[str, ...] | None:
    values = node.get("enum")
    return tuple(str(v) for v in values) if values is not None else None


def _column(
    file_type: str, schema: dict[str, Any], name: str, node: dict[str, Any], pattern: bool
) -> Column:
    definition, merged = _resolved(schema, node)
    examples = merged.get("examples") or []
    example = str(examples[0]) if examples else _COLUMN_EXAMPLES.get(name, "")
    example = example or _EXAMPLES.get(definition, "")
    if definition == "version":
        example = str(merged.get("const", ""))
    return Column(
        name=name,
        is_pattern=pattern,
        required=name in schema.get("required", []),
        definition=definition,
        description=node.get("description", merged.get("description", "")),
        description_en=node.get("x-description-en")
        or english(f"spec.column.{file_type}.{name}")
        or english(f"spec.column.common.{name}"),
        pattern=merged.get("pattern"),
        enum=_enum(merged),
        const=merged.get("const"),
        min_length=int(merged.get("minLength", 0)),
        rule=merged.get("x-wahldaten-rule"),
        example=example,
    )


def _file(version: str, file_type: str, info: dict[str, Any]) -> tuple[FileSpec, list[TypeDef]]:
    schema = _schema(version, info["schema"])
    columns = [
        _column(file_type, schema, name, node, False)
        for name, node in schema.get("properties", {}).items()
    ]
    columns += [
        _column(file_type, schema, name, node, True)
        for name, node in schema.get("patternProperties", {}).items()
    ]
    types = [
        TypeDef(
            name=name,
            description=node.get("description", ""),
            description_en=node.get("x-description-en") or english(f"spec.type.{name}"),
            pattern=node.get("pattern"),
            enum=_enum(node),
            const=node.get("const"),
            min_length=int(node.get("minLength", 0)),
            rule=node.get("x-wahldaten-rule"),
        )
        for name, node in schema.get("$defs", {}).items()
    ]
    spec = FileSpec(
        file_type=file_type,
        file_name=info["schema"],
        title=schema.get("title", file_type),
        description=schema.get("description", ""),
        description_en=schema.get("x-description-en") or english(f"spec.file.{file_type}"),
        required_file=bool(info.get("required", True)),
        rows=info.get("rows", ""),
        key=tuple(info.get("key", [])),
        note=info.get("note", ""),
        columns=tuple(columns),
        dependent_required=tuple(
            (k, tuple(v)) for k, v in schema.get("dependentRequired", {}).items()
        ),
        synonyms=(),
        one_of_filled=tuple(
            name for option in schema.get("anyOf", []) for name in option.get("properties", {})
        ),
    )
    return spec, types


def _extensions(descriptor: dict[str, Any]) -> list[Extension]:
    found = []
    for file_type, entries in descriptor.get("extensions", {}).items():
        for entry in entries:
            name = entry.get("name") or entry.get("pattern", "")
            found.append(
                Extension(
                    file_type=file_type,
                    name=name,
                    count=bool(entry.get("count")),
                    description=entry.get("description", ""),
                    description_en=entry.get("x-description-en")
                    or english(f"spec.extension.{file_type}.{name}"),
                    rule=entry.get("schema", {}).get("x-wahldaten-rule"),
                )
            )
    return found


def _joins(descriptor: dict[str, Any]) -> list[Join]:
    joins = []
    for index, join in enumerate(descriptor.get("joins", [])):
        joins.append(
            Join(
                source=join["from"],
                columns=", ".join(join.get("columns", [])) or join.get("column_pattern", ""),
                target=join["to"],
                target_columns=", ".join(join.get("to_columns", [])),
                description=join.get("description", ""),
                description_en=join.get("x-description-en") or english(f"spec.join.j{index}"),
                rules=tuple(join.get("rules", [])),
                extension=bool(join.get("extension")),
            )
        )
    return joins


def _structures() -> list[Structure]:
    return [
        Structure(
            name=name,
            description=describe(structure, "de"),
            description_en=describe(structure, "en"),
            identities=tuple((i.formula, i.code) for i in structure.identities()),
        )
        for name, structure in EXAMPLES.items()
    ]


def build(version: str) -> Spec:
    """The specification of `version`; raises KeyError for a version the standard lacks."""
    known = standard.versions()
    if version not in known:
        raise KeyError(version)
    descriptor = _schema(version, standard.DESCRIPTOR)
    files, types = [], {}
    for file_type in standard.FILE_TYPES:
        spec, defs = _file(version, file_type, descriptor["files"][file_type])
        synonyms = descriptor.get("synonyms", {}).get(file_type, {})
        files.append(replace(spec, synonyms=tuple(sorted(synonyms.items()))))
        types.update({d.name: d for d in defs if d.name not in types})
    index = known.index(version)
    previous = known[index - 1] if index else None
    file_name = descriptor["file_name"]
    return Spec(
        version=version,
        status=str(descriptor.get("status", "released")),
        previous=previous,
        title=descriptor.get("title", "OWD"),
        homepage=descriptor.get("homepage", ""),
        dialect=dict(descriptor.get("dialect", {})),
        file_name_pattern=file_name["pattern"],
        file_name_description=file_name.get("description", ""),
        file_name_examples=tuple(file_name.get("examples", [])),
        common_columns=tuple(descriptor.get("common_columns", [])),
        files=tuple(files),
        types=tuple(types.values()),
        extensions=tuple(_extensions(descriptor)),
        joins=tuple(_joins(descriptor)),
        structures=tuple(_structures()),
        changes=tuple(changes(descriptor, files, build(previous).files if previous else None)),
    )
