"""Reading a file with a layout into the canonical model, and the facts for the K rules.

The plan gives every column its role (`plan`); the rows are cleaned, classified and keyed
with polars expressions (`rows`); Bezirke become the results frame that `formats.source
.assemble` turns into the five OWD tables; totals are kept as facts and checked against their
Bezirke (K05, K06). Where the file does not fit (missing or unknown columns, rows of no kind,
values that are not counts) the reader stops and records why; the K rules report it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wahldaten.core import catalog, standard
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.core.names import BEZIRK_ART, BEZIRK_NAME, BEZIRK_NR, DATUM, GS
from wahldaten.core.names import NAME as WAHL_NAME
from wahldaten.formats.counts import malformed_counts, to_counts
from wahldaten.formats.facts import (
    AREA,
    LINE,
    RENAMED,
    TOTAL,
    VALUE,
    WHAT,
    HeaderForm,
    Origin,
    Rows,
    Totals,
)
from wahldaten.formats.layouts import extras
from wahldaten.formats.layouts import rows as r
from wahldaten.formats.layouts.facts import LayoutFacts
from wahldaten.formats.layouts.model import LETTERS, KeyPart, Layout, Value
from wahldaten.formats.layouts.plan import Plan
from wahldaten.formats.layouts.recognise import fit
from wahldaten.formats.layouts.table import read_table
from wahldaten.formats.source import (
    Meta,
    Party,
    Reading,
    SourceContext,
    SourceError,
    assemble,
    ballot,
    position_names,
    require_date,
)
from wahldaten.io.sniff import HEAD_BYTES, head_text
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

FAMILY = "layout"  # the source format the K rules know every layout by
ISO_DATE = re.compile(r"^([0-9]{4})-?([0-9]{2})-?([0-9]{2})$")  # 2025-02-23 or 20250223


def _value(
    value: Value | None,
    frame: pl.DataFrame,
    plan: Plan,
    use: str,
    preamble: list[str],
    file_name: str = "",
) -> str | None:
    if value is None:
        return None
    if value.constant is not None:
        return value.constant
    if value.column is not None:
        return r.first_filled(frame, plan.label(plan.uses[use])) if use in plan.uses else None
    pattern = value.title or value.file_name
    assert pattern is not None
    for line in preamble if value.title is not None else [file_name]:
        match = pattern.search(line)
        if match:
            found = next((g for g in match.groupdict().values() if g), None)
            return found.strip() if found else None
    return None


def _date(text: str | None) -> str | None:
    """A date as OWD writes it (dd.mm.yyyy); ISO dates are turned round."""
    if text is None:
        return None
    iso = ISO_DATE.match(text.strip())
    return f"{iso.group(3)}.{iso.group(2)}.{iso.group(1)}" if iso else text.strip()


def _authority(results: pl.DataFrame, meta: Meta, keyed: bool, layout: Layout) -> str | None:
    """The authority's key: given, the layout's, the one key of the rows, or the area they
    share (a Land file: `07000000`)."""
    if meta.gs or layout.authority_gs:
        return meta.gs or layout.authority_gs
    if not keyed:
        return None
    keys = sorted({str(k) for k in results[GS].drop_nulls().unique().to_list()})
    if len(keys) == 1:
        return keys[0]
    for width, pad in ((5, "000"), (3, "00000"), (2, "000000")):
        if keys and len({k[:width] for k in keys}) == 1:
            return keys[0][:width] + pad
    return None


def _names(plan: Plan, meta: Meta) -> Meta:
    """Metadata with the option names of the header; the user's own (--meta) win."""
    named: dict[int, Party] = {}
    # The second vote's names first: on a ballot with two votes its list names the row.
    for option in sorted(plan.options, key=lambda o: o.column[0] != "F"):
        if option.name and option.position not in named:
            named[option.position] = Party(option.position, kurzname=option.name)
    parties = {**named, **(meta.parties or {})}
    return Meta(parties=parties or None, parties_source=meta.parties_source)


def _totals(layout: Layout, plan: Plan, typed: pl.DataFrame, counts: list[str]) -> Totals | None:
    rows, members = [], []
    bezirke = typed.filter(pl.col(r.KIND) == r.BEZIRK)
    for i, total in enumerate(layout.totals):
        these = typed.filter(pl.col(r.KIND) == r.total_kind(i))
        if not these.height:
            continue
        if isinstance(total.members, KeyPart):
            tag: pl.Expr = pl.lit(f"{i}:") + r.part(total.members, plan, f"rows.total.{i}.members")
        elif total.members == "all":
            tag = pl.lit(f"{i}:*")
        else:
            tag = pl.lit(None, dtype=pl.String)
        rows.append(these.select(LINE, pl.col(AREA), tag.alias(TOTAL), *counts))
        if total.members != "unknown":
            members.append(bezirke.select(tag.alias(TOTAL), *counts))
    if not rows:
        return None
    empty = pl.DataFrame(schema={TOTAL: pl.String, **dict.fromkeys(counts, pl.Int64)})
    return Totals(
        rows=pl.concat(rows),
        members=pl.concat(members) if members else empty,
        counts=counts,
        columns=r.labels(plan, counts),
        complete=False,
    )


