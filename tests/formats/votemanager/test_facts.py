"""What the votemanager reader records: the layout, typed counts and the type of each Bezirk."""

from __future__ import annotations

from vendor_support import VM
from wahldaten.formats import votemanager
from wahldaten.formats.facts import SourceFacts
from wahldaten.formats.source import Meta
from wahldaten.formats.votemanager.facts import GIVEN
from wahldaten.io.sources import collect


def test_bezirk_types_say_whether_metadata_gave_them() -> None:
    source = next((VM / "invalid" / "K04").glob("Open-Data-*.csv"))
    (context,) = votemanager.read(collect([source]), Meta()).contexts
    facts = context.facts_as(votemanager.VotemanagerFacts)
    assert facts is not None and context.facts_as(SourceFacts) is facts
    assert facts.kind == votemanager.STANDARD and facts.yes_no is None
    assert facts.types is not None and not facts.types[GIVEN].any()
    assert set(facts.types["bezirk-art"].to_list()) == {"W", "B"}
