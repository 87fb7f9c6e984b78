"""Identities of the result letters: named equations and inequalities, as polars expressions.

An identity relates a left-hand column to a sum of operands (`B = C + D`, `B ≥ E + F`,
`D<n> = D<n>_liste + Σ D<n>_<k>`). Which identities hold depends on the election's structure
(see `structure_model`); this module only knows how to evaluate one over a results frame.

Operands come in two kinds, because an empty cell means two different things:
- a `Column` must be reported: a row where it is empty is not checked (empty is not 0);
- a `Sum` runs over a family of option columns (`D<n>`, `D<n>_<k>`): options left empty are not
  on that Bezirk's ballot and drop out, and the row is checked where at least one is reported.

`{n}` and `{k}` in a pattern stand for a ballot position and a candidate number. A placeholder of
the left-hand side makes one `Instance` per matching column (`D1 = …`, `D2 = …`); a placeholder
only on the right is summed over.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from wahldaten.core import catalog
from wahldaten.core.lazy import polars as _pl
from wahldaten.core.structure_sums import any_reported, total_of

if TYPE_CHECKING:
    import polars as pl
else:
    pl = _pl

PLACEHOLDER = re.compile(r"\{([a-z])\}")
NUMBER = "[1-9][0-9]*"


class Relation(StrEnum):
    EQUAL = "="
    AT_LEAST = "≥"
    AT_MOST = "≤"


def _regex(pattern: str, bound: Mapping[str, str]) -> re.Pattern[str]:
    """The pattern as a regular expression, bound placeholders replaced by their value."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        name = match.group(1)
        parts.append(re.escape(bound[name]) if name in bound else f"(?P<{name}>{NUMBER})")
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("^" + "".join(parts) + "$")


def _label(pattern: str, bound: Mapping[str, str] | None = None) -> str:
    """`D{n}_{k}` → `D<n>_<k>`, bound placeholders written as their value (`D3_<k>`)."""
    values = bound or {}
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), f"<{m.group(1)}>"), pattern)


def _placeholders(pattern: str) -> tuple[str, ...]:
    return tuple(PLACEHOLDER.findall(pattern))


def _numeric_key(match: re.Match[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in match.groupdict().values())


@dataclass(frozen=True)
class Column:
    """One count column that must be reported. `synonyms` are other spellings of it (`B2` for
    `B1` where they mean the same); the first one present in the frame is used."""

    name: str
    synonyms: tuple[str, ...] = ()
    sign: int = 1

    @property
    def label(self) -> str:
        return _label(self.name)

    def resolve(self, columns: Sequence[str], bound: Mapping[str, str]) -> str | None:
        present = set(columns)
        for candidate in (self.name, *self.synonyms):
            if any(p not in bound for p in _placeholders(candidate)):
                continue
            name = _label(candidate, bound)
            if name in present:
                return name
        return None


@dataclass(frozen=True)
class Sum:
    """The reported cells of a family of option columns, summed (empty options drop out)."""

    patterns: tuple[str, ...]
    sign: int = 1

    def text(self, bound: Sequence[str] = ()) -> str:
        """`Σ D<n>`; a pattern whose placeholders are all bound by the left side is no sum:
        `D<n>_liste + Σ D<n>_<k>`."""
        return " + ".join(
            f"Σ {_label(p)}" if set(_placeholders(p)) - set(bound) else _label(p)
            for p in self.patterns
        )

    def resolve(self, columns: Sequence[str], bound: Mapping[str, str]) -> tuple[str, ...]:
        return _flat(self.groups(columns, bound))

    def groups(
        self, columns: Sequence[str], bound: Mapping[str, str]
    ) -> tuple[tuple[str, ...], ...]:
        """The matching columns per pattern, in numeric order (empty patterns left out)."""
        found: list[tuple[str, ...]] = []
        for pattern in self.patterns:
            regex = _regex(pattern, bound)
            matches = [m for m in (regex.match(c) for c in columns) if m is not None]
            if matches:
                found.append(tuple(m.string for m in sorted(matches, key=_numeric_key)))
        return tuple(found)


Term = Column | Sum


def _flat(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for group in groups for c in group))


