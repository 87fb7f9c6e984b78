"""R: references within and across the five files – keys, joins and the area hierarchy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core import standard
from wahldaten.core.findings import Finding, Location, Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.owd import (
    DATUM,
    GS,
    KANDIDATEN,
    NAME,
    STIMMZETTEL,
    WAHLERGEBNISSE,
    WAHLGEBIETSEINTEILUNGEN,
    WAHLPARAMETER,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.rules.context import (
    ART,
    BEZIRK_ART,
    BEZIRK_NAME,
    BEZIRK_NR,
    GEBIET,
    LISTED,
    LISTED_NAME,
    NUMBERED,
    POSTAL,
    STIMMZETTEL_GEBIET,
    Context,
    column_hits,
    option_number,
)
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

POSITION = "stimmzettel-position"
PARTEI = "partei-kurzname"
PARTEI_LANG = "partei-langname"
KANDIDAT_GEBIET = "kandidat-gebiet-nr"
LISTENPLATZ = "kandidat-listenplatz"
BRIEFWAHLBEZIRK = "BRIEFWAHLBEZIRK-NR"
LEVELS = (5, 4, 3, 2)


def party_name(frame: pl.DataFrame) -> pl.Expr:
    """The name that links a candidacy to the ballot: the short name, else the long name."""
    names = [pl.col(c) for c in (PARTEI, PARTEI_LANG) if c in frame.columns]
    return pl.coalesce(names) if names else pl.lit(None, dtype=pl.String)


def _key(ctx: Context, frame: pl.DataFrame) -> list[str]:
    return [c for c in ctx.bezirk_key if c in frame.columns]


def _results_and_gebiete(ctx: Context) -> tuple[pl.DataFrame, pl.DataFrame, list[str]] | None:
    results = ctx.frame(WAHLERGEBNISSE)
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if results is None or gebiete is None:
        return None
    key = [c for c in ctx.bezirk_key if c in results.columns and c in gebiete.columns]
    if BEZIRK_NR not in key:
        return None
    return results, gebiete, key


@rule(
    "R01",
    "file-missing",
    Severity.ERROR,
    ("Paket",),
    example="A package with Wahlparameter, Stimmzettel and Wahlergebnisse but no Wahlgebietseinteilungen.",
)
def file_missing(ctx: Context) -> Iterator[Yielded]:
    """A file type the standard requires is missing from the package (Wahlparameter,
    Wahlgebietseinteilungen, Stimmzettel, Wahlergebnisse). Kandidaten is optional."""
    present = ctx.package.files
    for file_type in standard.FILE_TYPES:
        if ctx.file_spec(file_type).required_file and file_type not in present:
            yield Finding(params={"file_type": file_type})


@rule(
    "R02",
    "kandidaten-missing",
    Severity.WARNING,
    (KANDIDATEN, WAHLGEBIETSEINTEILUNGEN, STIMMZETTEL),
    example="Candidate areas in Wahlgebietseinteilungen, but no Kandidaten file.",
)
def kandidaten_missing(ctx: Context) -> Iterator[Yielded]:
    """There is no Kandidaten file although the package has candidate areas or Einzelbewerber
    (`partei-typ` E). Referendum packages lack it legitimately."""
    if KANDIDATEN in ctx.package.files:
        return
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    stimmzettel = ctx.frame(STIMMZETTEL)
    areas = (
        gebiete is not None
        and KANDIDAT_GEBIET in gebiete.columns
        and gebiete[KANDIDAT_GEBIET].is_not_null().any()
    )
    einzel = (
        stimmzettel is not None
        and "partei-typ" in stimmzettel.columns
        and (stimmzettel["partei-typ"] == "E").any()
    )
    if areas or einzel:
        yield Finding(params={"reason": "kandidat-gebiet-nr" if areas else "partei-typ E"})


def _reference(ctx: Context, column: str) -> str | None:
    frame = ctx.frame(WAHLPARAMETER)
    if (
        frame is not None
        and column in frame.columns
        and frame.height
        and frame[column][0] is not None
    ):
        return str(frame[column][0])
    counts: dict[str, int] = {}
    for _, table in ctx.tables():
        if table.has(column):
            for value, n in table.frame[column].drop_nulls().value_counts().iter_rows():
                counts[value] = counts.get(value, 0) + n
    return max(counts, key=lambda v: counts[v]) if counts else None


def _within_authority(authority: str) -> pl.Expr:
    """Rows whose gs is a municipality inside the authority: a Land (`LL000000`,
    `LL0000000000`), a Regierungsbezirk (`LLR00000`, `LLR000000000`) or a Kreis (AGS ending in
    000, ARS ending in 0000000)."""
    if len(authority) not in (8, 12) or not authority.isdigit():
        return pl.lit(False)
    if not authority[2:].strip("0"):
        prefix = authority[:2]
    elif not authority[3:].strip("0"):
        prefix = authority[:3]
    elif authority.endswith("000") if len(authority) == 8 else authority.endswith("0000000"):
        prefix = authority[:5]
    else:
        return pl.lit(False)
    return pl.col(GS).str.starts_with(prefix)


@rule(
    "R03",
    "identity-differs",
    Severity.ERROR,
    ("Alle Dateien",),
    example="Wahlergebnisse rows with wahl-datum 14.09.2020 in a package of the 13.09.2020",
)
def identity_differs(ctx: Context) -> Iterator[Yielded]:
    """`wahl-name`, `wahl-datum` or `wahl-behoerde-gs` differ across rows or files. They identify the
    package; a difference means mixed exports. (Rows of a Kreis, Regierungsbezirk or Land package
    may carry the key of their municipality: see R19.) A wrong `version` is reported by S11."""
    expected = {column: _reference(ctx, column) for column in (NAME, DATUM, GS)}
    for _, table in ctx.tables():
        conditions: dict[str, pl.Expr] = {}
        for column, value in expected.items():
            if value is None or not table.has(column):
                continue
            differs = pl.col(column).is_not_null() & (pl.col(column) != value)
            if column == GS:
                differs = differs & ~_within_authority(value)
            conditions[column] = differs
        for column, hits in column_hits(table.frame, conditions):
            yield ctx.rows(
                table.display, hits, column=column, expected=expected[column], found=pl.col(column)
            )


@rule(
    "R04",
    "wahlparameter-rows",
    Severity.ERROR,
    (WAHLPARAMETER,),
    example="A Wahlparameter file with two rows.",
)
def wahlparameter_rows(ctx: Context) -> Iterator[Yielded]:
    """Wahlparameter must hold exactly one row: one election per package."""
    table = ctx.table(WAHLPARAMETER)
    if table is not None and table.frame.height != 1:
        line = int(table.frame[LINE_COLUMN][1]) if table.frame.height > 1 else table.header_line
        yield Finding(params={"count": table.frame.height}, location=Location(table.display, line))


@rule(
    "R05",
    "duplicate-bezirk",
    Severity.ERROR,
    (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE),
    example="Two Wahlergebnisse rows for bezirk-nr `0101`.",
)
def duplicate_bezirk(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk occurs twice in Wahlgebietseinteilungen or Wahlergebnisse. The Bezirk is identified
    by `wahl-behoerde-gs` and `bezirk-nr` (a Kreis package repeats numbers across municipalities)."""
    for file_type in (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE):
        table = ctx.table(file_type)
        if table is None:
            continue
        key = _key(ctx, table.frame)
        if BEZIRK_NR not in key:
            continue
        frame = table.frame.filter(pl.col(BEZIRK_NR).is_not_null())
        # One hash pass finds candidates (a hash collision only adds a candidate); the exact
        # keys and first lines are compared for those only.
        frame = frame.filter(frame.select(key).hash_rows().is_duplicated())
        first_line = pl.col(LINE_COLUMN).min().over(key)
        hits = frame.with_columns(first_line.alias("first")).filter(
            pl.col(LINE_COLUMN) != pl.col("first")
        )
        if hits.height:
            yield ctx.rows(table.display, hits, column=BEZIRK_NR, first_line=pl.col("first"))


