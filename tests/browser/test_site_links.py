"""Every page reachable from the home page: its links and assets answer 200, and Chromium loads it
without a console error."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_every_link_and_asset_answers_200(site, site_pages, crawl) -> None:
    assert not crawl.problems, f"{len(crawl.problems)} broken links or assets:\n" + "\n".join(crawl.problems)
    reached = set(crawl.pages)
    missing = [page for page in site_pages.key_pages.values() if site.url(page) not in reached]
    assert not missing, f"pages not reachable by links from the home page: {missing}"
    # Fetched by script, not linked: the crawl reads Material's __config to find it.
    assert crawl.status.get(site.url("search/search_index.json")) == 200


def test_external_links_are_absolute_http_urls(crawl) -> None:
    # Links off the site are the cited sources (and never fetched here); the crawl reports any
    # other scheme (javascript:, data:, mailto:) as a problem, so only http(s) remain.
    assert crawl.external, "the site links to no external page, but every claim cites a source"
    not_http = [url for url in crawl.external if not url.startswith(("http://", "https://"))]
    assert not not_http, not_http


# The page kinds of the agreed URL scheme (use_directory_urls): "" is the home page.
EXPECTED_KINDS = {
    "",
    "sheets/",
    "sheets/*/",
    "sources/",
    "sources/*/",
    "actors/",
    "actors/*/",
    "timeline/",
    "tags/",
    "data/",
}


def page_kind(relative: str) -> str:
    """ "sources/x/" and "sources/y/" are one kind of page ("sources/*/"), made by one template."""
    return re.sub(r"^([^/]+)/[^/]+/$", r"\1/*/", relative)


def test_every_kind_of_page_loads_without_console_errors(tab, crawl, site_pages) -> None:
    # One page of each kind (the first the crawl reached) and the main pages: the same template
    # fills every page of a kind, and opening all of them would take long on a large site.
    relatives = [url.removeprefix(tab.site.base_url) for url in crawl.pages]
    chosen = {page_kind(relative): relative for relative in reversed(relatives)}
    to_open = sorted(set(chosen.values()) | set(site_pages.key_pages.values()))
    missing = EXPECTED_KINDS - chosen.keys()
    assert not missing, f"no page of these kinds is linked from the site: {sorted(missing)}"
    for relative in to_open:
        tab.open(relative)
    tab.assert_quiet()
