"""Every page path, URL and anchor of the site: the one place that knows the site's layout.

Three spellings of one page, all derived here:
- the docs path, where the generator writes its Markdown: `sheets/x.md`;
- the page URL relative to the site root, as MkDocs serves it (`use_directory_urls`): `sheets/x/`;
- the site path with a leading slash, as `published-urls.txt` lists it: `/sheets/x/`.

A record's page is named by its id and a claim's anchor is the claim's id, so ids are URLs.
Page-level anchors start with "_", which no content id may, so they never clash with a claim's.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

# Record kind -> the folder of its pages (and of its YAML files under content/).
RECORD_FOLDERS = {"sheet": "sheets", "source": "sources", "actor": "actors"}

# The fixed pages and files of the site (docs paths).
HOME = "index.md"
SHEETS_INDEX = "sheets/index.md"
SOURCES_INDEX = "sources/index.md"
ACTORS_INDEX = "actors/index.md"
TAGS = "tags/index.md"
TIMELINE = "timeline/index.md"
DATA_PAGE = "data/index.md"
METHODOLOGY = "methodology.md"
LICENCE = "licence.md"
CHANGES = "changes.md"  # the site's log of changes and corrections
FEED = "feed.xml"
CLAIMS_JSON = "data/claims.json"
CLAIMS_CSV = "data/claims.csv"
SOURCES_JSON = "data/sources.json"
ACTORS_JSON = "data/actors.json"
SHEET_JSON_PATTERN = "data/sheets/<id>.json"
SHEET_CSV_PATTERN = "data/sheets/<id>.csv"
CHART_CSV_PATTERN = "data/charts/<id>.csv"  # one metric's chart points; metric ids are unique
TAG_PAGE_PATTERN = "tags/<id>.md"
# The folder of the site's own files (CSS, scripts, the share picture), copied from
# site_templates/assets/; the theme puts its own beside them.
ASSETS_FOLDER = "assets"
# The page a server shows for an address with no page (the engine writes it).
ERROR_PAGE = "404.html"
FIXED_FILES = (
    HOME, SHEETS_INDEX, SOURCES_INDEX, ACTORS_INDEX, TAGS, TIMELINE, DATA_PAGE, METHODOLOGY, LICENCE,
    CHANGES, FEED, CLAIMS_JSON, CLAIMS_CSV, SOURCES_JSON, ACTORS_JSON,
)  # fmt: skip
# Folders the site engine writes into the site beside our pages (theme assets, search index,
# sitemap, error page): a record id equal to one of them would shadow or be shadowed.
ENGINE_NAMES = (
    ASSETS_FOLDER,
    "search",
    "sitemap",
    ERROR_PAGE.removesuffix(".html"),
    "stylesheets",
    "javascripts",
)
# The folder of a long list's further pages: sources/page/2/, actors/<id>/page/2/.
PAGE_FOLDER = "page"

# The longest id: an id is a file name (content/, the docs folder, the site, temporary files
# beside them, all within a file system's 255 bytes) and a URL that people read and type.
MAX_ID_LENGTH = 100

# Anchors of a sheet page's own parts.
GLANCE_ANCHOR = "_at-a-glance"
KEY_FIGURES_ANCHOR = "_key-figures"
REVIEWS_ANCHOR = "_reviews"
REFERENCES_ANCHOR = "_references"
CHANGES_ANCHOR = "_changes"
CITE_ANCHOR = "_cite"
# The Data page's explanation of quote checks (what "checked" means on a sheet).
QUOTE_CHECKS_ANCHOR = "_quote-checks"
# Anchors of the methodology page's parts.
STATUSES_ANCHOR = "_statuses"
RATINGS_ANCHOR = "_ratings"
BASES_ANCHOR = "_bases"
QUOTES_ANCHOR = "_quotes"
CORRECTIONS_ANCHOR = "_corrections"
# Anchors of an actor page's sections (site_templates/actor.md.j2 writes them).
ACTOR_SECTION_ANCHORS = {"metrics": "_estimates", "made": "_claimant", "passed_on": "_via"}


def record_page(kind: str, record_id: str) -> str:
    """The docs path of a sheet's, source's or actor's page."""
    return f"{RECORD_FOLDERS[kind]}/{record_id}.md"


def sheet_page(sheet_id: str) -> str:
    return record_page("sheet", sheet_id)


def source_page(source_id: str) -> str:
    return record_page("source", source_id)


def actor_page(actor_id: str) -> str:
    return record_page("actor", actor_id)


def record_file(kind: str, record_id: str) -> str:
    """A record's YAML file, relative to content/: sheets/x.yaml."""
    return f"{RECORD_FOLDERS[kind]}/{record_id}.yaml"


def tag_anchor(slug: str) -> str:
    """A tag's entry on the tags page, named as Material's tags plugin named it: tag:<slug>."""
    return f"tag:{slug}"


def list_page(first: str, number: int) -> str:
    """Page `number` (1-based) of a list whose first page is `first`: page 1 is `first` itself
    (its URL never changes), page n is in the folder `page/` beside or under it:
    sources/index.md -> sources/page/2.md, actors/x.md -> actors/x/page/2.md."""
    if number == 1:
        return first
    folder = first.removesuffix("index.md").rstrip("/") if first.endswith("index.md") else first[:-3]
    return f"{folder}/{PAGE_FOLDER}/{number}.md" if folder else f"{PAGE_FOLDER}/{number}.md"


def sheet_json(sheet_id: str) -> str:
    return SHEET_JSON_PATTERN.replace("<id>", sheet_id)


def sheet_csv(sheet_id: str) -> str:
    return SHEET_CSV_PATTERN.replace("<id>", sheet_id)


