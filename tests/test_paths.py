"""paths.py: every page path, URL and anchor, and nothing else in the package builds one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator import paths

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


@pytest.mark.parametrize(
    ("docs_path", "url", "site_path"),
    [
        ("index.md", "", "/"),
        ("sheets/index.md", "sheets/", "/sheets/"),
        ("sheets/x.md", "sheets/x/", "/sheets/x/"),
        ("timeline/2025-04.md", "timeline/2025-04/", "/timeline/2025-04/"),
        ("tags.md", "tags/", "/tags/"),
        ("data/claims.json", "data/claims.json", "/data/claims.json"),
        ("sheets/old/index.html", "sheets/old/", "/sheets/old/"),
        ("feed.xml", "feed.xml", "/feed.xml"),
    ],
)
def test_one_page_three_spellings(docs_path: str, url: str, site_path: str) -> None:
    assert paths.page_url(docs_path) == url
    assert paths.site_path(docs_path) == site_path


def test_anchors_and_absolute_urls() -> None:
    assert paths.page_url("sheets/x.md", "claim-1") == "sheets/x/#claim-1"
    assert paths.absolute_url("https://example.org/site/", "sheets/x/") == "https://example.org/site/sheets/x/"
    assert paths.absolute_url(None, "sheets/x/") is None
    # Page-level anchors cannot clash with a content id: ids never hold "_".
    for anchor in (paths.KEY_FIGURES_ANCHOR, paths.metric_anchor("m"), paths.chart_anchor("m"),
                   paths.period_anchor(2025, 4), paths.CITE_ANCHOR, paths.GLANCE_ANCHOR,
                   paths.REFERENCES_ANCHOR, paths.CHANGES_ANCHOR, paths.status_anchor("disputed"),
                   paths.rating_anchor("accurate"), paths.reference_anchor(3), paths.use_anchor(3, "b"),
                   paths.marker_anchor(3, "b")):  # fmt: skip
        assert anchor.startswith("_")


def test_links_in_raw_html_are_browser_urls_between_directory_pages() -> None:
    # MkDocs rewrites Markdown links (sheets/x.md) but never raw HTML: these are final URLs.
    assert paths.html_link("sheets/x.md", paths.METHODOLOGY, "_status-disputed") == (
        "../../methodology/#_status-disputed"
    )
    assert paths.html_link("sheets/x.md", "sheets/x.md", "c") == "#c"
    assert paths.html_link("sheets/x.md", paths.HOME) == "../../"
    assert paths.html_link(paths.HOME, paths.METHODOLOGY) == "methodology/"
    assert paths.html_link(paths.SHEETS_INDEX, "sheets/x.md") == "x/"
    assert paths.html_link("actors/a.md", "sheets/x.md", "c") == "../../sheets/x/#c"
    assert paths.html_link("sheets/x.md", paths.chart_csv("m")) == "../../data/charts/m.csv"
    assert paths.tag_page("kursk") == "tags/kursk.md" and paths.page_url(paths.TAGS) == "tags/"


def test_links_between_pages_are_relative() -> None:
    assert paths.page_link("sheets/a.md", "sheets/b.md") == "b.md"
    assert paths.page_link("index.md", "sheets/b.md", "c") == "sheets/b.md#c"
    assert paths.page_link("sources/s.md", "sheets/b.md") == "../sheets/b.md"
    assert paths.page_link("sheets/a.md", "sheets/a.md", "x") == "#x"
    assert paths.claim_link("timeline/2025-04.md", "war", "nis-1") == "../sheets/war.md#nis-1"


def test_record_pages_files_and_redirects() -> None:
    assert paths.record_page("source", "s") == "sources/s.md"
    assert paths.record_file("actor", "a") == "actors/a.yaml"
    assert paths.redirect_file("sheet", "old") == "sheets/old/index.html"
    assert paths.redirect_target("sheet", "new") == "../new/"
    assert paths.sheet_json("x") == "data/sheets/x.json"
    assert paths.period_page(2025, 4) == "timeline/2025-04.md"
    assert paths.period_page(2025, 0) == "timeline/2025.md"


def test_assets_and_the_error_page() -> None:
    assert paths.asset_file("charts.css") == "assets/charts.css"
    assert paths.asset_file("fonts/a.woff2") == "assets/fonts/a.woff2"
    assert paths.is_asset(paths.asset_file("share.png"))
    assert not paths.is_asset("assets.md") and not paths.is_asset(paths.sheet_page("assets-war"))
    assert paths.ERROR_PAGE == "404.html"


def test_reserved_ids_come_from_the_fixed_pages() -> None:
    reserved = paths.reserved_ids()
    assert {"index", "data", "tags", "timeline", "feed", "sheets", "sources", "actors", "claims"} <= reserved
    assert {"assets", "search", "sitemap", "404"} <= reserved


# A string literal that spells a page path or URL: a folder of the site with a slash, ".md", or
# the engine's error page.
_PATH_LITERAL = re.compile(r"^(sheets|sources|actors|timeline|data|assets)/|\.md$|^404\.html$|^_[a-z]")


@pytest.mark.parametrize("literal", ["sheets/", "assets/", "404.html", "methodology.md", "_ref-"])
def test_the_path_literal_finder_sees_every_kind(literal: str) -> None:
    assert _PATH_LITERAL.search(literal)


@pytest.mark.parametrize("literal", ["partials/nav.html", "text/html", "assets", "404", "a_b"])
def test_the_path_literal_finder_leaves_other_text(literal: str) -> None:
    assert not _PATH_LITERAL.search(literal)


def test_no_other_module_spells_a_page_path_or_anchor() -> None:
    offenders = []
    for module in sorted(PACKAGE.rglob("*.py")):
        if module.name == "paths.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            parts = []
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                parts = [node.value]
            elif isinstance(node, ast.JoinedStr):
                parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            parts = [part for part in parts if isinstance(part, str)]
            if any(_PATH_LITERAL.search(part) for part in parts if "\n" not in part and " " not in part):
                offenders.append(f"{module.relative_to(PACKAGE)}:{node.lineno}: {parts}")
    assert offenders == []


def test_contributing_lists_exactly_the_reserved_ids() -> None:
    text = (PACKAGE.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("### Reserved ids") :]
    listed = re.findall(r"`([a-z0-9-]+)`", section[: section.index("(`index` would")])
    assert listed == sorted(paths.reserved_ids())
    assert f"at most {paths.MAX_ID_LENGTH} characters" in text
