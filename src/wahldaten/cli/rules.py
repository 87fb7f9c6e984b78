"""`wahldaten rules [CODE]`: every rule code, or one explained with where it lives.

The explanation of one code adds what a developer needs to change it: the check function
(module, file and line), the fixtures that prove it (in a checkout; an installed package ships
none) and the parameters its message takes (declared in `core.codes`).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wahldaten.cli import options as o
from wahldaten.cli.output import EXIT_USAGE, fail
from wahldaten.cli.texts import chosen, t
from wahldaten.core import catalog
from wahldaten.core.codes import Code
from wahldaten.report.safe import printable

if TYPE_CHECKING:
    from wahldaten.rules.registry import Rule

# The checkout's top folder, if this package runs from one (src layout); None in a wheel.
_TOP = Path(__file__).resolve().parents[3]
CHECKOUT = _TOP if (_TOP / "fixtures").is_dir() and (_TOP / "pyproject.toml").is_file() else None


def rules(
    code: o.RuleCode = None,
    rules_format: o.RulesOutputFormat = o.RulesFormat.text,
    lang: o.Lang = None,
) -> None:
    # Imported here, not at start-up: `wahldaten --help` must not load every rule.
    from wahldaten.report import rules_doc
    from wahldaten.rules import registry

    language = chosen(lang)
    if code is None:
        selection = registry.all_rules()
    else:
        try:
            selection = [registry.get(code)]
        except KeyError:
            raise fail(
                catalog.text("input.unknown_code", language, code=printable(code)), EXIT_USAGE
            ) from None
    if rules_format is o.RulesFormat.json:
        sys.stdout.write(rules_doc.as_json(selection, language))
    elif rules_format is o.RulesFormat.markdown:
        sys.stdout.write(rules_doc.as_markdown(selection, language))
    elif code is None:
        sys.stdout.write(rules_doc.as_table(selection, language))
    else:
        sys.stdout.write(rules_doc.explain(selection[0], language))
        sys.stdout.write(developer_notes(selection[0], language))


def developer_notes(rule: Rule, language: str) -> str:
    """Where the rule lives, its fixtures and its parameters, as lines after the explanation."""
    lines = ["", f"{t('cli.rules.where', language)}: {where(rule)}"]
    if CHECKOUT is None:
        lines.append(
            f"{t('cli.rules.fixtures', language)}: {t('cli.rules.none_installed', language)}"
        )
    for key, paths in zip(
        ("fixtures_invalid", "fixtures_valid"), fixture_folders(rule), strict=True
    ):
        if CHECKOUT is not None:
            lines.append(f"{t(f'cli.rules.{key}', language)}:")
            lines += [f"  {path}" for path in paths] or ["  " + t("cli.rules.none", language)]
    params = parameters(rule.code)
    shown = ", ".join(params) if params else t("cli.rules.none", language)
    lines.append(f"{t('cli.rules.parameters', language)}: {shown}")
    return "\n".join(lines) + "\n"


def where(rule: Rule) -> str:
    """`module.function (file:line)` of the rule's check function."""
    check = inspect.unwrap(rule.check)
    source = inspect.getsourcefile(check) or "?"
    path = Path(source).resolve()
    top = CHECKOUT or Path(__file__).resolve().parents[2]
    shown = path.relative_to(top) if path.is_relative_to(top) else path
    line = check.__code__.co_firstlineno
    return f"{check.__module__}.{check.__qualname__} ({shown}:{line})"


def fixture_folders(rule: Rule) -> tuple[list[str], list[str]]:
    """The fixtures of a checkout that show the code (invalid) and that pass it (valid)."""
    from wahldaten.rules.registry import ANY_FORMAT  # loaded with the rule already

    if CHECKOUT is None:
        return [], []
    top = CHECKOUT / "fixtures"
    invalid = sorted(top.glob(f"*/invalid/{rule.code}"))
    formats = {p.name for p in top.iterdir() if (p / "valid").is_dir()}
    if ANY_FORMAT not in rule.formats:
        formats &= set(rule.formats)
    valid = sorted(v for f in formats for v in (top / f / "valid").iterdir() if v.is_dir())
    return (
        [f"{p.relative_to(CHECKOUT)}/" for p in invalid],
        [f"{p.relative_to(CHECKOUT)}/" for p in valid],
    )


def parameters(code: str) -> tuple[str, ...]:
    """The parameters a code's message takes, as the code declares them."""
    return Code(code).params
