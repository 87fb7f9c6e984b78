"""The source formats: the one list of what `convert --from` and `validate` can read.

Each `SourceFormat` names a format, its title, how it is recognised from a file's name and its
first 64 KiB (`io.sniff`), how it is read and a typical file name. OWD itself (CSV packages) is
read as packages by `formats.owd`; the JSON document and the vendor exports are read into
elections (`Reading`). CLI choices, `--help` and the rules' format lists come from `names()`.

Names and titles are plain data here; a reader module is loaded when a file is first sniffed
or read, so that the command line builds its choices without loading any reader (a test holds
the names and titles to the modules' own `NAME` and `TITLE`).

Layouts (`formats/layouts/shipped/*.toml`) are formats too: each shipped file is one entry,
named, titled and exemplified by its `[layout]` table (read here with tomllib, the layout itself
only when a file is sniffed); a user's own is added with `add_layout` as the format `layout`.
The K rules apply to all of them (`layout_rule_names`).
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING

from wahldaten.core.lazy import LazyModule
from wahldaten.core.model import ModelError
from wahldaten.formats.errors import SourceError

if TYPE_CHECKING:
    from wahldaten.formats import akdb, layouts, owd, owd_json, votemanager
    from wahldaten.formats import source as machinery
    from wahldaten.formats.bundeswahlleiterin import kerg, kerg2, wbz
    from wahldaten.formats.layouts import Layout
    from wahldaten.formats.source import Meta, Reading
    from wahldaten.formats.votemanager import legacy as votemanager_legacy
    from wahldaten.io.sources import SourceFile
else:
    # The reader machinery (formats.source pulls in the CSV layer) and the readers load on
    # first use: `wahldaten --help` builds its choices from this registry.
    machinery = LazyModule("wahldaten.formats.source")
    akdb = LazyModule("wahldaten.formats.akdb")
    layouts = LazyModule("wahldaten.formats.layouts")
    owd = LazyModule("wahldaten.formats.owd")
    owd_json = LazyModule("wahldaten.formats.owd_json")
    votemanager = LazyModule("wahldaten.formats.votemanager")
    votemanager_legacy = LazyModule("wahldaten.formats.votemanager.legacy")
    kerg = LazyModule("wahldaten.formats.bundeswahlleiterin.kerg")
    kerg2 = LazyModule("wahldaten.formats.bundeswahlleiterin.kerg2")
    wbz = LazyModule("wahldaten.formats.bundeswahlleiterin.wbz")

OWD = "owd"
OWD_JSON = "owd-json"
AUTO = "auto"
LAYOUT_FAMILY = "layout"  # formats.layouts.FAMILY, repeated so that listing loads no reader
SHIPPED = "wahldaten.formats.layouts"


class Kind(StrEnum):
    PACKAGE = "package"  # OWD CSV files, assembled into packages and validated as files
    DOCUMENT = "document"  # the OWD JSON document: one election, no files of its own
    VENDOR = "vendor"  # a vendor export: read, then its own rules, then the OWD rules


Sniff = Callable[[str, str], bool]  # (file name, head text) → is this format
Reader = Callable[[Sequence["SourceFile"], "Meta"], "Reading"]


@dataclass(frozen=True)
class SourceFormat:
    name: str
    title: str
    kind: Kind
    sniff: Sniff
    read: Reader | None  # None for OWD packages (formats.owd.read_packages)
    example: str
    family: str = ""  # the name its rules know it by, if not its own (every layout: `layout`)

    @property
    def is_layout(self) -> bool:
        return self.family == LAYOUT_FAMILY


def _is_owd_json(head: str) -> bool:
    return head.lstrip().startswith("{") and '"owd-json"' in head


def _read_documents(sources: Sequence[SourceFile], meta: Meta) -> Reading:
    """OWD JSON documents, one election each; a document that is not one is refused."""
    elections = []
    for source in sources:
        try:
            document = json.loads(source.read().decode("utf-8"))
            elections.append(owd_json.from_document(document))
        except (UnicodeDecodeError, json.JSONDecodeError, ModelError) as error:
            raise SourceError(
                "convert.unreadable_document", path=source.display, reason=str(error)
            ) from None
    reading: Reading = machinery.Reading(elections=elections, contexts=[], detected=DOCUMENT_TITLE)
    return reading


class _Vendor:
    """A vendor format's reader module, used only when a file is sniffed or read."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module

    def sniff(self, name: str, head: str) -> bool:
        return bool(self.module.sniff_text(head.splitlines()))

    def read(self, sources: Sequence[SourceFile], meta: Meta) -> Reading:
        reading: Reading = self.module.read(sources, meta)
        return reading


