"""An inline SVG of one metric's estimates over time: no JavaScript, nothing loaded.

The chart is a raw HTML block (no blank lines inside, so Markdown leaves it whole). Colours
come from CSS classes (site_templates/assets/charts.css) that use Material's variables, so it
follows the light and dark scheme; every series also has its own marker shape, so it reads
without colour. The estimates table under the chart stays the accessible fallback.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from .. import formatting, paths
from ..content.model import Actor, Claim, Metric
from .chart_axes import GLYPH, HEIGHT, MONTH_LABEL, WIDTH, Scale, nice_ticks, text, x_axis, y_axis
from .chart_series import Point, Series, collect_series, marker, series_style, spread_overlaps

# How a chart opens and closes, each on a line of its own: the build's HTML passes and the search
# set-aside find charts by these (site/fast_markdown.py, site/mkdocs_hooks.py).
CHART_START = '<figure class="fs-chart"'
CHART_END = "</figure>"

HIT_RADIUS = 13  # a point's invisible target for pointer and touch, larger than its marker
LOWER_BOUNDS = ("at-least", "more-than")
UPPER_BOUNDS = ("at-most", "up-to")


@dataclass(frozen=True)
class ChartLinks:
    """Where a chart's parts lead: each point to its claim, the source line to the references
    and to the chart's points as CSV (raw HTML URLs, relative to the page)."""

    claims: Mapping[str, str] = field(default_factory=dict)  # claim id -> URL
    references: str | None = None
    csv: str | None = None


