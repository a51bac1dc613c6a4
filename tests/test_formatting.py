"""Words for values (formatting.py): dates alone, ranges, sentences, quotes, sources and attributions."""

from __future__ import annotations

from dataclasses import replace

from generator import formatting
from generator.content.model import PartialDate
from tests.factories import source


def test_a_year_alone_reads_in_2025_and_other_dates_as_they_are() -> None:
    assert formatting.date_cell(PartialDate(2025)) == "in 2025"
    assert formatting.date_cell(PartialDate(2025, 4)) == "April 2025"
    assert formatting.date_cell(PartialDate(2025, 4, 30)) == "30 April 2025"


def test_ranges_counts_and_shortened_text() -> None:
    assert formatting.value_range([4000, 350, 2000]) == "350 to 4,000"
    assert formatting.value_range([600]) == "600"
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
