"""Source, actor, timeline, tags and data pages, and the home page's short list of sheets."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.content.history import History
from generator.content.index import SiteIndex, build_index
from generator.content.model import PartialDate
from generator.content.validate import check_content
from generator.data.datadoc import RECORDS
from generator.pages.home import HOME_SHEETS, newest_first
from generator.pages.registry import render_pages
from generator.pages.timeline import RECENT_CLAIMS, period_page
from generator.settings import Settings
from tests.factories import content, merge_content, mkdocs_markdown_setup, sheet

SETTINGS = Settings(repo_url="https://github.com/example/factsheet", repo_branch="edits")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[SiteIndex, dict[str, str]]:
    content, problems = check_content(merge_content(tmp_path_factory.mktemp("browse") / "content"))
    assert content is not None, [p.format() for p in problems]
    index = build_index(content)
    return index, browse_pages(index)


def browse_pages(index: SiteIndex) -> dict[str, str]:
    """Every page but the home page, the sheet list and the sheets."""
    pages = render_pages(index, SETTINGS, History())
    return {path: text for path, text in pages.items() if path != "index.md" and "sheets/" not in path[:7]}


def html(pages: dict[str, str], path: str) -> BeautifulSoup:
    """A page through Python-Markdown with the extensions of mkdocs.yml (front matter removed)."""
    text = pages[path]
    assert text.startswith("---\n")
    body = text.split("\n---\n", 1)[1]
    names, options = mkdocs_markdown_setup()
    return BeautifulSoup(markdown.markdown(body, extensions=names, extension_configs=options), "html.parser")


def links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.find_all("a", href=True)]


def test_every_page_kind_is_produced(rendered) -> None:
    index, pages = rendered
    content = index.content
    expected = {"sources/index.md", "actors/index.md", "timeline/index.md", "tags/index.md", "data/index.md"}
    expected |= {"methodology.md", "licence.md", "changes.md"}
    expected |= {f"sources/{s}.md" for s in content.sources} | {f"actors/{a}.md" for a in content.actors}
    expected |= {f"tags/{t}.md" for t in content.tags}
    expected |= {period_page(p) for p in periods_of(index)}
    assert set(pages) == expected


def test_source_page_gives_the_full_reference_and_links_every_citing_claim(rendered) -> None:
    index, pages = rendered
    source = index.content.sources["example-gazette-2025-03-02-flood-toll"]
    page = html(pages, f"sources/{source.id}.md")
    text = page.get_text(" ")
    dates = ("2 March 2025", "1 June 2025")
    for value in (source.title, source.publisher, source.agency, *source.authors, *dates):
        assert value in text
    assert source.url in links(page) and source.archive_url in links(page)
    citing = [f"../sheets/{ref.sheet.id}.md#{ref.claim.id}" for ref in index.claims_by_source[source.id]]
    assert len(citing) == 2 and all(href in links(page) for href in citing)
    assert (
        "edit_url: https://github.com/example/factsheet/edit/edits/content/sources/"
        in pages[f"sources/{source.id}.md"]
    )


def test_source_page_reads_as_sentences_not_a_field_table(rendered) -> None:
    # Search results quote a page's first words: a "Field | Value" table read as a list of labels.
    pages = rendered[1]
    page = html(pages, "sources/example-gazette-2025-03-02-flood-toll.md")
    assert page.find("table") is None
    lede = page.find("h1").find_next("p").get_text()
    assert lede == (
        "A news article by Ada Sample and Ben Placeholder, published by The Example Gazette on 2 March 2025, "
        "credited to Example Wire, in English."
    )
    text = page.get_text(" ")
    assert "Language:" not in text and "Kind:" not in text and " en " not in text
    assert all(page.startswith("---\n") for page in pages.values())


def test_actor_country_shows_as_a_name_and_a_made_up_code_as_typed(tmp_path) -> None:
    content_dir = merge_content(tmp_path / "content")
    jane = content_dir / "actors" / "jane-sample.yaml"
    jane.write_text(jane.read_text(encoding="utf-8") + "country: KR\n", encoding="utf-8")
    content, problems = check_content(content_dir)
    assert content is not None, [p.format() for p in problems]
    pages = browse_pages(build_index(content))
    jane_page = html(pages, "actors/jane-sample.md").get_text(" ")
    assert "South Korea" in jane_page and "KR" not in jane_page
    rows = {row.find("a").get_text(): row for row in html(pages, "actors/index.md").select("tbody tr")}
    assert [td.get_text() for td in rows["Jane Sample"].find_all("td")][3] == "South Korea"
    # XE is one of ISO's user-assigned codes (examples): no name exists, so it shows as typed.
    assert [td.get_text() for td in rows["Ministry of Examples"].find_all("td")][3] == "XE"


def test_hostile_source_text_stays_text(rendered) -> None:
    index, pages = rendered
    source = index.content.sources["hostile-source"]
    page = html(pages, "sources/hostile-source.md")
    assert page.find("script") is None and page.find("img") is None
    assert not any(href.startswith("javascript") for href in links(page))
    heading = page.find("h1")
    assert heading.get_text().removesuffix("¶") == source.title  # ¶: the heading's permalink
    assert source.publisher in page.get_text()
    assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_sources_index_is_newest_first_with_publisher_and_kind(rendered) -> None:
    index, pages = rendered
    rows = html(pages, "sources/index.md").select("tbody tr")
    sources = index.content.sources
    assert len(rows) == len(sources)
    hrefs = [row.find("a")["href"].removesuffix(".md") for row in rows]
    published = [sources[h].published for h in hrefs]
    assert published == sorted(published, reverse=True)
    first = sources[hrefs[0]]
    cells = [td.get_text() for td in rows[0].find_all("td")]
    assert first.publisher in cells[2] and cells[3] == "Briefing"  # the kind in words


def test_actor_page_lists_claims_by_role_and_estimates_per_metric(rendered) -> None:
    _, pages = rendered
    jane = html(pages, "actors/jane-sample.md")
    made = jane.find(id="_claimant").find_next("ul")
    passed = jane.find(id="_via").find_next("ul")
    assert "../sheets/harbour-flood.md#sample-2025-04-10-quote" in links(made)
    assert links(passed)[0] == "../sheets/harbour-flood.md#ministry-2025-03-02-deaths"
    ministry = html(pages, "actors/example-ministry.md")
    assert ministry.find(id="_estimates") is not None
    assert "../sheets/harbour-flood.md#_metric-flood-deaths" in links(ministry)
    chart = ministry.select_one("figure.fs-chart svg[role=group]")
    assert chart is not None and chart.title.string.startswith("People killed by the flood")
    # Each point of the chart leads to its claim on the sheet (raw HTML: a browser URL).
    assert "../../sheets/harbour-flood/#ministry-2025-03-02-deaths" in [a["href"] for a in chart.select("a")]
    plain_list = ministry.find(id="_estimates-1").find_next(lambda t: t.name == "ul" and not t.get("class"))
    estimates = plain_list.find_all("li")
    assert [li.find("a")["href"].split("#")[1] for li in estimates] == [
        "ministry-2025-03-02-deaths",
        "ministry-2025-04-10-deaths",
    ]  # oldest first


def test_actors_index_counts_claims_made_and_passed_on(rendered) -> None:
    _, pages = rendered
    rows = {row.find("a").get_text(): row for row in html(pages, "actors/index.md").select("tbody tr")}
    cells = [td.get_text() for td in rows["Jane Sample"].find_all("td")]
    assert cells[-2:] == ["1", "1"]


def periods_of(index: SiteIndex) -> list[tuple[int, int]]:
    """The (year, month) of every dated claim, newest first; month 0 for a year given alone."""
    found = {(r.claim.claimed_on.year, r.claim.claimed_on.month) for r in index.timeline}
    # A year given alone is listed after that year's months: (2025, 0) between 2025-01 and 2024-12.
    return sorted(found, key=lambda p: (p[0], p[1] or 0.5), reverse=True)


def claim_hrefs(page: BeautifulSoup) -> list[str]:
    """Links to claims: not to the methodology's definition of a status badge."""
    return [href for href in links(page) if "#" in href and not href.startswith(("#", "../methodology.md"))]


