"""Fixtures of the browser tests: the real site built once, served under /factsheets/, and Chromium.

The site is built from the real content/ with SITE_URL pointing at the local server, so canonical
links, the sitemap and the feed name the address the browser uses. Chromium is Debian's
/usr/bin/chromium driven by Playwright; Playwright's own browser download is never used.
Every request any page makes is recorded for the whole session (see test_offline.py); each test
ends with `tab.assert_quiet()`, failing on any console error, uncaught exception or failed request.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .crawl import CrawlResult, crawl_site
from .serve import SiteServer

REPO = Path(__file__).resolve().parents[2]
# Debian's Chromium by default; CHROMIUM points elsewhere (e.g. the Chrome of a GitHub runner).
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The screens the reader tests use (issue 12): a desktop browser window and a phone.
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FIRST_SCREENS = {"desktop": DESKTOP, "phone": PHONE}
SCREENSHOTS = REPO / "test-output" / "screenshots"
TIMEOUT_MS = 15_000
# A placeholder repository: edit links and the repo link point at GitHub and are never followed.
TEST_REPO_URL = "https://github.com/example/factsheets"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The check that no page contacted another host reads the log of the whole session, so it
    # runs after every other test (it also loads the main pages itself, so it stands alone).
    last = [
        item
        for item in items
        if getattr(item, "originalname", item.name) == "test_no_request_left_the_local_server"
    ]
    items[:] = [item for item in items if item not in last] + last


@dataclass(frozen=True)
class SitePages:
    """The pages the tests open, chosen from the real content (site-relative URLs)."""

    sheet_id: str
    sheet_title: str
    source_id: str
    claim_id: str  # a claim on the sheet that cites `source_id`
    actor_id: str  # the claimant of a claim on the sheet
    source_titles: tuple[str, ...]  # every source's title (what a reference's tooltip shows)
    killed_claim_id: str  # the newest latest running total of the sheet's "killed" metric
    tag_id: str  # a tag some claim of the sheet carries
    former_source_id: str | None  # a source's former id, whose address redirects

    @property
    def key_pages(self) -> dict[str, str]:
        return {
            "home": "",
            "sheet": f"sheets/{self.sheet_id}/",
            "source": f"sources/{self.source_id}/",
            "actor": f"actors/{self.actor_id}/",
            "timeline": "timeline/",
        }

    @property
    def more_pages(self) -> dict[str, str]:
        """The pages issue 12 added, and the Data page."""
        return {
            "methodology": "methodology/",
            "licence": "licence/",
            "changes": "changes/",
            "tag": f"tags/{self.tag_id}/",
            "data": "data/",
        }


def choose_pages(content_dir: Path) -> SitePages:
    """The sheet that mentions Kursk, a source it cites, a claim citing it and a claimant."""
    from generator.content.index import build_index
    from generator.content.validate import check_content

    content, problems = check_content(content_dir)
    if content is None:
        pytest.fail("content/ does not validate:\n" + "\n".join(map(str, problems)), pytrace=False)
    sheets = [
        sheet
        for sheet in content.sheets
        if "kursk" in (sheet.title + sheet.summary + " ".join(c.text for c in sheet.claims)).lower()
    ]
    if not sheets:
        pytest.fail("no sheet in content/ mentions Kursk (the browser tests search for it)", pytrace=False)
    sheet = sheets[0]
    cited = [claim for claim in sheet.claims if claim.citations]
    claimed = [claim for claim in sheet.claims if claim.claimant]
    if not cited or not claimed:
        pytest.fail(f"sheet {sheet.id} needs a cited claim and a claim with a claimant", pytrace=False)
    index = build_index(content)
    killed = [m for m in sheet.metrics if "killed" in m.label.lower()]
    if not killed:
        pytest.fail(f"sheet {sheet.id} has no metric of people killed (the first-screen test)", pytrace=False)
    latest = [e for e in index.estimates[killed[0].id] if e.is_latest and e.figure.basis == "cumulative"]
    newest = max(latest, key=lambda e: (e.claim.claimed_on, e.figure.as_of or e.claim.claimed_on))
    tagged = [tag for claim in sheet.claims for tag in claim.tags]
    former = [(s.former_ids[0]) for s in content.sources.values() if s.former_ids]
    return SitePages(
        sheet_id=sheet.id,
        sheet_title=sheet.title,
        source_id=cited[0].citations[0].source,
        claim_id=cited[0].id,
        actor_id=str(claimed[0].claimant),
        source_titles=tuple(source.title for source in content.sources.values()),
        killed_claim_id=newest.claim.id,
        tag_id=tagged[0] if tagged else sheet.tags[0],
        former_source_id=former[0] if former else None,
    )


def build_site(site_dir: Path, site_url: str) -> None:
    """Build the real content/ into `site_dir` as it would be published at `site_url`.

    The same `generator.site.build.build_site` as `make site`, with the Markdown in a folder of its own
    (not the shared build/docs/). REPO_URL is set as on a deployed site, so the repository link
    and edit buttons are on the pages and the tests see that they load nothing from GitHub.
    """
    from generator.errors import FactsheetError
    from generator.settings import Settings
    from generator.site.build import build_site as build

    environ = {"SITE_URL": site_url, "REPO_URL": TEST_REPO_URL, "NO_MKDOCS_2_WARNING": "1"}
    with pytest.MonkeyPatch.context() as patch:  # the mkdocs subprocess reads these too
        for name, value in environ.items():
            patch.setenv(name, value)
        try:
            build(REPO, site_dir, docs_dir=site_dir.parent / "docs", settings=Settings.from_env(environ))
        except FactsheetError as error:
            problems = getattr(error, "problems", ())
            pytest.fail(
                "building the site failed: " + "\n".join([str(error), *(p.format() for p in problems)]),
                pytrace=False,
            )


@pytest.fixture(scope="session")
def site_pages() -> SitePages:
    return choose_pages(REPO / "content")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The real site, built once, served on 127.0.0.1 under /factsheets/."""
    site_dir = tmp_path_factory.mktemp("build") / "site"
    site_dir.mkdir()
    server = SiteServer(site_dir)  # bound now: the build must know the port
    try:
        build_site(site_dir, server.base_url)
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def crawl(site: SiteServer) -> CrawlResult:
    return crawl_site(site.base_url)


