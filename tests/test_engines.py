"""Zensical builds the same generated Markdown from the same mkdocs.yml (issue 6).

Each test builds a real site from the valid fixture content in a project folder of its own
(a byte copy of mkdocs.yml, and links to site_templates/ and generator/ so the config's
relative paths resolve) and reads the HTML back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import cli
from generator.errors import BuildError
from generator.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "content"

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copyfile(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for name in ("site_templates", "generator"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def html_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def ids_in(soup) -> set[str]:
    return {str(tag["id"]) for tag in soup.find_all(id=True)}


def test_zensical_builds_every_sheet_page_with_every_claim_anchor(project, monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    report = build_site(project, content_dir=FIXTURE, engine="zensical")
    site = project / "site"
    sheets = report.generated.content.sheets
    assert sheets
    for sheet in sheets:
        page = site / "sheets" / sheet.id / "index.html"
        soup = html_of(page)
        assert sheet.title in soup.find("h1").get_text()
        anchors = ids_in(soup)
        assert {claim.id for claim in sheet.claims} <= anchors, page
        assert {review.id for review in sheet.reviews} <= anchors, page
        assert {section.id for section in sheet.sections} <= anchors, page
    assert (site / "index.html").is_file() and (site / "sheets" / "index.html").is_file()
    # Nothing of the build is left beside the site: no half-built folder, no derived config.
    assert sorted(p.name for p in project.iterdir() if p.name.startswith((".site", ".zensical"))) == []


def test_both_engines_build_the_same_pages_and_claim_anchors(project, monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    build_site(project, project / "site-mkdocs", content_dir=FIXTURE, engine="mkdocs")
    build_site(project, project / "site-zensical", content_dir=FIXTURE, engine="zensical")

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}

    assert pages(project / "site-zensical") == pages(project / "site-mkdocs")
    for page in pages(project / "site-mkdocs"):
        mkdocs_article = html_of(project / "site-mkdocs" / page).find("article")
        zensical_article = html_of(project / "site-zensical" / page).find("article")
        # Every anchor in the page's content (claims, sections, reviews, footnotes, headings)
        # is in both builds.
        assert ids_in(mkdocs_article) <= ids_in(zensical_article), page
        assert ids_in(mkdocs_article), page

    # Both search indexes hold the sheets and the source pages (ranked below them, issue 12), but
    # not the pages that list the archive (home, sheets, sources, actors, timeline, tags) nor the
    # actor pages (issue 15): at 1,000 sheets those would swamp the index (and Zensical refuses
    # pages that big), and every claim they list is found on its sheet.
    mkdocs_index = json.loads((project / "site-mkdocs" / "search" / "search_index.json").read_text())
    zensical_index = json.loads((project / "site-zensical" / "search.json").read_text())
    for entries in (mkdocs_index["docs"], zensical_index["items"]):
        searched = {entry["location"].split("#")[0] for entry in entries}
        assert "sheets/harbour-flood/" in searched
        lists = {"", "sheets/", "sources/", "actors/", "timeline/", "tags/"}
        assert searched.isdisjoint(lists | {"actors/jane-sample/", "tags/flood/"})
        assert "sources/example-gazette-2025-03-02-flood-toll/" in searched


def test_zensical_resolves_env_and_drops_edit_buttons_that_would_point_at_generated_markdown(
    project, monkeypatch
):
    monkeypatch.setenv("SITE_URL", "https://example.org/factsheets/")
    monkeypatch.setenv("REPO_URL", "https://github.com/example/factsheets")
    report = build_site(project, content_dir=FIXTURE, engine="zensical")
    sheet = report.generated.content.sheets[0]
    soup = html_of(project / "site" / "sheets" / sheet.id / "index.html")
    canonical = soup.find("link", rel="canonical")
    assert canonical["href"] == f"https://example.org/factsheets/sheets/{sheet.id}/"  # !ENV read
    assert soup.find("a", href="https://github.com/example/factsheets") is not None  # repo link
    # Without our MkDocs hook, Zensical would link edits to build/docs/...md, which is not in
    # the repository: the derived config drops the edit button instead.
    assert soup.find("a", rel="edit") is None
    assert "build/docs" not in str(soup)


def test_failed_zensical_build_leaves_the_site_as_it_was(project, monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    build_site(project, content_dir=FIXTURE, engine="zensical")
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    # A page the generator did not write, with a broken link: --strict must refuse it.
    (project / "build" / "docs" / "stray.md").write_text("# Stray\n\n[gone](missing.md)\n", encoding="utf-8")
    with pytest.raises(BuildError, match="zensical build failed"):
        build_site(project, content_dir=FIXTURE, engine="zensical")
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith((".site", ".zensical"))) == []


def test_unknown_engine_is_refused_before_anything_is_written(project):
    with pytest.raises(BuildError, match="unknown engine 'hugo'"):
        build_site(project, content_dir=FIXTURE, engine="hugo")
    assert not (project / "build").exists() and not (project / "site").exists()


def test_factsheet_build_engine_zensical_command(project, monkeypatch, capsys):
    monkeypatch.delenv("REPO_URL", raising=False)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--engine", "zensical", "--content", str(FIXTURE)]) == 0
    assert "built site" in capsys.readouterr().out
    assert (project / "site" / "sheets" / "index.html").is_file()
    with pytest.raises(SystemExit) as usage_error:  # argparse refuses an unknown engine
        cli.main(["build", "--engine", "hugo", "--content", str(FIXTURE)])
    assert usage_error.value.code == 2
