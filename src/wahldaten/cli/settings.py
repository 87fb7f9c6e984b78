"""Settings from the data repository (`[tool.wahldaten]`, `wahldaten.toml`) under the options."""

from __future__ import annotations

from wahldaten.api import config
from wahldaten.cli.output import EXIT_USAGE, error_text, fail
from wahldaten.cli.texts import chosen, t
from wahldaten.core.structure import StatementError, StructureStatement
from wahldaten.io.limits import Limits, parse_size
from wahldaten.report.safe import printable


def load_settings(lang: str | None) -> config.Config:
    """The nearest settings file; a broken one is a usage error in the user's language."""
    try:
        return config.find()
    except config.ConfigError as error:
        language = chosen(lang)
        problem = (
            printable(error.message(language))
            if error.cause is not None
            else error_text(error, language)
        )
        raise fail(
            t("cli.error.config", language, path=printable(error.path), problem=problem),
            EXIT_USAGE,
        ) from None


def stated(
    final: bool | None, structure: str | None, settings: config.Config, language: str
) -> tuple[bool | None, StructureStatement | None]:
    """What the user states about the elections: `--final`/`--no-final` over the settings'
    `final`, `--structure` over their `[structure]` table (as a whole, not key by key, so
    that the statement that wins is one the user wrote). A `--structure` that cannot be read
    is a usage error naming the item and the reason."""
    chosen_final = final if final is not None else settings.final
    if structure is None:
        return chosen_final, settings.structure
    try:
        return chosen_final, StructureStatement.from_cli(structure)
    except StatementError as error:
        detail = printable(error.message(language))
        raise fail(t("cli.usage.error", language, detail=detail), EXIT_USAGE) from None


def split_codes(values: list[str] | None) -> list[str]:
    """`--select A,R06 --select P` → [A, R06, P]."""
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def limits_of(
    max_bytes: str | None, max_file_bytes: str | None, settings: config.Config, language: str
) -> Limits | None:
    """The limits of `--max-bytes`/`--max-file-bytes` over those of the settings file; None
    where neither sets one (the library's defaults). A value that is no size is a usage error."""
    sizes = settings.sizes()
    for option, field, value in (
        ("--max-bytes", "max_bytes", max_bytes),
        ("--max-file-bytes", "max_file_bytes", max_file_bytes),
    ):
        if value is None:
            continue
        try:
            sizes[field] = parse_size(value)
        except ValueError:
            message = t("cli.usage.bad_size", language, param=option, value=printable(value))
            raise fail(t("cli.usage.error", language, detail=message), EXIT_USAGE) from None
    return Limits(**sizes) if sizes else None
