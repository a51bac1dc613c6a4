"""An inline SVG of one metric's estimates over time: no JavaScript, nothing loaded.

The chart is a raw HTML block (no blank lines inside, so Markdown leaves it whole). Colours
come from CSS classes (site_templates/assets/charts.css) that use Material's variables, so it
follows the light and dark scheme; every series also has its own marker shape, so it reads
without colour. The estimates table under the chart stays the accessible fallback.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from .. import formatting, paths
from ..content.history import start_of
from ..content.index import charted
from ..content.model import Actor, Claim, Metric, Number

WIDTH, HEIGHT = 720, 332
# Room for the axis title (the unit, above the y labels) and the top markers; for the x labels.
TOP, BOTTOM = 52, 46
# Labels are laid out for the largest font charts.css gives them (on phones, where the drawing
# shrinks to about half), at a generous average glyph width, so no label leaves the viewBox.
LABEL_FONT = 22  # viewBox units; keep equal to the phone font-size in charts.css
GLYPH = 0.62 * LABEL_FONT  # average width of a digit or letter, a little over Arial's
MONTH_LABEL = len("Sep 2025") * GLYPH
RIGHT = math.ceil(MONTH_LABEL / 2) + 4  # the last month label is centred on the right edge
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "plus", "star", "hourglass")
SERIES_COLOURS = 8  # .fs-series-0 .. -7 in charts.css, each with a light and a dark variant
SPREAD = 9.0  # horizontal gap between markers of different claimants that would cover each other
HIT_RADIUS = 13  # a point's invisible target for pointer and touch, larger than its marker
LOWER_BOUNDS = ("at-least", "more-than")
# An axis value: drawing uses floats; the figures themselves (Number: int or Decimal) are only
# ever shown through formatting.figure_words, with every digit.
Tick = int | float
UPPER_BOUNDS = ("at-most", "up-to")


@dataclass(frozen=True)
class Point:
    claim: Claim
    day: date
    value: Number
    low: Number | None
    high: Number | None


@dataclass(frozen=True)
class ChartLinks:
    """Where a chart's parts lead: each point to its claim, the source line to the references
    and to the chart's points as CSV (raw HTML URLs, relative to the page)."""

    claims: Mapping[str, str] = field(default_factory=dict)  # claim id -> URL
    references: str | None = None
    csv: str | None = None


@dataclass(frozen=True)
class Series:
    claimant: str  # actor id, or "" for a figure nobody is named for
    name: str
    points: tuple[Point, ...]


def collect_series(metric: Metric, claims: Iterable[Claim], actors: Mapping[str, Actor]) -> list[Series]:
    """One series per claimant: the metric's `series` order first, then the others by name.

    Counts over a period are left out: a week's count plotted among running totals would read as
    a fall. The table under the chart lists them with their basis in words.
    """
    by_claimant: dict[str, list[Point]] = {}
    for claim in claims:
        figure = claim.figure
        if figure is None or figure.metric != metric.id or not charted(figure):
            continue
        point = Point(claim, start_of(claim.claimed_on), figure.value, figure.low, figure.high)
        by_claimant.setdefault(claim.claimant or "", []).append(point)
    named = {key: actors[key].name if key in actors else (key or "Unattributed") for key in by_claimant}
    ordered = [key for key in metric.series if key in by_claimant]
    ordered += sorted((key for key in by_claimant if key not in ordered), key=lambda k: (named[k], k))
    return [
        Series(key, named[key], tuple(sorted(by_claimant[key], key=lambda p: (p.day, p.claim.id))))
        for key in ordered
    ]


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
        f'<figure class="fs-chart" id="{base}" data-search-exclude>',
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
    parts.append("</figure>")
    return "\n".join(parts)


@dataclass(frozen=True)
class Scale:
    first: date
    last: date
    top: Tick
    left: float  # the plot's left edge: wide enough for the longest y label

    def x(self, day: date) -> float:
        span = (self.last - self.first).days or 1
        return self.left + (day - self.first).days / span * (WIDTH - self.left - RIGHT)

    def y(self, value: Number | Tick) -> float:
        return HEIGHT - BOTTOM - float(value) / float(self.top) * (HEIGHT - TOP - BOTTOM)


