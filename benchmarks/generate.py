"""Realistic OWD packages of any size, generated with polars expressions and a fixed seed.

The counts add up by construction (A = A1 + A2 + A3, B = C + D = E + F, D = D1 + … + Dn, a
list's votes = its candidates' votes), postal Bezirke have no electorate, and every ballot
position has a result column: a valid package, so that validation runs every rule over every
row and reports only what a real export would (hints, no errors).

Random numbers come from `Expr.hash(seed)` over row and column numbers: the same seed and the
same polars version give the same files, in milliseconds rather than the seconds a Python loop
over millions of cells would take.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from wahldaten.formats.owd import file_name

VERSION = "0.3"
STAMP = "20250224T091500"
COMMON = ("version", "wahl-behoerde-gs", "wahl-datum", "wahl-name")
# Nationwide second-vote shares of 2025, rounded, then a long tail of small parties.
BIG_PARTIES = (28.5, 20.8, 16.4, 11.6, 8.8, 4.97, 4.3, 2.5, 1.0, 0.9)


@dataclass(frozen=True)
class Spec:
    """The shape of one generated election."""

    gs: str  # the authority's key; rows carry municipality keys inside it
    name: str
    datum: str
    bezirke: int
    parties: int
    municipalities: int = 1
    areas: int = 1  # ballot areas (Wahlkreise), each with its own Stimmzettel
    second_vote: bool = False
    candidates: int = 0  # per list; > 0 gives per-candidate vote columns D<n>_<k>
    postal_every: int = 7  # every n-th Bezirk is a postal one (bezirk-art B)
    seed: int = 2025


NATIONWIDE = Spec(
    gs="09000000",
    name="Bundestagswahl",
    datum="23.02.2025",
    bezirke=95_000,
    parties=30,
    municipalities=10_000,
    areas=299,
    second_vote=True,
)
MUENCHEN = Spec(
    gs="09162000",
    name="Stadtratswahl",
    datum="08.03.2026",
    bezirke=1_300,
    parties=15,
    candidates=80,
    postal_every=4,
)


def small_municipality(number: int, seed: int = 2025) -> Spec:
    """One of many small municipal council elections: 3–24 Bezirke, 4–9 lists."""
    return Spec(
        gs=f"09{100 + number // 40:03d}{number % 40 + 1:03d}",
        name="Gemeinderatswahl",
        datum="08.03.2026",
        bezirke=3 + (number * 7) % 22,
        parties=4 + number % 6,
        seed=seed + number,
    )


def _uniform(seed: int, salt: int, low: int, high: int) -> pl.Expr:
    """A pseudo-random integer in [low, high) per row, fixed by seed, salt and row number."""
    hashed = (pl.int_range(pl.len(), dtype=pl.UInt64) * 1_000_003 + salt).hash(seed)
    return (hashed % (high - low)).cast(pl.Int64) + low


def _weights(spec: Spec) -> list[float]:
    tail = [max(0.05, 0.8 - 0.03 * i) for i in range(max(0, spec.parties - len(BIG_PARTIES)))]
    return [*BIG_PARTIES, *tail][: spec.parties]


def _split(
    frame: pl.DataFrame, total: str, parts: list[str], weights: list[float], seed: int, salt: int
) -> pl.DataFrame:
    """Add columns `parts` that sum exactly to column `total`: weighted shares with per-row
    noise, the rounding remainder going to the first part."""
    noise = [f"__w{i}" for i in range(len(weights))]
    frame = frame.with_columns(
        (_uniform(seed, salt + i, 50, 150).cast(pl.Float64) * w).alias(name)
        for i, (w, name) in enumerate(zip(weights, noise, strict=True))
    ).with_columns(pl.sum_horizontal(noise).alias("__wsum"))
    frame = frame.with_columns(
        (pl.col(total) * pl.col(name) / pl.col("__wsum")).floor().cast(pl.Int64).alias(part)
        for part, name in zip(parts[1:], noise[1:], strict=True)
    )
    first = pl.col(total) - pl.sum_horizontal(parts[1:]) if len(parts) > 1 else pl.col(total)
    return frame.with_columns(first.alias(parts[0])).drop("__wsum", *noise)


def _bezirke(spec: Spec) -> pl.DataFrame:
    """One row per Bezirk: municipality, ballot area, number, name, type."""
    n = spec.bezirke
    frame = pl.DataFrame({"i": pl.int_range(n, eager=True)}).with_columns(
        municipality=(pl.col("i") * spec.municipalities // n),
    )
    frame = frame.with_columns(
        area=pl.col("municipality") * spec.areas // spec.municipalities + 1,
        local=pl.col("i") - pl.col("i").min().over("municipality") + 1,
        postal=(pl.col("i") % spec.postal_every) == spec.postal_every - 1,
    )
    if spec.municipalities == 1:
        gs = pl.lit(spec.gs)
    else:
        kreis = (pl.col("municipality") // 40 + 100).cast(pl.String).str.zfill(3)
        gemeinde = (pl.col("municipality") % 40 + 1).cast(pl.String).str.zfill(3)
        gs = pl.concat_str(pl.lit(spec.gs[:2]), kreis, gemeinde)
    nr = (pl.col("local") + pl.when(pl.col("postal")).then(9000).otherwise(0)).cast(pl.String)
    return frame.with_columns(
        gs=gs,
        nr=nr.str.zfill(4),
        area_nr=pl.col("area").cast(pl.String),
    ).with_columns(
        name=pl.concat_str(
            pl.col("nr"),
            pl.when(pl.col("postal")).then(pl.lit(" Briefwahl")).otherwise(pl.lit(" Wahllokal")),
        )
    )


def _common(spec: Spec, gs: pl.Expr | None = None) -> list[pl.Expr]:
    return [
        pl.lit(VERSION).alias("version"),
        (gs if gs is not None else pl.lit(spec.gs)).alias("wahl-behoerde-gs"),
        pl.lit(spec.datum).alias("wahl-datum"),
        pl.lit(spec.name).alias("wahl-name"),
    ]


def _party(j: int) -> tuple[str, str]:
    return f"P{j:02d}", f"Partei Nummer {j}"


def wahlergebnisse(spec: Spec, bezirke: pl.DataFrame) -> pl.DataFrame:
    parties = [f"D{j}" for j in range(1, spec.parties + 1)]
    weights = _weights(spec)
    s = spec.seed
    frame = bezirke.with_columns(
        A1=pl.when(pl.col("postal")).then(0).otherwise(_uniform(s, 1, 400, 2200)),
        A2=pl.when(pl.col("postal")).then(0).otherwise(_uniform(s, 2, 30, 400)),
        A3=pl.when(pl.col("postal")).then(0).otherwise(_uniform(s, 3, 0, 2)),
        turnout=_uniform(s, 4, 55, 86),
        invalid=_uniform(s, 5, 2, 15),
    ).with_columns(A=pl.col("A1") + pl.col("A2") + pl.col("A3"))
    frame = frame.with_columns(
        B=pl.when(pl.col("postal"))
        .then(_uniform(s, 6, 600, 1400))
        .otherwise(pl.col("A") * pl.col("turnout") // 100),
    ).with_columns(
        B1=pl.when(pl.col("postal")).then(pl.col("B")).otherwise(pl.col("A2") // 10),
        C=pl.col("B") * pl.col("invalid") // 1000,
    )
    if spec.candidates:
        # Bavarian council: each valid ballot carries up to one vote per seat.
        seats = spec.candidates
        frame = frame.with_columns(
            **{"GUELTIGE-STIMMZETTEL": pl.col("B") - pl.col("C")},
        ).with_columns(D=pl.col("GUELTIGE-STIMMZETTEL") * seats * _uniform(s, 7, 90, 100) // 100)
    else:
        frame = frame.with_columns(D=pl.col("B") - pl.col("C"))
    frame = _split(frame, "D", parties, weights, s, 100)
    columns = ["A1", "A2", "A3", "A", "B", "B1", "C"]
    if spec.candidates:
        columns.append("GUELTIGE-STIMMZETTEL")
    columns.append("D")
    if spec.second_vote:
        frame = frame.with_columns(E=pl.col("B") * _uniform(s, 8, 2, 12) // 1000).with_columns(
            F=pl.col("B") - pl.col("E")
        )
        seconds = [f"F{j}" for j in range(1, spec.parties + 1)]
        frame = _split(frame, "F", seconds, weights, s, 200)
        columns += ["E", "F"]
        for d, f in zip(parties, seconds, strict=True):
            columns += [d, f]
    elif spec.candidates:
        # Candidates near the top of a list draw more votes.
        ranks = [1.0 / (1 + 0.08 * k) for k in range(spec.candidates)]
        for j, d in enumerate(parties, start=1):
            names = [f"{d}_{k}" for k in range(1, spec.candidates + 1)]
            frame = _split(frame, d, names, ranks, s, 1000 * j)
            columns += [d, *names]
    else:
        columns += parties
    stamp = pl.lit(f"{spec.datum} 19:12:44")
    return frame.select(
        *_common(spec, pl.col("gs")),
        pl.col("nr").alias("bezirk-nr"),
        pl.col("name").alias("bezirk-name"),
        stamp.alias("zeitstempel-erfassung"),
        *columns,
    )


def wahlgebietseinteilungen(spec: Spec, bezirke: pl.DataFrame) -> pl.DataFrame:
    area_name = pl.concat_str(
        pl.col("area_nr"), pl.lit(" Wahlkreis ", dtype=pl.String), pl.col("area_nr")
    )
    empty = pl.lit(None, dtype=pl.String)
    return bezirke.select(
        *_common(spec, pl.col("gs")),
        pl.col("gs").alias("wahl-leiter-gs"),
        pl.concat_str(pl.lit("Gemeinde "), pl.col("gs")).alias("wahl-leiter-name"),
        empty.alias("gebiet-ebene-5-nr"),
        empty.alias("gebiet-ebene-5-name"),
        empty.alias("gebiet-ebene-4-nr"),
        empty.alias("gebiet-ebene-4-name"),
        pl.col("area_nr").alias("gebiet-ebene-3-nr"),
        area_name.alias("gebiet-ebene-3-name"),
        empty.alias("gebiet-ebene-2-nr"),
        empty.alias("gebiet-ebene-2-name"),
        pl.col("nr").alias("bezirk-nr"),
        pl.col("name").alias("bezirk-name"),
        pl.when(pl.col("postal")).then(pl.lit("B")).otherwise(pl.lit("W")).alias("bezirk-art"),
        pl.when(pl.col("i") % 50 == 0)
        .then(pl.lit("J"))
        .otherwise(pl.lit("N"))
        .alias("bezirk-repräsentativ"),
        pl.col("area_nr").alias("kandidat-gebiet-nr"),
        area_name.alias("kandidat-gebiet-bezeichnung"),
        pl.col("area_nr").alias("stimmzettel-gebiet-nr"),
        area_name.alias("stimmzettel-gebiet-bezeichnung"),
    )


def stimmzettel(spec: Spec) -> pl.DataFrame:
    rows = [
        (
            str(area),
            f"{area} Wahlkreis {area}",
            str(j),
            *_party(j),
            f"#{(j * 2654435) % 0xFFFFFF:06x}",
        )
        for area in range(1, spec.areas + 1)
        for j in range(1, spec.parties + 1)
    ]
    frame = pl.DataFrame(
        rows,
        schema=[
            "stimmzettel-gebiet-nr",
            "stimmzettel-gebiet-bezeichnung",
            "stimmzettel-position",
            "partei-kurzname",
            "partei-langname",
            "partei-rgb-wert",
        ],
        orient="row",
    )
    return frame.select(*_common(spec), pl.all(), pl.lit("P").alias("partei-typ"))


def kandidaten(spec: Spec) -> pl.DataFrame:
    if spec.candidates:  # one list per party, list places 1 … k, in the one area
        rows = [
            (j, k, "1", str(k))
            for j in range(1, spec.parties + 1)
            for k in range(1, spec.candidates + 1)
        ]
    else:  # a direct candidate of each of the first twelve parties per ballot area
        rows = [
            (j, area, str(area), "0")
            for area in range(1, spec.areas + 1)
            for j in range(1, min(12, spec.parties) + 1)
        ]
    frame = pl.DataFrame(
        [
            (
                *_party(j),
                f"Name{j}x{k}",
                f"Vorname{k % 37}",
                str(1940 + (j * 31 + k * 7) % 62),
                "W" if (j + k) % 2 else "M",
                "Beruf",
                area,
                place,
            )
            for j, k, area, place in rows
        ],
        schema=[
            "partei-kurzname",
            "partei-langname",
            "kandidat-name",
            "kandidat-vorname",
            "kandidat-geburtsjahr",
            "kandidat-geschlecht",
            "kandidat-beruf",
            "kandidat-gebiet-nr",
            "kandidat-listenplatz",
        ],
        orient="row",
    )
    empty = pl.lit(None, dtype=pl.String)
    return frame.select(
        *_common(spec),
        "partei-kurzname",
        "partei-langname",
        "kandidat-name",
        empty.alias("kandidat-namensvorsatz"),
        "kandidat-vorname",
        empty.alias("kandidat-akadgrad"),
        "kandidat-geburtsjahr",
        "kandidat-geschlecht",
        "kandidat-beruf",
        "kandidat-gebiet-nr",
        "kandidat-listenplatz",
    )


def wahlparameter(spec: Spec) -> pl.DataFrame:
    label = "Wahlkreis" if spec.areas > 1 else None
    return pl.DataFrame(
        {
            "version": [VERSION],
            "wahl-behoerde-gs": [spec.gs],
            "wahl-behoerde-name": [f"Behörde {spec.gs}"],
            "wahl-datum": [spec.datum],
            "wahl-name": [spec.name],
            "wahl-bezeichnung": [f"{spec.name} am {spec.datum}"],
            "kandidat-gebiet-bezeichnung": [label or "Wahlgebiet"],
            "gebiet-ebene-5-bezeichnung": [None],
            "gebiet-ebene-4-bezeichnung": [None],
            "gebiet-ebene-3-bezeichnung": [label or "Wahlgebiet"],
            "gebiet-ebene-2-bezeichnung": [None],
            "bezirk-bezeichnung": ["Stimmbezirk"],
        },
        schema_overrides=dict.fromkeys(
            (
                "gebiet-ebene-5-bezeichnung",
                "gebiet-ebene-4-bezeichnung",
                "gebiet-ebene-2-bezeichnung",
            ),
            pl.String,
        ),
    )


def write(spec: Spec, folder: Path) -> list[Path]:
    """Write the five files of `spec` into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    bezirke = _bezirke(spec)
    tables = {
        "Wahlparameter": wahlparameter(spec),
        "Wahlgebietseinteilungen": wahlgebietseinteilungen(spec, bezirke),
        "Stimmzettel": stimmzettel(spec),
        "Kandidaten": kandidaten(spec),
        "Wahlergebnisse": wahlergebnisse(spec, bezirke),
    }
    paths = []
    for file_type, frame in tables.items():
        path = folder / file_name(spec.gs, spec.datum, spec.name, file_type, VERSION, STAMP)
        frame.write_csv(path, separator=";", line_terminator="\n")
        paths.append(path)
    return paths
