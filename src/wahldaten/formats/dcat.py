"""DCAT-AP.de metadata of a converted election, as JSON-LD (`dcat-ap-de.jsonld`).

One `dcat:Dataset` for GovData and municipal portals: title and description from Wahlparameter
(German and English), the publishing authority, the election day as temporal coverage, the
authority's key as DCAT-AP.de political geocoding URI (AGS: municipality key; 12 digits: regional
key), a licence (`dl-de/by-2-0` unless another is given) and one `dcat:Distribution` per file with
media type and byte size. Plain JSON-LD with its own context, so rdflib or any JSON-LD
processor reads it without fetching anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from wahldaten.core import catalog
from wahldaten.core.names import DATUM, GS, NAME

if TYPE_CHECKING:
    from wahldaten.core.model import Election

FILE_NAME = "dcat-ap-de.jsonld"
DEFAULT_LICENCE = "dl-de/by-2-0"
LICENCES = {
    "dl-de/by-2-0": ("Datenlizenz Deutschland – Namensnennung – Version 2.0", "dl-by-de/2.0"),
    "dl-de/zero-2-0": ("Datenlizenz Deutschland – Zero – Version 2.0", "dl-zero-de/2.0"),
    "cc-by-4.0": ("Creative Commons Namensnennung 4.0 International", "cc-by/4.0"),
    "cc-zero": ("Creative Commons CC Zero License (cc-zero)", "cczero"),
}
_LICENCE_BASE = "http://dcat-ap.de/def/licenses/"
_GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
_LEVEL = "http://dcat-ap.de/def/politicalGeocodingLevel/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_MEDIA = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".parquet": "application/vnd.apache.parquet",
}
_FORMATS = {".csv": "CSV", ".json": "JSON", ".parquet": "PARQUET"}


@dataclass(frozen=True)
class Facts:
    """What the metadata says about an election, from its Wahlparameter."""

    identifier: str
    title: str
    description: str
    description_en: str
    publisher: str
    date: str  # ISO 8601, "" where the election has no valid date
    gs: str
    licence_id: str
    licence: str
    licence_url: str


def _iso(datum: str) -> str:
    parts = datum.split(".")
    return f"{parts[2]}-{parts[1]}-{parts[0]}" if len(parts) == 3 else ""


def facts(election: Election, licence: str = DEFAULT_LICENCE) -> Facts:
    params = election.wahlparameter
    title = str(params.get("wahl-bezeichnung") or params.get(NAME) or "")
    publisher = str(params.get("wahl-behoerde-name") or params.get(GS) or "")
    values = {
        "title": title,
        "date": str(params.get(DATUM) or ""),
        "publisher": publisher,
        "version": election.version,
    }
    name, path = LICENCES.get(licence, (licence, ""))
    url = _LICENCE_BASE + path if path else licence
    return Facts(
        identifier="urn:wahldaten:owd:"
        + ":".join(quote(str(params.get(k) or ""), safe="") for k in (GS, DATUM, NAME)),
        title=title,
        description=catalog.text("portal.description", "de", **values),
        description_en=catalog.text("portal.description", "en", **values),
        publisher=publisher,
        date=_iso(str(params.get(DATUM) or "")),
        gs=election.gs,
        licence_id=licence,
        licence=name,
        licence_url=url,
    )


def geocoding(gs: str) -> tuple[str, str]:
    """The political geocoding URI of an authority's key and the URI of its level."""
    if len(gs) == 12:
        level = "state" if gs[2:] == "0" * 10 else "municipality"
        return f"{_GEOCODING}regionalKey/{gs}", f"{_LEVEL}{level}"
    return f"{_GEOCODING}municipalityKey/{gs}", f"{_LEVEL}municipality"


def _distribution(path: Path, title: str, meta: Facts) -> dict[str, Any]:
    suffix = path.suffix.lower()
    media = _MEDIA.get(suffix, "application/octet-stream")
    return {
        "@id": f"{meta.identifier}:{quote(path.name, safe='')}",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": quote(path.name)},
        "dcat:downloadURL": {"@id": quote(path.name)},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
        "dct:format": {
            "@id": "http://publications.europa.eu/resource/authority/file-type/"
            + _FORMATS.get(suffix, "BIN")
        },
        "dcat:byteSize": {"@value": str(path.stat().st_size), "@type": "xsd:nonNegativeInteger"},
        "dct:license": {"@id": meta.licence_url},
        "dcatde:licenseAttributionByText": meta.publisher,
    }


def document(
    election: Election, paths: dict[str, Path], licence: str = DEFAULT_LICENCE
) -> dict[str, Any]:
    """The JSON-LD document: the dataset, its publisher and one distribution per file
    (`paths`: title → path of a written file)."""
    meta = facts(election, licence)
    spatial, level = geocoding(meta.gs)
    publisher = f"{meta.identifier}:publisher"
    dataset: dict[str, Any] = {
        "@id": meta.identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": meta.identifier,
        "dct:title": {"@value": meta.title, "@language": "de"},
        "dct:description": [
            {"@value": meta.description, "@language": "de"},
            {"@value": meta.description_en, "@language": "en"},
        ],
        "dct:publisher": {"@id": publisher},
        "dct:spatial": {"@id": spatial},
        "dcatde:politicalGeocodingURI": {"@id": spatial},
        "dcatde:politicalGeocodingLevelURI": {"@id": level},
        "dct:license": {"@id": meta.licence_url},
        "dcat:keyword": ["Wahlen", "Wahlergebnisse", "Offene Wahldaten"],
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
        "dcat:distribution": [_distribution(p, t, meta) for t, p in paths.items()],
    }
    if meta.date:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": meta.date, "@type": "xsd:date"},
            "dcat:endDate": {"@value": meta.date, "@type": "xsd:date"},
        }
    organisation = {"@id": publisher, "@type": "foaf:Organization", "foaf:name": meta.publisher}
    return {"@context": CONTEXT, "@graph": [dataset, organisation]}