def nice_ticks(top: Number | Tick, wanted: int = 5) -> list[Tick]:
    """0 and round steps (1, 2, 2.5 or 5 times a power of ten) up to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = float(top) / wanted
    power = 10 ** math.floor(math.log10(raw))
    step: Tick = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if float(step).is_integer():
        step = int(step)
    count = math.ceil(float(top) / step)
    return [step * i for i in range(count + 1)]


def y_axis(ticks: Sequence[Tick], scale: Scale, unit: str) -> list[str]:
    lines = ['<g class="fs-chart__axis">']
    if unit:  # the axis title: what the numbers count, above them (left-aligned, as on a phone)
        title = text(unit[:1].upper() + unit[1:])
        lines.append(f'<text class="fs-chart__unit" x="2" y="{LABEL_FONT}">{title}</text>')
    for tick in ticks:
        y = f"{scale.y(tick):.1f}"
        left = scale.left
        lines.append(f'<line class="fs-chart__grid" x1="{left}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
        label = formatting.axis_number(tick)
        lines.append(f'<text x="{left - 8}" y="{y}" text-anchor="end" dy="0.32em">{label}</text>')
    lines.append("</g>")
    return lines


def month_ticks(first: date, last: date, most: int = 7) -> tuple[list[date], str]:
    """Month starts inside [first, last], spaced so at most `most` labels show."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= most), 120)
    index = first.year * 12 + first.month - 1
    index += -index % step
    ticks = []
    while True:
        day = date(index // 12, index % 12 + 1, 1)
        if day > last:
            break
        if day >= first:
            ticks.append(day)
        index += step
    return ticks, "year" if step >= 12 else "month"


def x_axis(first: date, last: date, scale: Scale) -> list[str]:
    bottom = HEIGHT - BOTTOM
    lines = [
        '<g class="fs-chart__axis">',
        f'<line class="fs-chart__baseline" x1="{scale.left}" x2="{WIDTH - RIGHT}" y1="{bottom}" '
        f'y2="{bottom}"/>',
    ]
    # As many month labels as fit side by side at the phone font size, with a gap between them.
    fitting = int((WIDTH - scale.left - RIGHT) // (MONTH_LABEL + LABEL_FONT)) + 1
    ticks, precision = month_ticks(first, last, max(2, fitting))
    for day in ticks:
        x = f"{scale.x(day):.1f}"
        lines.append(f'<line x1="{x}" x2="{x}" y1="{bottom}" y2="{bottom + 5}"/>')
        label = str(day.year) if precision == "year" else formatting.short_month(day)
        lines.append(f'<text x="{x}" y="{bottom + 8}" dy="1em" text-anchor="middle">{label}</text>')
    lines.append("</g>")
    return lines


def marker(shape: str, x: float, y: float, size: float = 5.5) -> str:
    """A series' point: each series has its own shape, so the chart reads without colour."""
    tag = 'class="fs-chart__marker"'
    if shape == "circle":
        return f'<circle {tag} cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}"/>'
    if shape == "square":
        s = size * 0.9
        return f'<rect {tag} x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}"/>'
    outline = "L".join(f"{x + cx * size:.1f} {y + cy * size:.1f}" for cx, cy in OUTLINES[shape])
    return f'<path {tag} d="M{outline}Z"/>'


# Corners of the polygon shapes around (0, 0), in units of the marker size; similar areas.
_STAR = tuple(
    (round(r * math.sin(i * math.pi / 5), 3), round(-r * math.cos(i * math.pi / 5), 3))
    for i, r in enumerate((1.5, 0.65) * 5)
)
OUTLINES: dict[str, tuple[tuple[float, float], ...]] = {
    "triangle": ((0, -1.25), (1.25, 1), (-1.25, 1)),
    "triangle-down": ((0, 1.25), (1.25, -1), (-1.25, -1)),
    "diamond": ((0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)),
    "plus": ((-0.4, -1.2), (0.4, -1.2), (0.4, -0.4), (1.2, -0.4), (1.2, 0.4), (0.4, 0.4), (0.4, 1.2),
             (-0.4, 1.2), (-0.4, 0.4), (-1.2, 0.4), (-1.2, -0.4), (-0.4, -0.4)),
    "star": _STAR,
    "hourglass": ((-1.05, -1.1), (1.05, -1.1), (0, 0), (1.05, 1.1), (-1.05, 1.1), (0, 0)),
}  # fmt: skip


def series_style(number: int) -> tuple[str, str]:
    """A series' (shape, colour class): distinct for the first 8; beyond, every pair of shape
    and colour is still new (the colour steps one further each round of shapes)."""
    shape = SHAPES[number % len(SHAPES)]
    colour = (number + number // len(SHAPES)) % SERIES_COLOURS
    return shape, f"fs-series-{colour}"


def spread_overlaps(series: Sequence[Series], scale: Scale) -> dict[tuple[int, int], float]:
    """Horizontal shifts, by (series number, point number), for markers of different claimants
    that would cover each other (same value around the same date). Markers that touch are
    grouped; in a group each claimant gets a slot SPREAD apart, in series order, centred on
    the data, so the shift is deterministic and at most a few days' width. The exact date
    stays in each point's tooltip and in the table."""
    placed = sorted(
        (scale.x(p.day), scale.y(p.value), number, index)
        for number, one in enumerate(series)
        for index, p in enumerate(one.points)
    )
    parent = list(range(len(placed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x, y, _, _) in enumerate(placed):
        j = i - 1
        while j >= 0 and x - placed[j][0] < 2 * SPREAD:  # sorted by x: only near neighbours
            if abs(y - placed[j][1]) < 2 * SPREAD:
                parent[root(i)] = root(j)
            j -= 1
    groups: dict[int, list[int]] = {}
    for i in range(len(placed)):
        groups.setdefault(root(i), []).append(i)
    shifts: dict[tuple[int, int], float] = {}
    for members in groups.values():
        numbers = sorted({placed[i][2] for i in members})
        for i in members:
            slot = numbers.index(placed[i][2])
            shifts[placed[i][2], placed[i][3]] = (slot - (len(numbers) - 1) / 2) * SPREAD
    return shifts


def text(value: str) -> str:
    """Editor text for SVG/HTML element content (never an attribute): &, < and > escaped, quotes
    as typed, on one line (a raw HTML block must have no blank line)."""
    return escape(" ".join(value.split()), quote=False)


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
            items.append(f'<li>{_swatch("fs-chart__key", drawing)} {words}</li>')
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
