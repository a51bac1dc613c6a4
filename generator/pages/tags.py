"""The tags page (every tag, with its sheets and claims counted) and a page per tag listing them.

A tag's page lists the sheets carrying it, newest update first, then the claims carrying it,
newest first (a claim is part of a page, so no theme plugin could list it). A tag used across
the archive would make one page grow with it, so the list is split into numbered pages
(pages/pagination.py) of TAG_ITEMS_PER_PAGE entries.
The tags page keeps the anchors Material's tags plugin gave each tag (`#tag:<slug>`), so old
links to a tag still land on it. Sheets show their tags as links to these pages
(`site/mkdocs_hooks.py` reads `tag_pages` from the tags page's front matter).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import ClaimRef, SiteIndex
from ..content.model import Sheet, Tag
from .environment import NOT_SEARCHED, front_matter, front_matter_text, render_page
from .home import SheetSummary, newest_first, summarize_sheets
from .pagination import Pager, page_paths, pagers, split
from .views import ClaimLine, ClaimLines, moved_line

# Entries on each page of a tag's list: a sheet's entry (title, summary, date) and a claim's line
# take about the same room.
TAG_ITEMS_PER_PAGE = 30
_NOT_SLUG = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class TagView:
    label: str
    description: str | None
    anchor: str  # tag:<slug>, as Material's tags plugin named the tag's place on this page
    href: str  # the tag's own page, from the tags page
    counts: str  # "1 sheet · 12 claims"


@dataclass(frozen=True)
class TagsContext:
    front_matter: str
    tags: tuple[TagView, ...]


@dataclass(frozen=True)
class TagPageContext:
    """One page of a tag's list: the sheets and the claims of it that this page shows."""

    front_matter: str
    title: str
    description: str | None
    sheets: tuple[SheetSummary, ...]
    claims: tuple[ClaimLine, ...]  # newest first
    sheet_total: int  # on every page together
    claim_total: int
    pager: Pager
    index_href: str


@dataclass(frozen=True)
class Tagged:
    """What carries one tag: sheets newest update first, claims newest first."""

    sheets: list[Sheet]
    claims: list[ClaimRef]


def tag_slug(label: str) -> str:
    """The slug Material's tags plugin made of a tag's name (its HTML-escaped label)."""
    return _NOT_SLUG.sub("-", html.escape(label).lower()).strip("-")


def tagged_records(index: SiteIndex) -> dict[str, Tagged]:
    """Each tag's sheets and claims (a tag named but not defined is left out: check reports it)."""
    found = {tag_id: Tagged([], []) for tag_id in index.content.tags}
    for sheet in newest_first(index.content.sheets):
        for tag_id in sheet.tags:
            if tag_id in found:
                found[tag_id].sheets.append(sheet)
    for ref in index.timeline:
        for tag_id in ref.claim.tags:
            if tag_id in found:
                found[tag_id].claims.append(ref)
    return found


def tags_context(index: SiteIndex, tagged: dict[str, Tagged]) -> TagsContext:
    tags = sorted(index.content.tags.values(), key=lambda t: (t.label.casefold(), t.id))
    views = tuple(
        TagView(
            t.label,
            t.description,
            paths.tag_anchor(tag_slug(t.label)),
            paths.page_link(paths.TAGS, paths.tag_page(t.id)),
            f"{formatting.count(len(tagged[t.id].sheets), 'sheet')} · "
            f"{formatting.count(len(tagged[t.id].claims), 'claim')}",
        )
        for t in tags
    )
    fields = {
        "title": "Tags",
        "description": "Fact sheets and claims by tag.",
        "search": NOT_SEARCHED,
        # label as in the sheets' front matter (HTML-escaped) -> the tag's page, for the hook
        "tag_pages": {front_matter_text(t.label): paths.tag_page(t.id) for t in tags},
    }
    return TagsContext(front_matter(fields), views)


def tag_contexts(tag: Tag, index: SiteIndex, tagged: Tagged, lines: ClaimLines) -> dict[str, TagPageContext]:
    """The pages of one tag (docs path -> context)."""
    first = paths.tag_page(tag.id)
    items: list[Sheet | ClaimRef] = [*tagged.sheets, *tagged.claims]
    chunks = split(items, TAG_ITEMS_PER_PAGE)
    contexts = {}
    for page, chunk, pager in zip(
        page_paths(first, len(chunks)), chunks, pagers(first, len(chunks)), strict=True
    ):
        title = tag.label + (f", {pager.label}" if pager.number > 1 else "")
        fields = {
            "title": title,
            "description": tag.description or f"Fact sheets and claims tagged {tag.label}.",
            "search": NOT_SEARCHED,
        }
        contexts[page] = TagPageContext(
            front_matter=front_matter(fields),
            title=title,
            description=tag.description,
            sheets=summarize_sheets(index.content, [i for i in chunk if isinstance(i, Sheet)], page),
            claims=tuple(moved_line(lines(i), page) for i in chunk if isinstance(i, ClaimRef)),
            sheet_total=len(tagged.sheets),
            claim_total=len(tagged.claims),
            pager=pager,
            index_href=paths.page_link(page, paths.TAGS),
        )
    return contexts


def render_tags_pages(index: SiteIndex, lines: ClaimLines) -> dict[str, str]:
    tagged = tagged_records(index)
    pages = {paths.TAGS: render_page("tags.md.j2", tags_context(index, tagged))}
    for tag in index.content.tags.values():
        for page, context in tag_contexts(tag, index, tagged[tag.id], lines).items():
            pages[page] = render_page("tag.md.j2", context)
    return pages