@dataclass(frozen=True)
class Operand:
    """A resolved operand of one instance: its columns and whether they are summed options."""

    sign: int
    columns: tuple[str, ...]
    summed: bool
    # The columns per pattern of a sum, for its label (`D3_liste + D3_1…D3_4`).
    groups: tuple[tuple[str, ...], ...] = ()

    def value(self) -> pl.Expr:
        return total_of(self.columns) if self.summed else pl.col(self.columns[0])

    def reported(self) -> pl.Expr:
        return any_reported(self.columns) if self.summed else pl.col(self.columns[0]).is_not_null()

    @property
    def label(self) -> str:
        return " + ".join(_span(group) for group in self.groups or (self.columns,))


def _span(columns: tuple[str, ...]) -> str:
    return columns[0] if len(columns) == 1 else f"{columns[0]}…{columns[-1]}"


@dataclass(frozen=True)
class Instance:
    """One concrete equation of an identity over the columns of a frame (`D3 = D3_1 + D3_2`)."""

    identity: Identity
    column: str  # the left-hand side: where a finding points
    operands: tuple[Operand, ...]

    @property
    def relation(self) -> Relation:
        return self.identity.relation

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, *(c for o in self.operands for c in o.columns))

    @property
    def label(self) -> str:
        """The right-hand side with the columns of this frame, e.g. `D3_liste + D3_1…D3_4`."""
        text = ""
        for index, operand in enumerate(self.operands):
            if index:
                text += " − " if operand.sign < 0 else " + "
            elif operand.sign < 0:
                text += "−"
            text += operand.label
        scale = self.identity.scale
        if scale != 1:
            return f"{scale} · ({text})" if len(self.operands) > 1 else f"{scale} · {text}"
        return text

    @property
    def found(self) -> pl.Expr:
        return pl.col(self.column)

    @property
    def expected(self) -> pl.Expr:
        """The right-hand side as a number (meaningful where `reported` holds)."""
        parts = [o.value() if o.sign > 0 else -o.value() for o in self.operands]
        total = functools.reduce(operator.add, parts)
        scale = self.identity.scale
        return total * scale if scale != 1 else total

    @property
    def reported(self) -> pl.Expr:
        """True where every operand is reported (a sum: at least one of its options)."""
        checks = [pl.col(self.column).is_not_null(), *(o.reported() for o in self.operands)]
        return pl.all_horizontal(checks)

    @property
    def violated(self) -> pl.Expr:
        """True where the identity fails on a fully reported row, False everywhere else."""
        found, expected = self.found, self.expected
        if self.relation is Relation.EQUAL:
            broken = found != expected
        elif self.relation is Relation.AT_LEAST:
            broken = found < expected
        else:
            broken = found > expected
        return (self.reported & broken).fill_null(False)


@dataclass(frozen=True)
class Identity:
    """A named relation `left (=|≥|≤) scale · (± right…)` between the result letters.

    `name` is stable across versions and structures (`ballots`, `valid-votes`): the rules look
    identities up by it. `code` is the rule code that reports a violation (None: no rule yet).
    """

    name: str
    left: Column
    relation: Relation
    right: tuple[Term, ...]
    scale: int = 1
    code: str | None = None

    @property
    def terms(self) -> tuple[Term, ...]:
        return (self.left, *self.right)

    @property
    def formula(self) -> str:
        """The identity in letters, e.g. `B = C + D`, `D<n> = D<n>_liste + Σ D<n>_<k>`."""
        bound = _placeholders(self.left.name)
        text = ""
        for index, term in enumerate(self.right):
            if index:
                text += " − " if term.sign < 0 else " + "
            elif term.sign < 0:
                text += "−"
            text += term.text(bound) if isinstance(term, Sum) else term.label
        if self.scale != 1:
            text = f"{self.scale} · ({text})" if len(self.right) > 1 else f"{self.scale} · {text}"
        return f"{self.left.label} {self.relation.value} {text}"

    def description(self, language: str) -> str:
        return catalog.text(f"structure.identity.{self.name}", language)

    def instances(self, columns: Sequence[str]) -> tuple[Instance, ...]:
        """The concrete equations over these columns; none where an operand is absent."""
        return tuple(self._instances(columns))

    def _instances(self, columns: Sequence[str]) -> Iterator[Instance]:
        names = (self.left.name, *self.left.synonyms)
        if not any(_placeholders(n) for n in names):
            bindings: list[dict[str, str]] = [{}]
        else:
            regex = _regex(self.left.name, {})
            matches = sorted(
                (m for m in (regex.match(c) for c in columns) if m is not None), key=_numeric_key
            )
            bindings = [dict(m.groupdict()) for m in matches]
        for bound in bindings:
            left = self.left.resolve(columns, bound)
            if left is None:
                continue
            operands: list[Operand] = []
            for term in self.right:
                if isinstance(term, Column):
                    name = term.resolve(columns, bound)
                    if name is None:
                        break
                    operands.append(Operand(term.sign, (name,), summed=False))
                else:
                    groups = term.groups(columns, bound)
                    if not groups:
                        break
                    operands.append(Operand(term.sign, _flat(groups), True, groups))
            else:
                yield Instance(self, left, tuple(operands))

    def missing(self, columns: Sequence[str]) -> tuple[str, ...]:
        """The plain operands (no `{n}`) that none of their spellings name in `columns`: the
        identity cannot be checked without them."""
        present = set(columns)
        out: list[str] = []
        for term in self.terms:
            if not isinstance(term, Column) or _placeholders(term.name):
                continue
            if not any(n in present for n in (term.name, *term.synonyms)):
                out.append(term.name)
        return tuple(out)

    def violated(self, columns: Sequence[str]) -> pl.Expr:
        """True on rows where some instance of the identity fails (all its operands reported)."""
        checks = [i.violated for i in self.instances(columns)]
        if not checks:
            return pl.lit(False)
        return pl.any_horizontal(checks) if len(checks) > 1 else checks[0]