@dataclass
class NetworkLog:
    """Every URL any page requested during the session (the offline test reads it)."""

    requests: list[str] = field(default_factory=list)

    def foreign(self, origin: str) -> list[str]:
        """Requests to anything but `origin`; data: and blob: URLs never leave the browser."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and "{0.scheme}://{0.netloc}".format(urlsplit(url)) != origin
        ]


@pytest.fixture(scope="session")
def network_log() -> NetworkLog:
    return NetworkLog()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. Install it with "
            "`sudo apt-get install chromium` (`make test` installs it when run as root), "
            "or set CHROMIUM to the path of another Chromium or Chrome.",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # the machine may be busy: as patient as every other wait
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """A fresh browser context and page, with its console errors and failed requests collected."""

    def __init__(self, browser, site: SiteServer, network_log: NetworkLog, **context_options) -> None:  # type: ignore[no-untyped-def]
        self.site = site
        self.errors: list[str] = []
        self.context = browser.new_context(**context_options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.on("request", lambda request: network_log.requests.append(request.url))
        # Nothing may leave the machine: requests elsewhere are recorded (above) and refused.
        self.context.route(lambda url: not url.startswith(site.origin + "/"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on(
            "pageerror", lambda error: self.errors.append(f"uncaught exception on {self.page.url}: {error}")
        )
        self.page.on("requestfailed", self._on_failed)

    def _on_console(self, message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"console error on {self.page.url}: {message.text} ({where})")

    def _on_failed(self, request) -> None:  # type: ignore[no-untyped-def]
        if request.failure == "net::ERR_ABORTED":
            return  # cancelled because the page navigated away (a 404 shows as a console error)
        self.errors.append(f"request failed on {self.page.url}: {request.url} ({request.failure})")

    def open(self, relative: str, wait_until: str = "load") -> None:
        response = self.page.goto(self.site.url(relative), wait_until=wait_until)
        assert response is not None and response.status == 200, (
            f"{self.site.url(relative)} answered {response and response.status}"
        )

    def assert_quiet(self) -> None:
        """No console error, uncaught exception or failed request so far."""
        if self.errors:
            pytest.fail("the browser reported errors:\n" + "\n".join(self.errors))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_tab(browser, site: SiteServer, network_log: NetworkLog) -> Iterator:  # type: ignore[no-untyped-def]
    """Factory: `open_tab(viewport=..., color_scheme=...)` gives a Tab, closed after the test."""
    tabs: list[Tab] = []

    def make(viewport: dict[str, int] = DESKTOP, **options: object) -> Tab:
        tab = Tab(browser, site, network_log, viewport=viewport, **options)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.close()


@pytest.fixture
def tab(open_tab) -> Tab:  # type: ignore[no-untyped-def]
    """A desktop-sized tab."""
    return open_tab()
