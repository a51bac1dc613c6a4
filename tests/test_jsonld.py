"""schema.org JSON-LD of a sheet: the Article, its ClaimReviews, and a script no text can end."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from generator.content.history import History
from generator.content.index import build_index
from generator.pages.jsonld import json_ld_script, sheet_json_ld
from tests.factories import valid_content as fixture

SITE = "https://example.org/factsheets/"


def test_json_ld_has_the_article_and_google_claimreview_fields() -> None:
    content = fixture()
    sheet = content.sheets[0]
    history = History(changed={"sheets/harbour-flood.yaml": datetime(2025, 6, 9, tzinfo=UTC)})
    data = sheet_json_ld(sheet, build_index(content), history, "Fact sheets", SITE)
    article, review = data["@graph"]
    assert article["@type"] == "Article" and article["dateModified"] == "2025-06-09"
    assert article["url"] == SITE + "sheets/harbour-flood/"
    assert {c["url"] for c in article["citation"]} == {s.url for s in content.sources.values()}
    assert review["@type"] == "ClaimReview"
    assert review["url"] == SITE + "sheets/harbour-flood/#viral-post-toll"
    assert review["claimReviewed"] == sheet.reviews[0].statement
    rating = review["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (1, 5, 1)
    assert rating["alternateName"] == "Inaccurate"
    assert review["author"]["@type"] == "Organization" and review["datePublished"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"]["name"] and item["datePublished"] == "2025-03"
    assert item["appearance"]["@type"] == "CreativeWork"


def test_json_ld_cannot_be_ended_by_editor_text() -> None:
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    script = json_ld_script({"@context": "https://schema.org", "headline": hostile})
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner)["headline"] == hostile
