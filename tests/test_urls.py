"""Stable URLs: former ids become redirect pages and extra claim anchors, and a published URL
that would disappear without a redirect stops the build, naming the URL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.errors import BuildError
from generator.settings import Settings
from generator.site.build import generate
from generator.site.urls import PUBLISHED_FILE, read_published, redirect_html

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid" / "content"
SHEET = "sheets/harbour-flood.yaml"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "content")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename_sheet_and_claim(content: Path) -> None:
    sheet = content / SHEET
    edit(sheet, "id: harbour-flood\n", "id: harbour-floods\nformer_ids: [harbour-flood]\n")
    edit(sheet, "      - id: ministry-2025-04-10-deaths\n",
         "      - id: ministry-2025-04-10-toll\n        former_ids: [ministry-2025-04-10-deaths]\n")
    edit(sheet, "superseded_by: ministry-2025-04-10-deaths", "superseded_by: ministry-2025-04-10-toll")
    sheet.rename(content / "sheets" / "harbour-floods.yaml")


def urls_command(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "urls", *args, "--content", str(site / "content")]
    return subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)


def test_redirect_page_refreshes_links_and_keeps_the_anchor():
    page = redirect_html("../new-id/", "https://example.org/site/sheets/new-id/")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../new-id/"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/site/sheets/new-id/"
    assert soup.find("a")["href"] == "../new-id/"
    assert 'location.replace("../new-id/" + location.hash)' in soup.find("script").string
    assert not soup.find(src=True)  # nothing is loaded from anywhere


def test_renamed_sheet_gets_a_redirect_and_a_renamed_claim_keeps_its_anchor(site):
    rename_sheet_and_claim(site / "content")
    settings = Settings(site_url="https://example.org/facts")
    report = generate(site, site / "docs", settings=settings)
    redirect_page = site / "docs" / "sheets" / "harbour-flood" / "index.html"
    redirect = BeautifulSoup(redirect_page.read_text(), "html.parser")
    assert redirect.find("a")["href"] == "../harbour-floods/"
    assert redirect.find("link", rel="canonical")["href"] == "https://example.org/facts/sheets/harbour-floods/"
    page = (site / "docs" / "sheets" / "harbour-floods.md").read_text()
    old_anchor = re.search(r'<a id="([^"]+)"></a>The Ministry of Examples said 52', page)
    assert old_anchor, "no anchor with the claim's former id"
    assert BeautifulSoup(old_anchor.group(0), "html.parser").a["id"] == "ministry-2025-04-10-deaths"
    assert report.pages >= 2


def test_a_published_url_that_disappears_fails_the_build_naming_it(site):
    assert urls_command(site, "--update").returncode == 0
    published = read_published(site / PUBLISHED_FILE)
    assert "/sheets/harbour-flood/" in published
    assert "/sheets/harbour-flood/#harbour-closed-2025-03-01" in published
    # Renaming with former ids keeps every published URL working.
    rename_sheet_and_claim(site / "content")
    generate(site, site / "docs")
    assert urls_command(site, "--check").returncode == 0
    # Removing a claim (and so its anchor) without a redirect stops the build.
    sheet = site / "content" / "sheets" / "harbour-floods.yaml"
    text = sheet.read_text()
    start = text.index("      - id: harbour-closed-2025-03-01")
    end = text.index("      - id: sample-2025-04-10-quote")
    sheet.write_text(text[:start] + text[end:])
    before = sorted(p.relative_to(site) for p in (site / "docs").rglob("*"))
    with pytest.raises(BuildError) as caught:
        generate(site, site / "docs")
    message = str(caught.value)
    anchor = "#harbour-closed-2025-03-01"
    assert f"/sheets/harbour-flood/{anchor}: the claim anchor '{anchor}' is gone" in message
    assert message.startswith("1 published URL would break")
    assert "factsheet urls --update" in message
    assert sorted(p.relative_to(site) for p in (site / "docs").rglob("*")) == before  # nothing written
    check = urls_command(site, "--check")
    assert check.returncode == 1 and "1 published URL would break" in check.stdout
    # A deliberate removal: update the list, and the build passes again.
    assert urls_command(site, "--update").returncode == 0
    generate(site, site / "docs")


def test_dropping_a_former_id_breaks_the_old_page_url(site):
    rename_sheet_and_claim(site / "content")
    assert urls_command(site, "--update").returncode == 0
    edit(site / "content" / "sheets" / "harbour-floods.yaml", "former_ids: [harbour-flood]\n", "")
    with pytest.raises(BuildError, match=r"/sheets/harbour-flood/: this published page is gone"):
        generate(site, site / "docs")


def test_the_real_content_keeps_every_committed_url():
    assert read_published(ROOT / PUBLISHED_FILE), f"{PUBLISHED_FILE} is empty"
    command = [sys.executable, "-m", "generator", "urls", "--check"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_built_site_serves_the_redirect_and_the_old_anchor(site):
    from generator.site.build import build_site

    rename_sheet_and_claim(site / "content")
    build_site(ROOT, site / "site", content_dir=site / "content", docs_dir=site / "docs")
    sheets = site / "site" / "sheets"
    redirect = BeautifulSoup((sheets / "harbour-flood" / "index.html").read_text(), "html.parser")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../harbour-floods/"
    page = BeautifulSoup((sheets / "harbour-floods" / "index.html").read_text(), "html.parser")
    old = page.find(id="ministry-2025-04-10-deaths")
    assert old is not None and old.name == "a" and not old.get_text()
    assert old.find_parent("div", class_="claim")["id"] == "ministry-2025-04-10-toll"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.symlink_to("/dev/zero"), "cannot read published-urls.txt: it is a symbolic link"),
        (lambda path: path.symlink_to(path.parent.parent / "secret.txt"),
         "cannot read published-urls.txt: it is a symbolic link"),
        (lambda path: os.mkfifo(path), "cannot read published-urls.txt: not a regular file"),
        (lambda path: path.write_bytes(b"/sheets/\xff\n"), "published-urls.txt is not UTF-8 text (byte 9)"),
    ],
)  # fmt: skip
def test_the_published_list_is_read_as_a_content_file_is(site, make, message):
    (site.parent / "secret.txt").write_text("/secret/\n")
    make(site / PUBLISHED_FILE)
    with pytest.raises(BuildError) as raised:
        generate(site, site / "docs", content_dir=site / "content", settings=Settings())
    assert str(raised.value) == message
    assert not (site / "docs").exists()
