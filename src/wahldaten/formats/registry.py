"""The source formats: the one list of what `convert --from` and `validate` can read.

Each `SourceFormat` names a format, its title, how it is recognised from a file's name and its
first 64 KiB (`io.sniff`), how it is read and a typical file name. OWD itself (CSV packages) is
read as packages by `formats.owd`; the JSON document and the vendor exports are read into
elections (`Reading`). CLI choices, `--help` and the rules' format lists come from `names()`.

Names and titles are plain data here; a reader module is loaded when a file is first sniffed
or read, so that the command line builds its choices without loading any reader (a test holds
the names and titles to the modules' own `NAME` and `TITLE`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING

from wahldaten.core.lazy import LazyModule
from wahldaten.core.model import ModelError
from wahldaten.formats.errors import SourceError

if TYPE_CHECKING:
    from wahldaten.formats import akdb, owd, owd_json, votemanager
    from wahldaten.formats import source as machinery
    from wahldaten.formats.bundeswahlleiterin import kerg, kerg2, wbz
    from wahldaten.formats.source import Meta, Reading
    from wahldaten.io.sources import SourceFile
else:
    # The reader machinery (formats.source pulls in the CSV layer) and the readers load on
    # first use: `wahldaten --help` builds its choices from this registry.
    machinery = LazyModule("wahldaten.formats.source")
    akdb = LazyModule("wahldaten.formats.akdb")
    owd = LazyModule("wahldaten.formats.owd")
    owd_json = LazyModule("wahldaten.formats.owd_json")
    votemanager = LazyModule("wahldaten.formats.votemanager")
    kerg = LazyModule("wahldaten.formats.bundeswahlleiterin.kerg")
    kerg2 = LazyModule("wahldaten.formats.bundeswahlleiterin.kerg2")
    wbz = LazyModule("wahldaten.formats.bundeswahlleiterin.wbz")

OWD = "owd"
OWD_JSON = "owd-json"
AUTO = "auto"


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
    return tuple(_VENDORS)


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