def _sniff_owd(name: str, head: str) -> bool:
    return owd.parse_file_name(name) is not None or owd._find_header(head.encode())[1] is not None


def _sniff_document(name: str, head: str) -> bool:
    return _is_owd_json(head)


DOCUMENT_TITLE = "OWD als JSON-Dokument"
# Each reader module names its format (NAME, the name its rules and facts use) and its TITLE;
# they are repeated here so that listing the formats loads no reader.
_VENDORS = {
    name: (title, _Vendor(module), example)
    for name, title, module, example in (
        (
            "votemanager",
            "vote iT votemanager / AKDB OK.VOTE Open-Data-CSV",
            votemanager,
            "Open-Data-03999005-Ratswahl-Wahlbezirk.csv",
        ),
        (
            "votemanager-legacy",
            "vote iT votemanager Ergebnis-CSV bis 2017 (Nr;Name;MaxSchnellmeldungen;…)",
            votemanager_legacy,
            "result_stimmbezirk.csv",
        ),
        (
            "akdb",
            "AKDB-OSRZ Wahlportal-CSV (Bayern, ab 2023)",
            akdb,
            "wahlbezirksergebnisse_20250223.csv",
        ),
        (
            "kerg2",
            "Bundeswahlleiterin kerg2.csv (Wahlkreise, Langformat)",
            kerg2,
            "btw21_kerg2.csv",
        ),
        ("kerg", "Bundeswahlleiterin kerg.csv (Wahlkreise, Breitformat)", kerg, "btw21_kerg.csv"),
        (
            "wbz",
            "Bundeswahlleiterin Wahlbezirksstatistik (Wbz_*_Ergebnisse.csv, Leitband)",
            wbz,
            "Wbz_EW24_Ergebnisse.csv",
        ),
    )
}


class _LayoutFormat:
    """A layout's sniff and read; the layout is parsed when first needed (`load`)."""

    def __init__(self, name: str, load: Callable[[], Layout]) -> None:
        self.name = name
        self.load = load

    def sniff(self, name: str, head: str) -> bool:
        return bool(layouts.fit(self.load(), head).fits)

    def read(self, sources: Sequence[SourceFile], meta: Meta) -> Reading:
        reading: Reading = layouts.read(sources, self.load(), meta)
        return reading


def _shipped_layout(name: str) -> Layout:
    found: Layout = layouts.shipped(name)
    return found


def _shipped_layouts() -> list[SourceFormat]:
    """One format per shipped layout file, from its [layout] table (the file's stem is its
    name; a test holds the two equal), the highest `priority` first."""
    folder = resources.files(SHIPPED).joinpath("shipped")
    entries = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        document = tomllib.loads(entry.read_text(encoding="utf-8"))
        name = entry.name.removesuffix(".toml")
        info, recognise = document.get("layout", {}), document.get("recognise", {})
        shipped = _LayoutFormat(name, functools.partial(_shipped_layout, name))
        entry_format = SourceFormat(
            name,
            str(info.get("title", name)),
            Kind.VENDOR,
            shipped.sniff,
            shipped.read,
            str(info.get("example", "")),
            LAYOUT_FAMILY,
        )
        entries.append((-int(recognise.get("priority", 0)), entry_format))
    return [f for _, f in sorted(entries, key=lambda pair: pair[0])]


