"""The sheet's charts as Chromium draws them, at desktop and phone width, light and dark:
labels inside the drawing, legible and not overlapping; series in distinct colours that stand
out from the page background."""

from __future__ import annotations

import itertools
import re

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

MIN_LABEL_PX = 10.5  # on a 390px phone (was 9.9 before the labels grew); the desktop labels are larger

# Per chart: its rendered width, the viewBox, each axis label's box in viewBox units, its font
# size in screen pixels, and the colour of every series against the page's background.
MEASURE = """() => [...document.querySelectorAll('figure.fs-chart svg.fs-chart__svg')].map(svg => {
  const view = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / view.width;
  const labels = [...svg.querySelectorAll('.fs-chart__axis text')].map(t => {
    const b = t.getBBox();
    return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height,
            anchor: t.getAttribute('text-anchor'),
            px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  const series = [...svg.querySelectorAll(':scope > g[class^="fs-series-"]')].map(
    g => getComputedStyle(g).color);
  return {view: [view.width, view.height], labels, series,
          background: getComputedStyle(document.body).backgroundColor};
})"""


def rgb(css: str) -> tuple[float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)[:3]]
    return parts[0], parts[1], parts[2]


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_chart_labels_fit_and_series_stand_out(open_tab, site_pages, viewport, color_scheme) -> None:
    tab = open_tab(viewport=viewport, color_scheme=color_scheme)
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    charts = tab.page.evaluate(MEASURE)
    assert charts, "the sheet has no chart"
    for chart in charts:
        width, height = chart["view"]
        for label in chart["labels"]:
            where = f"{label['text']!r} at {viewport['width']}px"
            assert label["x"] >= 0 and label["x"] + label["w"] <= width, f"{where} leaves the drawing"
            assert label["y"] >= 0 and label["y"] + label["h"] <= height, f"{where} leaves the drawing"
            assert label["px"] >= MIN_LABEL_PX, f"{where} is {label['px']:.1f}px high"
        below = sorted((lb for lb in chart["labels"] if lb["anchor"] == "middle"), key=lambda lb: lb["x"])
        for left, right in itertools.pairwise(below):
            assert left["x"] + left["w"] < right["x"], f"{left['text']} overlaps {right['text']}"
        background = rgb(chart["background"])
        colours = [rgb(c) for c in chart["series"]]
        assert len(set(colours)) == len(colours), f"series share a colour: {chart['series']}"
        for colour in colours:
            assert contrast(colour, background) >= 3, f"{colour} on {background} ({color_scheme})"
    tab.assert_quiet()
