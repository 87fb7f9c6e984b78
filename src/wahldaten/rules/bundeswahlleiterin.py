"""K: checks and decisions of the Bundeswahlleiterin's files (kerg2, kerg, Wahlbezirksstatistik).

The readers (`formats/kerg2.py`, `kerg.py`, `wbz.py`) record what they decided while reading;
these rules surface it. K20 checks the percentages of kerg2 itself, over the whole long frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.findings import Severity, Yielded
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.source import SourceContext
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

KERG2, KERG, WBZ = "kerg2", "kerg", "wbz"
WAHLKREIS_FILES = (KERG2, KERG)
KERG2_FILE, KERG_FILE, WBZ_FILE = "kerg2.csv", "kerg.csv", "Wbz_*_Ergebnisse.csv"
PERCENT_TOLERANCE = 5e-6


@rule(
    "K20",
    "percentage-differs",
    Severity.WARNING,
    (KERG2_FILE,),
    example="Prozent `15,8846` for 28366 of 178575 valid Erststimmen (100 · 28366 / 178575 = 15,884642)",
    values={"tolerance": "0,000005"},
    formats=(KERG2,),
)
def percentage_differs(ctx: SourceContext) -> Iterator[Yielded]:
    """`Prozent` of a kerg2 row is not 100 · Anzahl / denominator within ±{tolerance} points.
    The denominator depends on the row: Wahlberechtigte for Wählende (turnout), Wählende for
    Ungültige and Gültige, the valid votes of the same Stimme for parties and Einzelbewerber.
    The percentages are not carried into OWD (they follow from the counts), so a mismatch means
    a count or a percentage of the source is wrong."""
    long = ctx.facts.get("long")
    if not isinstance(long, pl.DataFrame) or "Prozent" not in long.columns:
        return
    area = ["art", "nr"]

    def letter(name: str) -> pl.Expr:
        return pl.col("count").filter(pl.col("letter") == name).first().over(area)

    valid = pl.when(pl.col("stimme") == 2).then(letter("F")).otherwise(letter("D"))
    denominator = (
        pl.when(pl.col("letter") == "B")
        .then(letter("A"))
        .when(pl.col("letter").is_in(["C", "D", "E", "F"]))
        .then(letter("B"))
        .when(pl.col("kind") != "system")
        .then(valid)
        .otherwise(pl.lit(None, dtype=pl.Int64))
    )
    percent = pl.col("Prozent").str.strip_chars().str.replace(",", ".", literal=True)
    checked = long.with_columns(
        denominator.alias("__den"), percent.cast(pl.Float64, strict=False).alias("__found")
    ).with_columns((100 * pl.col("count") / pl.col("__den")).alias("__expected"))
    hits = checked.filter(
        pl.col("__found").is_not_null()
        & pl.col("count").is_not_null()
        & (pl.col("__den") > 0)
        & ((pl.col("__expected") - pl.col("__found")).abs() > PERCENT_TOLERANCE)
    )
    if hits.height:
        yield ctx.rows(
            str(ctx.facts.get("display", "")),
            hits,
            column="Prozent",
            bezirk="nr",
            group=pl.col("group"),
            found=pl.col("Prozent"),
            expected=pl.col("__expected").round(6),
        )


@rule(
    "K21",
    "result-status",
    Severity.INFO,
    (KERG2_FILE, KERG_FILE),
    example="`Status:;Endgültig` in the preamble of kerg2.csv, `Vorläufiges Ergebnis` in kerg.csv",
    formats=WAHLKREIS_FILES,
)
def result_status(ctx: SourceContext) -> Iterator[Yielded]:
    """The counting status the file declares: vorläufig (election night), endgültig (after the
    Bundeswahlausschuss) or Zwischenergebnis. OWD has no status field, so it is reported here;
    published figures may still be corrected."""
    yield from ctx.reader_issues("K21")


@rule(
    "K22",
    "result-status-unknown",
    Severity.WARNING,
    (KERG2_FILE, KERG_FILE),
    example="a kerg2.csv whose preamble has no `Status:` line, or `Status:;Hochrechnung`",
    formats=WAHLKREIS_FILES,
)
def result_status_unknown(ctx: SourceContext) -> Iterator[Yielded]:
    """The file does not say whether its figures are provisional or final, or says something
    the converter does not know. The package is converted, but nothing tells its users how far
    the figures can be trusted."""
    yield from ctx.reader_issues("K22")


@rule(
    "K23",
    "postal-link-not-expressible",
    Severity.INFO,
    (WBZ_FILE,),
    example="Land 01: 215 Bezirke linked, 1565 served by several postal districts, 602 by one of the Amt",
    formats=(WBZ,),
)
def postal_link_not_expressible(ctx: SourceContext) -> Iterator[Yielded]:
    """Urn districts whose postal district cannot be written as `BRIEFWAHLBEZIRK-NR`. The
    Kennziffer Briefwahlzugehörigkeit names a group of postal districts (those of the
    municipality, or of an Amt/Verbandsgemeinde in a pseudo-municipality `9xx`); OWD links a
    Bezirk to one postal Bezirk of the same municipality. Written where the group is exactly one
    postal district of the row's own municipality; counted per Land otherwise."""
    yield from ctx.reader_issues("K23")


