"""Crawl a served site over HTTP: every page reachable from the home page, every asset they load.

Same-origin links and assets under the site's prefix are fetched and must answer 200; a link to a
fragment must find that id on its page. External links (the sources the claims cite) are never
fetched: they are collected and must be absolute http(s) URLs. CSS files are read for `url()` and
`@import`, and Material's `__config` for its search worker, so assets only a stylesheet or script
names are checked too.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

# Tag -> attributes holding one URL. `srcset` is handled on its own (a list of URLs).
_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")


@dataclass
class _Page:
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, raw URL) in document order
    ids: set[str] = field(default_factory=set)
    config_search: str | None = None  # Material's search worker script
    config_base: str | None = None  # Material's site root, relative to the page


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self._in_config = False
        self._in_style = False
        self._config_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        for name in ("id", "name") if tag == "a" else ("id",):
            if name in values:
                self.page.ids.add(values[name])
        for name in _URL_ATTRIBUTES.get(tag, ()):
            if name in values:
                self.page.links.append((f"<{tag} {name}>", values[name]))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.page.links.append((f"<{tag} srcset>", candidate.split()[0]))
        if "style" in values:
            self.page.links.extend(("style url()", url) for url in css_urls(values["style"]))
        self._in_config = tag == "script" and values.get("id") == "__config"
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self._config_text.append(data)
        elif self._in_style:
            self.page.links.extend(("<style> url()", url) for url in css_urls(data))

    def handle_endtag(self, tag: str) -> None:
        if self._in_config and tag == "script":
            config = json.loads("".join(self._config_text))
            self.page.config_search = config.get("search")
            self.page.config_base = config.get("base")
        self._in_config = self._in_style = False


def css_urls(css: str) -> list[str]:
    """The URLs a stylesheet loads (`url()` and `@import`), data: URLs left out."""
    found = [
        match.group(2) if match.group(2) is not None else match.group(4) for match in _CSS_URL.finditer(css)
    ]
    return [url for url in found if url and not url.startswith("data:")]


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)  # every HTML page reached, in crawl order
    status: dict[str, int] = field(default_factory=dict)  # every fetched URL -> HTTP status
    problems: list[str] = field(default_factory=list)  # broken links, assets, fragments, schemes
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # URL -> pages


def _fetch(url: str) -> tuple[int, str, bytes]:
    # No proxy: the server is on loopback, and an HTTP(S)_PROXY in the environment must not see it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, "", b""


def crawl_site(base_url: str) -> CrawlResult:
    """Fetch every page and asset reachable from `base_url` and report what is broken."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    result = CrawlResult()
    parsed: dict[str, _Page] = {}
    fragments: list[tuple[str, str, str]] = []  # (target page, fragment, where it was linked)
    # GitHub Pages answers a missing URL with 404.html at that URL, so its links must work from
    # any depth: it is crawled as if shown at a page that does not exist.
    not_found_page = base_url + "404.html"
    queue: list[tuple[str, str]] = [(base_url, "(start)"), (not_found_page, "(GitHub Pages' error page)")]
    seen = {base_url, not_found_page}

    def follow(raw: str, kind: str, referrer: str) -> None:
        url, fragment = urldefrag(urljoin(referrer, raw.strip()))
        scheme = urlsplit(url).scheme
        where = f"{kind} {raw!r} on {referrer}"
        if scheme not in ("http", "https"):
            result.problems.append(f"not an http(s) link: {where}")
            return
        if not url.startswith(origin + "/"):
            result.external[url].add(referrer)
            return
        if not url.startswith(base_url):
            result.problems.append(f"escapes the site's sub-path {urlsplit(base_url).path}: {where}")
            return
        if "//" in urlsplit(url).path:
            result.problems.append(f"empty segment (//) in the path: {where}")  # not every host forgives it
            return
        if fragment and kind in ("<a href>", "<area href>"):
            fragments.append((url, unquote(fragment), where))
        if url not in seen:
            seen.add(url)
            queue.append((url, where))

    while queue:
        url, where = queue.pop(0)
        status, content_type, body = _fetch(url)
        result.status[url] = status
        if status != 200:
            result.problems.append(f"HTTP {status}: {url} ({where})")
            continue
        text = body.decode("utf-8", errors="replace")
        if content_type == "text/html":
            result.pages.append(url)
            parser = _PageParser()
            parser.feed(text)
            parser.close()
            parsed[url] = parser.page
            shown_at = base_url + "no/such/page/" if url == not_found_page else url
            for kind, raw in parser.page.links:
                follow(raw, kind, shown_at)
            if parser.page.config_search:
                follow(parser.page.config_search, "__config search worker", shown_at)
            if parser.page.config_base is not None:
                # Material's search fetches `new URL("search/search_index.json", config.base)`.
                index = urljoin(urljoin(shown_at, parser.page.config_base), "search/search_index.json")
                follow(index, "__config search index", shown_at)
        elif content_type == "text/css":
            for raw in css_urls(text):
                follow(raw, "CSS url()", url)

    for page, fragment, where in fragments:
        ids = parsed[page].ids if page in parsed else None
        if ids is not None and fragment not in ids:
            result.problems.append(f"no element with id {fragment!r} on {page}: {where}")
    return result
