"""An Atom feed (RFC 4287) of the newest claims, by the date they were added to the site.

'Added' comes from git (the first commit with the claim's id); without history it is the
date the claim was made. Entry ids are derived from claim ids, so they survive a move of the
site to another address. Everything an editor wrote is XML-escaped.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from .. import licence
from ..content.history import History
from ..content.index import ClaimRef, SiteIndex
from ..formatting import attribution, figure_and_basis, tag_labels
from ..formatting import iso_date as iso
from ..paths import FEED, absolute_url, page_url, sheet_page

MAX_ENTRIES = 50
RIGHTS = f"{licence.CONTENT.name} ({licence.CONTENT.short}): {licence.CONTENT.url}"
# XML 1.0 forbids most control characters even when escaped; they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def xml_attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def stable_id(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'factsheet:{kind}:{key}')}"


def newest_claims(
    index: SiteIndex, history: History, limit: int = MAX_ENTRIES
) -> list[tuple[datetime, ClaimRef]]:
    """Claims by the time they were added, newest first; ties by claim date, then id."""
    dated = [(history.claim_added(ref.claim), ref) for ref in index.claims.values()]
    dated.sort(key=lambda pair: (pair[0], pair[1].claim.claimed_on, pair[1].claim.id), reverse=True)
    return dated[:limit]


def entry_summary(ref: ClaimRef, index: SiteIndex) -> str:
    """'Text. (Killed: about 600 people. Claimed by X, on 30 April 2025; status: reported.)'"""
    claim = ref.claim
    actors = index.content.actors
    claimant = actors[claim.claimant].name if claim.claimant in actors else None
    via = [[actors[a].name if a in actors else a for a in hop] for hop in claim.via]
    said = f"{attribution(claimant, via, claim.claimed_on)}; status: {claim.status}."
    if claim.figure:  # worded as on the pages: the sheet's claim line, the actor and timeline lists
        metric = index.metrics[claim.figure.metric].metric
        said = f"{metric.label}: {figure_and_basis(claim.figure, claim.claimed_on, metric.unit)}. {said}"
    return f"{claim.text} ({said})"


def render_feed(
    index: SiteIndex, history: History, generated_at: datetime, site_name: str, site_url: str | None
) -> str:
    entries = newest_claims(index, history)
    updated = entries[0][0] if entries else generated_at
    home = absolute_url(site_url, "") or "./"
    self_url = absolute_url(site_url, FEED) or FEED
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>{stable_id('feed', site_url or site_name)}</id>",
        f"  <title>{xml_text(site_name)}: new claims</title>",
        f"  <subtitle>The newest claims on {xml_text(site_name)}, by the date they were added.</subtitle>",
        f"  <updated>{iso(updated)}</updated>",
        f"  <author><name>{xml_text(site_name)}</name></author>",
        f"  <rights>{xml_text(RIGHTS)}</rights>",
        f'  <link rel="self" type="application/atom+xml" href={xml_attr(self_url)}/>',
        f'  <link rel="alternate" type="text/html" href={xml_attr(home)}/>',
    ]
    tags = index.content.tags
    for added, ref in entries:
        path = page_url(sheet_page(ref.sheet.id), ref.claim.id)
        link = absolute_url(site_url, path) or path
        lines += [
            "  <entry>",
            f"    <id>{stable_id('claim', ref.claim.id)}</id>",
            f"    <title>{xml_text(ref.sheet.title)}: {xml_text(ref.claim.text)}</title>",
            f'    <link rel="alternate" type="text/html" href={xml_attr(link)}/>',
            f"    <published>{iso(added)}</published>",
            f"    <updated>{iso(added)}</updated>",
            f"    <summary>{xml_text(entry_summary(ref, index))}</summary>",
            *(
                f"    <category term={xml_attr(tag)} label={xml_attr(label)}/>"
                for tag, label in zip(ref.claim.tags, tag_labels(tags, ref.claim.tags), strict=True)
            ),
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