@rule(
    "K24",
    "special-bezirk-type",
    Severity.INFO,
    (WBZ_FILE,),
    example="Bezirksart 8 for a Hamburg district `015001` with 14 electors",
    formats=(WBZ,),
)
def special_bezirk_type(ctx: SourceContext) -> Iterator[Yielded]:
    """A precinct with a special Bezirksart (6 or 8: special districts such as hospitals or
    districts without a polling station of their own). OWD knows urn (W) and postal (B)
    Bezirke only; they are written as W with their counts."""
    yield from ctx.reader_issues("K24")


@rule(
    "K25",
    "postal-number-suffixed",
    Severity.INFO,
    (WBZ_FILE,),
    example="Flensburg numbers its urn and its postal districts from 000001: postal 000001 → 000001-B",
    formats=(WBZ,),
)
def postal_number_suffixed(ctx: SourceContext) -> Iterator[Yielded]:
    """The postal districts of a municipality reuse the numbers of its urn districts; the source
    tells them apart by Bezirksart, OWD by number only. Every postal district of such a
    municipality is written with the suffix `-B`."""
    yield from ctx.reader_issues("K25")


@rule(
    "K26",
    "electorate-without-breakdown",
    Severity.INFO,
    (KERG2_FILE, KERG_FILE),
    example="kerg2.csv gives Wahlberechtigte 231536 per Wahlkreis, nothing on Wahlschein or § 25",
    formats=WAHLKREIS_FILES,
)
def electorate_without_breakdown(ctx: SourceContext) -> Iterator[Yielded]:
    """The source gives the electorate A only, not its parts A1–A3 (without and with a Wahlschein
    mark, not in the register). They are left empty, never 0; the identity A = A1 + A2 + A3 is
    then not checked."""
    yield from ctx.reader_issues("K26")


@rule(
    "K27",
    "merged-urn-district",
    Severity.INFO,
    (WBZ_FILE,),
    example="Gemeinde 008 with Kennziffer zusammengelegte Urnenwahlbezirke `049a` and 0 electors",
    formats=(WBZ,),
)
def merged_urn_district(ctx: SourceContext) -> Iterator[Yielded]:
    """An urn district merged with another one for counting (Kennziffer zusammengelegte
    Urnenwahlbezirke): its row holds 0 electors and 0 voters, its votes are counted in the
    district with the same Kennziffer. Kept as a Bezirk with its zeros, as the source has it."""
    yield from ctx.reader_issues("K27")


@rule(
    "K28",
    "malformed-area-key",
    Severity.ERROR,
    (KERG2_FILE, KERG_FILE, WBZ_FILE),
    example="Kreis `1` instead of `01`, or a Wahlkreis row whose UegGebietsnummer is `17`",
    formats=(KERG2, KERG, WBZ),
)
def malformed_area_key(ctx: SourceContext) -> Iterator[Yielded]:
    """An area key of the source does not have its fixed number of digits (Land 2, Reg.-Bezirk
    1, Kreis 2, Verbandsgemeinde 4, Gemeinde 3; Wahlkreis 3), names no Land 01–16, or a row
    lacks its Wahlbezirk. The keys make the municipality key and the package, so nothing is
    guessed: the file is not converted."""
    yield from ctx.reader_issues("K28")


@rule(
    "K29",
    "electorate-differs-by-vote",
    Severity.ERROR,
    (KERG_FILE,),
    example="kerg.csv: Wahlberechtigte Erststimmen 232158, Zweitstimmen 232157 in Wahlkreis 001",
    formats=(KERG,),
)
def electorate_differs_by_vote(ctx: SourceContext) -> Iterator[Yielded]:
    """kerg.csv repeats Wahlberechtigte and Wählende under Erst- and Zweitstimmen; the two must
    be equal (one electorate, one set of voters). OWD holds each once, so a difference is
    reported instead of picking one."""
    yield from ctx.reader_issues("K29")
