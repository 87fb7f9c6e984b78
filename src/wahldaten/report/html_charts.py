"""Small inline SVG histograms for the HTML report: turnout and the invalid share over a
package's Bezirke, with the Bezirke named by a finding and the far outliers marked.

No script and no style attribute (a Content-Security-Policy without 'unsafe-inline' forbids
those): the colours come from classes in the report's own style sheet, and each bar's
`<title>` is its tooltip. The numbers are the engine's bins (`PackageReport.distributions`).
"""

from __future__ import annotations

from html import escape

from wahldaten.core import catalog
from wahldaten.engine.results import Distribution, PackageReport
from wahldaten.report.render import count

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 30, 354, 20, 124  # the plot area; the scale left of it
LABEL_Y = 140
MIN_SEGMENT = 3.0  # px: a bin with one Bezirk is still seen
# At least this many Bezirke before a distribution says anything.
MIN_BEZIRKE = 3


def _t(key: str, language: str, **params: object) -> str:
    return catalog.text(key, language, **params)


def percent(value: float, language: str) -> str:
    """A fraction as a percentage with at most two decimals: 0.295 → "29,5" (German)."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if language == "de" else text


def _bar_title(d: Distribution, index: int, step: float, language: str) -> str:
    lower, upper = d.lower + index * step, d.lower + (index + 1) * step
    parts = [
        _t(
            "html.chart.bar",
            language,
            lower=percent(lower, language),
            upper=percent(upper, language),
            bezirke=count("bezirk", d.counts[index], language),
        )
    ]
    if d.with_findings[index]:
        parts.append(_t("html.chart.bar_found", language, n=d.with_findings[index]))
    if d.outliers[index]:
        parts.append(_t("html.chart.bar_far", language, n=d.outliers[index]))
    return ", ".join(parts)


def _bars(d: Distribution, language: str) -> list[str]:
    bins = len(d.counts)
    step = (d.upper - d.lower) / bins
    width = (RIGHT - LEFT) / bins
    scale = (BOTTOM - TOP) / max(max(d.counts), 1)
    out = []
    for index, total in enumerate(d.counts):
        if not total:
            continue
        found, far = d.with_findings[index], d.outliers[index]
        x = LEFT + index * width
        segments = []
        y = float(BOTTOM)
        # Flagged Bezirke at the foot of the bar, where one of them is seen in a tall bar too.
        for css, n in (("bar found", found), ("bar far", far), ("bar", total - found - far)):
            if n <= 0:
                continue
            height = max(n * scale, MIN_SEGMENT)
            y -= height
            segments.append(
                f'<rect class="{css}" x="{x + 0.5:.1f}" y="{y:.1f}" '
                f'width="{max(width - 1, 1):.1f}" height="{height:.1f}"/>'
            )
        # One tooltip for the whole bar.
        title = escape(_bar_title(d, index, step, language))
        out.append(f"<g><title>{title}</title>{''.join(segments)}</g>")
    return out


def _axis(d: Distribution, language: str) -> list[str]:
    span = d.upper - d.lower
    median_x = LEFT + (d.median - d.lower) / span * (RIGHT - LEFT) if span else LEFT
    median = escape(_t("html.chart.median", language, value=percent(d.median, language)))
    anchor = "start" if median_x < (LEFT + RIGHT) / 2 else "end"
    shift = 3 if anchor == "start" else -3
    top = max(d.counts)
    return [
        f'<line class="axis" x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}"/>',
        f'<line class="median" x1="{median_x:.1f}" y1="{TOP - 6}" x2="{median_x:.1f}" y2="{BOTTOM}"/>',
        f'<text x="{median_x + shift:.1f}" y="{TOP - 8}" text-anchor="{anchor}">{median}</text>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" class="scale">{top}</text>',
        f'<text x="{LEFT - 4}" y="{BOTTOM}" text-anchor="end" class="scale">0</text>',
        f'<text x="{LEFT}" y="{LABEL_Y}">{percent(d.lower, language)} %</text>',
        f'<text x="{RIGHT}" y="{LABEL_Y}" text-anchor="end">{percent(d.upper, language)} %</text>',
    ]


def _legend(d: Distribution, language: str) -> str:
    items = [("", "html.chart.legend_normal")]
    if sum(d.with_findings):
        items.append(("found", "html.chart.legend_found"))
    if sum(d.outliers):
        items.append(("far", "html.chart.legend_far"))
    keys = "".join(
        f'<span class="key {css}"></span>{escape(_t(key, language))} ' for css, key in items
    )
    return f'<p class="legend">{keys.strip()}</p>'


def chart(d: Distribution, language: str) -> str:
    """One distribution as a figure: caption, the SVG, the legend."""
    title = _t(f"html.chart.{d.kind}", language)
    summary = _t(
        "html.chart.summary",
        language,
        title=title,
        bezirke=count("bezirk", sum(d.counts), language),
        median=percent(d.median, language),
        found=sum(d.with_findings),
        far=sum(d.outliers),
    )
    shapes = "".join([*_bars(d, language), *_axis(d, language)])
    return (
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(summary)}">'
        f"<title>{escape(summary)}</title>{shapes}</svg>{_legend(d, language)}</figure>"
    )


def charts(package: PackageReport, language: str) -> str:
    """The package's distributions with enough Bezirke, under one heading; "" where none."""
    shown = [d for d in package.distributions if sum(d.counts) >= MIN_BEZIRKE]
    if not shown:
        return ""
    figures = "".join(chart(d, language) for d in shown)
    heading = escape(_t("html.chart.title", language))
    return f'<h3>{heading}</h3><div class="charts">{figures}</div>'