def _record_plan(facts: LayoutFacts, plan: Plan) -> bool:
    """Missing, unknown and clashing columns; True if the file can be read on."""
    facts.roles = plan.roles()
    # Names repeated and empty by design (counts and percentages under one name) are placed
    # by the layout, so they are no header defects (S03, S04).
    repeated = frozenset(n for n in plan.names if n and plan.names.count(n) > 1)
    empty = frozenset(i + 1 for i, n in enumerate(plan.names) if not n)
    facts.header_form = HeaderForm(empty=empty, repeated=repeated)
    facts.missing = [*plan.missing, *plan.clashes]
    facts.unknown = [plan.label(i) for i in plan.unknown]
    facts.dropped = [plan.label(i) for i in plan.ignored if plan.names[i]]
    return not (facts.missing or facts.unknown)


def _not_standing(
    facts: LayoutFacts, layout: Layout, frame: pl.DataFrame, labels: list[str]
) -> None:
    for label in labels:
        hits = frame.filter(r.not_standing(label, layout))
        if hits.height:
            facts.not_standing.append(
                Rows(hits.select(LINE, AREA, r.stripped(label).alias(VALUE)), column=label)
            )
            facts.not_standing_cells += hits.height


def read_one(
    source: SourceFile, layout: Layout, meta: Meta
) -> tuple[Election | None, SourceContext, pl.Series | None]:
    """One file read with one layout: the election (None if refused), the context, the lines."""
    data = source.read()
    read = read_table(data, source.display, layout)
    table = read.table
    facts = LayoutFacts(source.display, layout.title, read.header_line, name=layout.name)
    facts.encoding = read.encoding
    context = SourceContext(
        source_format=FAMILY, layout=layout.name, tables=[table], observed=facts
    )
    if read.plan is None or read.frame is None:
        if table.usable:
            facts.missing = list(layout.columns_required) or ["?"]
        return None, context, None
    plan = read.plan
    if not _record_plan(facts, plan):
        return None, context, None
    counts = plan.counts
    count_labels = list(r.labels(plan, counts).values())
    nr, name = "__nr", "__name"
    frame = read.frame.with_columns(
        r.kind(layout, plan),
        (
            r.key(layout.bezirk, plan, "keys.bezirk") if layout.bezirk else pl.lit(None, pl.String)
        ).alias(nr),
        (
            r.stripped(plan.label(plan.uses["keys.name"]))
            if "keys.name" in plan.uses
            else pl.lit(None, dtype=pl.String)
        ).alias(name),
    ).with_columns(pl.coalesce(nr, name).alias(AREA))
    if layout.row_column is not None:
        unplaced = frame.filter(pl.col(r.KIND) == r.UNPLACED)
        if unplaced.height:
            row_label = plan.label(plan.uses["rows.column"])
            what = r.stripped(row_label).fill_null("")
            facts.refused.append(
                Rows(unplaced.select(LINE, AREA, what.alias(WHAT)), column=row_label)
            )
            return None, context, None
    kept = extras.without_merged(
        layout, plan, frame.filter(pl.col(r.KIND) != r.SKIP), facts, count_labels
    )
    if kept is None:
        return None, context, None
    frame = kept
    _not_standing(facts, layout, frame, count_labels)
    raw = frame.with_columns(r.cleaned(c, layout) for c in count_labels)
    facts.raw, facts.count_columns, facts.area = raw, count_labels, AREA
    facts.thousands = layout.thousands
    if raw.select(malformed_counts(raw, count_labels, thousands=layout.thousands).any()).item():
        return None, context, None
    typed = to_counts(raw, count_labels, thousands=layout.thousands).with_columns(
        pl.col(label).alias(owd) for owd, label in r.labels(plan, counts).items()
    )
    typed = extras.partly_counted(layout, plan, typed, counts, facts)
    if layout.gs is not None:
        typed = typed.with_columns(r.key(layout.gs, plan, "keys.gs").alias(GS))
    facts.totals = _totals(layout, plan, typed, counts)
    bezirke = typed.filter(pl.col(r.KIND) == r.BEZIRK)
    if not bezirke.height and facts.totals is not None:
        # Nothing finer than totals: they are the Bezirke (K05 says so).
        facts.promoted = Rows(facts.totals.rows.select(LINE, AREA))
        facts.totals = None
        bezirke = typed.filter(pl.col(r.KIND) != r.BEZIRK).with_columns(
            pl.coalesce(nr, pl.lit("0")).alias(nr)
        )
    bezirke = _renumber(facts, bezirke, nr, plan, layout.gs is not None)
    extras.note_ordinal(layout, plan, facts)
    election = _election(
        source, layout, plan, read.preamble, meta, facts, bezirke, counts, nr, name
    )
    return election, context, bezirke[LINE]


