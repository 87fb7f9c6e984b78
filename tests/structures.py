"""Hypothesis strategies: consistent elections of every structure (core/structure_model.EXAMPLES).

A generated election has urn and postal Bezirke whose counts hold every identity of its
structure by construction; some Bezirke may not have reported (all counts empty), and options
not on a Bezirk's ballot are empty. It carries the plain inputs from which `derive` must find
its structure again (column names, Wahlparameter, ballot areas, options, a user statement).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import polars as pl
from hypothesis import strategies as st

from wahldaten.core.model import Election
from wahldaten.core.structure import EXAMPLES, ElectionStructure, StructureStatement
from wahldaten.formats.source import PARTY_COLUMNS, assemble

STRUCTURES = tuple(EXAMPLES)
TEXT_COLUMNS = ("bezirk-nr", "bezirk-name", "bezirk-art", "stimmzettel-gebiet-nr")
# Per structure: Länder and names from which derive() recognises it.
ELECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "one-vote": (("01", "05", "10", "11"), ("Europawahl", "Bürgermeisterwahl", "Landratswahl")),
    "two-votes": (("05", "07", "09", "14"), ("Bundestagswahl", "Wahl zum Deutschen Bundestag")),
    "two-ballots": (("09",), ("Landtagswahl", "Bezirkswahl", "Wahl zum Bayerischen Landtag")),
    "council-bw": (("08",), ("Gemeinderatswahl", "Kreistagswahl", "Wahl des Ortschaftsrats")),
    "council-nds": (("03",), ("Gemeinderatswahl", "Kreiswahl", "Ratswahl")),
    "council-hessen": (("06",), ("Stadtverordnetenwahl", "Gemeindevertretungswahl", "Kreiswahl")),
    "referendum": (("02", "05", "06"), ("Bürgerentscheid Stadtbahn", "Radentscheid")),
    "postal-only": (("09",), ("Stichwahl Bürgermeister", "Stichwahl Landrat")),
    "several-ballots": (("05",), ("Bezirksvertretungswahl", "Wahl der Bezirksvertretungen")),
}


@st.composite
def split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """`total` split into `parts` non-negative integers."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    return [b - a for a, b in itertools.pairwise([0, *cuts, total])]


@dataclass(frozen=True)
class Generated:
    """One consistent election of a structure and the inputs of `derive`."""

    name: str
    structure: ElectionStructure
    results: pl.DataFrame  # text columns, then the counts as Int64 (null = not reported)
    counts: tuple[str, ...]
    wahl: dict[str, str]
    options: tuple[str, ...]
    statement: StructureStatement | None

    def __repr__(self) -> str:  # shrunk examples stay readable
        return f"Generated({self.name}, {self.results.height} rows, {list(self.counts)})"

    def derive_inputs(self) -> dict[str, Any]:
        art = self.results.select("bezirk-art", "B").drop_nulls("B")
        voters = {a: int(g["B"].sum()) for (a,), g in art.group_by("bezirk-art")}
        return {
            "columns": list(self.results.columns),
            "wahlparameter": self.wahl,
            "ballot_areas": self.results["stimmzettel-gebiet-nr"].to_list(),
            "options": list(self.options),
            "voters_by_art": voters,
            "statement": self.statement,
        }

    def election(self) -> Election:
        """The election in the canonical model, for rules that read whole packages."""
        ballot = pl.DataFrame(
            [
                {"stimmzettel-position": str(n), "partei-kurzname": o, "partei-typ": "P"}
                for n, o in enumerate(self.options, start=1)
            ],
            schema=dict.fromkeys(PARTY_COLUMNS, pl.String),
        )
        return assemble(
            results=self.results, counts=list(self.counts), parties=ballot, wahl=self.wahl
        )


def _common(draw: st.DrawFn, pseudo: bool = False) -> dict[str, int]:
    a1, a2, a3 = draw(st.integers(1, 1500)), draw(st.integers(0, 500)), draw(st.integers(0, 3))
    voters = 0 if pseudo else draw(st.integers(1, a1 + a2 + a3))
    return {"A1": a1, "A2": a2, "A3": a3, "A": a1 + a2 + a3, "B": voters}


def _options(draw: st.DrawFn, prefix: str, total: int, positions: list[int]) -> dict[str, int]:
    return dict(
        zip((f"{prefix}{n}" for n in positions), draw(split(total, len(positions))), strict=True)
    )


