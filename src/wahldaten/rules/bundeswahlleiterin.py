"""K: checks and decisions of the Bundeswahlleiterin's files (kerg2, kerg, Wahlbezirksstatistik).

The readers (`formats/bundeswahlleiterin/`) record what they read and decided as typed facts
(`facts.py` there); each rule here detects its code from them. K20 checks the percentages of
kerg2 itself, over the whole long frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Finding, Location, Severity, Yielded, per_cause
from wahldaten.core.lazy import polars as _pl
from wahldaten.formats.bundeswahlleiterin import kerg, kerg2, wbz
from wahldaten.formats.bundeswahlleiterin.area_keys import (
    WRITTEN_NR,
    read_key,
    rewritten,
    written_key,
)
from wahldaten.formats.bundeswahlleiterin.facts import (
    Kerg2Facts,
    KergFacts,
    WahlkreisFacts,
    WbzFacts,
)
from wahldaten.formats.bundeswahlleiterin.wahlkreise import (
    ART,
    COUNT,
    GROUP,
    KIND,
    LETTER,
    NR,
    STIMME,
    SYSTEM,
    has_wahlkreise,
    malformed_keys,
)
from wahldaten.formats.bundeswahlleiterin.wbz_header import (
    ARS,
    BEZIRKSART,
    KEY_PARTS,
    LAND,
    MERGED,
    WAHLBEZIRK,
)
from wahldaten.formats.bundeswahlleiterin.wbz_numbers import (
    ELSEWHERE,
    LINK,
    LINKED,
    NONE,
    NUMBER_B,
    SEVERAL,
    SPECIAL_ARTEN,
)
from wahldaten.formats.counts import to_counts
from wahldaten.formats.source import SourceContext
from wahldaten.rules.registry import rule

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

KERG2, KERG, WBZ = kerg2.NAME, kerg.NAME, wbz.NAME
WAHLKREIS_FILES = (KERG2, KERG)
# Every rule here detects its code from the typed facts the reader recorded.
FACTS = (Input.SOURCE_FACTS,)
PERCENT_TOLERANCE = 5e-6


@rule(
    Code.K20,
    "percentage-differs",
    Severity.WARNING,
    FACTS,
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
    facts = ctx.facts_as(Kerg2Facts)
    long = facts.long if facts is not None else None
    if facts is None or long is None or "Prozent" not in long.columns:
        return
    area = [ART, NR]

    def letter(name: str) -> pl.Expr:
        return pl.col(COUNT).filter(pl.col(LETTER) == name).first().over(area)

    valid = pl.when(pl.col(STIMME) == 2).then(letter("F")).otherwise(letter("D"))
    denominator = (
        pl.when(pl.col(LETTER) == "B")
        .then(letter("A"))
        .when(pl.col(LETTER).is_in(["C", "D", "E", "F"]))
        .then(letter("B"))
        .when(pl.col(KIND) != SYSTEM)
        .then(valid)
        .otherwise(pl.lit(None, dtype=pl.Int64))
    )
    percent = pl.col("Prozent").str.strip_chars().str.replace(",", ".", literal=True)
    checked = long.with_columns(
        denominator.alias("__den"), percent.cast(pl.Float64, strict=False).alias("__found")
    ).with_columns((100 * pl.col(COUNT) / pl.col("__den")).alias("__expected"))
    hits = checked.filter(
        pl.col("__found").is_not_null()
        & pl.col(COUNT).is_not_null()
        & (pl.col("__den") > 0)
        & ((pl.col("__expected") - pl.col("__found")).abs() > PERCENT_TOLERANCE)
    )
    if hits.height:
        yield ctx.rows(
            facts.display,
            hits,
            column="Prozent",
            bezirk=NR,
            group=pl.col(GROUP),
            found=pl.col("Prozent"),
            expected=pl.col("__expected").round(6),
        )


@rule(
    Code.K21,
    "result-status",
    Severity.INFO,
    FACTS,
    example="`Status:;Endgültig` in the preamble of kerg2.csv, `Vorläufiges Ergebnis` in kerg.csv",
    formats=WAHLKREIS_FILES,
)
def result_status(ctx: SourceContext) -> Iterator[Yielded]:
    """The counting status the file declares: vorläufig (election night), endgültig (after the
    Bundeswahlausschuss) or Zwischenergebnis. OWD has no status field, so it is reported here;
    published figures may still be corrected."""
    facts = ctx.facts_as(WahlkreisFacts)
    if facts is not None and facts.status is not None and facts.status.status is not None:
        location = Location(facts.display, facts.status.status_line, None)
        yield Finding(params={"status": facts.status.status}, location=location)


@rule(
    Code.K22,
    "result-status-unknown",
    Severity.WARNING,
    FACTS,
    example="a kerg2.csv whose preamble has no `Status:` line, or `Status:;Hochrechnung`",
    formats=WAHLKREIS_FILES,
)
def result_status_unknown(ctx: SourceContext) -> Iterator[Yielded]:
    """The file does not say whether its figures are provisional or final, or says something
    the converter does not know. The package is converted, but nothing tells its users how far
    the figures can be trusted."""
    facts = ctx.facts_as(WahlkreisFacts)
    if facts is not None and facts.status is not None and facts.status.status is None:
        location = Location(facts.display, facts.status.status_line, None)
        yield Finding(params={"value": facts.status.status_raw or "–"}, location=location)


@rule(
    Code.K23,
    "postal-link-not-expressible",
    Severity.INFO,
    FACTS,
    example="Land 01: 215 Bezirke linked, 1565 served by several postal districts, 602 by one of the Amt",
    formats=(WBZ,),
)
def postal_link_not_expressible(ctx: SourceContext) -> Iterator[Yielded]:
    """Urn districts whose postal district cannot be written as `BRIEFWAHLBEZIRK-NR`. The
    Kennziffer Briefwahlzugehörigkeit names a group of postal districts (those of the
    municipality, or of an Amt/Verbandsgemeinde in a pseudo-municipality `9xx`); OWD links a
    Bezirk to one postal Bezirk of the same municipality. Written where the group is exactly one
    postal district of the row's own municipality; counted per Land otherwise."""
    facts = ctx.facts_as(WbzFacts)
    if facts is None or facts.precincts is None:
        return

    def counted(*links: str) -> pl.Expr:
        return pl.col(LINK).is_in(links).sum().cast(pl.Int64)

    per_land = (
        facts.precincts.group_by(LAND)
        .agg(
            counted(LINKED).alias("linked"),
            counted(SEVERAL).alias("several"),
            counted(ELSEWHERE, NONE).alias("elsewhere"),
        )
        .filter((pl.col("several") > 0) | (pl.col("elsewhere") > 0))
        .sort(LAND)
    )
    location = Location(facts.display, None, "Kennziffer Briefwahlzugehörigkeit")
    for row in per_land.iter_rows(named=True):
        params = {"land": row[LAND], **{k: row[k] for k in ("linked", "several", "elsewhere")}}
        yield Finding(params=params, location=location)


