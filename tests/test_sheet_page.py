"""The home page, the sheet list and the sheet pages, as Markdown."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Citation, Figure, Metric, PartialDate, Review, Section, Tag
from generator.pages.environment import environment, front_matter, render_page
from generator.pages.registry import render_pages
from generator.pages.views import last_change
from generator.paths import page_link
from generator.settings import Settings
from tests.factories import HERE, content, event, figure_claim, section, sheet, site_markdown, source

REPO = "https://github.com/example/factsheet"


def split_front_matter(page: str) -> tuple[dict, str]:
    assert page.startswith("---\n")
    head, body = page[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def war_content():
    claims = (
        figure_claim("nis-1", "nis", "2025-01-13", 300, status="superseded", superseded_by="nis-2"),
        figure_claim("nis-2", "nis", "2025-04-30", 600, via=(("lawmaker",),)),
        figure_claim("kiev-1", "kiev", "2025-04-30", 4000, status="disputed"),
    )
    other = (event("seen", "2025-02-01", (Citation("s2", quote="seen", locator="p. 4"), Citation("s3"))),)
    review = Review(
        id="seed-review",
        statement="Lee Sung-joon briefed",
        rating="misattributed",
        finding="The briefers were others.",
        origin=HERE,
        citations=(Citation("s2", quote="seen", locator="p. 4"),),
        appearance="An article of unknown publisher",
    )
    war = sheet(sections=(section("casualties", *claims), section("events", *other)), reviews=(review,))
    return replace(content(war), tags={"t": Tag("t", "North Korea")})


def render(the_content, settings=None):
    return render_pages(build_index(the_content), settings or Settings(), History())


def test_pages_produced_are_the_home_the_sheet_list_and_one_page_per_sheet():
    pages = render(war_content())
    assert {"index.md", "sheets/index.md", "sheets/war.md"} <= set(pages)
    for text in pages.values():
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert all(line == line.rstrip() for line in text.splitlines())


def sheet_html(page: str) -> BeautifulSoup:
    """A sheet's Markdown as MkDocs renders it (front matter removed)."""
    _, body = split_front_matter(page)
    converter = site_markdown()
    return BeautifulSoup(converter.convert(body), "html.parser")


def test_every_claim_has_its_anchor_attribution_status_and_markers():
    page = render(war_content())["sheets/war.md"]
    for claim_id in ("nis-1", "nis-2", "kiev-1", "seen"):
        assert re.search(rf'<div class="claim claim--\w+" id="{claim_id}" markdown>', page)
    soup = sheet_html(page)
    block = soup.find(id="nis-2")
    assert "Said by National Intelligence Service on 30 April 2025, through A Lawmaker." in block.get_text(
        " "
    )
    badge = block.find("a", class_="status")
    assert badge.get_text() == "reported" and badge["class"] == ["status", "status--reported"]
    assert badge["href"] == "../methodology.md#_status-reported"  # MkDocs rewrites it to the page
    assert [sup.get_text() for sup in block.select("sup.fs-marker")] == ["[1]"]
    assert "Killed: 600 people, in total." in block.find("p", class_="claim-figure").get_text()
    superseded = soup.find(id="nis-1")
    assert superseded.find("a", string="Newer estimate")["href"] == "#nis-2"


def test_markers_are_bracketed_and_lead_to_one_reference_per_source_and_back():
    soup = sheet_html(render(war_content())["sheets/war.md"])
    # nis-1, nis-2 and kiev-1 cite s1 with different quotes: one reference, three back-links a b c.
    entries = soup.select("ol.fs-refs > li.fs-ref")
    assert [li["id"] for li in entries] == ["_ref-1", "_ref-2", "_ref-3"]
    first = entries[0]
    assert first.select_one("cite").get_text() == "“Title of s1”"
    assert [a.get_text() for a in first.select(".fs-ref__back a")] == ["a", "b", "c"]
    assert [li["id"] for li in first.select("ul.fs-ref__uses > li")] == ["_ref-1-a", "_ref-1-b", "_ref-1-c"]
    assert "“quote nis-1”" in first.find(id="_ref-1-a").get_text()
    markers = soup.select("sup.fs-marker")
    ids = {m["id"] for m in markers}
    uses = {li["id"] for li in soup.select("ul.fs-ref__uses > li")}
    for marker in markers:
        link = marker.find("a", class_="footnote-ref")
        assert re.fullmatch(r"\[\d+\]", link.get_text())
        assert link["href"].removeprefix("#") in uses
    for back in soup.select(".fs-ref__back a, a.fs-ref__letter"):
        assert back["href"].removeprefix("#") in ids and back["aria-label"].startswith("Back to the text")
    # "seen" cites s2 and s3; the review cites s2 again: s2 has two places, s3 one (a lone "^").
    assert [a.get_text() for a in entries[2].select(".fs-ref__back a")] == ["^"]
    assert "p. 4" in entries[1].find(id="_ref-2-a").get_text()


