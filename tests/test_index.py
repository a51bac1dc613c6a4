"""build_index: lookups, footnote numbering, estimates with their marks, key figures, timeline."""

from __future__ import annotations

from generator.content.citations import use_letter
from generator.content.index import build_index
from generator.content.model import Citation, Metric, Review
from tests.factories import HERE, content, day, event, figure_claim, section, sheet


def test_claims_are_found_by_id_with_sheet_section_and_reading_position():
    a = event("a", "2025-01-01", (Citation("s1"),))
    b = event("b", "2025-01-02", (Citation("s2"),))
    c = event("c", "2025-01-03", (Citation("s3"),))
    index = build_index(content(sheet(sections=(section("one", a, b), section("two", c)), metrics=())))
    assert index.claims["c"].section.id == "two"
    assert index.claims["c"].sheet.id == "war"
    assert [index.claims[i].position for i in "abc"] == [0, 1, 2]
    assert index.sheets["war"].title == "War"


def test_one_reference_per_source_numbered_in_order_of_first_citation_with_a_letter_per_place():
    same = Citation("s2", quote="the same words", locator="p. 2")
    a = event("a", "2025-01-01", (Citation("s3", quote="first"), same))
    b = event("b", "2025-01-02", (same, Citation("s2", quote="other words")))
    review = Review(
        id="r", statement="x", rating="inaccurate", finding="y", origin=HERE, citations=(Citation("s1"), same)
    )
    index = build_index(content(sheet(sections=(section("one", a, b),), reviews=(review,), metrics=())))
    cited = index.citations["war"]

    # Each place gets one marker per source it cites: b cites s2 twice, with one marker.
    assert cited.by_item == {"a": ((1, "a"), (2, "a")), "b": ((2, "b"),), "r": ((3, "a"), (2, "c"))}
    assert [(r.number, r.source.id) for r in cited.references] == [(1, "s3"), (2, "s2"), (3, "s1")]
    s2 = cited.references[1]
    assert [(u.item_id, u.letter) for u in s2.uses] == [("a", "a"), ("b", "b"), ("r", "c")]
    assert [c.quote for c in s2.uses[1].citations] == ["the same words", "other words"]
    # The sources list: each cited source once, in order of its first citation.
    assert [s.id for s in cited.sources] == ["s3", "s2", "s1"]


def test_reference_numbers_start_again_on_each_sheet_and_letters_run_past_z():
    first = sheet("one", sections=(section("x", event("a", "2025-01-01", (Citation("s1"),))),), metrics=())
    second = sheet("two", sections=(section("x", event("b", "2025-01-01", (Citation("s2"),))),), metrics=())
    index = build_index(content(first, second))
    assert index.citations["two"].by_item["b"] == ((1, "a"),)
    assert [use_letter(n) for n in (0, 1, 25, 26, 27, 701, 702)] == ["a", "b", "z", "aa", "ab", "zz", "aaa"]


def test_claims_by_source_and_by_actor_with_their_role():
    a = figure_claim("a", "nis", "2025-01-01", 100, via=(("lawmaker",), ("zed",)))
    b = figure_claim("b", "zed", "2025-02-01", 200, citations=(Citation("s2"), Citation("s2", quote="again")))
    index = build_index(content(sheet(sections=(section("one", a, b),))))

    assert [r.claim.id for r in index.claims_by_source["s1"]] == ["a"]
    assert [r.claim.id for r in index.claims_by_source["s2"]] == ["b"]  # once, though cited twice
    assert [(x.ref.claim.id, x.role) for x in index.claims_by_actor["zed"]] == [
        ("a", "via"),
        ("b", "claimant"),
    ]
    assert [(x.ref.claim.id, x.role) for x in index.claims_by_actor["lawmaker"]] == [("a", "via")]
    assert "kiev" not in index.claims_by_actor


def test_reviews_by_source_include_the_page_where_the_statement_appeared():
    review = Review(
        id="r",
        statement="x",
        rating="misattributed",
        finding="y",
        origin=HERE,
        citations=(Citation("s1"),),
        appearance_source="s3",
    )
    index = build_index(content(sheet(reviews=(review,), metrics=())))
    assert [r.review.id for r in index.reviews_by_source["s3"]] == ["r"]
    assert [r.review.id for r in index.reviews_by_source["s1"]] == ["r"]
    assert index.reviews["r"].sheet.id == "war"


