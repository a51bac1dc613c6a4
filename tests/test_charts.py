"""The SVG chart of a metric's estimates: geometry, markers, escaping, and surviving Markdown."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.content.index import charted
from generator.content.model import Actor, Citation, Claim, Figure, Metric, Origin, PartialDate
from generator.formatting import axis_number
from generator.pages.chart_axes import month_ticks, nice_ticks
from generator.pages.chart_series import SERIES_COLOURS, SHAPES, SPREAD, collect_series, series_style
from generator.pages.charts import ChartLinks, render_chart
from tests.factories import mkdocs_markdown_setup

ROOT = Path(__file__).resolve().parent.parent
AT = Origin("content/sheets/s.yaml", 1, 1)
ACTORS = {
    "nis": Actor("nis", "National Intelligence Service", "agency", AT),
    "zelensky": Actor("zelensky", "Volodymyr Zelensky", "person", AT),
    "evil": Actor("evil", '<script>alert(1)</script> & "Co"', "media", AT),
}
METRIC = Metric("troops-killed", "Troops killed", "people", "Dead soldiers.", AT, series=("zelensky",))


def figure_claim(claim_id, claimant, when, value, status="reported", **figure) -> Claim:
    return Claim(
        id=claim_id, text="t", kind="figure", claimed_on=when, status=status,
        citations=(Citation("src"),), origin=AT, claimant=claimant,
        figure=Figure(metric=figure.pop("metric", "troops-killed"), value=value, **figure),
    )  # fmt: skip


CLAIMS = (
    figure_claim(
        "nis-1", "nis", PartialDate(2025, 4, 30), 600, "superseded", qualifier="about", low=500, high=700
    ),
    figure_claim("nis-2", "nis", PartialDate(2025, 9), 2000, qualifier="more-than"),
    figure_claim("zel-1", "zelensky", PartialDate(2025, 1, 21), 4000, "disputed"),
    figure_claim("other-metric", "nis", PartialDate(2025, 1, 1), 99999, metric="troops-deployed"),
)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_series_follow_the_metric_order_then_names_and_skip_other_metrics() -> None:
    series = collect_series(METRIC, CLAIMS, ACTORS)
    assert [s.claimant for s in series] == ["zelensky", "nis"]
    assert [p.claim.id for p in series[1].points] == ["nis-1", "nis-2"]  # by date claimed
    assert series[1].points[1].day.isoformat() == "2025-09-01"  # a month sits at its start


def test_a_count_over_a_period_is_no_point_of_the_chart() -> None:
    weekly = figure_claim("nis-week", "nis", PartialDate(2025, 10, 5), 9000, basis="period", period="a week")
    only_daily = figure_claim("evil-day", "evil", PartialDate(2025, 2, 1), 70, basis="period", period="a day")
    assert not charted(weekly.figure) and charted(CLAIMS[0].figure)
    series = collect_series(METRIC, (*CLAIMS, weekly, only_daily), ACTORS)
    assert [(s.claimant, [p.claim.id for p in s.points]) for s in series] == [
        ("zelensky", ["zel-1"]),
        ("nis", ["nis-1", "nis-2"]),
    ]  # and no series for a claimant who gave only counts over a period
    page = soup(render_chart(METRIC, (*CLAIMS, weekly, only_daily), ACTORS))
    assert len(page.select(".fs-chart__point")) == 3
    labels = [t.string for t in page.select(".fs-chart__axis text")]
    assert labels[1:6] == ["0", "1,000", "2,000", "3,000", "4,000"] and labels[-1] == "Sep 2025"
    assert "9,000" not in page.get_text() and "October" not in page.get_text()
    assert render_chart(METRIC, (weekly, only_daily), ACTORS) == ""  # nothing to draw: no chart


def test_chart_is_a_named_group_with_title_and_desc() -> None:
    # Not role="img": that would hide the points, which are links, from assistive technology.
    svg = soup(render_chart(METRIC, CLAIMS, ACTORS)).find("svg", class_="fs-chart__svg")
    assert svg["role"] == "group"
    assert svg.find(id=svg["aria-labelledby"]).name == "title"
    assert svg.find(id=svg["aria-describedby"]).name == "desc"
    assert svg.title.string == "Troops killed: estimates by claimant over time"
    desc = svg.desc.string
    assert "Volodymyr Zelensky: 1 estimate, 4,000 on 21 January 2025, disputed." in desc
    assert "from about 600 (500–700) on 30 April 2025, superseded" in desc
    assert "superseded to more than 2,000 in September 2025" in desc


def test_points_ranges_and_markers_are_drawn_per_status() -> None:
    page = soup(render_chart(METRIC, CLAIMS, ACTORS))
    points = page.select(".fs-chart__point")
    assert len(points) == 3  # the other metric's figure is not drawn
    superseded = page.select_one(".fs-chart__point--superseded")
    assert superseded.select_one(".fs-chart__range") is not None  # 500 to 700 as a bar
    assert "about 600 (500–700)" in superseded.title.string
    disputed = page.select_one(".fs-chart__point--disputed")
    assert disputed.select_one(".fs-chart__ring") is not None
    lower_bound = next(p for p in points if "more than 2,000" in p.title.string)
    assert lower_bound.select_one(".fs-chart__bound") is not None
    legend = page.select_one(".fs-chart__legend").get_text(" ")
    for words in ("hollow: superseded", "dashed ring: disputed", "bar: range given", "caret up: at least"):
        assert words in legend
    assert "retracted" not in legend  # only markers that occur are explained


def test_x_positions_follow_time_and_y_positions_follow_value() -> None:
    page = soup(render_chart(METRIC, CLAIMS, ACTORS))
    centres = {}
    for point in page.select(".fs-chart__point"):
        x, y = map(float, re.fullmatch(r"translate\(([\d.]+) ([\d.]+)\)", point["transform"]).groups())
        centres[point.title.string.split(":")[0]] = (x, y)
    zelensky, nis_april, nis_september = (
        centres["Volodymyr Zelensky, 21 January 2025"],
        centres["National Intelligence Service, 30 April 2025"],
        centres["National Intelligence Service, September 2025"],
    )
    # The axis runs from 1 Jan to 1 Oct 2025 (273 days) over the 582 units between x=79 (room
    # for "4,000" at the phone font size) and 661 (room for half a month label).
    baseline = page.select_one(".fs-chart__baseline")
    assert (baseline["x1"], baseline["x2"]) == ("79", "661")
    for point, days in ((zelensky, 20), (nis_april, 119), (nis_september, 243)):
        assert abs(point[0] - (79 + days / 273 * 582)) < 0.1
    # y grows downwards; 0 sits on the baseline (286) and the top tick 4,000 at the top (52), under
    # the axis title.
    assert zelensky[1] == 52.0
    assert abs(nis_april[1] - (286 - 600 / 4000 * 234)) < 0.1


def test_axes_use_nice_ticks_with_thousands_separators() -> None:
    page = soup(render_chart(METRIC, CLAIMS, ACTORS))
    labels = [t.string for t in page.select(".fs-chart__axis text")]
    assert labels[0] == "People"  # the axis title: the metric's unit
    assert labels[1:6] == ["0", "1,000", "2,000", "3,000", "4,000"]
    assert labels[6:] == ["Jan 2025", "Mar 2025", "May 2025", "Jul 2025", "Sep 2025"]  # every 2nd
    assert nice_ticks(4700) == [0, 1000, 2000, 3000, 4000, 5000]
    assert nice_ticks(12) == [0, 2.5, 5, 7.5, 10, 12.5]
    assert axis_number(11000) == "11,000" and axis_number(2.5) == "2.5"


def test_every_point_links_to_its_claim_and_the_caption_says_source_date_and_data() -> None:
    links = ChartLinks(
        claims={c.id: f"#{c.id}" for c in CLAIMS}, references="#_references", csv="../data/charts/m.csv"
    )
    page = soup(render_chart(METRIC, CLAIMS, links=links, actors=ACTORS))
    anchors = page.select("svg a.fs-chart__link")
    assert [a["href"] for a in anchors] == ["#zel-1", "#nis-1", "#nis-2"]
    for anchor in anchors:  # named by its value, claimant and date; a target larger than the marker
        assert anchor.title.string.startswith(("Volodymyr Zelensky", "National Intelligence Service"))
        assert anchor.select_one("circle.fs-chart__hit")["r"] == "13"
    source = page.select_one(".fs-chart__source")
    assert source.get_text() == (
        "Source: estimates by Volodymyr Zelensky and National Intelligence Service, as reported in the "
        "pages cited · As of September 2025 (the newest estimate) · Data: the chart’s points (CSV)"
    )
    assert [a["href"] for a in source.find_all("a")] == ["#_references", "../data/charts/m.csv"]
    # Without links (an actor's page may give none) the points are drawn alone.
    assert not soup(render_chart(METRIC, CLAIMS, ACTORS)).select("a")


def test_month_ticks_stay_few_over_long_spans() -> None:
    from datetime import date

    ticks, precision = month_ticks(date(2020, 3, 5), date(2025, 8, 1))
    assert precision == "year" and ticks[0] == date(2021, 1, 1) and len(ticks) <= 7
    ticks, precision = month_ticks(date(2025, 1, 1), date(2025, 3, 31))
    assert precision == "month" and ticks == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]


def test_editor_text_is_escaped_and_no_chart_without_estimates() -> None:
    hostile = Metric("m", "Killed </title><script>x</script>", "", "", AT)
    claims = [figure_claim("c", "evil", PartialDate(2025), 5, metric="m")]
    html = render_chart(hostile, claims, ACTORS)
    page = soup(html)
    assert page.find("script") is None
    assert page.svg.title.string == "Killed </title><script>x</script>: estimates by claimant over time"
    assert '<script>alert(1)</script> & "Co"' in page.select_one(".fs-chart__legend").get_text()
    assert render_chart(METRIC, [], ACTORS) == ""
    assert render_chart(Metric("empty", "E", "", "", AT), CLAIMS, ACTORS) == ""


def test_chart_survives_markdown_with_the_site_extensions() -> None:
    names, options = mkdocs_markdown_setup()
    html = render_chart(METRIC, CLAIMS, ACTORS)
    assert "\n\n" not in html  # a blank line would end the raw HTML block
    page = f"## Troops killed\n\nText before.\n\n{html}\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    out = markdown.markdown(page, extensions=names, extension_configs=options)
    rendered = soup(out).find("figure", class_="fs-chart")
    assert rendered is not None
    assert rendered.decode() == soup(html).find("figure").decode()
    assert soup(out).find("table") is not None


def test_a_line_joins_a_claimants_estimates_by_date_but_not_same_day_reports() -> None:
    page = soup(render_chart(METRIC, CLAIMS, ACTORS))
    nis_line = page.select(".fs-series-1 .fs-chart__line")
    assert len(nis_line) == 1 and re.fullmatch(r"M[\d.]+ [\d.]+L[\d.]+ [\d.]+", nis_line[0]["d"])
    assert page.select(".fs-series-0 .fs-chart__line") == []  # one Zelensky estimate: no line
    same_day = (
        figure_claim("a", "zelensky", PartialDate(2025, 5, 1), 15000, "disputed"),
        figure_claim("b", "zelensky", PartialDate(2025, 5, 1), 18000, "disputed"),
        figure_claim("c", "nis", PartialDate(2025, 6, 1), 1, "retracted"),
        figure_claim("d", "nis", PartialDate(2025, 7, 1), 2),
    )
    page = soup(render_chart(METRIC, same_day, ACTORS))
    assert page.select(".fs-chart__line") == []  # neither same-day reports nor a retraction are joined
    assert page.select_one(".fs-chart__point--retracted .fs-chart__cross") is not None
    assert "cross: retracted" in page.select_one(".fs-chart__legend").get_text()


# --- telling series apart: colour, shape, and markers that would cover each other -------------

MANY = {f"a{n}": Actor(f"a{n}", f"Claimant {n}", "agency", AT) for n in range(10)}


def many_claims(same_day: bool) -> tuple[Claim, ...]:
    """One estimate per claimant: all on one day and value, or a month apart."""
    return tuple(
        figure_claim(f"c{n}", f"a{n}", PartialDate(2025, 1 if same_day else n + 1, 15), 1000)
        for n in range(len(MANY))
    )


def test_eight_claimants_get_eight_colours_and_eight_shapes() -> None:
    page = soup(render_chart(METRIC, many_claims(same_day=False), MANY))
    swatches = page.select("figcaption svg.fs-chart__swatch")
    colours = [next(c for c in s["class"] if c.startswith("fs-series-")) for s in swatches]
    # A marker's outline drawn at the same place and size: equal only for the same shape.
    shapes = [str(s.find(class_="fs-chart__marker")) for s in swatches]
    assert len(set(colours[:8])) == 8 and len(set(shapes[:8])) == 8
    assert len(SHAPES) >= 8 and SERIES_COLOURS >= 8
    # Past eight, shapes and colours cycle, but no two series share both.
    styles = [series_style(n) for n in range(len(SHAPES) * SERIES_COLOURS)]
    assert len(set(styles)) == len(styles)
    assert (shapes[8], colours[8]) != (shapes[0], colours[0])
    assert len(set(zip(shapes, colours, strict=True))) == 10


def _srgb_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((_srgb_luminance(one), _srgb_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_series_colours_contrast_with_the_light_and_the_dark_background() -> None:
    css = (ROOT / "site_templates" / "assets" / "charts.css").read_text(encoding="utf-8")
    schemes = dict(re.findall(r'\[data-md-color-scheme="(default|slate)"\]\s*\{([^}]*)\}', css))
    # Material's backgrounds: white, and slate's hsl(225, 15%, 14%).
    for scheme, background in (("default", "#ffffff"), ("slate", "#1e2129")):
        palette = dict(re.findall(r"--fs-series-(\d+):\s*(#[0-9a-f]{6})", schemes[scheme]))
        assert sorted(map(int, palette)) == list(range(SERIES_COLOURS)), scheme
        assert len(set(palette.values())) == SERIES_COLOURS
        for number, colour in palette.items():
            assert contrast(colour, background) >= 4.5, (scheme, number, colour)
            assert f".fs-series-{number} {{ color: var(--fs-series-{number}); }}" in css


def test_coincident_markers_of_different_claimants_are_spread_apart() -> None:
    def centres(claims: tuple[Claim, ...]) -> list[float]:
        page = soup(render_chart(METRIC, claims, MANY))
        found = [re.search(r"translate\(([\d.]+) ", p["transform"]) for p in page.select(".fs-chart__point")]
        return [float(m.group(1)) for m in found if m]

    together = centres(many_claims(same_day=True))
    # Ten claimants on one day: ten slots SPREAD apart, centred on the date, in series order.
    gaps = [round(b - a, 1) for a, b in itertools.pairwise(together)]
    assert gaps == [SPREAD] * 9
    assert sum(together) / len(together) == pytest.approx(together[0] + 4.5 * SPREAD)
    assert centres(many_claims(same_day=True)) == together  # deterministic
    # A month apart, nothing overlaps: no marker moves.
    apart = centres(many_claims(same_day=False))
    assert min(b - a for a, b in itertools.pairwise(apart)) > 2 * SPREAD
    # Only the markers that would cover each other move, half a slot each way; the rest stay put.
    a0, a1, a2 = many_claims(same_day=False)[:3]
    crowded = (a0, a1, dataclasses.replace(a2, claimed_on=a1.claimed_on))
    alone, clashing = centres((a0, a1)), centres(crowded)
    assert clashing[0] == alone[0]
    assert clashing[1:] == pytest.approx([alone[1] - SPREAD / 2, alone[1] + SPREAD / 2], abs=0.11)


def test_y_labels_of_large_numbers_stay_inside_the_drawing() -> None:
    big = (figure_claim("big", "nis", PartialDate(2025, 3, 1), 1_234_567),)
    page = soup(render_chart(METRIC, big, ACTORS))
    baseline = page.select_one(".fs-chart__baseline")
    left = float(baseline["x1"])
    widest = max(len(t.string) for t in page.select(".fs-chart__axis text[text-anchor=end]"))
    assert widest == len("1,400,000")
    # The label ends 8 units left of the plot; at 22 units a glyph is at most 0.62 of that wide.
    assert left - 8 >= widest * 0.62 * 22
    small = soup(render_chart(METRIC, (figure_claim("s", "nis", PartialDate(2025, 3, 1), 7),), ACTORS))
    assert float(small.select_one(".fs-chart__baseline")["x1"]) < left  # no waste on short labels