@rule(
    "R06",
    "result-without-bezirk",
    Severity.ERROR,
    (WAHLERGEBNISSE, WAHLGEBIETSEINTEILUNGEN),
    example="A Wahlergebnisse row for bezirk-nr `0999`, which Wahlgebietseinteilungen does not list.",
)
def result_without_bezirk(ctx: Context) -> Iterator[Yielded]:
    """A result row's Bezirk is not in Wahlgebietseinteilungen, so it cannot be placed in the area
    hierarchy, its type (urn or postal) is unknown and it drops out of every aggregate."""
    results = ctx.results
    if _results_and_gebiete(ctx) is None or results is None:
        return
    missing = results.frame.filter(pl.col(BEZIRK_NR).is_not_null() & pl.col(LISTED).is_null())
    if missing.height:
        yield ctx.rows(results.display, missing, column=BEZIRK_NR)


def _bezirke_without_results(ctx: Context) -> pl.DataFrame | None:
    joined = _results_and_gebiete(ctx)
    if joined is None:
        return None
    results, gebiete, key = joined
    facts = ctx.results
    if (
        facts is not None
        and int(facts.frame[LISTED].sum()) == gebiete.height == results.height
        and gebiete.select(key).n_unique() == gebiete.height
    ):
        # Every result row found its Bezirk, as many rows on each side, no Bezirk listed twice:
        # the join onto the results already proved that none is missing.
        return gebiete.clear()
    return gebiete.filter(pl.col(BEZIRK_NR).is_not_null()).join(
        results.select(key).unique(), on=key, how="anti", nulls_equal=True
    )


