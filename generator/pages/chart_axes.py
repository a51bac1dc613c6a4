"""A chart's frame: the drawing's size, the scale from dates and values to positions, and
the axes with their ticks and labels (see charts.py for the whole chart)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from .. import formatting
from ..content.model import Number
from ..errors import one_line

WIDTH, HEIGHT = 720, 332
# Room for the axis title (the unit, above the y labels) and the top markers; for the x labels.
TOP, BOTTOM = 52, 46
# Labels are laid out for the largest font charts.css gives them (on phones, where the drawing
# shrinks to about half), at a generous average glyph width, so no label leaves the viewBox.
LABEL_FONT = 22  # viewBox units; keep equal to the phone font-size in charts.css
GLYPH = 0.62 * LABEL_FONT  # average width of a digit or letter, a little over Arial's
MONTH_LABEL = len("Sep 2025") * GLYPH
RIGHT = math.ceil(MONTH_LABEL / 2) + 4  # the last month label is centred on the right edge
# An axis value: drawing uses floats; the figures themselves (Number: int or Decimal) are only
# ever shown through formatting.figure_words, with every digit.
Tick = int | float


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


def text(value: str) -> str:
    """Editor text for SVG/HTML element content (never an attribute): &, < and > escaped, quotes
    as typed, on one line (a raw HTML block must have no blank line)."""
    return escape(one_line(value), quote=False)