@rule(
    Code.K24,
    "special-bezirk-type",
    Severity.INFO,
    FACTS,
    example="Bezirksart 8 for a Hamburg district `015001` with 14 electors",
    formats=(WBZ,),
)
def special_bezirk_type(ctx: SourceContext) -> Iterator[Yielded]:
    """A precinct with a special Bezirksart (6 or 8: special districts such as hospitals or
    districts without a polling station of their own). OWD knows urn (W) and postal (B)
    Bezirke only; they are written as W with their counts."""
    facts = ctx.facts_as(WbzFacts)
    if facts is None or facts.precincts is None:
        return
    special = facts.precincts.filter(pl.col(BEZIRKSART).is_in(SPECIAL_ARTEN))
    if special.height:
        yield ctx.rows(facts.display, special, bezirk=WAHLBEZIRK, value=pl.col(BEZIRKSART))


@rule(
    Code.K25,
    "postal-number-suffixed",
    Severity.INFO,
    FACTS,
    example="Flensburg numbers its urn and its postal districts from 000001: postal 000001 → 000001-B",
    formats=(WBZ,),
)
def postal_number_suffixed(ctx: SourceContext) -> Iterator[Yielded]:
    """The postal districts of a municipality reuse the numbers of its urn districts; the source
    tells them apart by Bezirksart, OWD by number only. Every postal district of such a
    municipality is written with the suffix `-B`. Reported once per file (the numbering is the
    source's convention), with the number of such postal districts and the first of them."""
    facts = ctx.facts_as(WbzFacts)
    if facts is None or facts.precincts is None:
        return
    renamed = facts.precincts.filter(pl.col(NUMBER_B) != pl.col(WAHLBEZIRK))
    if renamed.height:
        found = ctx.rows(
            facts.display,
            renamed,
            bezirk=WAHLBEZIRK,
            municipality=ARS,
            value=pl.col(WAHLBEZIRK),
            renamed=pl.col(NUMBER_B),
        )
        yield per_cause(found)


@rule(
    Code.K26,
    "electorate-without-breakdown",
    Severity.INFO,
    FACTS,
    example="kerg2.csv gives Wahlberechtigte 231536 per Wahlkreis, nothing on Wahlschein or § 25",
    formats=WAHLKREIS_FILES,
)
def electorate_without_breakdown(ctx: SourceContext) -> Iterator[Yielded]:
    """The source gives the electorate A only, not its parts A1–A3 (without and with a Wahlschein
    mark, not in the register). They are left empty, never 0; the identity A = A1 + A2 + A3 is
    then not checked."""
    facts = ctx.facts_as(WahlkreisFacts)
    if facts is not None and has_wahlkreise(facts.long):
        yield Finding(location=Location(facts.display, None, facts.ELECTORATE_COLUMN))


