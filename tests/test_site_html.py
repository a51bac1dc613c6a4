"""The built site, parsed as HTML: anchors, references, nothing from other hosts, inert editor text.

One MkDocs build (the real mkdocs.yml, --strict) of the valid and hostile fixture content
together, shared by every test in this file.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.content.index import SiteIndex, build_index
from generator.content.validate import check_content
from generator.site.build import ENV_CONTENT_DIR, ENV_DOCS_DIR, build_site
from tests.factories import ROOT, merge_content

HOSTILE_CLAIM = '<script>alert(1)</script> [x](javascript:alert(1)) {: onclick="x"}'
# Elements that load something, and the attribute naming what they load.
LOADING = {
    "script": "src", "link": "href", "img": "src", "iframe": "src", "frame": "src", "embed": "src",
    "object": "data", "source": "src", "video": "src", "audio": "src", "track": "src", "input": "src",
}  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)


class Site:
    def __init__(self, folder: Path, index: SiteIndex):
        self.folder = folder
        self.index = index

    def page(self, docs_path: str) -> BeautifulSoup:
        """The built HTML of a generated page (directory URLs: sheets/x.md -> sheets/x/index.html)."""
        stem = docs_path.removesuffix(".md")
        html_path = self.folder / (f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html")
        return BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.folder.rglob("*.html"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    work = tmp_path_factory.mktemp("site-html")
    content = merge_content(work / "content")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("SITE_URL", "REPO_URL", ENV_CONTENT_DIR, ENV_DOCS_DIR):
            patch.delenv(name, raising=False)
        build_site(ROOT, work / "site", content_dir=content, docs_dir=work / "docs")
    validated, problems = check_content(content)
    assert validated is not None, [p.format() for p in problems]
    return Site(work / "site", build_index(validated))


def test_every_claim_and_review_has_its_anchor_on_its_sheet(site):
    assert len(site.index.claims) >= 6
    for sheet in site.index.content.sheets:
        page = site.page(f"sheets/{sheet.id}.md")
        for claim in sheet.claims:
            element = page.find(id=claim.id)
            assert element is not None, claim.id
            assert "claim" in element["class"]
        for review in sheet.reviews:
            assert page.find(id=review.id) is not None, review.id


def test_every_cited_source_is_one_reference_whose_lines_carry_each_quote(site):
    checked = 0
    for sheet in site.index.content.sheets:
        page = site.page(f"sheets/{sheet.id}.md")
        references = site.index.citations[sheet.id].references
        items = page.select("ol.fs-refs > li.fs-ref")
        assert len(items) == len(references), sheet.id
        for reference in references:
            item = page.find("li", id=f"_ref-{reference.number}")
            text = item.get_text(" ")
            assert reference.source.title in text
            assert reference.source.publisher in text
            for use in reference.uses:
                line = item.find("li", id=f"_ref-{reference.number}-{use.letter}")
                for citation in use.citations:
                    if citation.quote:
                        assert " ".join(citation.quote.split()) in line.get_text(), (sheet.id, use)
            link = item.find("cite").find("a", href=True)
            assert urlsplit(link["href"]).scheme == "https"
            checked += 1
        # Every marker points at a line of a reference, and every back-link at a marker.
        markers = page.select("sup.fs-marker")
        for marker in markers:
            ref = marker.find("a", class_="footnote-ref")
            assert page.find("li", id=ref["href"].removeprefix("#")) is not None, ref
        ids = {m["id"] for m in markers}
        for back in page.select(".fs-ref__back a"):
            assert back["href"].removeprefix("#") in ids
    assert checked >= 3  # every source of the fixtures


def test_claims_link_to_their_references_from_the_claim_text(site):
    page = site.page("sheets/harbour-flood.md")
    claim = page.find(id="ministry-2025-04-10-deaths")
    refs = [a["href"] for a in claim.select("sup.fs-marker a.footnote-ref")]
    markers = site.index.citations["harbour-flood"].by_item["ministry-2025-04-10-deaths"]
    assert refs == [f"#_ref-{number}-{letter}" for number, letter in markers]
    assert [a.get_text() for a in claim.select("sup.fs-marker a")] == [f"[{n}]" for n, _ in markers]


def test_no_page_loads_anything_from_another_host(site):
    pages = site.html_files()
    assert len(pages) >= 5
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for name, attribute in LOADING.items():
            for element in soup.find_all(name):
                if name == "link" and not set(element.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "icon",
                    "modulepreload",
                    "prefetch",
                    "manifest",
                }:
                    continue  # rel=canonical/alternate/next are references, not loads
                assert _is_local(element.get(attribute)), (
                    f"{path}: <{name} {attribute}={element.get(attribute)!r}>"
                )
                assert _is_local(element.get("srcset", "").split(" ")[0] or None), f"{path}: {element}"
        for element in soup.find_all(style=True):
            for found in CSS_URL.findall(element["style"]):
                assert _is_local(found[0] or found[1]), f"{path}: {element}"
        for style in soup.find_all("style"):
            for found in CSS_URL.findall(style.get_text()):
                assert _is_local(found[0] or found[1]), f"{path}: <style> {found}"


def test_no_stylesheet_imports_or_fetches_from_another_host(site):
    sheets = sorted(site.folder.rglob("*.css"))
    assert any(p.name == "extra.css" for p in sheets)
    for path in sheets:
        for found in CSS_URL.findall(path.read_text(encoding="utf-8")):
            assert _is_local(found[0] or found[1]), f"{path}: {found}"


def _is_local(url: str | None) -> bool:
    if not url:
        return True
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob"):
        return True
    return not parts.scheme and not parts.netloc  # relative, or absolute on this host


def test_hostile_editor_text_shows_as_typed_and_adds_no_markup(site):
    page = site.page("sheets/hostile-strings.md")
    claim = page.find(id="hostile-figure")
    text_paragraph = claim.find("p")
    assert text_paragraph.get_text().startswith(HOSTILE_CLAIM)
    # The paragraph holds the text and the reference marker, nothing else.
    assert [el.name for el in text_paragraph.find_all(True)] == ["sup", "a"]

    article = page.find("article")
    for element in article.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        assert element.name not in ("iframe", "img", "style", "object", "embed", "b", "i"), element
        if element.name == "script":
            assert element.get("type") == "application/ld+json", element
        for attribute in ("href", "src", "action", "formaction", "xlink:href"):
            value = element.get(attribute)
            if value:
                assert urlsplit(value).scheme in ("", "http", "https"), element
    assert not article.find_all(id=re.compile("evil|not-an-id"))

    visible = article.get_text(" ")
    for typed in (
        "<i>of</i> `Evil` & Co.",
        "Relay ](javascript:alert(1))",
        'Notes <a href="https://evil.example/">here</a>',
        "> not a quote <style>body{display:none}</style>",
        "* list? | pipe | # hash",
        "Intro with <iframe src=https://evil.example/></iframe> and `code`",
        'Section {: onclick="x"} #not-an-id',
        "quote <script>alert(2)</script> more than 1,200 [^2] \\ `tick`",
        "Finding <script>alert(3)</script>",
    ):
        assert typed in visible, typed


def test_hostile_titles_stay_text_in_the_page_head(site):
    page = site.page("sheets/hostile-strings.md")
    assert page.title.get_text().startswith('Title: "quoted" --- <script>alert(1)</script> {{ 7*7 }}')
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Summary --- injected: yes # heading?")
    head_scripts = [s for s in page.head.find_all("script") if not s.get("src")]
    assert not any("alert(" in s.get_text() for s in head_scripts)