def resolve(from_page: str, href: str) -> str:
    """A relative link of a generated page as the docs-relative path it points to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_page), href.split("#")[0]))


def test_timeline_index_is_newest_first_by_month_and_links_every_month(rendered) -> None:
    index, pages = rendered
    page = html(pages, "timeline/index.md")
    months = [h2["id"] for h2 in page.find_all("h2") if h2["id"] != "_archive"]
    periods = periods_of(index)
    expected = [f"_{y:04d}-{m:02d}" if m else f"_{y:04d}" for y, m in periods]
    assert months == expected  # the fixtures hold fewer claims than the index shows
    assert months[:2] == ["_2025-04", "_2025-03"]
    shown = claim_hrefs(page)
    assert shown == [f"../sheets/{r.sheet.id}.md#{r.claim.id}" for r in index.timeline]
    archive = links(page.find(id="_archive").find_next("ul"))
    assert [resolve("timeline/index.md", href) for href in archive] == [period_page(p) for p in periods]


def test_every_dated_claim_is_on_exactly_one_period_page_newest_first(rendered) -> None:
    index, pages = rendered
    listed = []
    for period in periods_of(index):
        path = period_page(period)
        page = html(pages, path)
        hrefs = claim_hrefs(page)
        for href in hrefs:
            assert resolve(path, href) in pages or resolve(path, href).startswith("sheets/")
        ids = [href.split("#")[1] for href in hrefs]
        dates = [index.claims[i].claim.claimed_on for i in ids]
        assert all((d.year, d.month) == period for d in dates)
        assert dates == sorted(dates, reverse=True)
        listed += ids
    assert listed == [r.claim.id for r in index.timeline]  # each once, and newest first overall
    newest = html(pages, period_page(periods_of(index)[0]))
    assert [resolve(period_page(periods_of(index)[0]), h) for h in links(newest)][-2:] == [
        period_page(periods_of(index)[1]),
        "timeline/index.md",
    ]  # older month, then back to the timeline


def test_timeline_pages_stay_bounded_as_the_archive_grows(tmp_path) -> None:
    # 240 claims in one month, 30 more a month before, one dated by its year alone: the index
    # shows only the newest ones and each month page its own month; no page lists the archive.
    content_dir = merge_content(tmp_path / "content")
    sheet = content_dir / "sheets" / "harbour-flood.yaml"
    text = sheet.read_text(encoding="utf-8")
    extra = (
        "".join(
            f"""      - id: bulk-{n}
        kind: event
        text: Bulk event number {n}.
        claimed_on: 2026-{1 if n < 30 else 2:02d}-{n % 28 + 1:02d}
        status: reported
        citations:
          - source: example-gazette-2025-03-02-flood-toll
