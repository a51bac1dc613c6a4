"""A reader's paths through the site, in Chromium: home -> sheet -> citation tooltip; search; source ->
claim. Each test also fails on any console error or failed request on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def normalized(text: str) -> str:
    return " ".join(text.split())


def heading_text(page) -> str:  # type: ignore[no-untyped-def]
    """The page's h1 as a reader sees it, without the permalink mark (toc's "¶" link)."""
    script = "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink'))"
    script += ".map(n => n.textContent)"
    return "".join(page.locator("article h1").evaluate(script)).strip()


def test_home_leads_to_the_sheet_whose_reference_tooltip_shows_the_source(tab, site_pages) -> None:
    tab.open("")
    sheet_link = tab.page.locator(f'article a[href*="sheets/{site_pages.sheet_id}/"]').first
    expect(sheet_link).to_be_visible()
    sheet_link.click()
    tab.page.wait_for_url(tab.site.url(f"sheets/{site_pages.sheet_id}/"))
    assert heading_text(tab.page) == site_pages.sheet_title

    # The first reference marker in the text, and the reference entry its line belongs to.
    reference = tab.page.locator("article sup.fs-marker a.footnote-ref").first
    line_id = (reference.get_attribute("href") or "").removeprefix("#")
    entry = tab.page.locator(f'[id="{line_id}"]').locator("xpath=ancestor::li[contains(@class, 'fs-ref')]")
    note_text = normalized(entry.inner_text())
    cited_titles = [title for title in site_pages.source_titles if normalized(title) in note_text]
    assert cited_titles, f"reference of {line_id} names no source title: {note_text!r}"

    reference.hover()
    # Material's content.footnote.tooltips draws the marker's line in a floating .md-tooltip2.
    tooltip = tab.page.locator(".md-tooltip2--active .md-tooltip2__inner")
    expect(tooltip).to_be_visible()
    shown = normalized(tooltip.inner_text())
    assert normalized(cited_titles[0]) in shown, f"tooltip does not show {cited_titles[0]!r}: {shown!r}"
    tab.assert_quiet()


def test_searching_kursk_reaches_the_sheet(tab, site_pages) -> None:
    tab.open("")
    search_box = tab.page.locator("input.md-search__input")
    search_box.click()
    search_box.press_sequentially("Kursk", delay=30)
    # Results come from Material's search worker (lunr over search/search_index.json).
    result = tab.page.locator(
        f'.md-search-result__list a.md-search-result__link[href*="sheets/{site_pages.sheet_id}/"]'
    ).first
    expect(result).to_be_visible()
    result.click()
    expect(tab.page).to_have_url(re.compile(re.escape(tab.site.url(f"sheets/{site_pages.sheet_id}/"))))
    assert heading_text(tab.page) == site_pages.sheet_title
    tab.assert_quiet()


def test_source_page_links_back_to_the_claim_anchor(tab, site_pages) -> None:
    tab.open(f"sources/{site_pages.source_id}/")
    claim_link = tab.page.locator(
        f'article a[href*="sheets/{site_pages.sheet_id}/#{site_pages.claim_id}"]'
    ).first
    expect(claim_link).to_be_visible()
    claim_link.click()
    tab.page.wait_for_url(tab.site.url(f"sheets/{site_pages.sheet_id}/#{site_pages.claim_id}"))
    claim = tab.page.locator(f'[id="{site_pages.claim_id}"]')
    expect(claim).to_have_count(1)
    expect(claim).to_be_in_viewport()
    tab.assert_quiet()
