"""Data files (JSON, CSV), their documentation, the citation block and the JSON-LD of a sheet."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Claim, Content
from generator.data.datadoc import CHART_CSV_NOTES, RECORDS
from generator.data.export import CHART_COLUMNS, CSV_COLUMNS, render_data_files
from generator.site.build import build_site, generate
from tests import factories
from tests.factories import ROOT, figure_claim, merge_content, with_claim_text
from tests.factories import valid_content as fixture

WHEN = datetime(2025, 7, 1, 9, 30, tzinfo=UTC)
SITE = "https://example.org/factsheets/"


def data_files(content: Content, history: History | None = None) -> dict[str, str]:
    return render_data_files(content, build_index(content), history or History(), WHEN, SITE)


def one_sheet(*claims: Claim) -> Content:
    """The factories' content with one sheet ('war', metric 'killed') whose one section holds the claims."""
    return factories.content(factories.sheet(sections=(factories.section("toll", *claims),)))


def test_every_data_file_is_written_with_version_and_generation_time() -> None:
    content = fixture()
    files = data_files(content)
    expected = {"data/claims.json", "data/claims.csv", "data/sources.json", "data/actors.json"}
    expected |= {f"data/sheets/{s.id}.json" for s in content.sheets}
    expected |= {f"data/sheets/{s.id}.csv" for s in content.sheets}
    expected |= {f"data/charts/{m.id}.csv" for s in content.sheets for m in s.metrics}
    assert set(files) == expected
    for path, text in files.items():
        assert text.endswith("\n") and "\r\n" not in text
        if path.endswith(".json"):
            data = json.loads(text)
            assert data["schema_version"] == 1
            assert data["generated_at"] == "2025-07-01T09:30:00Z"
            assert data["license"] == {
                "spdx": "CC-BY-4.0",
                "name": "Creative Commons Attribution 4.0 International",
                "url": "https://creativecommons.org/licenses/by/4.0/",
            }
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
            if citation.get("check"):
                note("check", citation["check"])
        if record.get("figure"):
            note("figure", record["figure"])
        if record.get("quote") and kind == "claim":
            note("quote", record["quote"])

    for path, text in files.items():
        if not path.endswith(".json"):
            continue
        data = json.loads(text)
        payload = {k: v for k, v in data.items() if k not in ("schema_version", "generated_at", "license")}
        assert len(payload) == 1
        ((key, value),) = payload.items()
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


def test_a_sheets_csv_has_its_claims_and_a_charts_csv_its_points() -> None:
    content = fixture()
    files = data_files(content)
    sheet = content.sheets[0]
    rows = list(csv.DictReader(io.StringIO(files[f"data/sheets/{sheet.id}.csv"])))
    assert [r["id"] for r in rows] == [c.id for c in sheet.claims]
    assert tuple(rows[0]) == CSV_COLUMNS
    metric = sheet.metrics[0]
    points = list(csv.DictReader(io.StringIO(files[f"data/charts/{metric.id}.csv"])))
    assert tuple(points[0]) == CHART_COLUMNS
    figures = [c for c in sheet.claims if c.figure and c.figure.metric == metric.id]
    charted = [c for c in figures if c.figure and c.figure.basis != "period"]
    assert {p["claim"] for p in points} == {c.id for c in charted}
    assert all(p["path"].startswith(f"sheets/{sheet.id}/#") for p in points)
    # Every column is explained on the Data page.
    for column in CHART_COLUMNS:
        assert f"`{column}`" in CHART_CSV_NOTES


def test_a_count_over_a_period_is_in_the_claims_files_but_not_in_the_chart_s_csv() -> None:
    weekly = figure_claim("zed-week", "zed", "2025-05-10", 70)
    weekly = replace(weekly, figure=replace(weekly.figure, basis="period", period="one week"))
    zed = figure_claim("zed-1", "zed", "2025-04-01", 300)
    files = data_files(one_sheet(zed, weekly, figure_claim("nis-1", "nis", "2025-05-01", 600)))
    points = list(csv.DictReader(io.StringIO(files["data/charts/killed.csv"])))
    assert sorted(p["claim"] for p in points) == ["nis-1", "zed-1"]
    assert {p["basis"] for p in points} == {"cumulative"}
    for name in ("data/claims.csv", "data/sheets/war.csv"):
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files[name]))}
        assert set(rows) == {"zed-1", "zed-week", "nis-1"}
        week = rows["zed-week"]
        assert (week["basis"], week["period"], week["value"]) == ("period", "one week", "70")
    # A metric with nothing but counts over a period has no chart, so no chart CSV.
    assert "data/charts/killed.csv" not in data_files(one_sheet(weekly))


