"""generator/formatting.py: how dates, numbers and figures read; and that every channel a reader
sees a figure in (sheet page, chart, actor, source and timeline lists, feed) words it the same
way, while the data files keep the exact value."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from generator import formatting
from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Citation, Claim, Figure, PartialDate
from generator.data.export import render_data_files
from generator.data.feed import render_feed
from generator.pages.registry import render_pages
from generator.settings import Settings
from tests.factories import HERE, content, day, section, sheet, source

# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (PartialDate(2025, 4, 30), "30 April 2025"),
        (PartialDate(2025, 4), "April 2025"),
        (PartialDate(2025), "2025"),
        (date(2024, 12, 1), "1 December 2024"),
    ],
)
def test_long_date_follows_the_precision_given(value, words):
    assert formatting.long_date(value) == words


def test_dates_other_forms():
    assert formatting.optional_date(None) == ""
    assert formatting.optional_date(PartialDate(2025, 1, 2)) == "2 January 2025"
    assert formatting.short_month(date(2025, 9, 1)) == "Sep 2025"
    assert formatting.short_month(date(2025, 9, 1), with_year=False) == "Sep"
    assert formatting.iso_date(PartialDate(2025, 4)) == "2025-04"
    assert formatting.iso_date(datetime(2025, 4, 30, 12, 0, 5)) == "2025-04-30T12:00:05Z"
    assert formatting.iso_date(None) is None
    with pytest.raises(TypeError, match="long_date expects"):
        formatting.long_date("2025-04-30")  # type: ignore[arg-type]


# ------------------------------------------------------------------ numbers and figures


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "0"),
        (600, "600"),
        (1234567, "1,234,567"),
        (-15000, "-15,000"),
        (1234.567, "1,234.567"),
        (0.1, "0.1"),
        (1.5e6, "1,500,000"),
        (2.50, "2.5"),
        (Decimal("1234.5670"), "1,234.567"),
        (-0.0, "0"),
    ],
)
def test_number_keeps_every_digit_typed_and_groups_thousands(value, words):
    assert formatting.number(value) == words


def test_number_refuses_what_is_no_number():
    for wrong in (True, "600", None):
        with pytest.raises(TypeError):
            formatting.number(wrong)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        formatting.number(float("nan"))


def test_only_axis_ticks_round():
    assert formatting.axis_number(11000) == "11,000"
    assert formatting.axis_number(2.5) == "2.5"
    assert formatting.axis_number(1234.5678912) == "1,234.57"


@pytest.mark.parametrize(
    ("figure", "words"),
    [
        (Figure("m", 600), "600"),
        (Figure("m", 600, qualifier="about"), "about 600"),
        (Figure("m", 6000, qualifier="more-than"), "more than 6,000"),
        (Figure("m", 600, qualifier="about", low=500, high=700), "about 600 (500–700)"),
        (Figure("m", 600, low=500), "600 (at least 500)"),
        (Figure("m", 600, high=700), "600 (at most 700)"),
        (Figure("m", 3000, qualifier="at-least", low=3000), "at least 3,000"),  # a bound equal to it: nothing
        (Figure("m", 1234.567, qualifier="up-to"), "up to 1,234.567"),
    ],
)
def test_figure_words(figure, words):
    assert formatting.figure_words(figure) == words


def test_figure_with_unit_and_attribution():
    assert formatting.figure_with_unit(Figure("m", 600, qualifier="about"), "troops") == "about 600 troops"
    assert formatting.figure_with_unit(Figure("m", 600), "") == "600"
    on = PartialDate(2025, 4, 30)
    said = "Said by NIS on 30 April 2025, through Cho, then Lee and Kim"
    assert formatting.attribution("NIS", [["Cho"], ["Lee", "Kim"]], on) == said
    assert formatting.attribution(None, [], PartialDate(2024, 8)) == "In August 2024"
    assert formatting.attribution(None, [], on) == "On 30 April 2025"


def test_labels():
    assert formatting.label("official-statement") == "official statement"
    assert formatting.rating_label("partly-accurate") == "Partly accurate"


# ------------------------------------------------------------------ one figure, every channel

# (figure, how a reader must see its number, what it counts when that is not a running total)
FIGURES = [
    (Figure("killed", 1234.567, qualifier="about"), "about 1,234.567", ""),
    (Figure("killed", 15000, qualifier="more-than"), "more than 15,000", ""),
    (Figure("killed", 600, low=500, high=700), "600 (500–700)", ""),
    (Figure("killed", 600, basis="at-date", as_of=day("2025-04-18")), "600", "on 18 April 2025"),
]
WHEN = "30 April 2025"
# Other spellings of the same number or date that must not appear where a human reads it.
NUMBER_LIKE = re.compile(r"(?<![\w.,])[0-9][0-9,.]*[0-9](?![\w])")


def _channels(figure: Figure) -> tuple[dict[str, str], dict[str, str]]:
    """(what readers see, keyed by channel; the data files) for one figure claim."""
    claim = Claim(
        id="zed-estimate",
        text="The agency gave its estimate.",
        kind="figure",
        claimed_on=day("2025-04-30"),
        status="reported",
        citations=(Citation("s1"),),
        origin=HERE,
        claimant="zed",
        figure=figure,
    )
    the_content = content(sheet(sections=(section("toll", claim),)))
    index = build_index(the_content)
    pages = render_pages(index, Settings(), History())
    at = datetime(2026, 1, 1, tzinfo=UTC)
    feed = ET.fromstring(render_feed(index, History(), at, "Fact sheets", None))
    atom = "{http://www.w3.org/2005/Atom}"
    page, actor = pages["sheets/war.md"], pages["actors/zed.md"]
    seen = {
        "sheet: claim line": _line(page, 'class="claim-attribution"') + _line(page, 'class="claim-figure"'),
        "sheet: at a glance": _line(page, '<li><a href="#zed-estimate">') + _line(page, "fs-glance__span"),
        "sheet: estimate table": _line(page, "estimate-mark--latest"),
        "sheet: key figures": _line(page, 'data-label="Latest estimate"'),
        "chart: tooltip": _only(re.findall(r"<title>([^<]*)</title>", page)),
        "chart: description": _only(re.findall(r"<desc [^>]*>([^<]*)</desc>", page)),
        # An estimate is listed once on its claimant's page: under its chart, not under Claims made.
        "actor page: estimates": _line(_between(actor, "## Estimates over time", "## Claims made"), "- 30"),
        "source page": _line(pages["sources/s1.md"], "- 30"),
        "timeline": _line(pages["timeline/index.md"], "- 30"),
        "timeline: month page": _line(pages["timeline/2025-04.md"], "- 30"),
        "feed: entry summary": _only([e.findtext(f"{atom}summary") or "" for e in feed.iter(f"{atom}entry")]),
    }
    return seen, render_data_files(the_content, index, History(), at)


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def _line(text: str, marker: str) -> str:
    return _only([line for line in text.splitlines() if marker in line])


def _only(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("figure", "words", "basis"), FIGURES, ids=[f"{w} {b}" for _, w, b in FIGURES])
def test_every_channel_words_a_figure_alike(figure, words, basis):
    seen, _ = _channels(figure)
    expected_numbers = NUMBER_LIKE.findall(f"{words} {basis} {WHEN}")
    for channel, text in seen.items():
        for expected in (words, basis, WHEN):
            assert expected in text, f"{channel}: {expected!r} is not in {text!r}"
        # No other spelling of the figure (1234.567, 1,234.57, 15000) or date (30 Apr, 2025-04-30).
        numbers = [n for n in NUMBER_LIKE.findall(text) if n not in ("1",)]  # "1 estimate"
        assert sorted(set(numbers)) == sorted(set(expected_numbers)), f"{channel}: {text!r}"


@pytest.mark.parametrize(("figure", "words", "basis"), FIGURES, ids=[f"{w} {b}" for _, w, b in FIGURES])
def test_the_data_files_keep_the_exact_figure(figure, words, basis):
    _, files = _channels(figure)
    record = _only(json.loads(files["data/claims.json"])["claims"])
    assert record["claimed_on"] == "2025-04-30"
    assert {k: record["figure"][k] for k in ("value", "qualifier", "low", "high")} == {
        "value": figure.value,
        "qualifier": figure.qualifier,
        "low": figure.low,
        "high": figure.high,
    }
    assert f'"value":{figure.value!r}' in files["data/claims.json"]  # 1234.567 as typed, no rounding
    sheet_record = json.loads(files["data/sheets/war.json"])["sheet"]
    assert sheet_record["sections"][0]["claims"][0] == record
    row = _only(list(csv.DictReader(io.StringIO(files["data/claims.csv"]))))
    assert (row["value"], row["qualifier"]) == (repr(figure.value), figure.qualifier)
    assert row["claimed_on"] == "2025-04-30"
    assert (row["low"], row["high"]) == tuple("" if b is None else repr(b) for b in (figure.low, figure.high))


def test_a_year_alone_reads_in_2025_and_other_dates_as_they_are() -> None:
    assert formatting.date_cell(PartialDate(2025)) == "in 2025"
    assert formatting.date_cell(PartialDate(2025, 4)) == "April 2025"
    assert formatting.date_cell(PartialDate(2025, 4, 30)) == "30 April 2025"


def test_ranges_counts_and_shortened_text() -> None:
    figures = [
        Figure("k", 4000, qualifier="more-than"),
        Figure("k", 350, qualifier="about"),
        Figure("k", 2000),
    ]
    assert formatting.figures_range(figures) == "about 350 to more than 4,000"
    assert formatting.figures_range([Figure("k", 600, qualifier="about")]) == "about 600"
    assert formatting.figures_range([Figure("k", 600), Figure("k", 600, qualifier="about")]) == "600"
    assert formatting.count(1, "claim") == "1 claim" and formatting.count(1204, "source") == "1,204 sources"
    assert formatting.count(2, "entry", "entries") == "2 entries"
    assert formatting.shortened("one two three four", 12) == "one two…"


def test_no_doubled_full_stop_after_a_quote_or_an_abbreviation() -> None:
    assert formatting.sentence("He said “about 600 deaths.”") == "He said “about 600 deaths.”"
    assert formatting.sentence("In total (as of March)") == "In total (as of March)."
    assert formatting.sentence("Why?") == "Why?"
    assert formatting.quoted("  including some\n600 deaths. ") == "“including some 600 deaths.”"


def test_attribution_and_reported_by_read_as_a_newspaper_writes_them() -> None:
    on = PartialDate(2025, 4, 30)
    said = formatting.attribution("NIS", [["Cho Tae-yong"], ["Lee", "Kim"]], on)
    assert said == "Said by NIS on 30 April 2025, through Cho Tae-yong, then Lee and Kim"
    assert formatting.attribution(None, [], PartialDate(2024, 8)) == "In August 2024"
    wire = replace(source("a"), publisher="CNA", agency="AFP")
    own = replace(source("b"), publisher="Yonhap", agency="Yonhap")
    assert formatting.reported_by([source("s"), wire, own]) == "Publisher, CNA (citing AFP) and Yonhap"


def test_a_source_in_one_sentence_and_a_noun_phrase_after_in() -> None:
    article = replace(source("s"), authors=("Lee Hyun-ju",), agency="Yonhap", language="ko")
    assert formatting.source_lede(article) == (
        "A news article by Lee Hyun-ju, published by Publisher on 1 January 2025, credited to Yonhap, "
        "in Korean."
    )
    statement = replace(source("t"), kind="official-statement", language="xx")
    assert formatting.source_lede(statement).startswith("An official statement, published by")
    assert formatting.source_lede(statement).endswith(", in xx.")
    phrase = "An article of unknown publisher"
    assert formatting.after_preposition(phrase) == "an article of unknown publisher"
    assert formatting.after_preposition("Reuters") == "Reuters"
    described = replace(source("d"), title="A copy of the report", title_kind="description")
    assert formatting.cited_title(described) == "[A copy of the report]"
    assert formatting.cited_title(source("h")) == "“Title of h”"
