"""Comparing two JSON reports: which findings appeared, disappeared or changed in number.

A vendor checks a new release of its exporter against the last one. Packages are matched by
their election (name, date, authority key), findings by rule code and place in the data: the
file's type (not its name, which carries the export's timestamp), the Bezirk and the column,
and the line only where no Bezirk names the row. Two exports of the same data at different
times, or in different folders, compare as unchanged.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import Any

from wahldaten.core import catalog
from wahldaten.core.names import FILE_TYPES
from wahldaten.report.render import count
from wahldaten.report.safe import json_text
from wahldaten.report.text import as_text

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
SHOWN_EXAMPLES = 20
# A timestamp in a file name (`_20250915T101500`), for files whose type is not known.
_STAMP = re.compile(r"[_-]?\d{8}T\d{4,6}")


class CompareError(ValueError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Change:
    package: str
    code: str
    severity: str
    old: int
    new: int


@dataclass
class Comparison:
    appeared: list[Change] = field(default_factory=list)
    disappeared: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    new_examples: list[dict[str, Any]] = field(default_factory=list)
    gone_examples: list[dict[str, Any]] = field(default_factory=list)

    def worse(self, fail_on: str) -> bool:
        """True if a finding at or above the level appeared or grew in number."""
        threshold = SEVERITY_RANK[fail_on]
        grown = [c for c in self.changed if c.new > c.old]
        return any(SEVERITY_RANK[c.severity] >= threshold for c in [*self.appeared, *grown])

    def as_dict(self) -> dict[str, Any]:
        return {
            "appeared": [asdict(c) for c in self.appeared],
            "disappeared": [asdict(c) for c in self.disappeared],
            "changed": [asdict(c) for c in self.changed],
            "new_examples": self.new_examples,
            "gone_examples": self.gone_examples,
        }


def load(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CompareError(str(path), str(error)) from None
    if not isinstance(data, dict) or "packages" not in data or data.get("report_format") != "1":
        raise CompareError(str(path), "not a wahldaten JSON report (report_format 1)")
    return data


def _package_key(package: dict[str, Any]) -> str:
    """The election a package holds: its name, date and authority key."""
    return " · ".join(str(package.get(k) or "") for k in ("wahl_name", "wahl_datum", "gs"))


def _file_kind(package: dict[str, Any], name: str | None) -> str | None:
    """What a finding's file is, independent of folder and export time: its file type."""
    if not name:
        return None
    for entry in package.get("files", []):
        # A vendor export has no OWD file type; its format names it as well, without a stamp.
        kind = entry.get("type") or entry.get("format")
        if entry.get("path") == name and kind:
            return str(kind)
    base = PurePath(name).name
    for file_type in FILE_TYPES:
        if file_type.lower() in base.lower():
            return file_type
    return _STAMP.sub("", base)


def _groups(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for package in report["packages"]:
        for group in package["findings"]:
            key = (_package_key(package), group["code"])
            if key in out:  # the same election twice in one report: count both
                merged = dict(out[key])
                merged["count"] = merged["count"] + group["count"]
                out[key] = merged
            else:
                out[key] = group
    return out


def _examples(report: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for package in report["packages"]:
        election = _package_key(package)
        for group in package["findings"]:
            for example in group["examples"]:
                bezirk = example.get("bezirk")
                key = (
                    election,
                    group["code"],
                    _file_kind(package, example.get("file")),
                    example.get("gs"),  # a Kreis package repeats bezirk-nr across municipalities
                    bezirk,
                    example.get("column"),
                    example.get("line") if bezirk is None else None,
                )
                yield key, {"package": election, "code": group["code"], **example}


def _difference(
    first: list[tuple[tuple[Any, ...], dict[str, Any]]],
    second: list[tuple[tuple[Any, ...], dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Examples of `first` whose place occurs fewer times in `second` (a multiset difference)."""
    remaining = Counter(key for key, _ in second)
    out: list[dict[str, Any]] = []
    for key, example in first:
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            out.append(example)
    return out


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    before, after = _groups(old), _groups(new)
    result = Comparison()
    for key in sorted(set(before) | set(after)):
        package, code = key
        if key not in before:
            group = after[key]
            result.appeared.append(Change(package, code, group["severity"], 0, group["count"]))
        elif key not in after:
            group = before[key]
            result.disappeared.append(Change(package, code, group["severity"], group["count"], 0))
        elif before[key]["count"] != after[key]["count"]:
            group = after[key]
            result.changed.append(
                Change(package, code, group["severity"], before[key]["count"], group["count"])
            )
    old_examples, new_examples = list(_examples(old)), list(_examples(new))
    result.new_examples = _difference(new_examples, old_examples)
    result.gone_examples = _difference(old_examples, new_examples)
    return result


def _example_line(example: dict[str, Any]) -> str:
    where = ":".join(str(x) for x in (example.get("file"), example.get("line")) if x)
    return f"  {example['code']}  {where}  {example.get('message', '')}"


def render_comparison(comparison: Comparison, language: str) -> str:
    def t(key: str, **params: object) -> str:
        return catalog.text(key, language, **params)

    lines: list[str] = []
    for label, changes in (
        ("compare.appeared", comparison.appeared),
        ("compare.disappeared", comparison.disappeared),
        ("compare.changed", comparison.changed),
    ):
        if not changes:
            continue
        lines.append(t(label) + ":")
        for c in changes:
            severity = t(f"severity.{c.severity}")
            title = catalog.title(c.code, language)
            lines.append(f"  {c.code}  {severity:<8} {c.old:>6} → {c.new:<6} {title} · {c.package}")
    for label, examples in (
        ("compare.new_examples", comparison.new_examples),
        ("compare.gone_examples", comparison.gone_examples),
    ):
        if examples:
            lines.append(f"{t(label)} ({count('case', len(examples), language)}):")
            lines += [_example_line(e) for e in examples[:SHOWN_EXAMPLES]]
            hidden = len(examples) - SHOWN_EXAMPLES
            if hidden > 0:
                lines.append("  " + t("ui.more", count=hidden))
    if not lines:
        lines.append(t("compare.same"))
    return as_text(lines, language)


def comparison_json(comparison: Comparison) -> str:
    """The comparison as JSON (what `wahldaten compare -f json` writes)."""
    return json_text(comparison.as_dict())


def render_comparison_json(comparison: Comparison, language: str) -> str:
    """`comparison_json` as a renderer of the registry (JSON has no language of its own)."""
    return comparison_json(comparison)