def chart_csv(metric_id: str) -> str:
    return CHART_CSV_PATTERN.replace("<id>", metric_id)


def tag_page(tag_id: str) -> str:
    return TAG_PAGE_PATTERN.replace("<id>", tag_id)


def period_page(year: int, month: int) -> str:
    """A timeline page: one month, or the claims dated only by a year (month 0)."""
    return f"timeline/{year:04d}-{month:02d}.md" if month else f"timeline/{year:04d}.md"


def period_anchor(year: int, month: int) -> str:
    return f"_{year:04d}-{month:02d}" if month else f"_{year:04d}"


def metric_anchor(metric_id: str) -> str:
    return f"_metric-{metric_id}"


def chart_anchor(metric_id: str) -> str:
    return f"_chart-{metric_id}"


def status_anchor(status: str) -> str:
    """Where the methodology page defines a claim status."""
    return f"_status-{status}"


def rating_anchor(rating: str) -> str:
    """Where the methodology page defines a review rating."""
    return f"_rating-{rating}"


def reference_anchor(number: int) -> str:
    """A sheet's reference entry: one per cited source."""
    return f"_ref-{number}"


def use_anchor(number: int, letter: str) -> str:
    """One place's citation inside a reference entry (its quote): what a marker points at."""
    return f"_ref-{number}-{letter}"


def marker_anchor(number: int, letter: str) -> str:
    """The marker [n] in the text, where a reference's back-link returns to."""
    return f"_cite-{number}-{letter}"


def page_url(docs_path: str, anchor: str | None = None) -> str:
    """The URL of a generated file relative to the site root: sheets/x.md -> sheets/x/,
    index.md -> "" (the root), data/claims.json as it is."""
    if docs_path.endswith(".md"):
        stem = docs_path.removesuffix(".md")
        url = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
    elif docs_path == "index.html" or docs_path.endswith("/index.html"):
        url = docs_path.removesuffix("index.html")
    else:
        url = docs_path
    return f"{url}#{anchor}" if anchor else url


def html_link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative URL between two generated files as the browser sees them (directory URLs),
    for raw HTML, where MkDocs does not rewrite links: sheets/x.md -> methodology.md is
    '../../methodology/'. `page_link` is for Markdown links, which MkDocs checks and rewrites."""
    here = posixpath.dirname("/" + page_url(from_page) + "-")  # the folder the page's URL is in
    url = page_url(to_page)
    if to_page == from_page:
        target = ""
    else:
        target = posixpath.relpath("/" + url, here)
        if url.endswith("/") or not url:
            target = "./" if target == "." else target + "/"
    return f"{target}#{anchor}" if anchor else target


def is_page(docs_path: str) -> bool:
    """A Markdown page (MkDocs renders it), not a data file or a redirect."""
    return docs_path.endswith(".md")


def asset_file(name: str) -> str:
    """The docs path of a file of site_templates/assets/, by its path inside that folder:
    charts.css -> assets/charts.css."""
    return f"{ASSETS_FOLDER}/{name}"


def is_asset(docs_path: str) -> bool:
    """A file copied from site_templates/assets/, not one the generator renders."""
    return docs_path.startswith(ASSETS_FOLDER + "/")


def site_path(docs_path: str) -> str:
    """The URL with a leading slash, as published-urls.txt lists pages: sheets/x.md -> /sheets/x/."""
    return "/" + page_url(docs_path)


def absolute_url(site_url: str | None, url: str) -> str | None:
    """A root-relative URL under the site's address (SITE_URL), or None when it is unknown."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else None


def page_link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative Markdown link target between two generated pages (docs paths).

    MkDocs checks such links at build time, so a page that is not generated fails the build.
    """
    # Both made absolute under one root, so relpath() never calls os.getcwd().
    start = "/" + posixpath.dirname(from_page)
    target = "" if to_page == from_page else posixpath.relpath("/" + to_page, start)
    return f"{target}#{anchor}" if anchor else target


def moved_link(href: str, written_for: str, from_page: str) -> str:
    """A relative link written for the page `written_for`, as `from_page` must write it (both docs
    paths): a list's later pages are deeper than its first (actors/x.md, actors/x/page/2.md)."""
    if posixpath.dirname(written_for) == posixpath.dirname(from_page):
        return href
    target, hash_mark, anchor = href.partition("#")
    absolute = posixpath.normpath(posixpath.join("/" + posixpath.dirname(written_for), target))
    moved = posixpath.relpath(absolute, "/" + posixpath.dirname(from_page))
    return f"{moved}{hash_mark}{anchor}"


def claim_link(from_page: str, sheet_id: str, claim_id: str) -> str:
    """Where a claim is: its sheet page, at the anchor `#<claim-id>`."""
    return page_link(from_page, sheet_page(sheet_id), claim_id)


def redirect_file(kind: str, old_id: str) -> str:
    """The HTML file at a renamed record's former address."""
    return f"{RECORD_FOLDERS[kind]}/{old_id}/index.html"


def redirect_target(kind: str, record_id: str) -> str:
    """The renamed page, relative to its redirect (both sit in the record kind's folder)."""
    return f"../{record_id}/"


def reserved_ids() -> frozenset[str]:
    """Names the site itself uses as a file or folder name: no record may take one as its id.

    Derived from the fixed files above (every part of each path, without its extension) and the
    engine's own folders, so a new fixed page reserves its name without a second list.
    """
    names = set(ENGINE_NAMES) | {PAGE_FOLDER}
    for path in FIXED_FILES:
        names.update(PurePosixPath(part).stem for part in PurePosixPath(path).parts)
    names.update(RECORD_FOLDERS.values())
    return frozenset(names)
