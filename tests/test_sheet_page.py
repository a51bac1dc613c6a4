"""The home page, the sheet list and the sheet pages, as Markdown."""

from __future__ import annotations

import re
from dataclasses import replace

import jinja2
import pytest
import yaml

from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Citation, Metric, Review, Tag
from generator.pages.environment import environment, front_matter, render_page
from generator.pages.registry import render_pages
from generator.paths import page_link
from generator.settings import Settings
from tests.factories import HERE, content, event, figure_claim, section, sheet, source

REPO = "https://github.com/example/factsheet"


def split_front_matter(page: str) -> tuple[dict, str]:
    assert page.startswith("---\n")
    head, body = page[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def war_content():
    claims = (
        figure_claim("nis-1", "nis", "2025-01-13", 300, status="superseded", superseded_by="nis-2"),
        figure_claim("nis-2", "nis", "2025-04-30", 600, via=(("lawmaker",),)),
        figure_claim("kiev-1", "kiev", "2025-04-30", 4000, status="disputed"),
    )
    other = (event("seen", "2025-02-01", (Citation("s2", quote="seen", locator="p. 4"), Citation("s3"))),)
    review = Review(
        id="seed-review",
        statement="Lee Sung-joon briefed",
        rating="misattributed",
        finding="The briefers were others.",
        origin=HERE,
        citations=(Citation("s2", quote="seen", locator="p. 4"),),
        appearance="An article of unknown publisher",
    )
    war = sheet(sections=(section("casualties", *claims), section("events", *other)), reviews=(review,))
    return replace(content(war), tags={"t": Tag("t", "North Korea")})


def render(the_content, settings=None):
    return render_pages(build_index(the_content), settings or Settings(), History())


def test_pages_produced_are_the_home_the_sheet_list_and_one_page_per_sheet():
    pages = render(war_content())
    assert {"index.md", "sheets/index.md", "sheets/war.md"} <= set(pages)
    for text in pages.values():
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert all(line == line.rstrip() for line in text.splitlines())


def test_every_claim_has_its_anchor_attribution_status_and_footnotes():
    page = render(war_content())["sheets/war.md"]
    for claim_id in ("nis-1", "nis-2", "kiev-1", "seen"):
        assert re.search(
            rf'<div class="claim claim--\w+" id="{claim_id}" markdown>', page
        )
    block = page.split('id="nis-2"')[1].split("</div>")[0]
    assert "Claimed by National Intelligence Service, via A Lawmaker, on 30 April 2025" in block
    assert '<span class="status status--reported">reported</span>' in block
    assert "[^" in block
    superseded = page.split('id="nis-1"')[1].split("</div>")[0]
    assert "[Newer estimate](#nis-2)" in superseded


def test_footnote_references_and_definitions_agree_and_carry_the_source():
    page = render(war_content())["sheets/war.md"]
    references = re.findall(r"\[\^(\d+)\](?!:)", page)
    definitions = re.findall(r"^\[\^(\d+)\]: (.*)$", page, re.MULTILINE)
    # nis-1, nis-2 and kiev-1 cite s1 with different quotes; "seen" cites s2 and s3; the review
    # repeats seen's s2 citation, so it shares footnote 4.
    assert [int(n) for n, _ in definitions] == [1, 2, 3, 4, 5]
    assert sorted({int(n) for n in references}) == [1, 2, 3, 4, 5]
    assert references.count("4") == 2
    text = dict(definitions)["4"]
    assert text.startswith("[Title of s2](https://example.org/s2) — Publisher, published 1 January 2025.")
    assert "Accessed 1 June 2025. “seen” (p. 4)." in text


def test_key_figures_and_estimate_table_link_to_the_claims():
    page = render(war_content())["sheets/war.md"]
    key = page.split('<div class="key-figures" markdown>')[1].split("</div>")[0]
    # Series order names only zed, so the rest come by name: Kyiv, then the NIS.
    assert key.index("(#kiev-1)") < key.index("(#nis-2)")
    assert "#nis-1" not in key  # superseded: not a key figure
    table = page.split("{: #_metric-killed }")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "#" in line]
    assert [re.search(r"\(#([\w-]+)\)", row).group(1) for row in rows] == ["nis-1", "kiev-1", "nis-2"]
    assert "estimate-mark--latest" not in rows[0] and "status--superseded" in rows[0]
    assert "estimate-mark--latest" in rows[1] and "status--disputed" in rows[1]
    assert "| Claimed on | Claimant | Estimate (people) | Status |" in table


