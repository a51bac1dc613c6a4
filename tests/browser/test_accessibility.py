"""axe-core on the main page kinds, and screenshots of them at desktop and phone width.

axe-core comes inside the `axe-playwright-python` wheel (axe.min.js) and is injected into the page
by script: nothing is fetched at run time. Screenshots go to test-output/screenshots/ (git-ignored)
for a person to look at; the phone-width run also checks that no page scrolls sideways.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

PAGE_KINDS = ["home", "sheet", "source", "actor", "timeline"]
BLOCKING = ("serious", "critical")
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


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_serious_accessibility_violation(open_tab, site_pages, axe, kind, color_scheme) -> None:
    tab = open_tab(color_scheme=color_scheme)
    tab.open(site_pages.key_pages[kind], wait_until="networkidle")
    results = axe.run(tab.page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {tab.page.url} ({color_scheme}):\n" + describe_violations(blocking)
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
