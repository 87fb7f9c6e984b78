"""What the AKDB reader records: the shared facts, and the rows as read with typed counts."""

from __future__ import annotations

from vendor_support import MAYOR, MAYOR_FILE
from wahldaten.formats import akdb
from wahldaten.formats.facts import SourceFacts
from wahldaten.formats.source import Meta, read_meta_files
from wahldaten.io.sources import collect


def test_the_facts_of_a_file_are_shared_facts_too() -> None:
    meta = read_meta_files([MAYOR / "open_data.json"], Meta())
    (context,) = akdb.read(collect([MAYOR / MAYOR_FILE]), meta).contexts
    facts = context.facts_as(akdb.AkdbFacts)
    assert facts is not None and context.facts_as(SourceFacts) is facts
    assert facts.mapping is not None and facts.mapping.name == akdb.WIDE
    assert facts.typed is not None and facts.raw is not None
    assert facts.typed.height == facts.raw.height
    assert facts.unplaced is not None and facts.unplaced.frame.height == 0
    assert facts.names == {
        1: "Leonhard Spitzauer (CSU)",
        2: "Maria Wild (GRÜNE)",
        4: "Josef Huber (FW)",
    }
    assert facts.names_file is not None and facts.names_file.endswith("open_data.json")