def test_a_citation_note_repeating_the_claims_note_is_shown_once():
    claim = figure_claim(
        "c",
        "nis",
        "2025-01-01",
        5,
        notes="Same words.",
        citations=(Citation("s1", quote="q", note="Same words."),),
    )
    soup = sheet_html(render(content(sheet(sections=(section("s", claim),))))["sheets/war.md"])
    assert soup.get_text().count("Same words.") == 1


def test_at_a_glance_and_key_figures_group_by_metric_and_basis_newest_first():
    claims = (
        figure_claim("nis-1", "nis", "2025-01-13", 300, status="superseded", superseded_by="nis-2"),
        figure_claim("nis-2", "nis", "2025-04-30", 600),
        figure_claim("kiev-1", "kiev", "2025-03-01", 4000, status="disputed"),
        replace(
            figure_claim("zed-week", "zed", "2025-05-01", 90),
            figure=Figure(metric="killed", value=90, basis="period", period="one week"),
        ),
    )
    soup = sheet_html(render(content(sheet(sections=(section("casualties", *claims),))))["sheets/war.md"])
    glance = soup.select_one("div.fs-glance")
    (metric,) = glance.select(".fs-glance__metric")
    assert metric.select_one(".fs-glance__label").get_text() == "Killed"  # named once
    groups = metric.select(".fs-glance__group")
    assert groups[0].select_one(".fs-glance__span").get_text() == "Running totals: 600 to 4,000 people"
    assert "The latest of each of 2 claimants; the newest on 30 April 2025." in groups[0].get_text()
    assert [a["href"] for a in groups[0].select("li > a:first-child")] == [
        "#nis-2",
        "#kiev-1",
    ]  # newest first
    assert groups[1].select_one(".fs-glance__span").get_text() == "Counts over a period: 90 people"
    assert "#nis-1" not in str(glance)  # superseded: never a latest estimate
    tables = soup.find(id="_metric-killed").find_all_next("table", class_="fs-table--key")
    assert [t.caption.get_text(" ").split(" ")[0:2] for t in tables] == [
        ["Running", "totals"],
        ["Counts", "over"],
    ]
    rows = tables[0].select("tbody tr")
    assert [r.select_one("td[data-label='Latest estimate'] a")["href"] for r in rows] == ["#nis-2", "#kiev-1"]
    assert rows[1].select_one("a.status")["href"] == "../../methodology/#_status-disputed"
    assert tables[1].caption.select_one(".fs-table__note").get_text().strip().startswith("What was counted")
    every = soup.select_one("details.fs-estimates")
    assert every.summary.get_text() == "All 4 estimates, oldest first"
    assert [r.select_one("a")["href"] for r in every.select("tbody tr")] == [
        "#nis-1",
        "#kiev-1",
        "#nis-2",
        "#zed-week",
    ]


def test_the_overview_comes_before_the_key_figures_and_the_claims_after():
    overview = Section(id="summary", title="Summary", origin=HERE, intro="In short.")
    claims = section("casualties", figure_claim("nis-2", "nis", "2025-04-30", 600))
    page = render(content(sheet(sections=(overview, claims))))["sheets/war.md"]
    anchors = ("_at-a-glance", "summary", "_key-figures", "casualties", "_references", "_changes")
    order = [page.index(f"{{: #{anchor} }}") for anchor in anchors]
    assert order == sorted(order)


def test_reviews_carry_a_rating_badge_linking_its_definition():
    soup = sheet_html(render(war_content())["sheets/war.md"])
    review = soup.find(id="seed-review")
    assert (
        "> Lee Sung-joon briefed" not in str(review)
        and review.blockquote.get_text().strip() == "Lee Sung-joon briefed"
    )
    badge = review.find("a", class_="rating")
    assert badge.get_text() == "Misattributed" and badge["href"] == "../methodology.md#_rating-misattributed"
    assert "Appeared in an article of unknown publisher." in review.get_text(" ")


def test_changes_say_so_outside_git():
    page = render(war_content())["sheets/war.md"]
    changes = page.split("{: #_changes }")[1]
    assert "built without its history" in changes and "1 June 2025" in changes
    assert "(../changes.md)" in changes


def test_front_matter_is_safe_yaml_with_title_description_tags_and_edit_url():
    hostile = "Title\n---\nedit_url: javascript:alert(1)\n<script>x</script> 'q' \"d\""
    the_content = war_content()
    the_content = replace(
        the_content, sheets=(replace(the_content.sheets[0], title=hostile, summary=hostile, tags=("t",)),)
    )
    meta, body = split_front_matter(render(the_content, Settings(repo_url=REPO))["sheets/war.md"])
    flat = (
        "Title --- edit_url: javascript:alert(1) &lt;script&gt;x&lt;/script&gt; &#x27;q&#x27; &quot;d&quot;"
    )
    assert meta == {
        "title": flat,
        "description": flat,
        "tags": ["North Korea"],
        "edit_url": f"{REPO}/edit/main/content/sheets/war.yaml",
        "content_changed": "2025-06-01",  # no git history: the sheet's `updated`
        "search": {"boost": 10},  # sheets rank above sources and actors in search results
        "share_type": "article",  # og:type
    }
    heading = "# Title --- edit_url: javascript:alert(1) &lt;script>x&lt;/script> 'q' \"d\" {: #_title }"
    assert body.startswith(f"\n{heading}")