def test_reviews_and_the_sources_list():
    page = render(war_content())["sheets/war.md"]
    review = page.split('id="seed-review"')[1].split("</div>")[0]
    assert "> Lee Sung-joon briefed" in review
    assert '<span class="rating rating--misattributed">Misattributed</span>' in review
    assert "Appeared in: An article of unknown publisher." in review
    sources = page.split("{: #_sources }")[1].split("\n\n[^1]")[0]
    assert [m for m in re.findall(r"\[Title of (s\d)\]", sources)] == ["s1", "s2", "s3"]


def test_front_matter_is_safe_yaml_with_title_description_tags_and_edit_url():
    hostile = "Title\n---\nedit_url: javascript:alert(1)\n<script>x</script> 'q' \"d\""
    the_content = war_content()
    the_content = replace(
        the_content, sheets=(replace(the_content.sheets[0], title=hostile, summary=hostile, tags=("t",)),)
    )
    meta, body = split_front_matter(render(the_content, Settings(repo_url=REPO))["sheets/war.md"])
    flat = (
        "Title --- edit_url: javascript:alert(1) &lt;script&gt;x&lt;/script&gt; &#x27;q&#x27; &quot;d&quot;"
    )
    assert meta == {
        "title": flat,
        "description": flat,
        "tags": ["North Korea"],
        "edit_url": f"{REPO}/edit/main/content/sheets/war.yaml",
    }
    heading = "# Title --- edit_url: javascript:alert(1) &lt;script>x&lt;/script> 'q' \"d\" {: #_title }"
    assert body.startswith(f"\n{heading}")


def test_no_edit_url_without_a_repository():
    meta, _ = split_front_matter(render(war_content())["sheets/war.md"])
    assert "edit_url" not in meta
    assert Settings.from_env({"REPO_URL": "javascript:alert(1)"}).repo_url is None
    assert Settings.from_env({"REPO_URL": "https://github.com/o/r/"}).edit_url("sheets/x.yaml") == (
        "https://github.com/o/r/edit/main/content/sheets/x.yaml"
    )


def test_a_url_that_is_not_http_never_becomes_a_link():
    the_content = war_content()
    bad = replace(source("s1"), url="javascript:alert(1)", archive_url="data:text/html,x")
    page = render(replace(the_content, sources={**the_content.sources, "s1": bad}))["sheets/war.md"]
    assert "javascript:" not in page and "data:" not in page
    assert "- Title of s1 — Publisher, 1 January 2025, news." in page
    assert "Archived copy" not in page.split("{: #_sources }")[1].split("[Title of s2]")[0]


def test_superseded_by_on_another_sheet_links_across_pages():
    first = sheet(
        "a",
        sections=(
            section(
                "x", figure_claim("old", "nis", "2025-01-01", 1, status="superseded", superseded_by="new")
            ),
        ),
    )
    second = sheet("b", sections=(section("y", figure_claim("new", "nis", "2025-02-01", 2)),), metrics=())
    pages = render(content(first, second))
    assert "[Newer estimate](b.md#new)" in pages["sheets/a.md"]
    assert page_link("index.md", "sheets/b.md", "new") == "sheets/b.md#new"
    assert page_link("sheets/a.md", "sheets/a.md", "x") == "#x"


def test_home_and_sheet_list_put_the_newest_update_first():
    older = replace(sheet("older", metrics=()), title="Older", updated=replace(sheet().updated, year=2024))
    newer = replace(sheet("newer", metrics=()), title="Newer")
    pages = render(content(older, newer))
    assert pages["index.md"].index("(sheets/newer.md)") < pages["index.md"].index("(sheets/older.md)")
    assert pages["sheets/index.md"].index("(newer.md)") < pages["sheets/index.md"].index("(older.md)")
    assert "0 claims" in pages["index.md"]


def test_a_sheet_without_metrics_reviews_or_claims_has_no_empty_headings():
    page = render(content(sheet("empty", metrics=())))["sheets/empty.md"]
    for heading in ("_key-figures", "_reviews", "_sources", "_metric-"):
        assert heading not in page
    assert "[^" not in page


def test_a_metric_without_estimates_says_so():
    metric = Metric("wounded", "Wounded", "people", "Hurt.", HERE)
    page = render(content(sheet("w", metrics=(metric,))))["sheets/w.md"]
    assert "No estimates yet." in page


def test_templates_are_strict_about_undefined_names(tmp_path):
    (tmp_path / "broken.md.j2").write_text("{{ page.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        render_page("broken.md.j2", war_content(), tmp_path)
    assert environment(tmp_path).autoescape is False  # Markdown: escaping is the filters' job


def test_front_matter_leaves_out_empty_values():
    assert (
        front_matter({"title": "T", "description": "", "tags": [], "edit_url": None})
        == "---\ntitle: T\n---\n"
    )
