"""The rule registry: every check is a small function registered with a stable code.

A rule declares its code, a short name, its default severity and the file types it reads;
its docstring is its documentation. It receives the package context and yields findings; it
never prints, formats text or raises for bad data.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from wahldaten.core import catalog
from wahldaten.core.findings import Severity, Yielded

# A check receives the OWD package context, or a SourceContext for source-format rules.
Check = Callable[..., Iterable[Yielded]]

FAMILIES = ("F", "S", "T", "R", "A", "C", "P", "K")
OWD = "owd"
ANY_FORMAT = "*"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    reads: tuple[str, ...]
    check: Check
    example: str
    description: str
    formats: tuple[str, ...] = (OWD,)
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.code[0]

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


_REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    reads: Sequence[str],
    example: str = "",
    values: Mapping[str, object] | None = None,
    formats: Sequence[str] = (OWD,),
) -> Callable[[Check], Check]:
    """Register a check under a stable code.

    `values` fills `{placeholders}` in the docstring, so thresholds are documented from the
    constants the check uses.
    """

    def register(check: Check) -> Check:
        if code in _REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        if code[0] not in FAMILIES:
            raise ValueError(f"rule code {code} has no known family")
        _REGISTRY[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            reads=tuple(reads),
            check=check,
            example=inspect.cleandoc(example),
            description=_describe(check, values),
            formats=tuple(formats),
            values=dict(values or {}),
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
        return _REGISTRY[code.upper()]
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
