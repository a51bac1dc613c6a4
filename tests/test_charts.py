"""The SVG chart of a metric's estimates: geometry, markers, escaping, and surviving Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml
from bs4 import BeautifulSoup

from generator.charts import collect_series, format_number, month_ticks, nice_ticks, render_chart
from generator.model import Actor, Citation, Claim, Figure, Metric, Origin, PartialDate

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


def test_chart_has_title_desc_and_role_img() -> None:
    svg = soup(render_chart(METRIC, CLAIMS, ACTORS)).find("svg", class_="fs-chart__svg")
    assert svg["role"] == "img"
    labelled = svg["aria-labelledby"].split()
    assert [svg.find(id=i).name for i in labelled] == ["title", "desc"]
    assert svg.title.string == "Troops killed: estimates by claimant over time"
    desc = svg.desc.string
    assert "Volodymyr Zelensky: 1 estimate, 4,000 on 21 Jan 2025, disputed." in desc
    assert "from about 600 on 30 Apr 2025, superseded to more than 2,000 on Sep 2025" in desc


def test_points_ranges_and_markers_are_drawn_per_status() -> None:
    page = soup(render_chart(METRIC, CLAIMS, ACTORS))
    points = page.select(".fs-chart__point")
    assert len(points) == 3  # the other metric's figure is not drawn
    superseded = page.select_one(".fs-chart__point--superseded")
    assert superseded.select_one(".fs-chart__range") is not None  # 500 to 700 as a bar
    assert "range 500 to 700" in superseded.title.string
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
        centres["Volodymyr Zelensky, 21 Jan 2025"],
        centres["National Intelligence Service, 30 Apr 2025"],
        centres["National Intelligence Service, Sep 2025"],
    )
    # The axis runs from 1 Jan to 1 Oct 2025 (273 days) over the 608 units between x=72 and 680.
    for point, days in ((zelensky, 20), (nis_april, 119), (nis_september, 243)):
        assert abs(point[0] - (72 + days / 273 * 608)) < 0.1
    # y grows downwards; 0 sits on the baseline (264) and the top tick 4,000 at the top (20).
    assert zelensky[1] == 20.0
    assert abs(nis_april[1] - (264 - 600 / 4000 * 244)) < 0.1


def test_axes_use_nice_ticks_with_thousands_separators() -> None:
    page = soup(render_chart(METRIC, CLAIMS, ACTORS))
    labels = [t.string for t in page.select(".fs-chart__axis text")]
    assert labels[:5] == ["0", "1,000", "2,000", "3,000", "4,000"]
    assert labels[5:] == ["Jan 2025", "Mar 2025", "May 2025", "Jul 2025", "Sep 2025"]  # every 2nd
    assert nice_ticks(4700) == [0, 1000, 2000, 3000, 4000, 5000]
    assert nice_ticks(12) == [0, 2.5, 5, 7.5, 10, 12.5]
    assert format_number(11000) == "11,000" and format_number(2.5) == "2.5"


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


def mkdocs_extensions() -> tuple[list, dict]:
    """The Markdown extensions of mkdocs.yml, exactly as MkDocs passes them."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, opts), = item.items()
            names.append(name)
            options[name] = opts or {}
        else:
            names.append(item)
    return names, options


def test_chart_survives_markdown_with_the_site_extensions() -> None:
    names, options = mkdocs_extensions()
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