def test_a_page_s_last_change_is_its_newest_file_s_commit_else_the_fallback():
    history = History(
        changed={
            "sheets/war.yaml": datetime(2025, 3, 1, 23, 30, tzinfo=UTC),
            "sources/s1.yaml": datetime(2025, 5, 20, 8, tzinfo=UTC),
            "actors/nis.yaml": datetime(2025, 4, 2, tzinfo=UTC),
            "sources/s9.yaml": datetime(2026, 1, 1, tzinfo=UTC),  # a file the page does not show
        }
    )
    shown = ["sheets/war.yaml", "actors/nis.yaml", "sources/s1.yaml", "sources/new.yaml"]
    assert last_change(history, shown, PartialDate(2025, 6, 1)) == "2025-05-20"  # newest wins
    assert last_change(history, ["sheets/war.yaml"], date(2030, 1, 1)) == "2025-03-01"  # git over fallback
    # Outside git (no entry for any file shown): the fallback, a partial date at its start.
    assert last_change(History(), shown, PartialDate(2025, 6, 1)) == "2025-06-01"
    assert last_change(history, ["sources/new.yaml"], PartialDate(2025, 4)) == "2025-04-01"
    assert last_change(History(), [], date(2024, 12, 31)) == "2024-12-31"


def test_no_edit_url_without_a_repository():
    meta, _ = split_front_matter(render(war_content())["sheets/war.md"])
    assert "edit_url" not in meta
    assert Settings.from_env({"REPO_URL": "javascript:alert(1)"}).repo_url is None
    assert Settings.from_env({"REPO_URL": "https://github.com/o/r/"}).edit_url("sheets/x.yaml") == (
        "https://github.com/o/r/edit/main/content/sheets/x.yaml"
    )


def test_a_url_that_is_not_http_never_becomes_a_link():
    the_content = war_content()
    bad = replace(source("s1"), url="javascript:alert(1)", archive_url="data:text/html,x")
    page = render(replace(the_content, sources={**the_content.sources, "s1": bad}))["sheets/war.md"]
    assert "javascript:" not in page and "data:" not in page
    entry = sheet_html(page).find(id="_ref-1")
    assert entry.select_one("cite").get_text() == "“Title of s1”" and entry.select_one("cite a") is None
    assert "Archived copy" not in entry.get_text()


def test_superseded_by_on_another_sheet_links_across_pages():
    first = sheet(
        "a",
        sections=(
            section(
                "x", figure_claim("old", "nis", "2025-01-01", 1, status="superseded", superseded_by="new")
            ),
        ),
    )
    second = sheet("b", sections=(section("y", figure_claim("new", "nis", "2025-02-01", 2)),), metrics=())
    pages = render(content(first, second))
    assert "[Newer estimate](b.md#new)" in pages["sheets/a.md"]
    assert page_link("index.md", "sheets/b.md", "new") == "sheets/b.md#new"
    assert page_link("sheets/a.md", "sheets/a.md", "x") == "#x"


def test_home_and_sheet_list_put_the_newest_update_first():
    older = replace(sheet("older", metrics=()), title="Older", updated=replace(sheet().updated, year=2024))
    newer = replace(sheet("newer", metrics=()), title="Newer")
    pages = render(content(older, newer))
    assert pages["index.md"].index("(sheets/newer.md)") < pages["index.md"].index("(sheets/older.md)")
    assert pages["sheets/index.md"].index("(newer.md)") < pages["sheets/index.md"].index("(older.md)")
    assert "0 claims" in pages["index.md"]


def test_a_sheet_without_metrics_reviews_or_claims_has_no_empty_headings():
    page = render(content(sheet("empty", metrics=())))["sheets/empty.md"]
    for heading in ("_at-a-glance", "_key-figures", "_reviews", "_references", "_metric-"):
        assert heading not in page
    assert "[^" not in page


def test_a_metric_without_estimates_says_so():
    metric = Metric("wounded", "Wounded", "people", "Hurt.", HERE)
    page = render(content(sheet("w", metrics=(metric,))))["sheets/w.md"]
    assert "No estimates yet." in page


def test_templates_are_strict_about_undefined_names(tmp_path):
    (tmp_path / "broken.md.j2").write_text("{{ page.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        render_page("broken.md.j2", war_content(), tmp_path)
    assert environment(tmp_path).autoescape is False  # Markdown: escaping is the filters' job


def test_front_matter_leaves_out_empty_values():
    assert (
        front_matter({"title": "T", "description": "", "tags": [], "edit_url": None})
        == "---\ntitle: T\n---\n"
    )
