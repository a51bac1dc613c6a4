"""schema.org JSON-LD of a sheet: an Article citing its sources, and a ClaimReview per review.

Search engines and fact-check aggregators read it; the script block is built so that no editor
text can end it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from .. import licence
from ..content.history import History
from ..content.index import SiteIndex
from ..content.model import Sheet, Source
from ..formatting import iso_date as iso
from ..formatting import rating_label, tag_labels
from ..paths import absolute_url, page_url, record_file, sheet_page

# Google's fact-check markup wants a numeric rating on a scale and its words (alternateName).
RATING_SCALE = {"accurate": 5, "partly-accurate": 3, "misattributed": 2, "unsupported": 2, "inaccurate": 1}


def source_work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "datePublished": iso(source.published),
        "publisher": {"@type": "Organization", "name": source.publisher},
        "inLanguage": source.language,
    }
    # Only a web address is a link, here as on the page (the validator refuses others anyway).
    if urlsplit(source.url).scheme in ("http", "https"):
        work["url"] = source.url
    if source.authors:
        work["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    return work


def sheet_json_ld(
    sheet: Sheet, index: SiteIndex, history: History, site_name: str, site_url: str | None
) -> dict[str, Any]:
    """The sheet as a schema.org Article citing its sources, plus one ClaimReview per review.

    Without a site address the URLs are relative to the page, which JSON-LD resolves against it.
    """
    path = page_url(sheet_page(sheet.id))
    url = absolute_url(site_url, path) or ""
    organisation = {"@type": "Organization", "name": site_name, **({"url": site_url} if site_url else {})}
    changed = history.sheet_changed(sheet).isoformat()
    created = history.created.get(record_file("sheet", sheet.id))
    article = {
        "@type": "Article",
        "headline": sheet.title,
        "description": sheet.summary,
        "url": url,
        "dateModified": changed,
        "datePublished": created.date().isoformat() if created else changed,
        "author": organisation,
        "publisher": organisation,
        "keywords": list(tag_labels(index.content.tags, sheet.tags)),
        "citation": [source_work(source) for source in index.citations[sheet.id].sources],
        "license": licence.CONTENT.url,
    }
    graph = [article]
    for review in sheet.reviews:
        author = {"@type": "Organization", "name": review.claimed_by or "Unknown"}
        claim: dict[str, Any] = {"@type": "Claim", "author": author}
        if review.claimed_on:
            claim["datePublished"] = iso(review.claimed_on)
        if review.appearance_source and review.appearance_source in index.content.sources:
            claim["appearance"] = source_work(index.content.sources[review.appearance_source])
        elif review.appearance:
            claim["appearance"] = {"@type": "CreativeWork", "description": review.appearance}
        graph.append(
            {
                "@type": "ClaimReview",
                "url": f"{url}#{review.id}",
                "claimReviewed": review.statement,
                "author": organisation,
                "datePublished": iso(review.reviewed_on) or changed,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING_SCALE[review.rating],
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": rating_label(review.rating),
                },
                "itemReviewed": claim,
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


def json_ld_script(data: dict[str, Any]) -> str:
    """A <script> block that no editor text can end: <, > and & become JSON \\u escapes."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/ld+json">{text}</script>'
