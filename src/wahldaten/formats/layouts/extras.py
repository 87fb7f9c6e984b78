"""What a layout adds beyond counts and keys: merged and partly counted rows, areas, times.

- `[rows] merged`: a Bezirk counted with another one carries no result; it is left out and
  recorded (LINE, AREA, the receiving Bezirk, K39), never written as "not reported"; a row
  marked merged that has counts refuses the file (K01): its votes would be lost.
- `[rows] counted`: a row whose areas are not all counted has its counts written empty (not
  reported), never a partial sum read as a result.
- `[keys] kandidat`, `[[areas]]`, `[keys] time`: the candidates' area, the levels above the
  Bezirk and the entry time, as the OWD columns of Wahlgebietseinteilungen and Wahlergebnisse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.names import BEZIRK_NR
from wahldaten.formats.facts import AREA, LINE, VALUE, WHAT, Origin, Rows
from wahldaten.formats.layouts import rows as r
from wahldaten.formats.layouts.facts import LayoutFacts
from wahldaten.formats.layouts.model import Layout
from wahldaten.formats.layouts.plan import Plan

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

TIME = "zeitstempel-erfassung"
TIME_FORMAT = "%d.%m.%Y %H:%M:%S"


def without_merged(
    layout: Layout, plan: Plan, frame: pl.DataFrame, facts: LayoutFacts, counts: Sequence[str]
) -> pl.DataFrame | None:
    """The rows without the Bezirke counted elsewhere (recorded in `facts.merged`); None if a
    row marked merged has counts of its own: its votes would be lost, so the file is refused
    (K01 names the row and the mark)."""
    if layout.merged is None or "rows.merged" not in plan.uses:
        return frame
    label = plan.label(plan.uses["rows.merged"])
    into = r.stripped(label)
    merged = (into.fill_null("") != "") & (pl.col(r.KIND) == r.BEZIRK)
    found = frame.filter(merged)
    if not found.height:
        return frame
    with_votes = pl.any_horizontal(r.cleaned(c, layout).is_not_null() for c in counts)
    kept = found.filter(with_votes) if counts else found.clear()
    if kept.height:
        what = pl.lit(f"{label} = ") + into
        facts.refused.append(Rows(kept.select(LINE, AREA, what.alias(WHAT)), column=label))
        return None
    facts.merged = Rows(found.select(LINE, AREA, into.alias(VALUE)), column=label)
    return frame.filter(~merged)


def partly_counted(
    layout: Layout, plan: Plan, typed: pl.DataFrame, counts: Sequence[str], facts: LayoutFacts
) -> pl.DataFrame:
    """Counts of rows not fully counted written empty (recorded in `facts.partial`)."""
    if layout.counted is None:
        return typed
    done = r.stripped(plan.label(plan.uses["rows.counted.column"])).cast(pl.Int64, strict=False)
    of = r.stripped(plan.label(plan.uses["rows.counted.of"])).cast(pl.Int64, strict=False)
    partial = (done < of).fill_null(False)
    found = typed.filter(partial)
    if not found.height:
        return typed
    facts.partial = Rows(found.select(LINE, AREA))
    empty = pl.lit(None, dtype=pl.Int64)
    return typed.with_columns(
        pl.when(partial).then(empty).otherwise(pl.col(c)).alias(c) for c in counts
    )


def area_columns(layout: Layout, plan: Plan) -> list[pl.Expr]:
    """The OWD area and time columns the layout fills, over the Bezirk rows."""
    columns: list[pl.Expr] = []
    if layout.kandidat is not None:
        columns.append(r.key(layout.kandidat, plan, "keys.kandidat").alias("kandidat-gebiet-nr"))
    if "keys.kandidat_name" in plan.uses:
        name = r.stripped(plan.label(plan.uses["keys.kandidat_name"]))
        columns.append(name.alias("kandidat-gebiet-bezeichnung"))
    for i, area in enumerate(layout.areas):
        columns.append(
            r.key(area.key, plan, f"areas.{i}.key").alias(f"gebiet-ebene-{area.level}-nr")
        )
        if f"areas.{i}.name" in plan.uses:
            label = plan.label(plan.uses[f"areas.{i}.name"])
            columns.append(r.stripped(label).alias(f"gebiet-ebene-{area.level}-name"))
    if layout.time is not None and "keys.time" in plan.uses:
        value = r.stripped(plan.label(plan.uses["keys.time"]))
        parsed = value.str.to_datetime(layout.time.format, strict=False)
        columns.append(parsed.dt.strftime(TIME_FORMAT).alias(TIME))
    return columns


def level_names(layout: Layout) -> dict[str, str | None]:
    """Wahlparameter: what each level is called."""
    return {f"gebiet-ebene-{a.level}-bezeichnung": a.label for a in layout.areas if a.label}


def note_ordinal(layout: Layout, plan: Plan, facts: LayoutFacts) -> None:
    """A Bezirk number counted by the reader (an `ordinal` part) is recorded as derived (K10)."""
    if layout.bezirk is not None and any(p.ordinal for p in layout.bezirk.parts):
        column = plan.label(plan.uses["keys.bezirk.0"]) if "keys.bezirk.0" in plan.uses else None
        facts.wrote(BEZIRK_NR, f"<{column or '…'}>-<1, 2, …>", Origin.DERIVED, column)
