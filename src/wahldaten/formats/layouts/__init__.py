"""Layouts as data: result files described in TOML, read by one generic reader.

A layout (`shipped/<name>.toml`, or a user's own file) says how a file is recognised (its
header signature), how it is read (encodings, separator, preamble, header rows), the role of
each column (OWD letters, option blocks, keys, the row kind, columns to ignore) and how values
are written. `model` loads and checks it against `layout.schema.json`; `recognise` matches a
file's head; `plan` gives every column its role; `table`, `rows` and `reading` read the file
with polars expressions and assemble the election (`formats.source`).
"""

from wahldaten.formats.layouts.facts import LayoutFacts
from wahldaten.formats.layouts.loading import load, parse, schema, shipped, shipped_files
from wahldaten.formats.layouts.model import Layout, LayoutError
from wahldaten.formats.layouts.reading import FAMILY, detected, read, read_one
from wahldaten.formats.layouts.recognise import Fit, closest, fit

NAME = FAMILY
TITLE = "Layout (TOML)"

__all__ = [
    "FAMILY",
    "NAME",
    "TITLE",
    "Fit",
    "Layout",
    "LayoutError",
    "LayoutFacts",
    "closest",
    "detected",
    "fit",
    "load",
    "parse",
    "read",
    "read_one",
    "schema",
    "shipped",
    "shipped_files",
]
