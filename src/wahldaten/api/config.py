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
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wahldaten.core import catalog
from wahldaten.io.limits import parse_size

KEYS = {"fail-on", "select", "ignore", "max-examples", "lang", "max-bytes", "max-file-bytes"}
# Settings keys of the limits → the field of `Limits` they set.
SIZES = {"max-bytes": "max_bytes", "max-file-bytes": "max_file_bytes"}


class ConfigError(ValueError):
    """A settings file that cannot be used; carries a catalog key (`config.*`) and parameters,
    so the command line says it in the user's language. `problem` is the English text."""

    def __init__(self, path: Path, key: str, **params: Any) -> None:
        self.path = path
        self.key = key
        self.params = params
        self.problem = catalog.text(key, "en", **params)
        super().__init__(f"{path}: {self.problem}")


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

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
    return values


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