def test_a_hop_of_several_actors_is_kept_in_claims_json_and_joined_in_the_csv() -> None:
    passed = figure_claim("nis-2", "nis", "2025-04-30", 600, via=(("lawmaker",), ("kiev", "zed")))
    files = data_files(one_sheet(passed))
    (record,) = json.loads(files["data/claims.json"])["claims"]
    assert record["hops"] == [["lawmaker"], ["kiev", "zed"]]  # who passed it on, side by side in a hop
    assert record["via"] == ["lawmaker", "kiev", "zed"]  # every hop's actors, in order
    (on_sheet,) = json.loads(files["data/sheets/war.json"])["sheet"]["sections"][0]["claims"]
    assert (on_sheet["hops"], on_sheet["via"]) == (record["hops"], record["via"])
    for name in ("data/claims.csv", "data/sheets/war.csv"):
        (row,) = csv.DictReader(io.StringIO(files[name]))
        assert (row["via"], row["hops"]) == ("lawmaker;kiev;zed", "lawmaker > kiev+zed"), name
    actors = {a["id"]: a for a in json.loads(files["data/actors.json"])["actors"]}
    assert [actors[a]["passed_on"] for a in ("lawmaker", "kiev", "zed", "nis")] == [["nis-2"]] * 3 + [[]]
    assert actors["nis"]["claims"] == ["nis-2"]


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
    assert sheet.select_one("figure.fs-chart svg[role=group] desc") is not None
    cite = sheet.find(id="_cite").find_next("div", class_="fs-cite").get_text()
    assert "https://example.org/factsheets/sheets/harbour-flood/" in cite and "@misc{" in cite
    search = (site / "search" / "search_index.json").read_text()
    assert "estimates by claimant over time" not in search and "@misc" not in search  # excluded
    # The hook sets each chart's inside aside while search reads the page, and puts it back.
    sheet_markdown = (built / "docs" / "sheets" / "harbour-flood.md").read_text()
    markdown_chart = re.search(r'<figure class="fs-chart".*?</figure>', sheet_markdown, re.S)
    assert markdown_chart is not None and markdown_chart.group(0) in sheet_html_of(site)
    assert not [p for p in site.rglob("*.html") if "\x02" in p.read_text(encoding="utf-8")]
    # The parts that repeat the claims and sources are on the page, and out of the search index.
    entries = json.loads(search)["docs"]
    sheet_sections = {d["location"] for d in entries if d["location"].startswith("sheets/harbour-flood/")}
    assert "sheets/harbour-flood/#toll" in sheet_sections  # a section of claims
    assert "sheets/harbour-flood/#_at-a-glance" in sheet_sections  # the short answer stays searchable
    for anchor in ("_references", "_changes", "_cite"):
        assert sheet.find(id=anchor) is not None, anchor
        assert f"sheets/harbour-flood/#{anchor}" not in sheet_sections, anchor
    # A metric's name and definition are searched (short, and ranked first by their title), its
    # tables of estimates are not; the page still shows them.
    metric = next(d for d in entries if d["location"] == "sheets/harbour-flood/#_metric-flood-deaths")
    assert "Latest estimate" not in metric["text"] and "Date" not in metric["text"]
    assert sheet.select_one("table.fs-table--key") is not None
    assert "fs:search-skip" not in sheet_html_of(site)
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


# ------------------------------------------------------------------ exact numbers

BIG = "12345678901234567.5"  # a float would write 1.2345678901234568e+16
TINY = "0.0000000001"  # str(Decimal) would write 1E-10
LARGEST = "9" * 20  # the most digits a figure may have


def exact_content() -> Content:
    from decimal import Decimal

    from tests.factories import content, figure_claim, section, sheet

    claims = (
        figure_claim("big", "zed", "2025-05-01", Decimal(BIG)),
        figure_claim("tiny", "zed", "2025-05-02", Decimal(TINY)),
        figure_claim("largest", "nis", "2025-05-03", int(LARGEST)),
        figure_claim("typed", "nis", "2025-05-04", Decimal("600.50")),
    )
    return content(sheet(sections=(section("toll", *claims),)))


