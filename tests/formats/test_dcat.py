"""The DCAT-AP.de JSON-LD beside a data package: a dcat:Dataset that rdflib reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wahldaten
from support import FIXTURES
from wahldaten.formats import dcat, targets

rdflib = pytest.importorskip("rdflib")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dcat") / "out"
    report = wahldaten.convert(
        [FIXTURES / "valid" / "ratswahl"], out, target_format=targets.DATAPACKAGE
    )
    assert not report.failed
    return out


def test_the_json_ld_names_a_dataset_with_its_distributions(written: Path) -> None:
    graph = rdflib.Graph()
    graph.parse(written / dcat.FILE_NAME, format="json-ld")
    (dataset,) = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 6  # five CSV files and datapackage.json
    sizes = {int(graph.value(d, DCAT.byteSize)) for d in distributions}
    on_disk = {p.stat().st_size for p in written.iterdir() if p.name != dcat.FILE_NAME}
    assert sizes == on_disk
    assert str(graph.value(dataset, DCT.spatial)).endswith("/municipalityKey/05999001")
    assert str(graph.value(dataset, DCT.license)) == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    period = graph.value(dataset, DCT.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2025-09-14"
    titles = {str(t) for t in graph.objects(dataset, DCT.title)}
    assert titles == {"Wahl des Rates der Stadt Musterstadt"}


def test_the_licence_is_settable_and_keys_of_a_land_are_regional_keys() -> None:
    _, (election,) = wahldaten.inspect([FIXTURES / "valid" / "ratswahl"])
    document = dcat.document(election, {}, licence="dl-de/zero-2-0")
    (dataset, publisher) = document["@graph"]
    assert dataset["dct:license"]["@id"].endswith("/dl-zero-de/2.0")
    assert publisher["foaf:name"] == "Stadt Musterstadt"
    assert dcat.geocoding("050000000000") == (
        "http://dcat-ap.de/def/politicalGeocoding/regionalKey/050000000000",
        "http://dcat-ap.de/def/politicalGeocodingLevel/state",
    )
    json.dumps(document)  # plain JSON