def test_estimates_sorted_by_date_then_claimant_with_latest_superseded_and_disputed_marks():
    claims = (
        figure_claim("nis-2", "nis", "2025-04-30", 600),
        figure_claim("nis-1", "nis", "2025-01-13", 300, status="superseded", superseded_by="nis-2"),
        figure_claim("kiev-1", "kiev", "2025-04-30", 4000, status="disputed"),
        figure_claim("zed-1", "zed", "2025-02-01", 50),
        figure_claim("zed-2", "zed", "2025-03-01", 70, status="retracted"),
    )
    index = build_index(content(sheet(sections=(section("one", *claims),))))
    rows = index.estimates["killed"]

    assert [e.claim.id for e in rows] == ["nis-1", "zed-1", "zed-2", "kiev-1", "nis-2"]
    marks = {e.claim.id: (e.is_latest, e.is_superseded, e.is_disputed, e.is_retracted) for e in rows}
    assert marks == {
        "nis-1": (False, True, False, False),
        "zed-1": (True, False, False, False),  # its newer estimate was retracted
        "zed-2": (False, False, False, True),
        "kiev-1": (True, False, True, False),  # disputed, but still Kyiv's latest word
        "nis-2": (True, False, False, False),
    }


def test_latest_of_a_claimant_breaks_same_day_ties_by_as_of():
    claims = (
        figure_claim("early", "nis", "2025-04-30", 1, as_of=day("2025-03")),
        figure_claim("late", "nis", "2025-04-30", 2, as_of=day("2025-04")),
        figure_claim("other-metric", "nis", "2025-05-30", 3, metric="wounded"),
    )
    metrics = (
        Metric("killed", "Killed", "people", "Dead.", HERE),
        Metric("wounded", "Wounded", "people", "Hurt.", HERE),
    )
    index = build_index(content(sheet(sections=(section("one", *claims),), metrics=metrics)))
    assert [e.claim.id for e in index.estimates["killed"] if e.is_latest] == ["late"]
    assert [e.claim.id for e in index.estimates["wounded"]] == ["other-metric"]


def test_two_disagreeing_reports_of_one_statement_are_both_latest_and_both_key_figures():
    # Two outlets report one briefing with different figures: the index must not pick one.
    claims = (
        figure_claim("nis-old", "nis", "2024-10-23", 3000, status="superseded", superseded_by="nis-15000"),
        figure_claim("nis-15000", "nis", "2025-04-30", 15000, status="disputed"),
        figure_claim("nis-18000", "nis", "2025-04-30", 18000, status="disputed"),
    )
    index = build_index(content(sheet(sections=(section("one", *claims),))))
    assert [e.claim.id for e in index.estimates["killed"] if e.is_latest] == ["nis-15000", "nis-18000"]
    assert [k.estimate.claim.id for k in index.key_figures["war"]] == ["nis-15000", "nis-18000"]


def test_key_figures_are_the_latest_per_claimant_in_series_order_then_by_name():
    claims = (
        figure_claim("nis-1", "nis", "2025-01-13", 300),
        figure_claim("kiev-1", "kiev", "2025-04-30", 4000),
        figure_claim("zed-1", "zed", "2025-02-01", 50),
        figure_claim("nis-2", "nis", "2025-04-30", 600),
    )
    index = build_index(content(sheet(sections=(section("one", *claims),))))
    figures = index.key_figures["war"]
    # "zed" is named in the metric's series; the others follow by name (Kyiv, National ...).
    assert [(k.metric.id, k.estimate.claim.id) for k in figures] == [
        ("killed", "zed-1"),
        ("killed", "kiev-1"),
        ("killed", "nis-2"),
    ]


def test_a_sheet_without_figure_claims_has_no_key_figures_but_keeps_its_metric():
    index = build_index(
        content(sheet(sections=(section("one", event("a", "2025-01-01", (Citation("s1"),))),)))
    )
    assert index.key_figures["war"] == ()
    assert index.estimates["killed"] == ()
    assert index.metrics["killed"].sheet.id == "war"


def test_timeline_is_newest_first_and_page_order_within_a_day():
    claims = (
        event("old", "2024-12-31", (Citation("s1"),)),
        event("new-a", "2025-04-30", (Citation("s1"),)),
        event("month", "2025-04", (Citation("s1"),)),
        event("new-b", "2025-04-30", (Citation("s1"),)),
    )
    index = build_index(content(sheet(sections=(section("one", *claims),), metrics=())))
    # A date known only to the month sorts before the days inside it, so after them here.
    assert [r.claim.id for r in index.timeline] == ["new-a", "new-b", "month", "old"]
