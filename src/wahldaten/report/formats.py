"""The registry of report formats: one entry per `--format`, and the only list of them.

The command line builds its `--format` choices, their help and the default of
`--max-examples` from here; tests run every command with every format it offers. A new
format is one renderer module and one entry in `RENDERERS`. An entry names its renderers by
module and function (`Deferred`): a renderer's module is loaded when it first renders, so that
listing the formats at start-up loads none of them (HTML, for one, loads every rule).

Every format renders a validation and a conversion (a conversion's findings are shown as the
packages of a report: what the source held, what was converted, what the check of the output
found); text and JSON also render a comparison of two reports.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wahldaten import __version__
from wahldaten.core import catalog, standard

if TYPE_CHECKING:
    from wahldaten.api.conversion import ConversionReport
    from wahldaten.engine.results import PackageReport, Report
    from wahldaten.report.compare import Comparison

MACHINE_EXAMPLES = 1000
PEOPLE_EXAMPLES = 10


@dataclass(frozen=True)
class Deferred:
    """A renderer function named by its module, imported on the first call."""

    module: str
    function: str

    def __call__(self, report: Any, language: str) -> str:
        rendered: str = getattr(importlib.import_module(self.module), self.function)(
            report, language
        )
        return rendered


def _in(module: str, function: str) -> Deferred:
    return Deferred(f"wahldaten.report.{module}", function)


@dataclass(frozen=True)
class Renderer:
    """One report format."""

    name: str
    media_type: str
    suffix: str
    # Read by CI tools that show every finding; they get 1000 examples per code by default.
    machine: bool
    # Called with a `Report` (a batch: a `Report`, a conversion: a `ConversionReport`, a
    # comparison: a `Comparison`) and the language.
    render: Deferred
    # A batch (`--recursive`): one line per package, where the format has such a view.
    batch: Deferred | None = None
    conversion: Deferred | None = None
    comparison: Deferred | None = None

    def title(self, language: str) -> str:
        return catalog.text(f"report.format.{self.name}", language)

    @property
    def default_max_examples(self) -> int:
        return MACHINE_EXAMPLES if self.machine else PEOPLE_EXAMPLES

    def render_conversion(self, report: ConversionReport, language: str) -> str:
        if self.conversion is not None:
            return self.conversion(report, language)
        return self.render(conversion_as_report(report, language), language)


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer(
            "text",
            "text/plain",
            ".txt",
            machine=False,
            render=_in("text", "render_text"),
            batch=_in("text", "render_batch"),
            conversion=_in("text", "render_conversion"),
            comparison=_in("compare", "render_comparison"),
        ),
        Renderer(
            "json",
            "application/json",
            ".json",
            machine=False,  # summarised like the text; `compare` reads it
            render=_in("json_report", "render_json"),
            conversion=_in("json_report", "conversion_json"),
            comparison=_in("compare", "render_comparison_json"),
        ),
        Renderer("html", "text/html", ".html", machine=False, render=_in("html", "render_html")),
        Renderer(
            "sarif",
            "application/sarif+json",
            ".sarif",
            machine=True,
            render=_in("sarif", "render_sarif"),
        ),
        Renderer(
            "junit", "application/xml", ".xml", machine=True, render=_in("junit", "render_junit")
        ),
        Renderer(
            "github", "text/plain", ".txt", machine=True, render=_in("github", "render_github")
        ),
    )
}

FORMATS: tuple[str, ...] = tuple(RENDERERS)
KINDS = ("validation", "conversion", "comparison")


def formats_for(kind: str) -> tuple[str, ...]:
    """The formats that can show a kind of report (`KINDS`): every format shows a validation
    and a conversion, text and JSON also a comparison."""
    if kind not in KINDS:
        raise KeyError(kind)
    return tuple(n for n, r in RENDERERS.items() if kind != "comparison" or r.comparison)


def get(name: str) -> Renderer:
    """The renderer of a format name; KeyError for an unknown one."""
    return RENDERERS[name]


def render(report: Report, fmt: str, language: str, *, compact: bool = False) -> str:
    """A validation report in a format; `compact` is the one-line-per-package batch view."""
    renderer = RENDERERS[fmt]
    if compact and renderer.batch is not None:
        return renderer.batch(report, language)
    return renderer.render(report, language)


def render_conversion(report: ConversionReport, fmt: str, language: str) -> str:
    """A conversion report in a format."""
    return RENDERERS[fmt].render_conversion(report, language)


def render_comparison(comparison: Comparison, fmt: str, language: str) -> str:
    """A comparison of two reports in a format that can show one (`formats_for("comparison")`)."""
    renderer = RENDERERS[fmt].comparison
    if renderer is None:
        raise KeyError(fmt)
    return renderer(comparison, language)


def conversion_as_report(report: ConversionReport, language: str) -> Report:
    """A conversion as a validation report: the source's findings as a package of their own,
    then the converted packages, then the packages of a failed check of the output."""
    # Here, not at the top: `wahldaten --help` reads this registry and needs no result model.
    from wahldaten.engine.results import PackageReport, PackageSummary, Report

    packages: list[PackageReport] = []
    if report.source_results:
        source = catalog.text("report.source_findings", language, detected=report.detected)
        summary = PackageSummary(
            wahl_name=source,
            wahl_datum=None,
            gs=None,
            authority_name=None,
            bezirke=None,
            urn=None,
            postal=None,
            reported=None,
            result_rows=None,
            votes=None,
            ballot_positions=None,
        )
        packages.append(
            PackageReport(
                declared_version=None,
                version="",
                files=[],
                summary=summary,
                results=list(report.source_results),
            )
        )
    packages += report.packages
    check = report.output_check
    if check is not None and check.failed:
        packages += check.packages
    return Report(
        tool_version=__version__,
        standard_versions=tuple(standard.versions()),
        settings=report.settings,
        inputs=tuple(check.inputs) if check is not None else (),
        packages=packages,
        skipped=list(report.skipped),
    )
