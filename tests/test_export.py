"""Data files (JSON, CSV), their documentation, the citation block and the JSON-LD of a sheet."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Content
from generator.data.datadoc import RECORDS
from generator.data.export import CSV_COLUMNS, render_data_files
from generator.site.build import build_site, generate
from tests.factories import ROOT, merge_content, with_claim_text
from tests.factories import valid_content as fixture

WHEN = datetime(2025, 7, 1, 9, 30, tzinfo=UTC)
SITE = "https://example.org/factsheets/"


def data_files(content: Content, history: History | None = None) -> dict[str, str]:
    return render_data_files(content, build_index(content), history or History(), WHEN, SITE)


def test_every_data_file_is_written_with_version_and_generation_time() -> None:
    content = fixture()
    files = data_files(content)
    expected = {"data/claims.json", "data/claims.csv", "data/sources.json", "data/actors.json"}
    expected |= {f"data/sheets/{s.id}.json" for s in content.sheets}
    assert set(files) == expected
    for path, text in files.items():
        assert text.endswith("\n") and "\r\n" not in text
        if path.endswith(".json"):
            data = json.loads(text)
            assert data["schema_version"] == 1
            assert data["generated_at"] == "2025-07-01T09:30:00Z"
            assert text == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_claims_json_lists_every_claim_in_reading_order_with_its_address() -> None:
    content = fixture()
    claims = json.loads(data_files(content)["data/claims.json"])["claims"]
    assert [c["id"] for c in claims] == [c.id for s in content.sheets for c in s.claims]
    first = claims[0]
    assert first["path"] == "sheets/harbour-flood/#ministry-2025-03-02-deaths"
    assert first["url"] == SITE + first["path"]
    assert first["figure"] == {
        "metric": "flood-deaths", "value": 40, "basis": "cumulative", "period": None,
        "qualifier": "about", "low": 35, "high": 45,
        "unit": "people", "as_of": "2025-03", "scope": "in the harbour district",
    }  # fmt: skip
    assert first["added_on"] == "2025-03-02T00:00:00Z"  # no git history: the claim date
    history = History(added={first["id"]: datetime(2025, 3, 5, 8, tzinfo=UTC)})
    again = json.loads(data_files(content, history)["data/claims.json"])["claims"]
    assert again[0]["added_on"] == "2025-03-05T08:00:00Z"


def test_sources_and_actors_link_back_to_their_claims() -> None:
    files = data_files(fixture())
    sources = {s["id"]: s for s in json.loads(files["data/sources.json"])["sources"]}
    gazette = sources["example-gazette-2025-03-02-flood-toll"]
    assert gazette["cited_by"][:2] == ["ministry-2025-03-02-deaths", "harbour-closed-2025-03-01"]
    assert gazette["path"] == "sources/example-gazette-2025-03-02-flood-toll/"
    actors = {a["id"]: a for a in json.loads(files["data/actors.json"])["actors"]}
    assert actors["jane-sample"]["passed_on"] == ["ministry-2025-03-02-deaths"]
    assert "sample-2025-04-10-quote" in actors["jane-sample"]["claims"]


def test_every_field_in_the_files_is_documented_and_every_documented_field_occurs() -> None:
    docs = {r.name: {f.name for f in r.fields} for r in RECORDS}
    files = data_files(fixture())
    seen: dict[str, set[str]] = {name: set() for name in docs}

    def note(kind: str, record: dict) -> None:
        assert set(record) <= docs[kind], f"{kind}: undocumented {set(record) - docs[kind]}"
        seen[kind] |= set(record)
        for citation in record.get("citations", []):
            note("citation", citation)
        if record.get("figure"):
            note("figure", record["figure"])
        if record.get("quote") and kind == "claim":
            note("quote", record["quote"])

    for path, text in files.items():
        if not path.endswith(".json"):
            continue
        data = json.loads(text)
        payload = {k: v for k, v in data.items() if k not in ("schema_version", "generated_at")}
        assert len(payload) == 1
        (key, value), = payload.items()
        kind = {"claims": "claim", "sources": "source", "actors": "actor", "sheet": "sheet"}[key]
        for record in value if isinstance(value, list) else [value]:
            note(kind, record)
            for metric in record.get("metrics", []):
                note("metric", metric)
            for section in record.get("sections", []):
                note("section", section)
                for claim in section["claims"]:
                    note("claim", claim)
            for review in record.get("reviews", []):
                note("review", review)
    for kind, names in docs.items():
        if kind != "file":
            assert names == seen[kind], f"{kind}: documented but never written: {names - seen[kind]}"


def test_csv_round_trips_hostile_text_and_defuses_formulas() -> None:
    text = '=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line'
    content = with_claim_text(fixture(), text=text, notes="@SUM(A1:A9)")
    rows = list(csv.DictReader(io.StringIO(data_files(content)["data/claims.csv"])))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["text"] == "'" + text
    assert rows[0]["notes"] == "'@SUM(A1:A9)"
    assert rows[0]["value"] == "40" and rows[0]["low"] == "35"  # numbers are not prefixed
    assert rows[0]["via"] == "jane-sample"
    assert rows[1]["text"] == "The Ministry of Examples said 52 people had died in the flood."
    for start in ("+", "-", "\t", "\r"):
        hostile = with_claim_text(fixture(), text=start + "1+1")
        row = next(csv.DictReader(io.StringIO(data_files(hostile)["data/claims.csv"])))
        assert row["text"] == "'" + start + "1+1"


def test_two_renders_are_byte_identical() -> None:
    assert data_files(fixture()) == data_files(fixture())


# ---------------------------------------------------------------- in the built site

SITE_ENV = {
    "SITE_URL": "https://example.org/factsheets/",
    "REPO_URL": "https://github.com/example/factsheets",
    "SOURCE_DATE_EPOCH": "1751362200",  # 2025-07-01T09:30:00Z
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The valid and hostile fixtures built with the real mkdocs.yml (--strict)."""
    work = tmp_path_factory.mktemp("export-site")
    content = merge_content(work / "content")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SITE_ENV.items():
            patch.setenv(name, value)
        patch.delenv("REPO_BRANCH", raising=False)
        build_site(ROOT, work / "site", content_dir=content, docs_dir=work / "docs")
    return work