def test_decimals_reach_json_csv_and_pages_with_every_digit() -> None:
    from decimal import Decimal

    from generator.settings import Settings
    from generator.site.build import render_all

    exact = exact_content()
    files = data_files(exact)
    text = files["data/claims.json"]
    for digits in (BIG, TINY, LARGEST, "600.50"):
        assert f'"value":{digits}}}' in text  # a JSON number with exactly the digits typed
    values = [c["figure"]["value"] for c in json.loads(text, parse_float=Decimal)["claims"]]
    assert values == [Decimal(BIG), Decimal(TINY), int(LARGEST), Decimal("600.50")]
    assert f'"value":{BIG}}}' in files["data/sheets/war.json"]
    rows = list(csv.DictReader(io.StringIO(files["data/claims.csv"])))
    assert [row["value"] for row in rows] == [BIG, TINY, LARGEST, "600.50"]
    assert f",{BIG}," in files["data/claims.csv"]  # unquoted: a spreadsheet reads a number
    page = render_all(build_index(exact), Settings())["sheets/war.md"]
    assert "12,345,678,901,234,567.5" in page and "0.0000000001" in page
    assert "99,999,999,999,999,999,999" in page  # and the chart, drawn with floats, is there
    assert 'class="fs-chart"' in page


def test_a_json_text_cannot_spell_the_mark_that_stands_in_for_a_number() -> None:
    from generator.data.export import _EXACT_MARK, dump_json

    assert (
        dump_json({"a": _EXACT_MARK[1:], "b": 1})
        == json.dumps(
            {"a": _EXACT_MARK[1:], "b": 1}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        + "\n"
    )
    with pytest.raises(TypeError):
        dump_json({"a": object()})


@pytest.mark.slow
def test_built_pages_share_well_state_the_licence_and_date_the_sitemap(built: Path) -> None:
    site = built / "site"
    sheet = BeautifulSoup((site / "sheets" / "harbour-flood" / "index.html").read_text(), "html.parser")
    tags = [m for m in sheet.head.find_all("meta") if m.get("content")]
    meta = {m.get("property") or m.get("name"): m["content"] for m in tags}
    assert meta["og:title"] == "The harbour flood of March 2025"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "https://example.org/factsheets/sheets/harbour-flood/"
    assert meta["og:image"] == "https://example.org/factsheets/assets/share.png"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert (site / "assets" / "share.png").stat().st_size > 1000
    titles = set()
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.title is None or soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        title = soup.title.get_text()
        assert title != "Fact sheets - Fact sheets" and title.count("Fact sheets") <= 1, page
        titles.add(title)
        footer = soup.find("div", class_="md-copyright").get_text(" ")
        assert "CC BY 4.0" in footer and "MIT" in footer, page
    assert "Page not found - Fact sheets" in titles
    # sitemap.xml dates each page by its content's last change (no git here: the sheet's `updated`).
    sitemap = ET.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in sitemap}
    assert lastmod["https://example.org/factsheets/sheets/harbour-flood/"] == "2025-06-01"
    assert all(lastmod.values())
    # The search index ranks sheets above sources and actors (Material's per-page boost).
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    boosts = {d["location"].split("#")[0]: d.get("boost") for d in docs}
    assert boosts["sheets/harbour-flood/"] == 10
    assert boosts["sources/example-gazette-2025-03-02-flood-toll/"] == 0.1
    assert "actors/jane-sample/" not in boosts  # its claims are found on their sheets (issue 15)


@pytest.mark.slow
def test_the_404_page_searches_and_lists_the_sheets_at_any_depth(built: Path) -> None:
    page = BeautifulSoup((built / "site" / "404.html").read_text(), "html.parser")
    form = page.find("form", role="search")
    assert form["action"] == "/factsheets/" and form.find("input")["name"] == "q"
    links = {a.get_text(): a["href"] for a in page.find("article").find_all("a")}
    assert links["The harbour flood of March 2025"] == "/factsheets/sheets/harbour-flood/"
    assert links["All fact sheets"] == "/factsheets/sheets/"


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
