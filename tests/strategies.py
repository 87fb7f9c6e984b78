"""Hypothesis strategies for realistic elections in the canonical model.

A generated election is a Gemeinde with urn and postal Bezirke, one vote, two votes, a
referendum or a council election with several votes per ballot (lists with candidates), whose
counts add up, and where some Bezirke may not have reported yet (all counts empty, never 0).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import polars as pl
from hypothesis import strategies as st

from wahldaten.core.structure_derive import WORDS
from wahldaten.formats.source import PARTY_COLUMNS, assemble

KINDS = ("one-vote", "two-votes", "referendum", "council")
# Text as it appears in real exports: umlauts, typographic quotes, separators, no edge spaces.
NAME_ALPHABET = "ABCDEFGHIKLMNOPRSTUWZabcdefghiklmnoprstuwzäöüÄÖÜß0123456789 -./„“();,'\""


# Words that name a kind of election: the election names drawn must not state another kind than
# the one drawn (hypothesis draws string constants of the code, such as "REGIONSWAHL").
KIND_WORDS = tuple(word for words in WORDS.values() for word in words)


def _plain(text: str) -> str:
    lowered = text.lower()
    for umlaut, written in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, written)
    return lowered


def neutral_text() -> st.SearchStrategy[str]:
    """Text that names no kind of election."""
    return text().filter(lambda s: not any(word in _plain(s) for word in KIND_WORDS))


def text(min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[str]:
    return (
        st.text(NAME_ALPHABET, min_size=min_size, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: len(s) >= min_size)
    )


@st.composite
def composition(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """`total` split into `parts` non-negative integers."""
    if parts == 1:
        return [total]
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


@dataclass(frozen=True)
class Generated:
    kind: str
    election: object  # wahldaten.core.model.Election

    def __repr__(self) -> str:  # shrunk examples stay readable
        results = self.election.results  # type: ignore[attr-defined]
        return f"Generated({self.kind}, {results.height} Bezirke, columns={results.columns[7:]})"


@st.composite
def elections(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS, version: str = "0.3") -> Generated:
    kind = draw(st.sampled_from(kinds))
    land = draw(st.integers(1, 16))
    gs = f"{land:02d}{draw(st.integers(0, 999999)):06d}"
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1990, 2030)),
    )
    datum = f"{day:02d}.{month:02d}.{year}"
    urn = draw(st.integers(1, 5))
    postal = draw(st.integers(0, 2))
    numbers = draw(
        st.lists(
            st.from_regex(r"[0-9]{2,4}|[0-9]{2}\.[1-9]|B-[0-9]{3}", fullmatch=True),
            min_size=urn + postal,
            max_size=urn + postal,
            unique=True,
        ).filter(lambda ns: "0" not in ns)
    )
    positions = (
        [1, 2]
        if kind == "referendum"
        else sorted(draw(st.sets(st.integers(1, 12), min_size=1, max_size=6)))
    )
    candidates = {n: draw(st.integers(1, 3)) for n in positions} if kind == "council" else {}

    rows = []
    for index, nr in enumerate(numbers):
        is_postal = index >= urn
        reported = draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else True
        row: dict[str, object] = {
            "bezirk-nr": nr,
            "bezirk-name": draw(st.one_of(st.none(), text())),
            "bezirk-art": "B" if is_postal else "W",
            "zeitstempel-erfassung": f"{datum} {draw(st.integers(18, 23)):02d}:{draw(st.integers(0, 59)):02d}:00"
            if reported
            else None,
        }
        counts: dict[str, int | None] = {}
        if reported:
            if is_postal:
                a1 = a2 = a3 = 0
                voters = draw(st.integers(1, 900))
                with_card = voters
            else:
                a1, a2, a3 = (
                    draw(st.integers(1, 1500)),
                    draw(st.integers(0, 500)),
                    draw(st.integers(0, 3)),
                )
                voters = draw(st.integers(1, a1 + a2 + a3))
                with_card = draw(st.integers(0, voters))
            invalid = draw(st.integers(0, voters // 20))
            counts.update(A1=a1, A2=a2, A3=a3, A=a1 + a2 + a3, B=voters, B1=with_card, C=invalid)
            valid = voters - invalid
            if kind == "council":
                counts["GUELTIGE-STIMMZETTEL"] = valid
                votes = draw(st.integers(valid, 3 * valid))
                counts["D"] = votes
                for n, share in zip(
                    positions, draw(composition(votes, len(positions))), strict=True
                ):
                    liste, *persons = draw(composition(share, candidates[n] + 1))
                    counts[f"D{n}"] = share
                    counts[f"D{n}_liste"] = liste
                    for k, person in enumerate(persons, start=1):
                        counts[f"D{n}_{k}"] = person
            else:
                counts["D"] = valid
                for n, share in zip(
                    positions, draw(composition(valid, len(positions))), strict=True
                ):
                    counts[f"D{n}"] = share
            if kind == "two-votes":
                invalid2 = draw(st.integers(0, voters // 20))
                counts.update(E=invalid2, F=voters - invalid2)
                for n, share in zip(
                    positions, draw(composition(voters - invalid2, len(positions))), strict=True
                ):
                    counts[f"F{n}"] = share
        rows.append((row, counts))

    count_columns = ["A1", "A2", "A3", "A", "B", "B1", "C"]
    if kind == "council":
        count_columns.append("GUELTIGE-STIMMZETTEL")
    count_columns.append("D")
    if kind == "two-votes":
        count_columns += ["E", "F"]
    for n in positions:
        count_columns.append(f"D{n}")
        if kind == "council":
            count_columns += [f"D{n}_liste", *[f"D{n}_{k}" for k in range(1, candidates[n] + 1)]]
        if kind == "two-votes":
            count_columns.append(f"F{n}")
    text_columns = ["bezirk-nr", "bezirk-name", "bezirk-art", "zeitstempel-erfassung"]
    results = pl.DataFrame(
        [{**row, **{c: counts.get(c) for c in count_columns}} for row, counts in rows],
        schema={**dict.fromkeys(text_columns, pl.String), **dict.fromkeys(count_columns, pl.Int64)},
    )

    options = []
    for n in positions:
        if kind == "referendum":
            short, long = ("Ja", "Ja-Stimmen") if n == 1 else ("Nein", "Nein-Stimmen")
        else:
            short = draw(st.one_of(st.none(), text(max_size=10)))
            long = draw(text()) if short is None else draw(st.one_of(st.none(), text()))
        options.append(
            {
                "stimmzettel-gebiet-nr": None,
                "stimmzettel-gebiet-bezeichnung": None,
                "stimmzettel-position": str(n),
                "partei-kurzname": short,
                "partei-langname": long,
                "partei-rgb-wert": draw(
                    st.one_of(st.none(), st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
                ),
                "partei-typ": "P",
            }
        )
    ballot = pl.DataFrame(options, schema=dict.fromkeys(PARTY_COLUMNS, pl.String))
    wahl = {
        "wahl-behoerde-gs": gs,
        "wahl-behoerde-name": draw(text()),
        "wahl-datum": datum,
        "wahl-name": draw(neutral_text()),
        "wahl-bezeichnung": draw(neutral_text()),
        "bezirk-bezeichnung": "Wahlbezirk",
    }
    election = assemble(
        results=results, counts=count_columns, parties=ballot, wahl=wahl, version=version
    )
    return Generated(kind, election)
