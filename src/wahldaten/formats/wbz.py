"""The Bundeswahlleiterin's Wahlbezirksstatistik: results of every precinct in Germany.

`Wbz_EW24_Ergebnisse.csv` (UTF-8 with BOM, CRLF, `;`, RFC 4180 quotes in some names): one row
per precinct with its area key (`Land;Reg.-Bezirk;Kreis;Verbandsgemeinde;Gemeinde`, 2+1+2+4+3
digits = the municipality's 12-digit Regionalschlüssel), `Wahlbezirk`, `Bezirksart` (0 urn,
5 postal, 6 and 8 special), the electorate A, A1–A3, voters B and B1, invalid C, valid D and one
column per party, then an optional long name and empty trailing header fields. Beside it,
`*_leitband.csv` names the Länder, Kreise, Verbandsgemeinden and municipalities by key.

Decisions (see README, "Converting"):
- one package per Land, authority `LL0000000000`; rows carry their municipality's key;
- `bezirk-nr` = `Wahlbezirk` as written. Postal districts numbered like an urn district of the
  same municipality get `-B` (K25); rows that repeat a whole key get `-2`, `-3` (K08);
- `bezirk-art` B for 5, W for 0, 6 and 8 (K24 names the special ones);
- `BRIEFWAHLBEZIRK-NR` from `Kennziffer Briefwahlzugehörigkeit`. In the data the Kennziffer
  `00` means "the postal districts of this municipality" (those with Kennziffer 00 and the same
  key); any other Kennziffer `kk` means "the postal districts of this Kreis with Kennziffer kk",
  usually in a pseudo-municipality `9kk` of the Amt/Verbandsgemeinde (Berlin writes the postal
  district's own number, `1A`). OWD links a Bezirk to one postal Bezirk of the same
  municipality, so the link is written where that group holds exactly one postal district in
  the row's own municipality; K23 counts the others per Land;
- counts with thousands separators (Saarland, `1.413`) are read as integers (K07).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wahldaten.core.lazy import polars as _pl
from wahldaten.core.model import Election
from wahldaten.formats.bundeswahlleiterin import (
    ELECTION_DAYS,
    ELECTION_NAMES,
    LAENDER,
    find_line,
    head_lines,
    land_key,
    read_table,
    strip_bom,
)
from wahldaten.formats.source import (
    PARTY_COLUMNS,
    THOUSANDS,
    Meta,
    Reading,
    SourceContext,
    SourceError,
    assemble,
    malformed_counts,
    note,
    require_date,
    to_counts,
)
from wahldaten.io.csvtable import LINE_COLUMN
from wahldaten.io.sources import SourceFile

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

NAME = "wbz"
TITLE = "Bundeswahlleiterin Wahlbezirksstatistik (Wbz_*_Ergebnisse.csv, Leitband)"
LAYOUT = "Wahlbezirksstatistik (Land;Reg.-Bezirk;Kreis;…;Wahlbezirk;Bezirksart;Wahlberechtigte;…)"
LEITBAND_HEADER = "Satzart;Land;"
POSTAL_ART, URN_ART = "5", "0"
SPECIAL_ARTEN = ("6", "8")

# Internal names of the columns the reader understands.
LAND, RB, KREIS, VG, GEMEINDE = "__land", "__rb", "__kreis", "__vg", "__gemeinde"
MERGED, POSTAL_KEY, WAHLBEZIRK, BEZIRKSART, LONG_NAME = (
    "__zusammengelegt",
    "__briefwahl",
    "__wahlbezirk",
    "__bezirksart",
    "__langname",
)
ARS = "__ars"
KEY_FORMATS = {LAND: r"^[0-9]{2}$", RB: r"^[0-9]$", KREIS: r"^[0-9]{2}$", VG: r"^[0-9]{4}$"}
KEY_FORMATS[GEMEINDE] = r"^[0-9]{3}$"
LETTERS = ["A1", "A2", "A3", "A", "B", "B1", "C", "D"]


def _role(name: str) -> str | None:
    """The meaning of a header field of the results file, by its (normalized) name."""
    text = re.sub(r"\s+", " ", name.strip().lower())
    exact = {
        "land": LAND,
        "reg.-bezirk": RB,
        "regierungsbezirk": RB,
        "kreis": KREIS,
        "verbandsgemeinde": VG,
        "gemeinde": GEMEINDE,
        "wahlbezirk": WAHLBEZIRK,
        "bezirksart": BEZIRKSART,
        "wahlberechtigte": "A",
        "wählende": "B",
        "wähler": "B",
        "ungültig": "C",
        "ungültige": "C",
        "gültig": "D",
        "gültige": "D",
    }
    if text in exact:
        return exact[text]
    for marker, role in (("(a1)", "A1"), ("(a2)", "A2"), ("(a3)", "A3"), ("(b1)", "B1")):
        if marker in text:
            return role
    if "(a)" in text:
        return "A"
    if "(b)" in text:
        return "B"
    if text.startswith("dar. wählende mit wahlschein") or text.startswith("dar. wähler mit"):
        return "B1"
    if text.startswith("kennziffer zusammen"):
        return MERGED
    if text.startswith("kennziffer briefwahl"):
        return POSTAL_KEY
    if text.startswith("optional"):
        return LONG_NAME
    return None


def sniff_text(lines: list[str]) -> bool:
    for line in lines[:12]:
        fields = [f.strip().lower() for f in line.split(";")]
        if {"wahlbezirk", "bezirksart", "kreis"} <= set(fields):
            return True
        if fields[:2] == ["satzart", "land"] and "gemeinde" in fields:
            return True
    return False


@dataclass
class Leitband:
    """Names by key from `*_leitband.csv` (Satzart 10 Land, 40 Kreis, 50 VG, 60 Gemeinde)."""

    laender: dict[str, str] = field(default_factory=dict)
    kreise: pl.DataFrame | None = None
    verbaende: pl.DataFrame | None = None
    gemeinden: pl.DataFrame | None = None
    title: str | None = None


def _leitband(source: SourceFile, data: bytes) -> tuple[Leitband, SourceContext]:
    lines = head_lines(data)
    start = find_line(lines, LEITBAND_HEADER) or 0
    table = read_table(data, source.display, skip_lines=start)
    context = SourceContext(source_format=NAME, layout="Leitband", tables=[table])
    found = Leitband(title=next((line for line in lines[:start] if "wahl" in line.lower()), None))
    needed = [
        "Satzart",
        "Land",
        "Regierungsbezirk",
        "Kreis",
        "Verbandsgemeinde",
        "Gemeinde",
        "Name",
    ]
    if not table.usable or any(c not in table.columns for c in needed):
        missing = [c for c in needed if c not in table.columns]
        context.note(
            "K01",
            note(
                source.display,
                table.header_line,
                missing[0] if missing else None,
                columns=", ".join(missing),
                layout="Leitband",
            ),
        )
        return found, context
    frame = table.frame.with_columns(pl.col(needed).str.strip_chars())
    satz = pl.col("Satzart")
    name = pl.col("Name").str.strip_chars()
    found.laender = {
        str(k): str(v)
        for k, v in frame.filter(satz == "10").select("Land", name).iter_rows()
        if k and v
    }
    found.kreise = (
        frame.filter(satz == "40")
        .select(pl.concat_str("Land", "Regierungsbezirk", "Kreis").alias("__k"), name.alias("__n"))
        .unique(subset="__k", keep="first")
    )
    found.verbaende = (
        frame.filter(satz == "50")
        .select(
            pl.concat_str("Land", "Regierungsbezirk", "Kreis", "Verbandsgemeinde").alias("__k"),
            name.alias("__n"),
        )
        .unique(subset="__k", keep="first")
    )
    found.gemeinden = (
        frame.filter(satz == "60")
        .select(
            pl.concat_str(
                "Land", "Regierungsbezirk", "Kreis", "Verbandsgemeinde", "Gemeinde"
            ).alias("__k"),
            name.alias("__n"),
        )
        .unique(subset="__k", keep="first")
    )
    return found, context


def _election_of(names: list[str]) -> tuple[str, str] | None:
    """(EW|BT, year) from a file name (`Wbz_EW24_…`, `btw21_wbz_…`) or a Leitband title."""
    for text in names:
        match = re.search(r"(?i)(?<![a-z])(EW|BTW|BT)_?([0-9]{2})(?![0-9])", text)
        if match:
            kind = "EW" if match.group(1).upper() == "EW" else "BT"
            return kind, f"20{match.group(2)}"
        match = re.search(r"(Bundestagswahl|Europawahl)\s+([0-9]{4})", text)
        if match:
            return ("BT" if match.group(1) == "Bundestagswahl" else "EW"), match.group(2)
    return None


def _lookup(frame: pl.DataFrame, key: pl.Expr, table: pl.DataFrame | None, alias: str) -> pl.Series:
    """Names for the keys of a frame from a Leitband table (null where unknown)."""
    keys = frame.select(key.alias("__k"))
    if table is None or table.height == 0:
        return pl.Series(alias, [None] * frame.height, dtype=pl.String)
    return keys.join(table, on="__k", how="left", maintain_order="left")["__n"].alias(alias)


def _selected(frame: pl.DataFrame, gs: str | None, display: str) -> pl.DataFrame:
    """With --gs: only the rows of that Land (`LL000000…`) or Kreis (`LLRKK000…`)."""
    if not gs:
        return frame
    if not re.fullmatch(r"[0-9]{8}([0-9]{4})?", gs) or gs[:2] not in LAENDER:
        raise SourceError("convert.bwl_gs_not_area", path=display, gs=gs)
    prefix = gs[:2] if not gs[2:].strip("0") else gs[:5] if not gs[5:].strip("0") else None
    if prefix is None:
        raise SourceError("convert.bwl_gs_not_area", path=display, gs=gs)
    chosen = frame.filter(pl.col(ARS).str.starts_with(prefix))
    if chosen.height == 0:
        raise SourceError("convert.bwl_gs_not_area", path=display, gs=gs)
    return chosen


def _k01(
    context: SourceContext, display: str, line: int | None, column: str | None, what: str
) -> None:
    context.note("K01", note(display, line, column, columns=what, layout=LAYOUT))


@dataclass
class _Columns:
    roles: dict[str, str]  # internal name → frame column
    counts: dict[str, str]  # OWD letter or D<n> → frame column
    parties: dict[int, str]  # position → party name as in the header
    extra_names: list[str]  # unnamed trailing columns (spill-over of the long name)


def _columns(
    context: SourceContext, display: str, header: list[str], names: list[str], line: int
) -> _Columns | None:
    """Place every header field; K01 for what cannot be placed."""
    roles: dict[str, str] = {}
    counts: dict[str, str] = {}
    parties: dict[int, str] = {}
    extra: list[str] = []
    after_valid = False
    ended = False
    unknown: list[str] = []
    for raw, name in zip(header, names, strict=True):
        if not raw.strip():
            extra.append(name)
            ended = True
            continue
        role = _role(raw)
        if role == LONG_NAME:
            roles[LONG_NAME] = name
            ended = True
        elif ended:
            unknown.append(raw)
        elif after_valid:
            if re.search(r"(?i)erststimm|zweitstimm|^[EZ]_", raw):
                unknown.append(raw)
            position = len(parties) + 1
            parties[position] = raw.strip()
            counts[f"D{position}"] = name
        elif role is None:
            unknown.append(raw)
        elif role in LETTERS:
            if role in counts:
                unknown.append(raw)
            counts[role] = name
            after_valid = role == "D"
        elif role in roles:
            unknown.append(raw)
        else:
            roles[role] = name
    required = [LAND, KREIS, GEMEINDE, WAHLBEZIRK, BEZIRKSART]
    missing = [r.strip("_") for r in required if r not in roles]
    missing += [c for c in ("A", "B", "C", "D") if c not in counts]
    if missing or unknown:
        what = ", ".join(missing or unknown)
        _k01(context, display, line, (missing or unknown)[0], what)
        return None
    return _Columns(roles=roles, counts=counts, parties=parties, extra_names=extra)


def _row_notes(
    context: SourceContext, display: str, frame: pl.DataFrame, columns: _Columns
) -> bool:
    """K28 (keys), K01 (Bezirksart), K02 (counts), K07 (thousands); True if convertible."""
    ok = True
    bad_keys = pl.lit(False)
    for role, pattern in KEY_FORMATS.items():
        if role in frame.columns:
            bad_keys = bad_keys | ~pl.col(role).str.contains(pattern).fill_null(False)
    bad_keys = bad_keys | ~pl.col(LAND).is_in(list(LAENDER)).fill_null(False)
    bad_keys = bad_keys | pl.col(WAHLBEZIRK).is_null()
    keys = frame.filter(bad_keys)
    if keys.height:
        value = pl.concat_str(
            [pl.col(c).fill_null("") for c in (LAND, RB, KREIS, VG, GEMEINDE)], separator=";"
        )
        context.note(
            "K28",
            context.rows(display, keys, column="Land…Gemeinde", bezirk=WAHLBEZIRK, value=value),
        )
        ok = False
    arten = frame.filter(
        ~pl.col(BEZIRKSART).is_in([URN_ART, POSTAL_ART, *SPECIAL_ARTEN]).fill_null(True)
    )
    if arten.height:
        first = arten.row(0, named=True)
        _k01(
            context,
            display,
            first[LINE_COLUMN],
            "Bezirksart",
            f"Bezirksart „{first[BEZIRKSART] or ''}“",
        )
        ok = False
    count_columns = list(columns.counts)
    bad = frame.filter(malformed_counts(frame, count_columns, thousands=True))
    if bad.height:
        context.note("K02", context.rows(display, bad, bezirk=WAHLBEZIRK))
        ok = False
    grouped = [pl.when(pl.col(c).str.contains(THOUSANDS)).then(pl.col(c)) for c in count_columns]
    separated = frame.with_columns(pl.coalesce(grouped).alias("__value")).filter(
        pl.col("__value").is_not_null()
    )
    if separated.height:
        context.note(
            "K07",
            context.rows(
                display,
                separated,
                bezirk=WAHLBEZIRK,
                value=pl.col("__value"),
                read=pl.col("__value").str.replace_all(".", "", literal=True).cast(pl.Int64),
            ),
        )
    return ok


def _numbers(context: SourceContext, display: str, frame: pl.DataFrame) -> pl.DataFrame:
    """`bezirk-nr`: the Wahlbezirk; `-B` for postal numbers an urn district of the same
    municipality also uses (K25); `-2`, `-3` for rows repeating a whole key (K08)."""
    postal = pl.col(BEZIRKSART) == POSTAL_ART
    others = frame.filter(~postal).select(ARS, WAHLBEZIRK).unique()
    clashing = frame.filter(postal).join(others, on=[ARS, WAHLBEZIRK], how="semi")[ARS].unique()
    suffix_b = postal & pl.col(ARS).is_in(clashing.implode())
    numbered = frame.with_columns(
        pl.when(suffix_b)
        .then(pl.concat_str(WAHLBEZIRK, pl.lit("-B")))
        .otherwise(pl.col(WAHLBEZIRK))
        .alias("__nr0")
    )
    renamed = numbered.filter(suffix_b)
    if renamed.height:
        context.note(
            "K25",
            context.rows(
                display,
                renamed,
                bezirk=WAHLBEZIRK,
                value=pl.col(WAHLBEZIRK),
                renamed=pl.col("__nr0"),
            ),
        )
    occurrence = pl.int_range(pl.len()).over(ARS, "__nr0")
    numbered = numbered.with_columns(occurrence.alias("__n")).with_columns(
        pl.when(pl.col("__n") > 0)
        .then(pl.concat_str("__nr0", pl.lit("-"), (pl.col("__n") + 1).cast(pl.String)))
        .otherwise(pl.col("__nr0"))
        .alias("bezirk-nr")
    )
    repeated = numbered.filter(pl.col("__n") > 0)
    if repeated.height:
        context.note(
            "K08",
            context.rows(
                display,
                repeated,
                bezirk="__nr0",
                value=pl.col("__nr0"),
                renamed=pl.col("bezirk-nr"),
            ),
        )
    return numbered.drop("__nr0", "__n")


def _postal_links(frame: pl.DataFrame) -> pl.DataFrame:
    """BRIEFWAHLBEZIRK-NR where the Kennziffer names exactly one postal district in the row's
    own municipality; `__link` says why not otherwise (several, elsewhere)."""
    if POSTAL_KEY not in frame.columns:
        return frame.with_columns(
            pl.lit(None, pl.String).alias("BRIEFWAHLBEZIRK-NR"), pl.lit("none").alias("__link")
        )
    code = pl.col(POSTAL_KEY).str.strip_chars()
    own = code.is_null() | code.str.contains(r"^0+$")
    group = (
        pl.when(own)
        .then(pl.concat_str(ARS, pl.lit("|")))
        .otherwise(pl.concat_str(LAND, RB, KREIS, pl.lit("|"), code))
        .alias("__group")
    )
    keyed = frame.with_columns(group)
    postal = pl.col(BEZIRKSART) == POSTAL_ART
    targets = (
        keyed.filter(postal)
        .group_by("__group")
        .agg(
            pl.len().alias("__postal"),
            pl.col(ARS).first().alias("__target_ars"),
            pl.col("bezirk-nr").first().alias("__target"),
        )
    )
    linked = keyed.join(targets, on="__group", how="left", maintain_order="left")
    single = pl.col("__postal") == 1
    same = pl.col("__target_ars") == pl.col(ARS)
    return linked.with_columns(
        pl.when(~postal & single & same)
        .then(pl.col("__target"))
        .otherwise(pl.lit(None, pl.String))
        .alias("BRIEFWAHLBEZIRK-NR"),
        pl.when(postal)
        .then(pl.lit("postal"))
        .when(pl.col("__postal").is_null())
        .then(pl.lit("none"))
        .when(~single)
        .then(pl.lit("several"))
        .when(~same)
        .then(pl.lit("elsewhere"))
        .otherwise(pl.lit("linked"))
        .alias("__link"),
    ).drop("__group", "__postal", "__target_ars", "__target")


def _read_results(
    source: SourceFile, data: bytes, meta: Meta, leitband: Leitband | None, names: list[str]
) -> tuple[list[tuple[Election, pl.Series]], SourceContext]:
    display = source.display
    table = read_table(data, display)
    context = SourceContext(source_format=NAME, layout=LAYOUT, tables=[table])
    if not table.usable:
        return [], context
    columns = _columns(context, display, table.header, table.columns, table.header_line)
    if columns is None:
        return [], context
    # The trailing empty header fields belong to the format (space for the long name): not S04.
    table.issues.pop("S04", None)
    frame = table.frame
    keep = {
        **{
            internal: pl.col(column).str.strip_chars() for internal, column in columns.roles.items()
        },
        **{letter: pl.col(column) for letter, column in columns.counts.items()},
    }
    long_name_parts = [columns.roles[LONG_NAME]] if LONG_NAME in columns.roles else []
    long_name_parts += columns.extra_names
    frame = frame.select(
        pl.col(LINE_COLUMN),
        *[expr.alias(name) for name, expr in keep.items() if name != LONG_NAME],
        (
            pl.concat_str([pl.col(c) for c in long_name_parts], separator=";", ignore_nulls=True)
            .str.strip_chars(' "\t')
            .replace("", None)
            if long_name_parts
            else pl.lit(None, pl.String)
        ).alias(LONG_NAME),
    )
    frame = frame.with_columns(
        *[
            pl.lit(default).alias(role)
            for role, default in ((RB, "0"), (VG, "0000"))
            if role not in frame.columns
        ]
    )
    if not _row_notes(context, display, frame, columns):
        return [], context
    count_columns = list(columns.counts)
    letters = [c for c in LETTERS if c in columns.counts]
    options = [c for c in count_columns if c not in LETTERS]
    frame = to_counts(frame, count_columns, thousands=True)
    frame = frame.with_columns(pl.concat_str(LAND, RB, KREIS, VG, GEMEINDE).alias(ARS))
    frame = _selected(frame, meta.gs, display)
    special = frame.filter(pl.col(BEZIRKSART).is_in(SPECIAL_ARTEN))
    if special.height:
        context.note(
            "K24", context.rows(display, special, bezirk=WAHLBEZIRK, value=pl.col(BEZIRKSART))
        )
    if MERGED in frame.columns:
        merged = frame.filter(
            pl.col(MERGED).is_not_null()
            & ~pl.col(MERGED).str.contains(r"^0+$")
            & (pl.col("A") == 0)
            & (pl.col("B") == 0)
        )
        if merged.height:
            context.note(
                "K27", context.rows(display, merged, bezirk=WAHLBEZIRK, value=pl.col(MERGED))
            )
    frame = _numbers(context, display, frame)
    frame = _postal_links(frame)

    election_kind = _election_of([source.name, *names])
    datum_source = meta.wahl_datum or (ELECTION_DAYS.get(election_kind) if election_kind else None)
    datum = require_date(datum_source, display)
    if meta.wahl_datum is None:
        context.note("K10", note(display, None, None, field="wahl-datum", value=datum))
    wahl_name = meta.wahl_name or (ELECTION_NAMES[election_kind[0]] if election_kind else "Wahl")
    if meta.wahl_name is None:
        context.note("K10", note(display, None, None, field="wahl-name", value=wahl_name))

    lb = leitband or Leitband()
    kreis_key = pl.concat_str(LAND, RB, KREIS)
    vg_key = pl.concat_str(LAND, RB, KREIS, VG)
    gemeinde_name = _lookup(frame, pl.col(ARS), lb.gemeinden, "gebiet-ebene-2-name")
    frame = frame.with_columns(
        _lookup(frame, kreis_key, lb.kreise, "gebiet-ebene-4-name"),
        _lookup(frame, vg_key, lb.verbaende, "gebiet-ebene-3-name"),
        gemeinde_name,
    )
    has_vg = ~pl.col(VG).str.contains(r"^0+$")
    results = frame.select(
        pl.col(ARS).alias("wahl-behoerde-gs"),
        kreis_key.alias("gebiet-ebene-4-nr"),
        pl.col("gebiet-ebene-4-name"),
        pl.when(has_vg).then(vg_key).alias("gebiet-ebene-3-nr"),
        pl.when(has_vg).then(pl.col("gebiet-ebene-3-name")).alias("gebiet-ebene-3-name"),
        pl.col(ARS).alias("gebiet-ebene-2-nr"),
        pl.col("gebiet-ebene-2-name"),
        pl.col("bezirk-nr"),
        pl.coalesce(
            LONG_NAME,
            pl.concat_str("gebiet-ebene-2-name", pl.lit(" "), WAHLBEZIRK),
            WAHLBEZIRK,
        ).alias("bezirk-name"),
        pl.when(pl.col(BEZIRKSART) == POSTAL_ART)
        .then(pl.lit("B"))
        .otherwise(pl.lit("W"))
        .alias("bezirk-art"),
        pl.col("BRIEFWAHLBEZIRK-NR"),
        *letters,
        *options,
        LAND,
        "__link",
        LINE_COLUMN,
    )
    if lb.gemeinden is None:
        context.note("K10", note(display, None, None, field="bezirk-name", value="<Wahlbezirk>"))
    ballot_rows = [
        {
            "stimmzettel-gebiet-nr": None,
            "stimmzettel-gebiet-bezeichnung": None,
            "stimmzettel-position": str(position),
            "partei-kurzname": name,
            "partei-langname": None,
            "partei-rgb-wert": None,
            "partei-typ": "P",
        }
        for position, name in columns.parties.items()
    ]
    ballot = pl.DataFrame(ballot_rows, schema=dict.fromkeys(PARTY_COLUMNS, pl.String))
    counts = [*letters, *options]
    elections: list[tuple[Election, pl.Series]] = []
    laender = sorted(str(v) for v in results[LAND].unique().to_list())
    for land in laender:
        rows = results.filter(pl.col(LAND) == land)
        links = rows["__link"].value_counts()
        tally = {str(k): int(n) for k, n in links.iter_rows()}
        if tally.get("several") or tally.get("elsewhere") or tally.get("none"):
            context.note(
                "K23",
                note(
                    display,
                    None,
                    "Kennziffer Briefwahlzugehörigkeit",
                    land=land,
                    linked=tally.get("linked", 0),
                    several=tally.get("several", 0),
                    elsewhere=tally.get("elsewhere", 0) + tally.get("none", 0),
                ),
            )
        land_name = lb.laender.get(land) or LAENDER[land]
        if land not in lb.laender:
            context.note(
                "K10", note(display, None, "Land", field="wahl-behoerde-name", value=land_name)
            )
        behoerde = meta.behoerde_name if meta.behoerde_name and len(laender) == 1 else land_name
        gs = meta.gs if meta.gs and len(laender) == 1 else land_key(land)
        wahl: dict[str, str | None] = {
            "wahl-behoerde-gs": gs,
            "wahl-behoerde-name": behoerde,
            "wahl-datum": datum,
            "wahl-name": wahl_name,
            "wahl-bezeichnung": f"{wahl_name} {datum[-4:]} – {land_name}",
            "gebiet-ebene-4-bezeichnung": "Kreis",
            "gebiet-ebene-3-bezeichnung": (
                "Gemeindeverband" if rows["gebiet-ebene-3-nr"].is_not_null().any() else None
            ),
            "gebiet-ebene-2-bezeichnung": "Gemeinde",
            "bezirk-bezeichnung": "Wahlbezirk",
        }
        election = assemble(
            results=rows.drop(LAND, "__link", LINE_COLUMN),
            counts=counts,
            parties=ballot,
            wahl=wahl,
        )
        elections.append((election, rows[LINE_COLUMN]))
    return elections, context


def read(sources: Iterable[SourceFile], meta: Meta) -> Reading:
    contexts: list[SourceContext] = []
    results: list[tuple[SourceFile, bytes]] = []
    leitband: Leitband | None = None
    titles: list[str] = []
    for source in sources:
        data = strip_bom(source.read())
        if find_line(head_lines(data, 12), LEITBAND_HEADER) is not None:
            found, context = _leitband(source, data)
            contexts.append(context)
            leitband = found
            titles += [found.title or "", source.name]
        else:
            results.append((source, data))
    elections: list[Election] = []
    provenance: list[tuple[str, pl.Series | None]] = []
    for source, data in results:
        found_elections, context = _read_results(source, data, meta, leitband, titles)
        contexts.append(context)
        for election, lines in found_elections:
            elections.append(election)
            provenance.append((source.display, lines))
    detected = f"{TITLE}: {len(elections)} Land-Pakete"
    return Reading(elections=elections, contexts=contexts, detected=detected, provenance=provenance)
