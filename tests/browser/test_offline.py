"""Pages load nothing from another host: no CDN, no web fonts, no analytics.

Every request of every page opened in the whole session is recorded (conftest.Tab); this test runs
last (conftest orders it) and also opens the main pages and runs a search itself, so it holds on
its own too. Requests elsewhere are refused by the browser, so a failure here never reaches out.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_no_request_left_the_local_server(tab, site_pages, network_log) -> None:
    for relative in site_pages.key_pages.values():
        tab.open(relative)
    search_box = tab.page.locator("input.md-search__input")
    search_box.click()
    search_box.press_sequentially("Kursk", delay=30)  # Material queries on key events
    expect(tab.page.locator(".md-search-result__item").first).to_be_visible()

    own = [url for url in network_log.requests if url.startswith(tab.site.origin + "/")]
    assert any(url.endswith("/search/search_index.json") for url in own), "the search index was never loaded"
    foreign = network_log.foreign(tab.site.origin)
    assert not foreign, (
        f"requests to other hosts ({len(foreign)} of {len(network_log.requests)}):\n"
        + "\n".join(sorted(set(foreign)))
    )
    tab.assert_quiet()