def render_chart(
    metric: Metric, claims: Iterable[Claim], actors: Mapping[str, Actor], links: ChartLinks | None = None
) -> str:
    """The chart as one raw HTML block; "" when the metric has no estimates.

    Every point is a link to its claim: reachable with the keyboard (Tab) and by touch, named by
    its value, claimant and date."""
    links = links or ChartLinks()
    series = collect_series(metric, claims, actors)
    if not series:
        return ""
    points = [p for s in series for p in s.points]
    # The time axis runs from the start of the first estimate's month to the end of the last's,
    # so it has month ticks at both ends and no point sits on the frame.
    first = min(p.day for p in points).replace(day=1)
    newest = max(p.day for p in points)
    last = date(newest.year + newest.month // 12, newest.month % 12 + 1, 1)
    top = max(max(p.value, p.high if p.high is not None else p.value) for p in points)
    ticks = nice_ticks(top)
    widest = max(len(formatting.axis_number(tick)) for tick in ticks) * GLYPH
    scale = Scale(first, last, ticks[-1] or 1, math.ceil(max(widest + 10, MONTH_LABEL / 2 + 4)))
    base = paths.chart_anchor(metric.id)
    parts = [
        # Search skips the chart: its labels and numbers repeat the table beneath it.
        f'{CHART_START} id="{base}" data-search-exclude>',
        # A named group, not role="img": the points inside are links a reader can reach.
        f'<svg class="fs-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="group" aria-labelledby="{base}-title" aria-describedby="{base}-desc">',
        f'<title id="{base}-title">{text(metric.label)}: estimates by claimant over time</title>',
        f'<desc id="{base}-desc">{text(describe(metric, series))}</desc>',
        *y_axis(ticks, scale, metric.unit),
        *x_axis(first, last, scale),
    ]
    shifts = spread_overlaps(series, scale)
    for number, one in enumerate(series):
        parts.extend(draw_series(one, number, scale, shifts, links.claims))
    parts.append("</svg>")
    parts.append(legend(series, points, source_line(series, points, links)))
    parts.append(CHART_END)
    return "\n".join(parts)


def point_label(series_name: str, point: Point) -> str:
    figure = point.claim.figure
    assert figure is not None
    when = formatting.date_cell(point.claim.claimed_on)
    label = f"{series_name}, {when}: {formatting.figure_and_basis(figure, point.claim.claimed_on)}"
    if point.claim.status not in ("reported", "corroborated"):
        label += f", {point.claim.status}"
    return label


def draw_series(
    series: Series,
    number: int,
    scale: Scale,
    shifts: Mapping[tuple[int, int], float],
    claim_links: Mapping[str, str] | None = None,
) -> list[str]:
    claim_links = claim_links or {}
    shape, colour = series_style(number)
    lines = [f'<g class="{colour}">']

    def x_of(index: int) -> float:
        return scale.x(series.points[index].day) + shifts.get((number, index), 0.0)

    # A line through the claimant's estimates in date order shows how they changed; estimates
    # of the same day (conflicting reports) or of another basis (a running total and a count on a
    # date) are not joined, and retracted ones are left out.
    trail = [i for i, p in enumerate(series.points) if p.claim.status != "retracted"]
    steps = []
    for n, i in enumerate(trail):
        point, before = series.points[i], series.points[trail[n - 1]]
        joined = n > 0 and point.day != before.day and _basis(point) == _basis(before)
        steps.append(f"{'L' if joined else 'M'}{x_of(i):.1f} {scale.y(series.points[i].value):.1f}")
    if any(step.startswith("L") for step in steps):
        lines.append(f'<path class="fs-chart__line" d="{"".join(steps)}"/>')
    for index, point in enumerate(series.points):
        x, y = x_of(index), scale.y(point.value)
        status = point.claim.status
        # Drawn around (0, 0) and moved into place: the marker's centre is the data point.
        place = f'transform="translate({x:.1f} {y:.1f})"'
        href = claim_links.get(point.claim.id)
        label = text(point_label(series.name, point))
        if href:  # the title names the link (its value, claimant and date)
            lines.append(f'<a class="fs-chart__link" href="{escape(href)}">')
        lines.append(f'<g class="fs-chart__point fs-chart__point--{status}" {place}>')
        lines.append(f"<title>{label}</title>")
        if href:
            lines.append(f'<circle class="fs-chart__hit" r="{HIT_RADIUS}"/>')
        if point.low is not None or point.high is not None:
            low = scale.y(point.low if point.low is not None else point.value) - y
            high = scale.y(point.high if point.high is not None else point.value) - y
            bar = f"M0 {low:.1f}V{high:.1f}M-4 {low:.1f}h8M-4 {high:.1f}h8"  # with end caps
            lines.append(f'<path class="fs-chart__range" d="{bar}"/>')
        qualifier = point.claim.figure.qualifier if point.claim.figure else "exact"
        if qualifier in LOWER_BOUNDS:  # a caret above: the true figure may be higher
            lines.append('<path class="fs-chart__bound" d="M-5 -10l5 -6l5 6"/>')
        elif qualifier in UPPER_BOUNDS:
            lines.append('<path class="fs-chart__bound" d="M-5 10l5 6l5 -6"/>')
        lines.append(marker(shape, 0, 0))
        if status in ("disputed", "contradicted"):
            lines.append('<circle class="fs-chart__ring" r="10"/>')
        if status == "retracted":
            lines.append('<path class="fs-chart__cross" d="M-7 -7l14 14m0 -14l-14 14"/>')
        lines.append("</g>")
        if href:
            lines.append("</a>")
    lines.append("</g>")
    return lines


def _basis(point: Point) -> str:
    return point.claim.figure.basis if point.claim.figure else ""


def source_line(series: Sequence[Series], points: Sequence[Point], links: ChartLinks) -> str:
    """'Source: estimates by A, B and C, as reported in the pages cited · As of 2 September 2025 ·
    Data: the chart's points (CSV)', as HTML."""
    names = formatting.names([one.name for one in series])
    cited = "the pages cited"
    if links.references:
        cited = f'<a href="{escape(links.references)}">{cited}</a>'
    newest = max((p.claim.claimed_on for p in points), key=lambda d: (d.year, d.month, d.day))
    parts = [
        f"Source: estimates by {text(names)}, as reported in {cited}",
        f"As of {text(formatting.date_cell(newest))} (the newest estimate)",
    ]
    if links.csv:
        parts.append(f'Data: <a href="{escape(links.csv)}" download>the chart’s points (CSV)</a>')
    return f'<p class="fs-chart__source">{" · ".join(parts)}</p>'


def legend(series: Sequence[Series], points: Sequence[Point], source: str = "") -> str:
    """The key under the chart, as HTML text so it stays readable on a phone, then its source."""
    items = []
    for number, one in enumerate(series):
        shape, colour = series_style(number)
        swatch = _swatch(colour, marker(shape, 8, 8, 5))
        items.append(f"<li>{swatch} {text(one.name)}</li>")
    statuses = {p.claim.status for p in points}
    qualifiers = {p.claim.figure.qualifier for p in points if p.claim.figure}
    explained = [
        (bool(statuses & {"superseded"}), '<circle class="fs-chart__hollow" cx="8" cy="8" r="5"/>',
         "hollow: superseded by a later estimate"),
        (bool(statuses & {"disputed", "contradicted"}),
         '<circle cx="8" cy="8" r="3"/><circle class="fs-chart__ring" cx="8" cy="8" r="7"/>',
         "dashed ring: disputed or contradicted"),
        ("retracted" in statuses, '<path class="fs-chart__cross" d="M2 2l12 12m0 -12l-12 12"/>',
         "cross: retracted"),
        (any(p.low is not None or p.high is not None for p in points),
         '<path class="fs-chart__range" d="M8 1V15M4 1h8M4 15h8"/>', "bar: range given"),
        (bool(qualifiers & set(LOWER_BOUNDS)), '<path class="fs-chart__bound" d="M3 11l5 -6l5 6"/>',
         "caret up: at least / more than"),
        (bool(qualifiers & set(UPPER_BOUNDS)), '<path class="fs-chart__bound" d="M3 5l5 6l5 -6"/>',
         "caret down: at most / up to"),
    ]  # fmt: skip
    for shown, drawing, words in explained:
        if shown:
            items.append(f"<li>{_swatch('fs-chart__key', drawing)} {words}</li>")
    return f'<figcaption><ul class="fs-chart__legend">{"".join(items)}</ul>{source}</figcaption>'


def _swatch(css_class: str, drawing: str) -> str:
    return (
        f'<svg class="fs-chart__swatch {css_class}" viewBox="0 0 16 16" width="16" height="16" '
        f'aria-hidden="true" focusable="false">{drawing}</svg>'
    )


def describe(metric: Metric, series: Sequence[Series]) -> str:
    """The chart in words, for screen readers: each claimant's first and latest estimate."""
    sentences = []
    for one in series:
        first, last = one.points[0], one.points[-1]
        count = len(one.points)
        noun = "estimate" if count == 1 else "estimates"
        sentence = f"{one.name}: {count} {noun}"
        if count == 1:
            sentence += f", {_said(first)}."
        else:
            sentence += f", from {_said(first)} to {_said(last)}."
        sentences.append(sentence)
    unit = f" ({metric.unit})" if metric.unit else ""
    return f"{metric.label}{unit}. " + " ".join(sentences)


def _said(point: Point) -> str:
    figure = point.claim.figure
    assert figure is not None
    when = formatting.on_date(point.claim.claimed_on)
    status = "" if point.claim.status in ("reported", "corroborated") else f", {point.claim.status}"
    if figure.basis != "cumulative":  # 'about 600 on 18 October 2024 (claimed on 30 October 2024)'
        return f"{formatting.figure_and_basis(figure, point.claim.claimed_on)} (claimed {when}){status}"
    return f"{formatting.figure_words(figure)} {when}{status}"