_SHIPPED = _shipped_layouts()
_FORMATS = {
    f.name: f
    for f in (
        SourceFormat(
            OWD,
            "Offene Wahldaten (OWD) CSV",
            Kind.PACKAGE,
            _sniff_owd,
            None,
            "05999001_20250914_Ratswahl-NRW_Wahlergebnisse_V0-3_20250915T101500.csv",
        ),
        SourceFormat(
            OWD_JSON,
            DOCUMENT_TITLE,
            Kind.DOCUMENT,
            _sniff_document,
            _read_documents,
            "05999001_20250914_Ratswahl-NRW.json",
        ),
        *(
            SourceFormat(name, title, Kind.VENDOR, vendor.sniff, vendor.read, example)
            for name, (title, vendor, example) in _VENDORS.items()
        ),
        *_SHIPPED,
    )
}
# Tried in this order: the JSON document first (a metadata JSON file passes for nothing).
_DETECTION = [_FORMATS[OWD_JSON], *(f for n, f in _FORMATS.items() if n != OWD_JSON)]


def names() -> tuple[str, ...]:
    """Every source format's name (without `auto`): the choices of `--from` after `auto`."""
    return tuple(_FORMATS)


def choices() -> tuple[str, ...]:
    """What `--from` accepts: `auto` and every format's name."""
    return (AUTO, *_FORMATS)


def vendor_names() -> tuple[str, ...]:
    """The vendor formats: those with rules of their own (K and format families)."""
    return tuple(f.name for f in _FORMATS.values() if f.kind is Kind.VENDOR)


def layout_names() -> tuple[str, ...]:
    """The layouts among the formats (shipped, and any added with `add_layout`)."""
    return tuple(f.name for f in _FORMATS.values() if f.is_layout)


def layout_rule_names() -> tuple[str, ...]:
    """The names the layouts' rules apply to: every shipped layout, and `layout` for a user's
    own (`add_layout`), which is also the source format of every layout's facts."""
    return (*(f.name for f in _SHIPPED), LAYOUT_FAMILY)


def add_layout(layout: Layout) -> SourceFormat:
    """A user's own layout as the format `layout` (`convert --layout FILE`, `--from layout`);
    its rules are those of every layout. Replaces the one added before, if any."""
    own = _LayoutFormat(layout.name, lambda: layout)
    entry = SourceFormat(
        LAYOUT_FAMILY, layout.title, Kind.VENDOR, own.sniff, own.read, layout.example, LAYOUT_FAMILY
    )
    _FORMATS[LAYOUT_FAMILY] = entry
    return entry


def not_recognised(path: str, head: str) -> SourceError:
    """The error for a file no format recognises, naming the closest layouts and what each
    missed (their required columns and patterns that did not fit)."""
    known = ", ".join(f"{k} ({v})" for k, v in titles().items())
    candidates = [machinery_layout(f) for f in _FORMATS.values() if f.is_layout]
    near = layouts.closest([c for c in candidates if c is not None], head)
    if not near:
        return SourceError("convert.unknown_format", path=path, formats=known)
    closest = "; ".join(
        f"{fit.layout.name} ({', '.join([*fit.missing, *fit.unmatched] or ['?'])})" for fit in near
    )
    return SourceError("layouts.none_fits", path=path, closest=closest, formats=known)


def machinery_layout(source_format: SourceFormat) -> Layout | None:
    """The layout behind a layout format (None for any other), parsed on first use."""
    sniff = source_format.sniff
    owner = getattr(sniff, "__self__", None)
    return owner.load() if isinstance(owner, _LayoutFormat) else None


def all_formats() -> list[SourceFormat]:
    return list(_FORMATS.values())


def get(name: str) -> SourceFormat:
    """The format of this name; raises SourceError (convert.unknown_source_format) otherwise."""
    try:
        return _FORMATS[name]
    except KeyError:
        raise SourceError(
            "convert.unknown_source_format", value=name, formats=", ".join(choices())
        ) from None


def titles() -> dict[str, str]:
    return {f.name: f.title for f in _FORMATS.values()}


def detect(name: str, head: str) -> SourceFormat | None:
    """The first format that recognises a file by its name and head, if any."""
    return next((f for f in _DETECTION if f.sniff(name, head)), None)


def is_document(head: str) -> bool:
    """True if a file's head shows an OWD JSON document (not a metadata JSON file)."""
    return _is_owd_json(head)