@st.composite
def _counts(
    draw: st.DrawFn, name: str, positions: list[int], candidates: dict[int, int], n: int
) -> dict[str, int]:
    """The counts of one reported row; `n` is the number of votes per ballot."""
    row = _common(draw)
    voters = row["B"]
    row["B1"] = draw(st.integers(0, voters))
    invalid = draw(st.integers(0, voters // 10))
    row["C"] = invalid
    valid = voters - invalid
    if name in ("council-bw", "council-nds", "council-hessen"):
        votes = draw(st.integers(valid, n * valid))
        if name == "council-bw":
            row.update({"B2": draw(st.integers(0, voters)), "D": valid, "E": votes})
        elif name == "council-nds":
            row.update({"GUELTIGE-STIMMZETTEL": valid, "D": votes})
        else:
            row["D"] = votes
        for column, share in _options(draw, "D", votes, positions).items():
            parts = draw(split(share, candidates[int(column[1:])] + (name == "council-nds")))
            if name == "council-nds":
                row[f"{column}_liste"] = parts.pop()
            row[column] = share
            row.update({f"{column}_{k}": v for k, v in enumerate(parts, start=1)})
        return row
    if name == "two-ballots":
        first = voters - draw(st.integers(0, voters // 10)) - invalid
        row["D"] = first
        row.update(_options(draw, "D", first, positions))
        invalid2 = draw(st.integers(0, voters // 10))
        second = voters - invalid2 - draw(st.integers(0, voters // 10))
        row.update({"E": invalid2, "F": second})
        for column, share in _options(draw, "F", second, positions).items():
            row[column] = share
            in_candidates = draw(split(draw(st.integers(0, share)), 2))  # the rest: list only
            row.update({f"{column}_{k}": v for k, v in enumerate(in_candidates, start=1)})
        return row
    row["D"] = valid
    row.update(_options(draw, "D", valid, positions))
    if name == "two-votes":
        invalid2 = draw(st.integers(0, voters // 10))
        row.update({"E": invalid2, "F": voters - invalid2})
        row.update(_options(draw, "F", voters - invalid2, positions))
    return row


def _header(name: str, positions: list[int], candidates: dict[int, int]) -> list[str]:
    head = ["A1", "A2", "A3", "A", "B", "B1"]
    head += {
        "council-bw": ["B2", "C", "D", "E"],
        "council-nds": ["C", "GUELTIGE-STIMMZETTEL", "D"],
        "two-votes": ["C", "D", "E", "F"],
        "two-ballots": ["C", "D", "E", "F"],
    }.get(name, ["C", "D"])
    for n in positions:
        head.append(f"D{n}")
        if name == "council-nds":
            head.append(f"D{n}_liste")
        head += [f"D{n}_{k}" for k in range(1, candidates.get(n, 0) + 1)]
    if name in ("two-votes", "two-ballots"):
        for n in positions:
            head += [f"F{n}", *([f"F{n}_1", f"F{n}_2"] if name == "two-ballots" else [])]
    return head


@st.composite
def elections(draw: st.DrawFn, names: tuple[str, ...] = STRUCTURES) -> Generated:
    """A consistent election of one of the named structures."""
    name = draw(st.sampled_from(names))
    lands, wahl_names = ELECTIONS[name]
    gs = draw(st.sampled_from(lands)) + f"{draw(st.integers(0, 999999)):06d}"
    wahl = {"wahl-behoerde-gs": gs, "wahl-name": draw(st.sampled_from(wahl_names))}
    wahl["wahl-datum"] = "29.03.2020" if name == "postal-only" else "14.09.2025"
    structure = EXAMPLES[name]
    statement = None
    n = structure.votes_per_ballot or 1
    if name in ("council-bw", "council-hessen"):  # the seats: only the user can tell
        n = draw(st.integers(2, 80))
        statement = StructureStatement(votes_per_ballot=n)
        structure = replace(structure, votes_per_ballot=n)
    if name == "referendum":
        options: tuple[str, ...] = ("Ja", "Nein")
    else:
        options = tuple(f"Liste {i}" for i in range(1, draw(st.integers(1, 6)) + 1))
    positions = list(range(1, len(options) + 1))
    cumulative = name.startswith("council-")
    candidates = {p: draw(st.integers(1, 4)) for p in positions} if cumulative else {}
    areas: dict[str, list[int]] = {"": positions}
    if name == "several-ballots":
        count = draw(st.integers(2, 3))
        areas = {
            str(a): sorted(draw(st.sets(st.sampled_from(positions), min_size=1)))
            for a in range(1, count + 1)
        }
    header = _header(name, positions, candidates)
    rows: list[dict[str, Any]] = []
    urn = 1 if name == "postal-only" else draw(st.integers(1, 4))
    postal = draw(st.integers(1, 3))
    for index in range(urn + postal):
        area = draw(st.sampled_from(sorted(areas))) if name == "several-ballots" else ""
        is_postal = index >= urn
        row: dict[str, Any] = {
            "bezirk-nr": f"{9000 + index if is_postal else 100 + index}",
            "bezirk-name": None,
            "bezirk-art": "B" if is_postal else "W",
            "stimmzettel-gebiet-nr": area or None,
        }
        if name == "postal-only" and index == 0:  # the pseudo-row: the electorate, no votes
            counts = {**_common(draw, pseudo=True), "B1": 0, "C": 0, "D": 0}
            counts.update(dict.fromkeys((f"D{p}" for p in positions), 0))
        elif draw(st.integers(0, 9)) == 0 and not (name == "postal-only" and is_postal):
            counts = {}  # not reported yet
        else:
            counts = draw(_counts(name, areas[area], candidates, n))
            if is_postal:  # no register in a postal Bezirk; all its voters hold a Wahlschein
                counts.update({"A1": 0, "A2": 0, "A3": 0, "A": 0, "B1": counts["B"]})
        rows.append({**row, **{c: counts.get(c) for c in header}})
    if name == "several-ballots":
        used = sorted({r["stimmzettel-gebiet-nr"] for r in rows})
        structure = replace(structure, ballot_areas=tuple(used))
    schema = {**dict.fromkeys(TEXT_COLUMNS, pl.String), **dict.fromkeys(header, pl.Int64)}
    results = pl.DataFrame(rows, schema=schema)
    return Generated(name, structure, results, tuple(header), wahl, options, statement)
