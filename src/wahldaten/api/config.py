"""Settings kept in the repository: `[tool.wahldaten]` in pyproject.toml, or `wahldaten.toml`.

The nearest file upwards from the working directory wins; options given on the command line
override it. So CI settings (fail level, selected or ignored codes) live beside the data.

    [tool.wahldaten]          # or, in wahldaten.toml, the same keys at the top level
    fail-on = "warning"
    ignore = ["P", "C07"]
    max-examples = 50
    lang = "en"
    max-bytes = "200M"        # what one run may read (see wahldaten.io.limits.Limits)
    max-file-bytes = "100M"
    final = true              # the final result: every Bezirk must be counted (--final)

    [tool.wahldaten.structure]   # what the data cannot tell (--structure), in wahldaten.toml
    votes = 2                    # [structure]; see core.structure_statement
    separate-ballots = true
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wahldaten.core import catalog
from wahldaten.core.structure import StatementError, StructureStatement
from wahldaten.io.limits import parse_size

KEYS = {
    "fail-on",
    "select",
    "ignore",
    "max-examples",
    "lang",
    "max-bytes",
    "max-file-bytes",
    "final",
    "structure",
}
STRUCTURE = "structure"
# Settings keys of the limits → the field of `Limits` they set.
SIZES = {"max-bytes": "max_bytes", "max-file-bytes": "max_file_bytes"}


class ConfigError(ValueError):
    """A settings file that cannot be used; carries a catalog key (`config.*`) and parameters,
    so the command line says it in the user's language. `problem` is the English text. A
    structure table that cannot be read keeps the `StatementError` (`cause`), which names the
    key and the reason."""

    def __init__(
        self, path: Path, key: str, *, cause: StatementError | None = None, **params: Any
    ) -> None:
        self.path = path
        self.key = key
        self.params = params
        self.cause = cause
        self.problem = self.message("en")
        super().__init__(f"{path}: {self.problem}")

    def message(self, language: str) -> str:
        """What is wrong, in a language."""
        if self.cause is not None:
            return self.cause.message(language)
        return catalog.text(self.key, language, **self.params)


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def final(self) -> bool | None:
        """`final = true`: the final result is checked; None where the file does not say."""
        value = self.values.get("final")
        return value if isinstance(value, bool) else None

    @property
    def structure(self) -> StructureStatement | None:
        """The `[tool.wahldaten.structure]` table, read (it was checked when the file was)."""
        if STRUCTURE not in self.values:
            return None
        return StructureStatement.from_mapping(self.values[STRUCTURE], where=_where(self.path))

    def sizes(self) -> dict[str, int]:
        """The limits set here, as fields of `Limits` in bytes (checked when the file was read)."""
        return {field: parse_size(self.values[key]) for key, field in SIZES.items() if key in self}

    def __contains__(self, key: object) -> bool:
        return key in self.values


def _section(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(path, "config.unreadable", reason=str(error)) from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("wahldaten")
        return section if isinstance(section, dict) else None
    return data


def _check(path: Path, values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - KEYS)
    if unknown:
        raise ConfigError(
            path, "config.unknown_keys", keys=", ".join(unknown), known=", ".join(sorted(KEYS))
        )
    for key in ("select", "ignore"):
        if key in values and not (
            isinstance(values[key], list) and all(isinstance(v, str) for v in values[key])
        ):
            raise ConfigError(path, "config.not_codes", option=key)
    if "max-examples" in values and not (
        isinstance(values["max-examples"], int) and values["max-examples"] >= 0
    ):
        raise ConfigError(path, "config.max_examples")
    if "fail-on" in values and values["fail-on"] not in ("error", "warning", "info"):
        raise ConfigError(path, "config.fail_on")
    if "lang" in values and values["lang"] not in ("de", "en"):
        raise ConfigError(path, "config.lang")
    for key in SIZES:
        if key in values:
            _size(path, key, values[key])
    if "final" in values and not isinstance(values["final"], bool):
        raise ConfigError(path, "config.final")
    if STRUCTURE in values:
        try:
            StructureStatement.from_mapping(values[STRUCTURE], where=_where(path))
        except StatementError as error:
            raise ConfigError(path, "config.structure", cause=error) from None
    return values


def _where(path: Path | None) -> str:
    """How a structure key is named in messages: its table in that file."""
    if path is not None and path.name == "pyproject.toml":
        return "[tool.wahldaten.structure]"
    return "[structure]"


def _size(path: Path, key: str, value: Any) -> None:
    """A size as `1073741824` or `"500M"`; anything else is a ConfigError (config.size)."""
    try:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(value)
        parse_size(value)
    except ValueError:
        raise ConfigError(path, "config.size", option=key, value=repr(value)) from None


def find(start: Path | None = None) -> Config:
    """The settings of the nearest wahldaten.toml or pyproject.toml with [tool.wahldaten]."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("wahldaten.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                section = _section(candidate)
                if section is not None:
                    return Config(path=candidate, values=_check(candidate, section))
    return Config()