# --- the identities of German result letters -------------------------------------------------

B = Column("B")
C = Column("C")
D = Column("D")
E = Column("E")
F = Column("F")
VALID_BALLOTS = "GUELTIGE-STIMMZETTEL"
OPTIONS_D = Sum(("D{n}",))
OPTIONS_F = Sum(("F{n}",))


def electorate() -> Identity:
    return Identity(
        "electorate",
        Column("A"),
        Relation.EQUAL,
        (Column("A1"), Column("A2"), Column("A3")),
        code="A01",
    )


def wahlschein(*, b2_is_synonym: bool) -> Identity:
    left = Column("B1", synonyms=("B2",) if b2_is_synonym else ())
    return Identity("wahlschein", left, Relation.AT_MOST, (B,), code="A05")


def wahlschein_b2() -> Identity:
    return Identity("wahlschein-b2", Column("B2"), Relation.AT_MOST, (B,), code="A05")


def ballots(valid_ballots: str = "D", *, separate: bool = False) -> Identity:
    """Every ballot (paper) handed in is valid or invalid; with separate papers a voter may hand
    in only one of them, so the voters are at least the ballots of one paper."""
    relation = Relation.AT_LEAST if separate else Relation.EQUAL
    code = "A07" if valid_ballots == VALID_BALLOTS else "A02"
    return Identity("ballots", B, relation, (C, Column(valid_ballots)), code=code)


def second_ballots(*, separate: bool = False) -> Identity:
    relation = Relation.AT_LEAST if separate else Relation.EQUAL
    return Identity("second-ballots", B, relation, (E, F), code="A04")


def valid_votes(total: str = "D") -> Identity:
    return Identity("valid-votes", Column(total), Relation.EQUAL, (OPTIONS_D,), code="A03")


def valid_second_votes() -> Identity:
    return Identity("valid-second-votes", F, Relation.EQUAL, (OPTIONS_F,), code="A15")


def list_votes(*, list_only_votes: bool = False) -> Identity:
    patterns = ("D{n}_liste", "D{n}_{k}") if list_only_votes else ("D{n}_{k}",)
    return Identity("list-votes", Column("D{n}"), Relation.EQUAL, (Sum(patterns),), code="A08")


def second_list_votes() -> Identity:
    """A list's second votes include those for its candidates (plus votes for the list only)."""
    right = (Sum(("F{n}_{k}",)),)
    return Identity("second-list-votes", Column("F{n}"), Relation.AT_LEAST, right, code="A11")


def _valid_ballots_terms(valid_ballots: str | None) -> tuple[Term, ...]:
    if valid_ballots is None:  # not given: voters minus invalid ballots
        return (B, Column("C", sign=-1))
    return (Column(valid_ballots),)


def votes_min(votes: str, valid_ballots: str | None) -> Identity:
    """A valid ballot carries at least one valid vote."""
    terms = _valid_ballots_terms(valid_ballots)
    return Identity("votes-min", Column(votes), Relation.AT_LEAST, terms, code="A09")


def votes_max(votes: str, valid_ballots: str | None, per_ballot: int) -> Identity:
    """A ballot carries at most as many votes as the voter has."""
    return Identity(
        "votes-max",
        Column(votes),
        Relation.AT_MOST,
        _valid_ballots_terms(valid_ballots),
        scale=per_ballot,
        code="A10",
    )
