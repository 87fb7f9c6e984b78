"""The key reference of the layout format, generated from its JSON Schema (docs/layouts.md).

`python -m wahldaten.formats.layouts.reference` prints it; a test holds the section of
docs/layouts.md between its markers equal to it, so that the documentation cannot drift.
"""

from __future__ import annotations

from typing import Any

from wahldaten.formats.layouts.loading import schema

START = "<!-- reference:start (generated: python -m wahldaten.formats.layouts.reference) -->"
END = "<!-- reference:end -->"


def _type(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in spec:
        return str(spec["$ref"]).rsplit("/", 1)[-1]
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"]).replace("\t", "\\t")
    if "const" in spec:
        return f"`{str(spec['const']).lower()}`"
    if "oneOf" in spec and "type" not in spec:
        return " or ".join(_type(s, defs) for s in spec["oneOf"])
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}), defs)}"
    return str(kind)


def _description(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    text = spec.get("description")
    if text is None and "$ref" in spec:
        text = defs.get(spec["$ref"].rsplit("/", 1)[-1], {}).get("description", "")
    return str(text or "").replace("|", "\\|")


def markdown() -> str:
    """One table per top-level table of a layout file, one row per key."""
    document = schema()
    defs = document["$defs"]
    required_tables = set(document.get("required", ()))
    lines = [START, ""]
    for table, spec in document["properties"].items():
        array = spec.get("type") == "array"
        body = spec["items"] if array else spec
        heading = f"[[{table}]]" if array else f"[{table}]"
        need = " (required)" if table in required_tables else ""
        lines += [f"### `{heading}`{need}", "", str(spec.get("description", "")), ""]
        lines += ["| Key | Type | Meaning |", "|---|---|---|"]
        required = set(body.get("required", ()))
        for key, item in body["properties"].items():
            mark = " (required)" if key in required else ""
            lines.append(
                f"| `{table}.{key}`{mark} | {_type(item, defs)} | {_description(item, defs)} |"
            )
        lines.append("")
    lines += [
        "Types: " + "; ".join(f"**{n}**: {d.get('description', '')}" for n, d in defs.items())
    ]
    lines += ["", END]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
