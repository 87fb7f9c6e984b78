"""The rule registry: every check is a small function registered with a stable code.

A rule declares its code (`Code`, core/codes.py), a short name, its default severity and what
it reads (`Input`); its docstring is its documentation. It receives the package context and
yields findings; it never prints, formats text or raises for bad data. The engine runs a rule
only where `Rule.applies` says its inputs are present, so a rule does not test for them.

A rule's severity may depend on the stage of the result (`final_severity`): on election night
a Bezirk without a result is expected, in the final result it is an error. The rule detects the
same facts at both stages; `Rule.severity_for(final)` says how bad they are, and the engine
reports the findings with it.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wahldaten.core import catalog
from wahldaten.core.codes import Code, Input
from wahldaten.core.findings import Severity, Yielded
from wahldaten.formats.source import SourceContext
from wahldaten.rules.context import Context, available

# A check receives the OWD package context, or a SourceContext for source-format rules.
Check = Callable[..., Iterable[Yielded]]

FAMILIES = ("F", "S", "T", "R", "A", "C", "P", "K")
OWD = "owd"
ANY_FORMAT = "*"

# What rules wrote as free text before `Input`, read as the input it meant. A vendor file
# name ("kerg2.csv") meant the source as read.
_LEGACY_READS = {
    "Datei": Input.READING,
    "Alle Dateien": Input.TABLES,
    "Paket": Input.PACKAGE,
    "Quelldatei": Input.SOURCE,
    "Wahlparameter": Input.WAHLPARAMETER,
    "Wahlgebietseinteilungen": Input.WAHLGEBIETSEINTEILUNGEN,
    "Stimmzettel": Input.STIMMZETTEL,
    "Kandidaten": Input.KANDIDATEN,
    "Wahlergebnisse": Input.WAHLERGEBNISSE,
}


@dataclass(frozen=True)
class Rule:
    code: Code
    name: str
    severity: Severity
    # Inputs the rule needs: it is skipped where one of them is absent.
    reads: tuple[Input, ...]
    check: Check
    example: str
    description: str
    formats: tuple[str, ...] = (OWD,)
    values: Mapping[str, object] = field(default_factory=dict)
    # Inputs the rule looks at where they are present, without needing them.
    optional: tuple[Input, ...] = ()
    # The severity where the package is the final result (None: the same as `severity`).
    final_severity: Severity | None = None

    def severity_for(self, final: bool) -> Severity:
        """The severity of the rule's findings at a stage: `final_severity` for the final
        result (`--final`, or a source that says it is final), `severity` on election night."""
        return self.final_severity if final and self.final_severity is not None else self.severity

    @property
    def family(self) -> str:
        return self.code.family

    @property
    def params(self) -> tuple[str, ...]:
        """The parameters of the code's message (declared in core/codes.py)."""
        return self.code.params

    @property
    def inputs(self) -> tuple[Input, ...]:
        """Everything the rule reads, needed or not."""
        return (*self.reads, *self.optional)

    def input_names(self, language: str) -> list[str]:
        """What the rule reads, named in a language."""
        return [input_name(i, language) for i in self.inputs]

    @property
    def explanation(self) -> str:
        """The description as running text: docstring line breaks joined, paragraphs kept."""
        return _running_text(self.description)

    def explain(self, language: str) -> str:
        """The explanation in a language: the catalog's translation where it has one (German),
        the docstring otherwise (English). Both take the same documented values."""
        translated = catalog.rule_text(self.code, language).get("explanation", "").strip()
        if not translated or language == "en":
            return self.explanation
        return _running_text(translated.format(**self.values) if self.values else translated)

    def applies_to(self, source_format: str) -> bool:
        return ANY_FORMAT in self.formats or source_format in self.formats

    def applies(self, context: Context | SourceContext) -> bool:
        """True if every input the rule needs is present in the context."""
        return all(available(context, needed) for needed in self.reads)

    @property
    def module(self) -> str:
        return str(self.check.__module__)

    @property
    def line(self) -> int:
        """The line of the rule function's `def` in its module."""
        return _def_line(self.check)

    @property
    def location(self) -> str:
        """Where the rule lives, as a path below the package root and a line:
        `wahldaten/rules/columns.py:57`."""
        return f"{self.module.replace('.', '/')}.py:{self.line}"


