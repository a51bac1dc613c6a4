"""The tags: an index of every tag, and a page per tag listing the sheets and claims carrying it.

Material's tags plugin lists the sheets of each tag on the index (its marker) and links the tag
chips at the top of each sheet there; the tag pages also list the claims, which the plugin
cannot see (a claim is part of a page, not a page).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import ClaimRef, SiteIndex
from ..content.model import Tag
from .environment import NOT_SEARCHED, front_matter, render_page
from .views import ClaimLine, ClaimLines


@dataclass(frozen=True)
class TagView:
    label: str
    description: str | None
    href: str
    counts: str  # "1 sheet · 12 claims"


@dataclass(frozen=True)
class TagsContext:
    front_matter: str
    tags: tuple[TagView, ...]


@dataclass(frozen=True)
class SheetLink:
    title: str
    href: str


@dataclass(frozen=True)
class TagPageContext:
    front_matter: str
    label: str
    description: str | None
    sheets: tuple[SheetLink, ...]
    claims: tuple[ClaimLine, ...]  # newest first
    index_href: str


def claims_by_tag(index: SiteIndex) -> dict[str, list[ClaimRef]]:
    """Each tag's claims, newest first (the timeline's order)."""
    tagged: dict[str, list[ClaimRef]] = {tag_id: [] for tag_id in index.content.tags}
    for ref in index.timeline:
        for tag_id in ref.claim.tags:
            tagged.setdefault(tag_id, []).append(ref)
    return tagged


def tags_context(index: SiteIndex, tagged: dict[str, list[ClaimRef]]) -> TagsContext:
    tags = sorted(index.content.tags.values(), key=lambda t: (t.label.casefold(), t.id))
    fields = {"title": "Tags", "description": "Fact sheets and claims by tag.", "search": NOT_SEARCHED}
    return TagsContext(
        front_matter(fields),
        tuple(
            TagView(
                label=tag.label,
                description=tag.description,
                href=paths.page_link(paths.TAGS, paths.tag_page(tag.id)),
                counts=_counts(index, tag, tagged[tag.id]),
            )
            for tag in tags
        ),
    )


def _counts(index: SiteIndex, tag: Tag, claims: list[ClaimRef]) -> str:
    sheets = sum(1 for sheet in index.content.sheets if tag.id in sheet.tags)
    return f"{formatting.count(sheets, 'sheet')} · {formatting.count(len(claims), 'claim')}"


def tag_context(index: SiteIndex, tag: Tag, claims: list[ClaimRef], lines: ClaimLines) -> TagPageContext:
    page = paths.tag_page(tag.id)
    return TagPageContext(
        front_matter=front_matter(
            {
                "title": tag.label,
                "description": tag.description or f"Fact sheets and claims tagged {tag.label}.",
                "search": NOT_SEARCHED,
            }
        ),
        label=tag.label,
        description=tag.description,
        sheets=tuple(
            SheetLink(sheet.title, paths.page_link(page, paths.sheet_page(sheet.id)))
            for sheet in index.content.sheets
            if tag.id in sheet.tags
        ),
        claims=tuple(lines(ref) for ref in claims),
        index_href=paths.page_link(page, paths.TAGS),
    )


def render_tags_pages(index: SiteIndex, lines: ClaimLines) -> dict[str, str]:
    tagged = claims_by_tag(index)
    pages = {paths.TAGS: render_page("tags.md.j2", tags_context(index, tagged))}
    for tag in index.content.tags.values():
        pages[paths.tag_page(tag.id)] = render_page(
            "tag.md.j2", tag_context(index, tag, tagged[tag.id], lines)
        )
    return pages
