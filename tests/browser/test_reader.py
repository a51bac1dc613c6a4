"""A sheet a reader trusts at a glance (issue 12), measured in Chromium under /factsheets/, light and
dark, at 1280x900 and 390x844: the killed estimate on the first screen, markers apart, the phone's
table of contents, tables that fit a phone, badges that explain themselves, the reference shown in
place on a tap, chart points reachable by keyboard, a helpful 404 page.

Screenshots of each state go to test-output/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import FIRST_SCREENS, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]


def shoot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("color_scheme", SCHEMES)
@pytest.mark.parametrize("screen", list(FIRST_SCREENS))
def test_the_latest_killed_estimate_is_on_the_first_screen(
    open_tab, site_pages, screen, color_scheme
) -> None:
    viewport = FIRST_SCREENS[screen]
    tab = open_tab(viewport=viewport, color_scheme=color_scheme, has_touch=screen == "phone")
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    assert tab.page.evaluate("window.scrollY") == 0
    estimate = tab.page.locator(f'.fs-glance a[href="#{site_pages.killed_claim_id}"]')
    expect(estimate).to_have_count(1)
    box = estimate.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (
        f"the killed estimate sits at {box['y']:.0f}-{box['y'] + box['height']:.0f}px, "
        f"below the {viewport['height']}px first screen at {viewport['width']}px"
    )
    # Nothing covers it (the contents button sits in a corner).
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    on_top = tab.page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href')", centre
    )
    assert on_top == f"#{site_pages.killed_claim_id}"
    shoot(tab, f"first-screen-{screen}-{color_scheme}")
    tab.assert_quiet()


def test_reference_markers_are_bracketed_apart_and_comfortable_to_tap(tab, site_pages) -> None:
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    groups = tab.page.evaluate(
        """() => [...document.querySelectorAll('article .claim > p:first-of-type, article .review > p')]
            .map(p => [...p.querySelectorAll('sup.fs-marker a')].map(a => {
                const r = a.getBoundingClientRect();
                return {text: a.textContent, left: r.left, right: r.right, width: r.width, height: r.height,
                        size: parseFloat(getComputedStyle(a).fontSize), top: r.top};
            })).filter(list => list.length > 1)"""
    )
    assert groups, "no claim cites more than one source"
    for markers in groups:
        for marker in markers:
            assert re.fullmatch(r"\[\d+\]", marker["text"]), marker
            assert marker["width"] >= 24 and marker["height"] >= 24, marker  # WCAG 2.5.8
            assert marker["size"] >= 12, marker
        for left, right in itertools.pairwise(markers):
            if abs(left["top"] - right["top"]) < 1:  # on one line
                assert right["left"] >= left["right"], (left, right)
    text = tab.page.locator("article .claim").first.inner_text()
    assert not re.search(r"\d\]\d|\]\[\d+\]\d", text.replace("][", "] [")), text
    tab.assert_quiet()


@pytest.mark.parametrize("kind", ["sheet", "source", "actor"])
def test_the_table_of_contents_is_reachable_on_a_phone_at_any_scroll_position(
    open_tab, site_pages, kind
) -> None:
    tab = open_tab(viewport=PHONE, has_touch=True)
    tab.open(site_pages.key_pages[kind], wait_until="networkidle")
    headings = tab.page.locator("article h2[id]")
    count = headings.count()
    assert count >= 1
    # Halfway down the page the button is still on screen.
    tab.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    button = tab.page.locator("details.fs-toc > summary")
    expect(button).to_be_in_viewport()
    button.click()
    panel = tab.page.locator("details.fs-toc nav[aria-label='Contents']")
    expect(panel).to_be_visible()
    shoot(tab, f"contents-open-{kind}-phone")
    links = panel.locator("a")
    assert links.count() >= count
    target = headings.nth(count - 1)
    target_id = target.get_attribute("id")
    panel.locator(f'a[href="#{target_id}"]').click()
    expect(target).to_be_in_viewport()
    expect(panel).to_be_hidden()  # it closes once a link is followed
    tab.assert_quiet()


def test_on_a_wide_screen_the_sidebar_is_the_table_of_contents(tab, site_pages) -> None:
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    expect(tab.page.locator("nav.md-nav--secondary a.md-nav__link").first).to_be_visible()
    expect(tab.page.locator("details.fs-toc")).to_be_hidden()
    tab.assert_quiet()


TABLE_PAGES = ["sheet", "source", "actor", "sources-index", "actors-index", "data"]


@pytest.mark.parametrize("kind", TABLE_PAGES)
def test_no_table_cell_overflows_its_column_on_a_phone(open_tab, site_pages, kind) -> None:
    relative = {
        **site_pages.key_pages,
        "sources-index": "sources/",
        "actors-index": "actors/",
        "data": "data/",
    }
    tab = open_tab(viewport=PHONE, has_touch=True)
    tab.open(relative[kind], wait_until="networkidle")
    tab.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    report = tab.page.evaluate(
        """() => {
            const cells = [...document.querySelectorAll('article td, article th')];
            const shown = element => element.getClientRects().length > 0;
            const overflowing = cells.filter(c => shown(c) && c.scrollWidth > c.clientWidth + 1)
                .map(c => c.textContent.slice(0, 60));
            const width = document.documentElement.clientWidth;
            // A table wider than the screen must scroll inside a box that fits, with a visible cue.
            const scroller = t => {
                for (let box = t; box && box !== document.body; box = box.parentElement) {
                    const style = getComputedStyle(box);
                    const scrolls = box.scrollWidth > box.clientWidth + 1;
                    if (['auto', 'scroll'].includes(style.overflowX) && scrolls) {
                        return box;
                    }
                }
                return null;
            };
            const clipped = [...document.querySelectorAll('article table')].filter(t => {
                if (t.getBoundingClientRect().right <= width + 1) return false;
                const box = scroller(t);
                return !box || box.getBoundingClientRect().right > width + 1
                    || !getComputedStyle(box).backgroundImage.includes('gradient');
            }).map(t => t.className || t.querySelector('th')?.textContent);
            const cards = [...document.querySelectorAll('article table.fs-table tr')]
                .filter(tr => shown(tr) && tr.getBoundingClientRect().right > width + 1).length;
            return {cells: cells.length, overflowing, clipped, cards};
        }"""
    )
    assert report["overflowing"] == [], report
    assert report["clipped"] == [], report
    assert report["cards"] == 0, report
    if kind == "sheet":
        assert report["cells"] > 20
        shoot(tab, "key-figures-phone")
    tab.assert_quiet()


def status_links(tab) -> list[dict]:  # type: ignore[no-untyped-def]
    return tab.page.evaluate(
        """() => [...document.querySelectorAll('article .status, article .rating')].map(b => ({
            tag: b.tagName, href: b.href || null, text: b.textContent.trim()}))"""
    )


@pytest.mark.parametrize("kind", ["sheet", "source", "actor", "timeline"])
def test_every_status_badge_and_rating_links_to_its_definition(tab, site_pages, kind) -> None:
    tab.open(site_pages.key_pages[kind], wait_until="networkidle")
    badges = status_links(tab)
    assert badges, f"no badge on the {kind} page"
    targets = set()
    for badge in badges:
        assert badge["tag"] == "A", badge
        url = urlsplit(badge["href"])
        assert url.path.endswith("/factsheets/methodology/"), badge
        targets.add(url.fragment)
    tab.open("methodology/")
    for fragment in sorted(targets):
        definition = tab.page.locator(f'[id="{fragment}"]')
        expect(definition).to_have_count(1)
        assert definition.evaluate("h => h.tagName") == "H3"
    tab.assert_quiet()


def test_tapping_a_marker_on_a_phone_shows_the_reference_in_place(open_tab, site_pages) -> None:
    tab = open_tab(viewport=PHONE, has_touch=True, color_scheme="dark")
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    marker = tab.page.locator(f'[id="{site_pages.claim_id}"] sup.fs-marker a').first
    marker.scroll_into_view_if_needed()
    before = tab.page.evaluate("window.scrollY")
    marker.tap()
    tooltip = tab.page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    assert tooltip.get_attribute("aria-label", timeout=2000).startswith("Reference: ")
    shown = " ".join(tooltip.inner_text().split())
    assert any(" ".join(title.split()) in shown for title in site_pages.source_titles), shown
    assert tab.page.evaluate("window.scrollY") == before  # no jump to the references
    assert urlsplit(tab.page.url).fragment == ""
    box = tooltip.locator(".md-tooltip2__inner").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    shoot(tab, "reference-tapped-phone-dark")
    tab.assert_quiet()


def test_references_have_labelled_back_links_visible_without_hover(tab, site_pages) -> None:
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    entry = tab.page.locator("ol.fs-refs > li").filter(has=tab.page.locator(".fs-ref__back a >> nth=1")).first
    entry.scroll_into_view_if_needed()
    back = entry.locator(".fs-ref__back a")
    assert [back.nth(i).inner_text() for i in range(2)] == ["a", "b"]
    expect(back.first).to_be_visible()
    back.nth(1).click()
    fragment = urlsplit(tab.page.url).fragment
    expect(tab.page.locator(f'[id="{fragment}"]')).to_be_in_viewport()
    assert fragment.startswith("_cite-")
    shoot(tab, "references-desktop")
    tab.assert_quiet()


def test_every_chart_point_is_a_link_reachable_by_keyboard(tab, site_pages) -> None:
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    points = tab.page.locator("figure.fs-chart a.fs-chart__link")
    total = tab.page.locator("figure.fs-chart .fs-chart__point").count()
    assert points.count() == total > 0
    first = points.first
    first.focus()
    assert tab.page.evaluate("document.activeElement.classList.contains('fs-chart__link')")
    name = first.locator("title").first.text_content() or ""
    assert re.search(r"\d", name), name  # its value
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.classList.contains('fs-chart__link')")
    tab.page.keyboard.press("Enter")
    claim_id = urlsplit(tab.page.url).fragment
    expect(tab.page.locator(f'[id="{claim_id}"].claim')).to_be_in_viewport()
    csv_link = tab.page.locator("figure.fs-chart .fs-chart__source a[download]").first
    response = tab.page.request.get(urljoin(tab.page.url, csv_link.get_attribute("href") or ""))
    assert response.status == 200 and response.text().startswith('"metric","claim"')
    tab.assert_quiet()


def test_a_missing_address_gets_a_helpful_404_and_old_addresses_still_redirect(tab, site_pages) -> None:
    response = tab.page.goto(tab.site.url("sheets/dprk-troops/"))
    assert response is not None and response.status == 404
    expect(tab.page.locator("article h1")).to_have_text("Page not found")
    search = tab.page.locator("#fs-search-q")
    expect(search).to_have_value("dprk troops")
    expect(tab.page.locator(f'article a[href$="sheets/{site_pages.sheet_id}/"]')).to_have_count(1)
    shoot(tab, "not-found-desktop")
    search.press("Enter")  # Material's search opens on the home page with the words (?q=)
    result = tab.page.locator(f'.md-search-result__list a[href*="sheets/{site_pages.sheet_id}/"]').first
    expect(result).to_be_visible()
    if site_pages.former_source_id:
        tab.page.goto(tab.site.url(f"sources/{site_pages.former_source_id}/"))
        tab.page.wait_for_url(re.compile(r"/sources/(?!" + re.escape(site_pages.former_source_id) + r"/)"))
        expect(tab.page.locator("article h1")).to_be_visible()
    # The 404 status is a console error in Chromium; nothing else may be.
    assert all("404" in error for error in tab.errors), tab.errors