def _renumber(
    facts: LayoutFacts, bezirke: pl.DataFrame, nr: str, plan: Plan, keyed: bool
) -> pl.DataFrame:
    """Rows repeating a Bezirk key keep their votes under a suffix (`12-2`, K08)."""
    by = [GS, nr] if keyed else [nr]
    seen = pl.int_range(pl.len()).over(by) + 1
    renamed = pl.when(seen > 1).then(pl.col(nr) + "-" + seen.cast(pl.String)).otherwise(pl.col(nr))
    marked = bezirke.with_columns(renamed.alias(RENAMED), (seen > 1).alias("__again"))
    again = marked.filter(pl.col("__again") & pl.col(nr).is_not_null())
    if again.height:
        column = plan.label(plan.uses["keys.bezirk.0"]) if "keys.bezirk.0" in plan.uses else None
        facts.repeated = Rows(
            again.select(LINE, AREA, pl.col(nr).alias(VALUE), RENAMED), column=column
        )
    return marked.with_columns(pl.col(RENAMED).alias(nr)).drop(RENAMED, "__again")


def _election(
    source: SourceFile,
    layout: Layout,
    plan: Plan,
    preamble: list[str],
    meta: Meta,
    facts: LayoutFacts,
    bezirke: pl.DataFrame,
    counts: list[str],
    nr: str,
    name: str,
) -> Election:
    display = source.display
    everything = facts.raw if facts.raw is not None else bezirke
    in_file = _date(_value(layout.date, everything, plan, "election.date", preamble, source.name))
    datum = require_date(meta.wahl_datum or in_file, display)
    from_name = layout.date is not None and layout.date.file_name is not None
    origin = Origin.USER if meta.wahl_datum else Origin.FILE_NAME if from_name else Origin.SOURCE
    facts.wrote(DATUM, datum, origin)
    keyed = layout.gs is not None
    authority = _authority(bezirke, meta, keyed, layout)
    if authority is None:
        raise SourceError("convert.gs_missing", path=display)
    results = bezirke.with_columns(
        r.art(layout, plan, meta.bezirk_art, nr, name).alias(BEZIRK_ART)
    ).select(
        *([pl.col(GS)] if keyed else []),
        pl.col(nr).alias(BEZIRK_NR),
        pl.col(name).alias(BEZIRK_NAME),
        pl.col(BEZIRK_ART),
        *extras.area_columns(layout, plan),
        *counts,
    )
    wahl_name_in = _value(layout.wahl_name, everything, plan, "election.name", preamble)
    wahl_name = meta.wahl_name or wahl_name_in or "Wahl"
    named = Origin.USER if meta.wahl_name else Origin.SOURCE if wahl_name_in else Origin.DEFAULT
    facts.wrote(WAHL_NAME, wahl_name, named)
    behoerde_in = _value(layout.authority, everything, plan, "election.authority", preamble)
    behoerde = meta.behoerde_name or behoerde_in or f"Behörde {authority}"
    given = Origin.USER if meta.behoerde_name else Origin.SOURCE if behoerde_in else Origin.DEFAULT
    facts.wrote("wahl-behoerde-name", behoerde, given)
    # Letters the standard requires that the source does not have: written empty, never 0.
    required = standard.load(standard.latest()).files["Wahlergebnisse"].required
    absent = [c for c in required if c in LETTERS and c not in counts]
    for column in absent:
        facts.wrote(column, "", Origin.DEFAULT)
    results = results.with_columns(pl.lit(None, dtype=pl.Int64).alias(c) for c in absent)
    counts = [*counts, *absent]
    positions = sorted({o.position for o in plan.options})
    named_meta = _names(plan, meta)
    parties, _ = ballot(positions, named_meta)
    facts.names = position_names(positions, named_meta)
    facts.names_file = meta.parties_source or display
    wahl: dict[str, str | None] = {
        GS: authority,
        "wahl-behoerde-name": behoerde,
        DATUM: datum,
        WAHL_NAME: wahl_name,
        "wahl-bezeichnung": wahl_name,
        "bezirk-bezeichnung": "Wahlbezirk",
        **extras.level_names(layout),
    }
    return assemble(results=results, counts=counts, parties=parties, wahl=wahl)


def detected(layout: Layout, text: str, language: str | None = None) -> str:
    """Which layout read the file and why: the signature items found in its header."""
    reasons = ", ".join(fit(layout, text).reasons())
    return catalog.text(
        "layouts.detected",
        language or catalog.DEFAULT_LANGUAGE,
        name=layout.name,
        title=layout.title,
        reasons=reasons,
    )


def read(sources: Iterable[SourceFile], layout: Layout, meta: Meta) -> Reading:
    elections: list[Election] = []
    contexts: list[SourceContext] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    description = ""
    for source in sources:
        election, context, lines = read_one(source, layout, meta)
        contexts.append(context)
        description = description or detected(layout, head_text(source.head(HEAD_BYTES)))
        if election is not None:
            elections.append(election)
            provenance.append((source.display, lines))
    return Reading(
        elections=elections,
        contexts=contexts,
        detected=description or layout.title,
        provenance=provenance,
    )
