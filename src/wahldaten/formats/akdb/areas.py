"""From the Wahlportal's areas to OWD Bezirke and packages, and the totals left out.

Only precinct rows (STIMMBEZIRK = W, BRIEFWAHLBEZIRK = B) become Bezirke; `bezirk-nr` is the
`Bezirksnummer`, else the last four digits of a 12-digit `Gebietsnummer` (AGS + number), else
the `Gebietsnummer`; `wahl-behoerde-gs` per row is the row's municipality (`Gemeinde`, or the
first 8 digits of a 12-digit `Gebietsnummer`). A file of totals only has its lowest level of
areas as Bezirke. Aggregate rows are totals of their precincts (K05, K06).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.akdb.layouts import (
    BEZIRKSNUMMER,
    GEBIETSART,
    GEBIETSNAME,
    GEBIETSNUMMER,
    GEMEINDE,
    GEMEINDE_COLUMN,
    GEMEINDENAME,
    KREIS,
    PAIR_A1,
    PAIR_A2,
    PAIR_A3,
    PAIR_VOTERS_WITH,
    PAIR_VOTERS_WITHOUT,
    PAIRS,
    PRECINCTS,
    STIMMKREIS,
    WAHLKREIS,
    WAHLKREISNUMMER,
    Layout,
)
from wahldaten.formats.akdb.pairs import pair_keys, votes_by_key
from wahldaten.formats.facts import AREA, LINE, RENAMED, TOTAL, VALUE, Rows, Totals
from wahldaten.formats.source import Meta, SourceError

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

# Internal columns of the normalized frame.
ART, NUMMER, AGS, GNAME, WK, GEBIET_NAME, BNR = (
    "_art",
    "_nummer",
    "_ags",
    "_gname",
    "_wk",
    "_name",
    "_bnr",
)
BEZIRK_ART, ROW_GS = "_bezirk_art", "_gs"  # the row's municipality
# Derived in the pair layout: OWD letter → the source columns it is the sum of.
DERIVED = {"A": (PAIR_A1, PAIR_A2, PAIR_A3), "B": (PAIR_VOTERS_WITHOUT, PAIR_VOTERS_WITH)}
LETTER_ORDER = ["A1", "A2", "A3", "A", "B", "B1", "C", "D", "E", "F"]


def _text(frame: pl.DataFrame, column: str) -> pl.Expr:
    if column in frame.columns:
        return pl.col(column).str.strip_chars()
    return pl.lit(None, dtype=pl.String)


def normalize(
    typed: pl.DataFrame, layout: Layout
) -> tuple[pl.DataFrame, list[str], dict[str, str]]:
    """One row per source row: helper columns (area, keys) and the counts under OWD names;
    also the OWD count columns and the letters derived from other columns (letter → formula)."""
    nummer = pl.col(GEBIETSNUMMER).str.strip_chars()
    art = pl.col(GEBIETSART).str.strip_chars().str.to_uppercase()
    twelve = nummer.str.contains(r"^[0-9]{12}$")
    ags = pl.coalesce(
        _text(typed, GEMEINDE_COLUMN),
        pl.when(twelve)
        .then(nummer.str.slice(0, 8))
        .when((art == GEMEINDE) & nummer.str.contains(r"^[0-9]{8}$"))
        .then(nummer),
    )
    bnr = pl.coalesce(
        _text(typed, BEZIRKSNUMMER), pl.when(twelve).then(nummer.str.slice(8, 4)), nummer
    )
    counts: list[pl.Expr] = [pl.col(s).alias(o) for s, o in layout.counts.items()]
    formulas: dict[str, str] = {}
    if layout.name == PAIRS:
        for letter, parts in DERIVED.items():
            if set(parts) <= set(typed.columns):
                # `+`, not a horizontal sum: one empty part leaves the letter empty.
                total = pl.col(parts[0])
                for part in parts[1:]:
                    total = total + pl.col(part)
                counts.append(total.alias(letter))
                formulas[letter] = " + ".join(parts)
        counts += votes_by_key(layout, pair_keys(typed, layout))
    frame = typed.select(
        pl.col(LINE),
        art.alias(ART),
        nummer.alias(NUMMER),
        ags.alias(AGS),
        _text(typed, GEMEINDENAME).alias(GNAME),
        _text(typed, WAHLKREISNUMMER).alias(WK),
        pl.col(GEBIETSNAME).alias(GEBIET_NAME)
        if GEBIETSNAME in typed.columns
        else pl.lit(None, dtype=pl.String).alias(GEBIET_NAME),
        bnr.alias(BNR),
        *counts,
    )
    names = [c for c in frame.columns if not c.startswith("_")]
    head = [c for c in LETTER_ORDER if c in names]
    return frame, head + [c for c in names if c not in head], formulas


def precincts_of(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, bool]:
    """Precinct rows (with bezirk-art) and aggregate rows; a file of totals only has its lowest
    level of areas as Bezirke (True)."""
    is_precinct = pl.col(ART).is_in(list(PRECINCTS))
    precincts = rows.filter(is_precinct).with_columns(
        pl.col(ART)
        .replace_strict(PRECINCTS, default=None, return_dtype=pl.String)
        .alias(BEZIRK_ART)
    )
    if precincts.height:
        return precincts, rows.filter(~is_precinct), False
    for level in (GEMEINDE, KREIS, STIMMKREIS, WAHLKREIS):
        chosen = pl.col(ART) == level
        if rows.filter(chosen).height:
            promoted = rows.filter(chosen).with_columns(
                pl.col(NUMMER).alias(BNR), pl.lit("W").alias(BEZIRK_ART)
            )
            return promoted, rows.filter(~chosen), True
    return precincts, rows, False


@dataclass
class Part:
    """The precincts of one package: its authority, its name and its rows."""

    gs: str
    name: str | None
    rows: pl.DataFrame


def _named(rows: pl.DataFrame, where: pl.Expr, column: str) -> str | None:
    found = rows.filter(where)[column].drop_nulls()
    return str(found[0]) if found.len() else None


def _authority_name(rows: pl.DataFrame, gs: str) -> str | None:
    """The name of an authority as the file gives it: its KREIS or GEMEINDE row, or Gemeindename."""
    return _named(
        rows, (pl.col(ART).is_in([KREIS, GEMEINDE])) & (pl.col(NUMMER) == gs), GEBIET_NAME
    ) or _named(rows, pl.col(AGS) == gs, GNAME)


def _is_kreis_key(gs: str) -> bool:
    return len(gs) == 8 and gs.endswith("000")


def parts_of(
    rows: pl.DataFrame, precincts: pl.DataFrame, meta: Meta, display: str
) -> tuple[list[Part], bool]:
    """Split the precincts into packages by authority; True if the authority was constructed.

    The authority is `--gs`; else the KREIS row, else the single municipality, else the Kreis
    key `<first 5 digits>000`. A file spanning several Kreise becomes one package per Kreis,
    because a package's rows may only carry keys of municipalities inside its authority.
    """
    if meta.gs:
        return [Part(meta.gs, _authority_name(rows, meta.gs), precincts)], False
    placed = precincts.filter(pl.col(AGS).is_not_null())
    prefixes = [str(p) for p in placed[AGS].str.slice(0, 5).unique(maintain_order=True).to_list()]
    if not prefixes:
        raise SourceError("convert.gs_missing", path=display)
    kreise = rows.filter((pl.col(ART) == KREIS) & pl.col(NUMMER).str.contains(r"^[0-9]{8}$"))
    parts: list[Part] = []
    constructed = False
    for index, prefix in enumerate(prefixes):
        inside = pl.col(AGS).str.slice(0, 5) == prefix
        if index == 0:
            inside = inside | pl.col(AGS).is_null()  # Bezirke without a municipality (K19)
        members = precincts.filter(inside)
        kreis = kreise.filter(pl.col(NUMMER).str.slice(0, 5) == prefix)
        municipalities = members[AGS].drop_nulls().unique()
        if kreis.height:
            gs = str(kreis[NUMMER][0])
        elif municipalities.len() == 1 and members[AGS].null_count() == 0:
            gs = str(municipalities[0])
        else:
            gs = prefix + "000"
            constructed = True
        parts.append(Part(gs, _authority_name(rows, gs), members))
    return parts, constructed or len(parts) > 1


def with_keys(parts: list[Part], meta: Meta) -> tuple[list[Part], Rows, Rows]:
    """Give every precinct its key. Returns the parts, the Bezirke without a municipality
    (K19: written with the authority's key) and the repeated Bezirke (K08: `0001-2`)."""
    keyed: list[Part] = []
    unplaced: list[pl.DataFrame] = []
    repeated: list[pl.DataFrame] = []
    known_municipality = bool(meta.gs) and not _is_kreis_key(meta.gs or "")
    for part in parts:
        rows = part.rows.with_columns(pl.coalesce(pl.col(AGS), pl.lit(part.gs)).alias(ROW_GS))
        occurrence = pl.int_range(pl.len()).over(ROW_GS, BNR)
        rows = rows.with_columns(occurrence.alias("_occurrence"))
        renamed = pl.format("{}-{}", pl.col(BNR), pl.col("_occurrence") + 1)
        repeated.append(
            rows.filter(pl.col("_occurrence") > 0).select(
                LINE, pl.col(NUMMER).alias(AREA), pl.col(BNR).alias(VALUE), renamed.alias(RENAMED)
            )
        )
        rows = rows.with_columns(
            pl.when(pl.col("_occurrence") > 0).then(renamed).otherwise(pl.col(BNR)).alias(BNR)
        )
        if not known_municipality:
            unplaced.append(
                rows.filter(pl.col(AGS).is_null() & pl.col(ART).is_in(list(PRECINCTS))).select(
                    LINE,
                    pl.col(NUMMER).alias(AREA),
                    pl.col(BNR).alias(VALUE),
                    pl.col(ROW_GS).alias("gs"),
                )
            )
        keyed.append(Part(part.gs, part.name, rows.drop("_occurrence")))
    text = {AREA: pl.String, VALUE: pl.String}
    none = pl.DataFrame(schema={LINE: pl.UInt32, **text, "gs": pl.String})
    once = pl.DataFrame(schema={LINE: pl.UInt32, **text, RENAMED: pl.String})
    return (
        keyed,
        Rows(pl.concat([none, *unplaced], how="vertical_relaxed"), GEBIETSNUMMER),
        Rows(pl.concat([once, *repeated], how="vertical_relaxed"), BEZIRKSNUMMER),
    )


def area_art(rows: pl.DataFrame) -> str:
    """The Gebietsart of the electoral area: STIMMKREIS in a Landtag file, else WAHLKREIS."""
    return STIMMKREIS if (rows[ART] == STIMMKREIS).any() else WAHLKREIS


def totals_of(
    aggregates: pl.DataFrame, precincts: pl.DataFrame, counts: list[str], sources: dict[str, str]
) -> Totals | None:
    """The aggregate rows as totals of their precincts (K05, K06).

    GEMEINDE = Σ precincts of the municipality, KREIS = Σ precincts of municipalities of the
    Kreis, WAHLKREIS (or, in a Landtag file, STIMMKREIS) = Σ precincts with its Wahlkreisnummer;
    all hold in every row of the real files. VERBANDSGEMEINDE rows are not checked: the file does
    not name their members (in EW 2024 a non-member sits between the members of VG Aßling), and
    neither are the Landtag's WAHLKREIS rows (Regierungsbezirke, larger than the file's
    Stimmkreis); their number of precincts is unknown (no TOTAL key).
    """
    if aggregates.height == 0:
        return None
    has_wk = precincts[WK].is_not_null().any()
    area = area_art(aggregates)
    # (Gebietsart, the key of a total row, the key of its precincts), one per kind of total.
    kinds = [
        (GEMEINDE, pl.coalesce(pl.col(AGS), pl.col(NUMMER)), pl.col(ROW_GS)),
        (KREIS, pl.col(NUMMER).str.slice(0, 5), pl.col(ROW_GS).str.slice(0, 5)),
        (
            area,
            pl.coalesce(pl.col(WK), pl.col(NUMMER)) if has_wk else pl.lit("*"),
            pl.col(WK) if has_wk else pl.lit("*"),
        ),
    ]
    total: pl.Expr = pl.lit(None, dtype=pl.String)
    for art, parent, _ in reversed(kinds):
        total = (
            pl.when(pl.col(ART) == art)
            .then(pl.format("{}:{}", pl.lit(art), parent))
            .otherwise(total)
        )
    rows = aggregates.select(LINE, pl.col(NUMMER).alias(AREA), total.alias(TOTAL), *counts)
    members = pl.concat(
        [
            precincts.select(pl.format("{}:{}", pl.lit(art), child).alias(TOTAL), *counts)
            for art, _, child in kinds
        ]
    )
    return Totals(rows=rows, members=members, counts=counts, columns=sources, complete=True)
