"""What a user states about an election's structure where the data cannot tell.

From config (`[tool.wahldaten.structure]`, a mapping: `votes = 2`, `separate-ballots = true`,
`votes-per-ballot = 48`, `postal-only = true`, `several-ballots = true`) or from the command
line (`--structure votes=2,separate-ballots`: a bare key means true). Every error names where it
is (the config key, or the item of the option) and renders from the catalog
(`structure.error.*`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from wahldaten.core import catalog

TRUE = ("true", "yes", "ja", "1", "on")
FALSE = ("false", "no", "nein", "0", "off")
# Config/CLI key → field name, and the kind of value the key takes.
KEYS: dict[str, tuple[str, str]] = {
    "votes": ("votes", "votes"),
    "separate-ballots": ("separate_ballots", "bool"),
    "votes-per-ballot": ("votes_per_ballot", "count"),
    "postal-only": ("postal_only", "bool"),
    "several-ballots": ("several_ballots", "bool"),
}
CONFIG_SECTION = "[tool.wahldaten.structure]"
CLI_OPTION = "--structure"


@dataclass(frozen=True)
class Place:
    """Where a statement item stands: a config key, or the n-th item of the CLI option."""

    kind: str  # "config" or "cli"
    params: tuple[tuple[str, Any], ...]

    @classmethod
    def config(cls, where: str, key: str) -> Place:
        return cls("config", (("where", where), ("setting", key)))

    @classmethod
    def cli(cls, option: str, index: int, item: str) -> Place:
        return cls("cli", (("option", option), ("index", index), ("item", item)))

    def text(self, language: str) -> str:
        return catalog.text(
            f"structure.error.at_{self.kind}", language, **dict(self.params)
        ).strip()


class StatementError(ValueError):
    """A structure statement that cannot be read; `message(language)` says what and where."""

    def __init__(self, reason: str, place: Place, **params: Any) -> None:
        self.reason = reason  # the catalog key below structure.error
        self.place = place
        self.params = params
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        text = catalog.text(f"structure.error.{self.reason}", language, **self.params)
        return f"{self.place.text(language)}: {text}"


@dataclass(frozen=True)
class StructureStatement:
    """What the user said; None = not stated (the data decides)."""

    votes: int | None = None
    separate_ballots: bool | None = None
    votes_per_ballot: int | None = None
    postal_only: bool | None = None
    several_ballots: bool | None = None
    # Per field, where it was stated (a config key or a CLI item), for the report.
    origins: tuple[tuple[str, Place], ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self) if f.name != "origins")

    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, Any], where: str = CONFIG_SECTION
    ) -> StructureStatement:
        """Read a config table. `where` names it in errors (e.g. the file and section)."""
        if not isinstance(mapping, Mapping):
            raise StatementError(
                "not_a_table", Place.config(where, ""), found=type(mapping).__name__
            )
        values: dict[str, Any] = {}
        origins: list[tuple[str, Place]] = []
        for key, raw in mapping.items():
            location = Place.config(where, str(key))
            name, value = _value(str(key), raw, location)
            values[name] = value
            origins.append((name, location))
        return _checked(values, origins)

    @classmethod
    def from_cli(cls, text: str, option: str = CLI_OPTION) -> StructureStatement:
        """Read `votes=2,separate-ballots`; items are separated by commas."""
        values: dict[str, Any] = {}
        origins: list[tuple[str, Place]] = []
        for index, part in enumerate(text.split(","), start=1):
            item = part.strip()
            location = Place.cli(option, index, item)
            if not item:
                raise StatementError("empty_item", location)
            key, has_value, raw = item.partition("=")
            key = key.strip()
            name, value = _value(key, raw.strip() if has_value else True, location)
            if name in values:
                raise StatementError("duplicate", location, setting=key)
            values[name] = value
            origins.append((name, location))
        return _checked(values, origins)

    def origin(self, name: str) -> Place | None:
        return dict(self.origins).get(name)


def _value(key: str, raw: Any, location: Place) -> tuple[str, Any]:
    if key not in KEYS:
        raise StatementError("unknown_key", location, setting=key, known=", ".join(KEYS))
    name, kind = KEYS[key]
    if kind == "bool":
        return name, _boolean(key, raw, location)
    number = _integer(key, raw, location)
    if kind == "votes" and number not in (1, 2):
        raise StatementError("out_of_range", location, setting=key, value=number, allowed="1, 2")
    if number < 1:
        raise StatementError("out_of_range", location, setting=key, value=number, allowed="≥ 1")
    return name, number


def _boolean(key: str, raw: Any, location: Place) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in (*TRUE, *FALSE):
        return raw.strip().lower() in TRUE
    raise StatementError("not_boolean", location, setting=key, value=raw)


def _integer(key: str, raw: Any, location: Place) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    raise StatementError("not_integer", location, setting=key, value=raw)


def _checked(values: dict[str, Any], origins: list[tuple[str, Place]]) -> StructureStatement:
    statement = StructureStatement(**values, origins=tuple(origins))
    place = statement.origin("separate_ballots")
    if statement.separate_ballots and statement.votes == 1 and place is not None:
        raise StatementError("separate_needs_two_votes", place)
    return statement