def input_name(needed: Input, language: str) -> str:
    return catalog.text(f"inputs.{needed.value}", language)


@functools.cache
def _def_line(check: Check) -> int:
    lines, first = inspect.getsourcelines(check)
    for offset, text in enumerate(lines):
        if text.lstrip().startswith(("def ", "async def ")):
            return first + offset
    return first


_REGISTRY: dict[Code, Rule] = {}


def _inputs(reads: Iterable[Input | str]) -> tuple[Input, ...]:
    typed = (r if isinstance(r, Input) else _LEGACY_READS.get(r, Input.SOURCE) for r in reads)
    return tuple(dict.fromkeys(typed))


def rule(
    code: Code | str,
    name: str,
    severity: Severity,
    reads: Sequence[Input | str],
    example: str = "",
    values: Mapping[str, object] | None = None,
    formats: Sequence[str] = (OWD,),
    optional: Sequence[Input] = (),
    final_severity: Severity | None = None,
) -> Callable[[Check], Check]:
    """Register a check under a stable code.

    `values` fills `{placeholders}` in the docstring, so thresholds are documented from the
    constants the check uses. `final_severity` is the severity in the final result, where it
    differs (see `Rule.severity_for`).
    """
    try:
        typed = Code(code)
    except ValueError:
        raise ValueError(f"rule code {code} is not declared in core/codes.py") from None

    def register(check: Check) -> Check:
        if typed in _REGISTRY:
            raise ValueError(f"rule code {typed} registered twice")
        _REGISTRY[typed] = Rule(
            code=typed,
            name=name,
            severity=severity,
            reads=_inputs(reads),
            check=check,
            example=inspect.cleandoc(example),
            description=_describe(check, values),
            formats=tuple(formats),
            values=dict(values or {}),
            optional=tuple(optional),
            final_severity=final_severity,
        )
        return check

    return register


def _running_text(text: str) -> str:
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


def _describe(check: Check, values: Mapping[str, object] | None) -> str:
    text = inspect.cleandoc(check.__doc__ or "")
    return text.format(**values) if values else text


def _code_key(code: str) -> tuple[int, int]:
    return FAMILIES.index(code[0]), int(code[1:])


def all_rules() -> list[Rule]:
    """Every registered rule, in family order (file, columns, types, references, ...)."""
    importlib.import_module("wahldaten.rules")
    return sorted(_REGISTRY.values(), key=lambda r: _code_key(r.code))


def get(code: str) -> Rule:
    all_rules()
    try:
        return _REGISTRY[Code(code.upper())]
    except ValueError:
        raise KeyError(code) from None
    except KeyError:
        raise KeyError(code) from None


class UnknownCodeError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in patterns)


def selected(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    source_format: str | None = None,
) -> list[Rule]:
    """Rules chosen by code or prefix (`A` = all arithmetic, `R06`), like ruff's --select,
    and, if given, by the format they check."""
    rules = all_rules()
    codes = {r.code for r in rules}
    chosen_select = [s.strip().upper() for s in (select or []) if s.strip()]
    chosen_ignore = [s.strip().upper() for s in (ignore or []) if s.strip()]
    for pattern in [*chosen_select, *chosen_ignore]:
        if not any(code.startswith(pattern) for code in codes):
            raise UnknownCodeError(pattern)
    if chosen_select:
        rules = [r for r in rules if _matches(r.code, chosen_select)]
    if source_format is not None:
        rules = [r for r in rules if r.applies_to(source_format)]
    return [r for r in rules if not _matches(r.code, chosen_ignore)]


# --- fixtures -------------------------------------------------------------------------------


def checkout() -> Path | None:
    """The project checkout this package runs from (the folder with `fixtures/`), if any: an
    installed package has none."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "fixtures").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    return None


def fixtures(code: str, root: Path | None = None) -> list[Path]:
    """The invalid examples of a code in a checkout: `fixtures/<format>/invalid/<CODE>/`.

    `root` is the checkout (default: the one this package runs from); none outside a checkout.
    """
    base = root if root is not None else checkout()
    if base is None:
        return []
    return sorted(p for p in base.glob(f"fixtures/*/invalid/{code.upper()}") if p.is_dir())