def sheet_html_of(site: Path) -> str:
    return (site / "sheets" / "harbour-flood" / "index.html").read_text(encoding="utf-8")


def json_ld_of(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.slow
def test_built_sheet_embeds_json_ld_that_parses_and_has_every_required_field(built: Path) -> None:
    (data,) = json_ld_of(built / "site" / "sheets" / "harbour-flood" / "index.html")
    assert data["@context"] == "https://schema.org"
    article = next(item for item in data["@graph"] if item["@type"] == "Article")
    assert article["url"] == "https://example.org/factsheets/sheets/harbour-flood/"
    assert article["headline"] == "The harbour flood of March 2025"
    assert {c["@type"] for c in article["citation"]} == {"CreativeWork"}
    reviews = [item for item in data["@graph"] if item["@type"] == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    for field in ("claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"):
        assert review[field], field
    assert set(review["reviewRating"]) >= {"ratingValue", "bestRating", "worstRating", "alternateName"}
    assert review["itemReviewed"]["@type"] == "Claim"
    assert set(review["itemReviewed"]) >= {"author", "datePublished", "appearance"}


@pytest.mark.slow
def test_hostile_text_in_json_ld_cannot_close_the_script(built: Path) -> None:
    sheets = sorted((built / "site" / "sheets").glob("*/index.html"))
    assert len(sheets) >= 2
    for page in sheets:
        raw = page.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
            assert "<" not in block
        assert len(json_ld_of(page)) == 1
    hostile = next(p for p in sheets if "harbour-flood" not in str(p))
    text = json.dumps(json_ld_of(hostile), ensure_ascii=False)
    assert "<script>" in text  # the editor's text is there, as data


@pytest.mark.slow
def test_built_pages_link_the_feed_show_charts_cite_and_edit_the_yaml(built: Path) -> None:
    site = built / "site"
    for page in (site / "index.html", site / "sheets/harbour-flood/index.html", site / "timeline/index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        feed = soup.head.find("link", rel="alternate", type="application/atom+xml")
        assert (page.parent / feed["href"]).resolve() == (site / "feed.xml").resolve()
    sheet = BeautifulSoup((site / "sheets" / "harbour-flood" / "index.html").read_text(), "html.parser")
    assert sheet.select_one("figure.fs-chart svg[role=img] desc") is not None
    cite = sheet.find(id="_cite").find_next("div", class_="fs-cite").get_text()
    assert "https://example.org/factsheets/sheets/harbour-flood/" in cite and "@misc{" in cite
    search = (site / "search" / "search_index.json").read_text()
    assert "estimates by claimant over time" not in search and "@misc" not in search  # excluded
    # The hook sets each chart's inside aside while search reads the page, and puts it back.
    sheet_markdown = (built / "docs" / "sheets" / "harbour-flood.md").read_text()
    markdown_chart = re.search(r'<figure class="fs-chart".*?</figure>', sheet_markdown, re.S)
    assert markdown_chart is not None and markdown_chart.group(0) in sheet_html_of(site)
    assert not [p for p in site.rglob("*.html") if "\x02" in p.read_text(encoding="utf-8")]
    edit = sheet.find("a", rel="edit")
    assert edit["href"] == "https://github.com/example/factsheets/edit/main/content/sheets/harbour-flood.yaml"
    permalink = sheet.find(id="ministry-2025-04-10-deaths").find("a", class_="claim-permalink")
    assert permalink["href"] == "#ministry-2025-04-10-deaths" and permalink["aria-label"]
    claims = json.loads((site / "data" / "claims.json").read_text())
    assert claims["generated_at"] == "2025-07-01T09:30:00Z"
    ET.fromstring((site / "feed.xml").read_bytes())  # well-formed


@pytest.mark.slow
def test_two_generations_of_the_same_content_are_byte_identical(built: Path, tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SITE_ENV.items():
            patch.setenv(name, value)
        generate(ROOT, tmp_path / "again", content_dir=built / "content")
    first, second = built / "docs", tmp_path / "again"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert "data/claims.csv" in names and "feed.xml" in names
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.slow
def test_tags_index_links_each_tag_to_its_sheets(built: Path) -> None:
    page = BeautifulSoup((built / "site" / "tags" / "index.html").read_text(), "html.parser")
    flood = page.find(id="tag:flood")  # where Material's tags plugin listed the tag's pages
    assert flood is not None and flood.get_text(strip=True).startswith("Flood")
    assert flood.find("a")["href"] == "flood/"
    tag_page = BeautifulSoup((built / "site" / "tags" / "flood" / "index.html").read_text(), "html.parser")
    assert "../../sheets/harbour-flood/" in [a["href"] for a in tag_page.find_all("a", href=True)]
    # The sheet shows its tags above its content, each a link to the tag's page.
    sheet_html = (built / "site" / "sheets" / "harbour-flood" / "index.html").read_text()
    sheet = BeautifulSoup(sheet_html, "html.parser")
    chips = {a.get_text(strip=True): a["href"] for a in sheet.select("nav.md-tags a")}
    assert chips.get("Flood") == "../../tags/flood/"


@pytest.mark.slow
def test_every_page_navigation_links_resolve_from_that_page(built: Path) -> None:
    # The navigation is made once per folder and reused (overrides/partials/nav.html): each
    # page's links must still lead to the section pages from where that page stands.
    site = built / "site"
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        nav = soup.select_one("nav.md-nav--primary")
        if nav is None:  # a redirect page
            continue
        for link in nav.select("a.md-nav__link[href]"):
            if link["href"].startswith("#"):  # the active page's own sections
                continue
            target = (page.parent / link["href"].partition("#")[0]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (page, link["href"])