@rule(
    "R07",
    "bezirk-without-result",
    Severity.WARNING,
    (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE),
    example="Wahlgebietseinteilungen lists Bezirk `0402`; Wahlergebnisse has no row for it, "
    "and every other row is counted.",
)
def bezirk_without_result(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk of Wahlgebietseinteilungen has no row in Wahlergebnisse although every result row
    is counted: the result is probably lost. While counting is still going on this is expected
    and reported as R20 instead."""
    if not ctx.counting_complete:
        return
    missing = _bezirke_without_results(ctx)
    if missing is not None and missing.height:
        yield ctx.rows(ctx.display(WAHLGEBIETSEINTEILUNGEN), missing, column=BEZIRK_NR)


@rule(
    "R20",
    "bezirk-not-yet-reported",
    Severity.INFO,
    (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE),
    example="During election night: Bezirk `0402` has no result row yet, other rows are still empty.",
)
def bezirk_not_yet_reported(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk has no row in Wahlergebnisse while counting is incomplete (some rows carry no
    counts yet). Expected on election night; the Bezirk counts as not reported, never as 0."""
    if ctx.counting_complete or ctx.results is None:
        return
    missing = _bezirke_without_results(ctx)
    if missing is not None and missing.height:
        yield ctx.rows(ctx.display(WAHLGEBIETSEINTEILUNGEN), missing, column=BEZIRK_NR)


@rule(
    "R08",
    "bezirk-name-differs",
    Severity.WARNING,
    (WAHLGEBIETSEINTEILUNGEN, WAHLERGEBNISSE),
    example="bezirk-name `0101 Rathaus` in Wahlgebietseinteilungen, `0101 Altes Rathaus` in Wahlergebnisse",
)
def bezirk_name_differs(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk has a different `bezirk-name` in Wahlgebietseinteilungen and Wahlergebnisse, a sign
    of exports from different systems or dates."""
    results = ctx.results
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if _results_and_gebiete(ctx) is None or results is None or gebiete is None:
        return
    if BEZIRK_NAME not in results.frame.columns or BEZIRK_NAME not in gebiete.columns:
        return
    hits = results.frame.filter(
        pl.col(LISTED) & pl.col(BEZIRK_NAME).ne_missing(pl.col(LISTED_NAME))
    )
    if hits.height:
        yield ctx.rows(
            results.display,
            hits,
            column=BEZIRK_NAME,
            expected=pl.col(LISTED_NAME),
            found=pl.col(BEZIRK_NAME),
        )


def _positions(ctx: Context) -> pl.DataFrame | None:
    """Ballot areas and their positions (area "" = one ballot for all), as integers."""
    stimmzettel = ctx.frame(STIMMZETTEL)
    if stimmzettel is None or POSITION not in stimmzettel.columns:
        return None
    area = (
        pl.col(STIMMZETTEL_GEBIET).fill_null("")
        if STIMMZETTEL_GEBIET in stimmzettel.columns
        else pl.lit("")
    )
    return stimmzettel.select(
        area.alias(GEBIET),
        pl.col(POSITION).cast(pl.Int64, strict=False).alias("position"),
        pl.col(LINE_COLUMN),
    ).filter(pl.col("position").is_not_null())


@rule(
    "R09",
    "votes-without-ballot-position",
    Severity.ERROR,
    (WAHLERGEBNISSE, STIMMZETTEL, WAHLGEBIETSEINTEILUNGEN),
    example="`D7` holds votes, but the Bezirk's ballot has no position 7.",
)
def votes_without_ballot_position(ctx: Context) -> Iterator[Yielded]:
    """A result column `D<n>` or `F<n>` holds votes in a Bezirk whose ballot (its
    `stimmzettel-gebiet-nr` in Stimmzettel) has no position n: votes for an unnamed option."""
    results = ctx.results
    positions = _positions(ctx)
    if results is None or positions is None or ctx.frame(WAHLGEBIETSEINTEILUNGEN) is None:
        return
    frame = results.frame.filter(pl.col(ART).is_not_null())  # Bezirke placed in the hierarchy
    # Per position, the ballot areas of these Bezirke whose ballot lacks it; usually none, and a
    # column whose votes all fall in areas with that position needs no check at all.
    used = set(frame[GEBIET].unique().to_list())
    areas_of = positions.group_by("position").agg(pl.col(GEBIET).unique())
    offered = dict(zip(areas_of["position"].to_list(), areas_of[GEBIET].to_list(), strict=True))
    conditions = {}
    for column in (*results.d_columns, *results.f_columns):
        lacking = sorted(used - set(offered.get(option_number(column), [])))
        if lacking:
            conditions[column] = pl.col(column).is_not_null() & pl.col(GEBIET).is_in(lacking)
    for column, hits in column_hits(frame, conditions):
        yield ctx.rows(
            results.display,
            hits,
            column=column,
            value=pl.col(column),
            area=pl.when(pl.col(GEBIET) != "").then(pl.col(GEBIET)),
            position=option_number(column),
        )


@rule(
    "R10",
    "ballot-position-without-results",
    Severity.WARNING,
    (STIMMZETTEL, WAHLERGEBNISSE),
    example="Stimmzettel position 9, but Wahlergebnisse has neither `D9` nor `F9`.",
)
def ballot_position_without_results(ctx: Context) -> Iterator[Yielded]:
    """A ballot position has no result column `D<n>` or `F<n>`: its votes are missing from the
    results, or the nomination was withdrawn and should leave the ballot."""
    results = ctx.frame(WAHLERGEBNISSE)
    positions = _positions(ctx)
    if results is None or positions is None:
        return
    numbers = {option_number(c) for c in results.columns if NUMBERED.match(c)}
    hits = positions.filter(~pl.col("position").is_in(sorted(numbers)))
    if hits.height:
        yield ctx.rows(
            ctx.display(STIMMZETTEL),
            hits,
            column=POSITION,
            bezirk=None,
            position=pl.col("position"),
        )


@rule(
    "R11",
    "duplicate-ballot-position",
    Severity.ERROR,
    (STIMMZETTEL,),
    example="Two Stimmzettel rows with position 3 for the same ballot area.",
)
def duplicate_ballot_position(ctx: Context) -> Iterator[Yielded]:
    """Two ballot entries share a position within one ballot area: results cannot be joined to a
    single option."""
    positions = _positions(ctx)
    if positions is None:
        return
    first = pl.col(LINE_COLUMN).min().over([GEBIET, "position"])
    hits = positions.with_columns(first.alias("first")).filter(
        pl.col(LINE_COLUMN) != pl.col("first")
    )
    if hits.height:
        yield ctx.rows(
            ctx.display(STIMMZETTEL),
            hits,
            column=POSITION,
            bezirk=None,
            position=pl.col("position"),
            first_line=pl.col("first"),
        )


@rule(
    "R12",
    "unknown-ballot-area",
    Severity.ERROR,
    (WAHLGEBIETSEINTEILUNGEN, STIMMZETTEL),
    example="A Bezirk with stimmzettel-gebiet-nr `3`; Stimmzettel only has area `1` and `2`.",
)
def unknown_ballot_area(ctx: Context) -> Iterator[Yielded]:
    """A Bezirk's `stimmzettel-gebiet-nr` has no entries in Stimmzettel, so its ballot is unknown.
    An empty area refers to the entries with an empty area (one ballot for all). Not checked while
    the ballot is still empty (a file exported before nominations were loaded)."""
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    positions = _positions(ctx)
    if gebiete is None or positions is None or positions.height == 0:
        return
    area = (
        pl.col(STIMMZETTEL_GEBIET).fill_null("")
        if STIMMZETTEL_GEBIET in gebiete.columns
        else pl.lit("")
    )
    known = positions[GEBIET].unique().to_list()
    hits = gebiete.filter(~area.is_in(known))
    if hits.height:
        yield ctx.rows(
            ctx.display(WAHLGEBIETSEINTEILUNGEN), hits, column=STIMMZETTEL_GEBIET, area=area
        )


@rule(
    "R13",
    "unknown-candidate-area",
    Severity.ERROR,
    (KANDIDATEN, WAHLGEBIETSEINTEILUNGEN),
    example="A candidate with kandidat-gebiet-nr `17`; no Bezirk belongs to area 17.",
)
def unknown_candidate_area(ctx: Context) -> Iterator[Yielded]:
    """A candidate's `kandidat-gebiet-nr` is not the candidate area of any Bezirk in
    Wahlgebietseinteilungen: the candidacy cannot be placed."""
    kandidaten = ctx.frame(KANDIDATEN)
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if kandidaten is None or gebiete is None or KANDIDAT_GEBIET not in kandidaten.columns:
        return
    known = (
        gebiete[KANDIDAT_GEBIET].drop_nulls().unique().to_list()
        if KANDIDAT_GEBIET in gebiete.columns
        else []
    )
    hits = kandidaten.filter(
        pl.col(KANDIDAT_GEBIET).is_not_null() & ~pl.col(KANDIDAT_GEBIET).is_in(known)
    )
    if hits.height:
        yield ctx.rows(
            ctx.display(KANDIDATEN),
            hits,
            column=KANDIDAT_GEBIET,
            bezirk=None,
            value=pl.col(KANDIDAT_GEBIET),
        )


@rule(
    "R22",
    "candidate-area-without-candidates",
    Severity.WARNING,
    (WAHLGEBIETSEINTEILUNGEN, KANDIDATEN),
    example="Bezirke in candidate area `5`, but no candidate stands in area 5.",
)
def candidate_area_without_candidates(ctx: Context) -> Iterator[Yielded]:
    """A candidate area used by Bezirke has no candidates in Kandidaten (checked only when some
    candidacies name an area). The direct candidates of these Bezirke are unknown."""
    kandidaten = ctx.frame(KANDIDATEN)
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if (
        kandidaten is None
        or gebiete is None
        or KANDIDAT_GEBIET not in kandidaten.columns
        or KANDIDAT_GEBIET not in gebiete.columns
    ):
        return
    standing = kandidaten[KANDIDAT_GEBIET].drop_nulls().unique().to_list()
    if not standing:
        return
    unused = gebiete.filter(
        pl.col(KANDIDAT_GEBIET).is_not_null() & ~pl.col(KANDIDAT_GEBIET).is_in(standing)
    )
    first = unused.group_by(KANDIDAT_GEBIET).agg(pl.col(LINE_COLUMN).min()).sort(LINE_COLUMN)
    if first.height:
        yield ctx.rows(
            ctx.display(WAHLGEBIETSEINTEILUNGEN),
            first,
            column=KANDIDAT_GEBIET,
            bezirk=None,
            value=pl.col(KANDIDAT_GEBIET),
        )


@rule(
    "R14",
    "candidate-party-not-on-ballot",
    Severity.WARNING,
    (KANDIDATEN, STIMMZETTEL),
    example="A candidate of `Grüne` while the ballot lists `GRÜNE`.",
)
def candidate_party_not_on_ballot(ctx: Context) -> Iterator[Yielded]:
    """A candidate's party is not on the ballot (Stimmzettel). The name is the only link between the
    two files, so it must match exactly: the short name, or the long name where the short name is
    empty."""
    kandidaten = ctx.frame(KANDIDATEN)
    stimmzettel = ctx.frame(STIMMZETTEL)
    if kandidaten is None or stimmzettel is None:
        return
    on_ballot = (
        stimmzettel.select(party_name(stimmzettel)).to_series().drop_nulls().unique().to_list()
    )
    candidates = kandidaten.with_columns(party_name(kandidaten).alias("__partei"))
    hits = candidates.filter(
        pl.col("__partei").is_not_null() & ~pl.col("__partei").is_in(on_ballot)
    )
    first = (
        hits.group_by("__partei")
        .agg(pl.col(LINE_COLUMN).min(), pl.len().alias("count"))
        .sort(LINE_COLUMN)
    )
    if first.height:
        yield ctx.rows(
            ctx.display(KANDIDATEN),
            first,
            column=PARTEI,
            bezirk=None,
            value=pl.col("__partei"),
            count=pl.col("count"),
        )


def _levels(ctx: Context, *, labelled: bool, used: bool) -> Iterator[Yielded]:
    parameter = ctx.frame(WAHLPARAMETER)
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if parameter is None or gebiete is None or parameter.height == 0:
        return
    for level in LEVELS:
        label_column = f"gebiet-ebene-{level}-bezeichnung"
        nr_column = f"gebiet-ebene-{level}-nr"
        if label_column not in parameter.columns or nr_column not in gebiete.columns:
            continue
        is_labelled = parameter[label_column][0] is not None
        is_used = bool(gebiete[nr_column].is_not_null().any())
        if (is_labelled, is_used) == (labelled, used):
            yield Finding(
                params={"level": level},
                location=Location(
                    ctx.display(WAHLPARAMETER), int(parameter[LINE_COLUMN][0]), label_column
                ),
            )


@rule(
    "R15",
    "level-without-label",
    Severity.WARNING,
    (WAHLPARAMETER, WAHLGEBIETSEINTEILUNGEN),
    example="gebiet-ebene-3-nr filled in Wahlgebietseinteilungen, gebiet-ebene-3-bezeichnung empty in Wahlparameter",
)
def level_without_label(ctx: Context) -> Iterator[Yielded]:
    """An area level is used in Wahlgebietseinteilungen (`gebiet-ebene-N-nr` filled) but
    Wahlparameter gives it no label (`gebiet-ebene-N-bezeichnung`): the hierarchy cannot be shown
    with names."""
    yield from _levels(ctx, labelled=False, used=True)


@rule(
    "R23",
    "label-without-level",
    Severity.WARNING,
    (WAHLPARAMETER, WAHLGEBIETSEINTEILUNGEN),
    example="gebiet-ebene-4-bezeichnung `Stadtbezirk`, but no Bezirk has a gebiet-ebene-4-nr",
)
def label_without_level(ctx: Context) -> Iterator[Yielded]:
    """Wahlparameter labels an area level that no Bezirk in Wahlgebietseinteilungen uses: the
    areas of that level are missing."""
    yield from _levels(ctx, labelled=True, used=False)


@rule(
    "R16",
    "area-name-differs",
    Severity.WARNING,
    (WAHLGEBIETSEINTEILUNGEN,),
    example="gebiet-ebene-2-nr `041` named `Garath` in one row and `Hellerhof` in another",
)
def area_name_differs(ctx: Context) -> Iterator[Yielded]:
    """The same area number at one level (within one municipality) has different names in different
    rows: the area tree is inconsistent."""
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if gebiete is None:
        return
    for level in LEVELS:
        nr_column, name_column = f"gebiet-ebene-{level}-nr", f"gebiet-ebene-{level}-name"
        if nr_column not in gebiete.columns or name_column not in gebiete.columns:
            continue
        rows = gebiete.filter(pl.col(nr_column).is_not_null())
        # Area numbers are per municipality in Kreis packages.
        scope = [c for c in (GS, nr_column) if c in gebiete.columns]
        names = rows.group_by(scope).agg(pl.col(name_column).n_unique().alias("names"))
        if names.height == 0 or names["names"].max() == 1:
            continue  # every area has one name: the common case, decided per area not per row
        first_name = pl.col(name_column).sort_by(LINE_COLUMN).first().over(scope)
        hits = rows.with_columns(first_name.alias("expected")).filter(
            pl.col(name_column).ne_missing(pl.col("expected"))
        )
        if hits.height:
            yield ctx.rows(
                ctx.display(WAHLGEBIETSEINTEILUNGEN),
                hits,
                column=name_column,
                area=pl.col(nr_column),
                expected=pl.col("expected"),
                found=pl.col(name_column),
            )


@rule(
    "R17",
    "postal-link-dangling",
    Severity.WARNING,
    (WAHLGEBIETSEINTEILUNGEN,),
    example="BRIEFWAHLBEZIRK-NR `164`, but the package has no postal Bezirk 164.",
)
def postal_link_dangling(ctx: Context) -> Iterator[Yielded]:
    """The extension `BRIEFWAHLBEZIRK-NR` does not point to a postal Bezirk (`bezirk-art` B) of the
    package, or points to the Bezirk itself. Such dangling links occur in real exports."""
    gebiete = ctx.frame(WAHLGEBIETSEINTEILUNGEN)
    if (
        gebiete is None
        or BRIEFWAHLBEZIRK not in gebiete.columns
        or BEZIRK_ART not in gebiete.columns
    ):
        return
    key = _key(ctx, gebiete)
    postal = gebiete.filter(pl.col(BEZIRK_ART) == POSTAL).select(*key)
    links = gebiete.filter(pl.col(BRIEFWAHLBEZIRK).is_not_null())
    target = links.with_columns(pl.col(BRIEFWAHLBEZIRK).alias("__ziel"))
    on_left = [c if c != BEZIRK_NR else "__ziel" for c in key]
    found = target.join(postal, left_on=on_left, right_on=key, how="semi", nulls_equal=True)
    hits = target.filter(
        ~pl.col(LINE_COLUMN).is_in(found[LINE_COLUMN].implode())
        | (pl.col("__ziel") == pl.col(BEZIRK_NR))
    )
    if hits.height:
        yield ctx.rows(
            ctx.display(WAHLGEBIETSEINTEILUNGEN),
            hits,
            column=BRIEFWAHLBEZIRK,
            value=pl.col(BRIEFWAHLBEZIRK),
        )


@rule(
    "R18",
    "duplicate-list-place",
    Severity.WARNING,
    (KANDIDATEN,),
    example="Two candidates of the SPD on list place 4.",
)
def duplicate_list_place(ctx: Context) -> Iterator[Yielded]:
    """Two candidates of one party share a list place greater than 0: the list is broken."""
    kandidaten = ctx.frame(KANDIDATEN)
    if kandidaten is None or LISTENPLATZ not in kandidaten.columns:
        return
    placed = kandidaten.with_columns(
        pl.col(LISTENPLATZ).cast(pl.Int64, strict=False).alias("__platz"),
        party_name(kandidaten).alias("__partei"),
    ).filter((pl.col("__platz") > 0) & pl.col("__partei").is_not_null())
    first = pl.col(LINE_COLUMN).min().over(["__partei", "__platz"])
    hits = placed.with_columns(first.alias("first")).filter(pl.col(LINE_COLUMN) != pl.col("first"))
    if hits.height:
        yield ctx.rows(
            ctx.display(KANDIDATEN),
            hits,
            column=LISTENPLATZ,
            bezirk=None,
            party=pl.col("__partei"),
            value=pl.col(LISTENPLATZ),
            first_line=pl.col("first"),
        )


@rule(
    "R19",
    "municipality-in-kreis",
    Severity.INFO,
    ("Alle Dateien",),
    example="A Kreistagswahl package of Kreis 05366000 whose rows carry 05366004, 05366008 …",
)
def municipality_in_kreis(ctx: Context) -> Iterator[Yielded]:
    """Rows carry the key of a municipality inside the area of the authority that publishes the
    package (a Kreis, a Regierungsbezirk or a Land), not the authority's own key. Normal in such
    packages; the Bezirk is then identified by municipality and number. Reported once per file
    and municipality."""
    authority = ctx.authority_gs
    if authority is None:
        return
    for _, table in ctx.tables():
        if not table.has(GS):
            continue
        # Grouping first: the conditions then run once per key, not once per row.
        first = (
            table.frame.group_by(GS)
            .agg(pl.col(LINE_COLUMN).min(), pl.len().alias("count"))
            .filter((pl.col(GS) != authority) & _within_authority(authority))
            .sort(LINE_COLUMN)
        )
        if first.height == 0:
            continue
        yield ctx.rows(
            table.display,
            first,
            column=GS,
            bezirk=None,
            value=pl.col(GS),
            authority=authority,
            count=pl.col("count"),
        )


@rule(
    "R21",
    "file-type-twice",
    Severity.ERROR,
    ("Paket",),
    example="Two Wahlergebnisse files of the same election in one folder (exports of 20:15 and 21:30).",
)
def file_type_twice(ctx: Context) -> Iterator[Yielded]:
    """A package has two files of the same type. The first (in name order) is validated; the
    others are reported here. Put different exports of the same election in separate folders."""
    yield from ctx.reader_issues("R21")