@rule(
    Code.K27,
    "merged-urn-district",
    Severity.INFO,
    FACTS,
    example="Gemeinde 008 with Kennziffer zusammengelegte Urnenwahlbezirke `049a` and 0 electors",
    formats=(WBZ,),
)
def merged_urn_district(ctx: SourceContext) -> Iterator[Yielded]:
    """An urn district merged with another one for counting (Kennziffer zusammengelegte
    Urnenwahlbezirke): its row holds 0 electors and 0 voters, its votes are counted in the
    district with the same Kennziffer. Kept as a Bezirk with its zeros, as the source has it.
    Reported once per file, with the number of such districts and the first of them."""
    facts = ctx.facts_as(WbzFacts)
    precincts = facts.precincts if facts is not None else None
    if facts is None or precincts is None or MERGED not in precincts.columns:
        return
    merged = precincts.filter(
        pl.col(MERGED).is_not_null()
        & ~pl.col(MERGED).str.contains(r"^0+$")
        & (pl.col("A") == 0)
        & (pl.col("B") == 0)
    )
    if merged.height:
        found = ctx.rows(
            facts.display, merged, bezirk=WAHLBEZIRK, municipality=ARS, value=pl.col(MERGED)
        )
        yield per_cause(found)


@rule(
    Code.K28,
    "malformed-area-key",
    Severity.ERROR,
    FACTS,
    example="Wahlkreis `12a`, or a Wahlkreis row whose UegGebietsnummer is `17`",
    formats=(KERG2, KERG, WBZ),
)
def malformed_area_key(ctx: SourceContext) -> Iterator[Yielded]:
    """An area key of the source does not have its fixed number of digits (Land 2, Reg.-Bezirk
    1, Kreis 2, Verbandsgemeinde 4, Gemeinde 3; Wahlkreis 3), names no Land 01–16, or a row
    lacks its Wahlbezirk. The keys make the municipality key and the package, so nothing is
    guessed: the file is not converted."""
    wahlkreise, precincts = ctx.facts_as(WahlkreisFacts), ctx.facts_as(WbzFacts)
    if wahlkreise is not None and wahlkreise.raw is not None:
        keys = wahlkreise.raw.filter(malformed_keys())
        if keys.height:
            art = wahlkreise.ART_WRITTEN
            as_written = WRITTEN_NR in keys.columns
            yield ctx.rows(
                wahlkreise.display,
                keys,
                column=wahlkreise.KEY_COLUMN,
                bezirk=None,
                value=written_key(art) if as_written else read_key(art),
            )
    if precincts is not None and precincts.raw is not None:
        raw = precincts.raw
        keys = raw.filter(wbz.malformed_keys(raw))
        if keys.height:
            value = pl.concat_str([pl.col(c).fill_null("") for c in KEY_PARTS], separator=";")
            yield ctx.rows(
                precincts.display, keys, column="Land…Gemeinde", bezirk=WAHLBEZIRK, value=value
            )


@rule(
    Code.K29,
    "electorate-differs-by-vote",
    Severity.ERROR,
    FACTS,
    example="kerg.csv: Wahlberechtigte Erststimmen 232158, Zweitstimmen 232157 in Wahlkreis 001",
    formats=(KERG,),
)
def electorate_differs_by_vote(ctx: SourceContext) -> Iterator[Yielded]:
    """kerg.csv repeats Wahlberechtigte and Wählende under Erst- and Zweitstimmen; the two must
    be equal (one electorate, one set of voters). OWD holds each once, so a difference is
    reported instead of picking one."""
    facts = ctx.facts_as(KergFacts)
    if facts is None or facts.raw is None:
        return
    for pair in facts.electorate:
        typed = to_counts(facts.raw, [pair.first, pair.second])
        first, second = pl.col(pair.first), pl.col(pair.second)
        hits = typed.filter(first.is_not_null() & second.is_not_null() & (first != second))
        if hits.height:
            yield ctx.rows(
                facts.display,
                hits,
                column=pair.second,
                bezirk=NR,
                group=pl.lit(pair.group),
                found=first,
                expected=second,
            )


@rule(
    Code.K35,
    "area-key-respelled",
    Severity.INFO,
    FACTS,
    example="kerg 2017: Wahlkreis `1` in Land `1` read as `001` in `01`; kerg 1990: Land `SH`",
    formats=WAHLKREIS_FILES,
)
def area_key_respelled(ctx: SourceContext) -> Iterator[Yielded]:
    """Area keys written in another form than kerg2's `001`/`01`/`99`: without leading zeros
    (`1` for Wahlkreis `001` and Land `01`), a Land by its abbreviation (`SH`), the archive's
    total rows `901`–`916` (numbered in the order of the file, not by Land) and `999`. Each is
    read as the same key (formats/bundeswahlleiterin/area_keys.py); reported once per file, with
    the number of such rows and the first of them. A key of none of these forms stays malformed
    (K28)."""
    facts = ctx.facts_as(WahlkreisFacts)
    raw = facts.raw if facts is not None else None
    if facts is None or raw is None or WRITTEN_NR not in raw.columns:
        return
    changed = raw.filter(rewritten() & ~malformed_keys())
    if changed.height:
        art = facts.ART_WRITTEN
        found = ctx.rows(
            facts.display,
            changed,
            column=facts.KEY_COLUMN,
            bezirk=None,
            value=written_key(art),
            padded=read_key(art),
        )
        yield per_cause(found)