"""
            for n in range(270)
        )
        + """      - id: bulk-year-only
        kind: event
        text: An event dated only by its year.
        claimed_on: 2024
        status: reported
        citations:
          - source: example-gazette-2025-03-02-flood-toll
"""
    )
    marker = "    claims:\n"
    assert marker in text
    sheet.write_text(text.replace(marker, marker + extra, 1), encoding="utf-8")
    content, problems = check_content(content_dir)
    assert content is not None, [p.format() for p in problems]
    index = build_index(content)
    pages = browse_pages(index)
    home = html(pages, "timeline/index.md")
    assert len(claim_hrefs(home)) == RECENT_CLAIMS
    assert [h2["id"] for h2 in home.find_all("h2")] == ["_2026-02", "_archive"]
    assert "All 240 claims of February 2026" in home.get_text()
    assert len(claim_hrefs(html(pages, "timeline/2026-02.md"))) == 240
    assert len(claim_hrefs(html(pages, "timeline/2026-01.md"))) == 30
    assert claim_hrefs(html(pages, "timeline/2024.md")) == ["../sheets/harbour-flood.md#bulk-year-only"]
    assert "2024: month not given (1)" in home.find(id="_archive").find_next("ul").get_text()
    listed = sum(len(claim_hrefs(html(pages, period_page(p)))) for p in periods_of(index))
    assert listed == len(index.timeline)


def test_tags_page_links_every_tag_to_its_page_of_sheets(rendered) -> None:
    index, pages = rendered
    page = html(pages, "tags/index.md")
    for tag in index.content.tags.values():
        assert tag.label in page.get_text()
        assert f"{tag.id}.md" in links(page)
        # Where Material's tags plugin listed the tag's pages: old links to it still land.
        entry = page.find(id=f"tag:{tag.label.lower()}") if tag.label.isalpha() else None
        if entry is not None:
            assert entry.find("a")["href"] == f"{tag.id}.md"
    assert page.find(id="tag:flood") is not None


def test_every_tag_has_a_page_listing_its_claims_and_sheets(rendered) -> None:
    index, pages = rendered
    for tag in index.content.tags.values():
        page = html(pages, f"tags/{tag.id}.md")
        tagged = [r for r in index.timeline if tag.id in r.claim.tags]  # newest first
        assert claim_hrefs(page) == [f"../sheets/{r.sheet.id}.md#{r.claim.id}" for r in tagged]
        sheets = [s.id for s in newest_first(index.content.sheets) if tag.id in s.tags]
        if sheets:
            listed = page.find(id="_sheets").find_next_sibling()
            assert [h for h in links(listed) if h.startswith("../sheets/")] == [
                f"../sheets/{s}.md" for s in sheets
            ]
        assert "index.md" in links(page)
    assert any(tag.id in r.claim.tags for tag in index.content.tags.values() for r in index.timeline)


def test_data_page_documents_every_field_and_links_the_files(rendered) -> None:
    _, pages = rendered
    page = html(pages, "data/index.md")
    for record in RECORDS:
        table = page.find(id=f"_{record.name}").find_next("table")
        names = [row.find("td").get_text() for row in table.select("tbody tr")]
        assert names == [f.name for f in record.fields]
    assert {"claims.json", "claims.csv", "sources.json", "actors.json", "../feed.xml"} <= set(links(page))


def test_rendering_is_deterministic(rendered) -> None:
    index, pages = rendered
    assert browse_pages(index) == pages


def test_home_lists_only_the_most_recently_updated_sheets_and_the_sheet_list_all() -> None:
    # The home page once listed every sheet (430 KB of Markdown at 1,000 sheets) (issue 6).
    count = HOME_SHEETS + 5
    sheets = [
        replace(sheet(f"s{n:02d}", metrics=()), title=f"Sheet {n:02d}", updated=PartialDate(2000 + n, 1, 1))
        for n in range(count)
    ]
    the_content = content(*sheets)
    pages = render_pages(build_index(the_content), SETTINGS, History())
    newest = [f"s{n:02d}" for n in reversed(range(count))]
    assert re.findall(r"\(sheets/(s\d\d)\.md\)", pages["index.md"]) == newest[:HOME_SHEETS]
    assert f"The {HOME_SHEETS} most recently updated of {count} fact sheets" in pages["index.md"]
    assert "[All fact sheets](sheets/index.md)" in pages["index.md"]
    assert re.findall(r"\]\((s\d\d)\.md\)", pages["sheets/index.md"]) == newest
