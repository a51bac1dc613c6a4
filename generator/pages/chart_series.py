"""A chart's data and marks: one series of points per claimant, each series with its own
marker shape and colour, and markers that would cover each other spread apart."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..content.history import start_of
from ..content.index import charted
from ..content.model import Actor, Claim, Metric, Number
from .chart_axes import Scale

SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "plus", "star", "hourglass")
SERIES_COLOURS = 8  # .fs-series-0 .. -7 in charts.css, each with a light and a dark variant
SPREAD = 9.0  # horizontal gap between markers of different claimants that would cover each other


@dataclass(frozen=True)
class Point:
    claim: Claim
    day: date
    value: Number
    low: Number | None
    high: Number | None


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
