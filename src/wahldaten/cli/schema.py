"""`wahldaten schema`: the machine-readable schemas of the standard, and of the JSON report."""

from __future__ import annotations

from wahldaten.cli import options as o
from wahldaten.cli.output import EXIT_USAGE, fail, write
from wahldaten.cli.texts import chosen
from wahldaten.core import catalog, standard
from wahldaten.report.safe import printable


def schema(
    name: o.SchemaName = None,
    file: o.SchemaFile = None,
    version: o.Version = None,
    output: o.SchemaOutput = None,
    write_all: o.SchemaAll = False,
    lang: o.Lang = None,
) -> None:
    language = chosen(lang)
    name = file or name
    release = version or standard.latest()
    if release not in standard.versions():
        known = ", ".join(standard.versions())
        raise fail(
            catalog.text(
                "input.unknown_version", language, version=printable(release), known=known
            ),
            EXIT_USAGE,
        )
    files = standard.schema_files(release)
    if write_all:
        if output is None:
            raise fail(catalog.text("cli.schema.all_needs_output", language), EXIT_USAGE)
        output.mkdir(parents=True, exist_ok=True)
        for file_name in files:
            text = standard.read_schema_text(release, file_name)
            (output / file_name).write_text(text, encoding="utf-8")
        return
    if name is None:
        listing = [f"OWD {release} ({', '.join(standard.versions())}):"]
        listing += [f"  {f}" for f in files]
        listing.append("  report.schema.json  (wahldaten --format json)")
        write("\n".join(listing) + "\n", None)
        return
    wanted = name.lower().removesuffix(".json").removesuffix(".schema")
    if wanted == "report":
        # Imported here, not at start-up: `wahldaten --help` loads no renderer.
        from wahldaten.report.json_report import SCHEMA_PATH

        write(SCHEMA_PATH.read_text(encoding="utf-8"), output)
        return
    matches = [f for f in files if f.removesuffix(".json").removesuffix(".schema") == wanted]
    if not matches:
        raise fail(
            catalog.text(
                "input.unknown_schema", language, name=printable(name), known=", ".join(files)
            ),
            EXIT_USAGE,
        )
    write(standard.read_schema_text(release, matches[0]), output)
