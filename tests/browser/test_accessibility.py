"""axe-core on the main page kinds, and screenshots of them at desktop and phone width.

axe-core comes inside the `axe-playwright-python` wheel (axe.min.js) and is injected into the page
by script: nothing is fetched at run time. Screenshots go to test-output/screenshots/ (git-ignored)
for a person to look at; the phone-width run also checks that no page scrolls sideways.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, FIRST_SCREENS, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

PAGE_KINDS = ["home", "sheet", "source", "actor", "timeline"]
MORE_KINDS = ["methodology", "licence", "changes", "tag", "data"]
BLOCKING = ("serious", "critical")
# Moderate, but asked for by name (issue 12): every landmark of a kind needs its own name.
ALSO_BLOCKING = ("landmark-unique",)
SCREENSHOT_MAX_HEIGHT = 6000


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def blocking_violations(axe: Axe, page) -> list[dict]:  # type: ignore[no-untyped-def]
    results = axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS + MORE_KINDS)
def test_no_serious_accessibility_violation(open_tab, site_pages, axe, kind, color_scheme) -> None:
    tab = open_tab(color_scheme=color_scheme)
    tab.open({**site_pages.key_pages, **site_pages.more_pages}[kind], wait_until="networkidle")
    blocking = blocking_violations(axe, tab.page)
    assert not blocking, f"axe-core on {tab.page.url} ({color_scheme}):\n" + describe_violations(blocking)
    tab.assert_quiet()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", list(FIRST_SCREENS))
def test_no_serious_violation_with_search_results_or_a_reference_open(
    open_tab, site_pages, axe, screen, color_scheme
) -> None:
    viewport = FIRST_SCREENS[screen]
    tab = open_tab(viewport=viewport, color_scheme=color_scheme)
    tab.open(site_pages.key_pages["sheet"], wait_until="networkidle")
    # A reference's tooltip, opened as a mouse opens it.
    marker = tab.page.locator(f'[id="{site_pages.claim_id}"] sup.fs-marker a').first
    marker.scroll_into_view_if_needed()
    marker.hover()
    tab.page.locator(".md-tooltip2--active").wait_for()
    blocking = blocking_violations(axe, tab.page)
    where = f"({screen}, {color_scheme})"
    assert not blocking, f"axe-core, reference open {where}:\n" + describe_violations(blocking)
    tab.page.mouse.move(0, viewport["height"] - 1)
    tab.page.locator(".md-tooltip2").wait_for(state="detached")  # not caught half faded out
    # Search results for a word the sheet, its sources and its actors all have.
    if screen == "phone":
        tab.page.locator("label.md-header__button[for='__search']").click()
    else:
        tab.page.locator("input.md-search__input").click()
    tab.page.locator("input.md-search__input").press_sequentially("Kursk", delay=20)
    tab.page.locator(".md-search-result__item").nth(2).wait_for()
    tab.page.wait_for_timeout(500)  # the results settle (Material renders them in batches)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(SCREENSHOTS / f"search-{screen}-{color_scheme}.png"))
    blocking = blocking_violations(axe, tab.page)
    assert not blocking, f"axe-core, search open {where}:\n" + describe_violations(blocking)
    tab.assert_quiet()


@pytest.mark.parametrize("words", ["killed", "Kursk", "casualties"])
def test_search_results_put_the_sheet_before_sources_and_actors(tab, site_pages, words) -> None:
    tab.open("")
    tab.page.locator("input.md-search__input").click()
    tab.page.locator("input.md-search__input").press_sequentially(words, delay=20)
    tab.page.locator(".md-search-result__item").first.wait_for()
    hrefs = tab.page.eval_on_selector_all(".md-search-result__list > li a", "links => links.map(a => a.href)")
    folders = {"/sheets/": "sheet", "/sources/": "source", "/actors/": "actor"}
    kinds = [next((kind for folder, kind in folders.items() if folder in h), "other") for h in hrefs]
    assert kinds and kinds[0] == "sheet", hrefs
    if "source" in kinds or "actor" in kinds:
        first_other = min(kinds.index(k) for k in ("source", "actor") if k in kinds)
        assert "sheet" not in kinds[first_other:], hrefs
    tab.assert_quiet()


VIEWS = {
    "desktop": {"viewport": DESKTOP},
    "desktop-dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    # A 390-pixel-wide window with touch. Not `is_mobile`: its emulation makes Chromium take
    # 20+ seconds for a tall full-page capture, and the width alone drives Material's layout.
    "phone": {"viewport": PHONE, "has_touch": True},
}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_screenshot_and_no_sideways_scrolling(open_tab, site_pages, kind, view) -> None:
    tab = open_tab(**VIEWS[view])
    viewport = VIEWS[view]["viewport"]
    tab.open(site_pages.key_pages[kind], wait_until="networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{kind}-{view}.png"
    # The top of the page, up to a few screens: enough to judge the layout, and a 28,000-pixel
    # full-page capture of the sheet at phone width takes Chromium many seconds.
    height = min(tab.page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_MAX_HEIGHT)
    clip = {"x": 0, "y": 0, "width": viewport["width"], "height": height}
    tab.page.screenshot(path=str(path), full_page=True, clip=clip)
    assert path.stat().st_size > 0
    # Wide tables and charts must scroll inside their own box, not drag the whole page sideways.
    overflow = tab.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{tab.page.url} is {overflow}px wider than a {viewport['width']}px screen"
    tab.assert_quiet()
