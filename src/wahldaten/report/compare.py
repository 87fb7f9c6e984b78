"""Comparing two JSON reports: which findings appeared, disappeared or changed in number.

A vendor checks a new release of its exporter against the last one: findings are matched by
package (election name, date, authority), rule code and place (file name without folder, line,
column, Bezirk), so moving a folder does not count as a change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


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
        def rows(changes: list[Change]) -> list[dict[str, Any]]:
            return [c.__dict__ for c in changes]

        return {
            "appeared": rows(self.appeared),
            "disappeared": rows(self.disappeared),
            "changed": rows(self.changed),
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
    return " · ".join(str(package.get(k) or "") for k in ("wahl_name", "wahl_datum", "gs"))


def _groups(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for package in report["packages"]:
        for group in package["findings"]:
            out[(_package_key(package), group["code"])] = group
    return out


def _examples(report: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for package in report["packages"]:
        for group in package["findings"]:
            for example in group["examples"]:
                name = PurePath(example["file"]).name if example.get("file") else None
                key = (
                    _package_key(package),
                    group["code"],
                    name,
                    example.get("line"),
                    example.get("column"),
                    example.get("bezirk"),
                )
                yield key, {"package": _package_key(package), "code": group["code"], **example}


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
    old_examples, new_examples = dict(_examples(old)), dict(_examples(new))
    result.new_examples = [new_examples[k] for k in new_examples if k not in old_examples]
    result.gone_examples = [old_examples[k] for k in old_examples if k not in new_examples]
    return result


def render_comparison(comparison: Comparison, language: str) -> str:
    from wahldaten.core import catalog

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
            lines.append(
                f"  {c.code}  {severity:<8} {c.old:>6} → {c.new:<6} {catalog.title(c.code, language)} · {c.package}"
            )
    if comparison.new_examples:
        lines.append(t("compare.new_examples") + ":")
        for example in comparison.new_examples[:20]:
            where = ":".join(str(x) for x in (example.get("file"), example.get("line")) if x)
            lines.append(f"  {example['code']}  {where}  {example.get('message', '')}")
    if not lines:
        lines.append(t("compare.same"))
    return "\n".join(lines) + "\n"
