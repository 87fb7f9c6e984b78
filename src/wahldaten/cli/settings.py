"""Settings from the data repository (`[tool.wahldaten]`, `wahldaten.toml`) under the options."""

from __future__ import annotations

from wahldaten.api import config
from wahldaten.cli.output import EXIT_USAGE, error_text, fail
from wahldaten.cli.texts import chosen, t


def load_settings(lang: str | None) -> config.Config:
    """The nearest settings file; a broken one is a usage error in the user's language."""
    try:
        return config.find()
    except config.ConfigError as error:
        language = chosen(lang)
        problem = error_text(error, language)
        raise fail(
            t("cli.error.config", language, path=error.path, problem=problem), EXIT_USAGE
        ) from None


def split_codes(values: list[str] | None) -> list[str]:
    """`--select A,R06 --select P` → [A, R06, P]."""
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]
