"""The tags page (every tag, with its number of sheets) and a page per tag listing its sheets.

Each tag's page lists its sheets newest update first, TAG_SHEETS_PER_PAGE to a page
(pages/pagination.py). The tags page keeps the anchors Material's tags plugin gave each tag
(`#tag:<slug>`), so old links to a tag still land on it. Sheets show their tags as links to
these pages (`site/mkdocs_hooks.py` reads `tag_pages` from this page's front matter).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .. import paths
from ..content.model import Content, Sheet, Tag
from .environment import NOT_SEARCHED, front_matter, render_page
from .home import SheetSummary, newest_first, summarize_sheets
from .pagination import Pager, page_paths, pagers, split

TAG_SHEETS_PER_PAGE = 15
_NOT_SLUG = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class TagView:
    label: str
    description: str | None
    anchor: str  # tag:<slug>, as Material's tags plugin named the tag's place on this page
    href: str  # the tag's own page, from the tags page
    count: int  # sheets carrying it


@dataclass(frozen=True)
class TagsContext:
    front_matter: str
    tags: tuple[TagView, ...]


@dataclass(frozen=True)
class TagPageContext:
    front_matter: str
    title: str
    label: str
    description: str | None
    sheets: tuple[SheetSummary, ...]
    pager: Pager
    total: int
    index_href: str


def tag_slug(label: str) -> str:
    """The slug Material's tags plugin made of a tag's name (its HTML-escaped label)."""
    return _NOT_SLUG.sub("-", html.escape(label).lower()).strip("-")


def sheets_by_tag(content: Content) -> dict[str, list[Sheet]]:
    found: dict[str, list[Sheet]] = {tag_id: [] for tag_id in content.tags}
    for sheet in content.sheets:
        for tag_id in sheet.tags:
            found.setdefault(tag_id, []).append(sheet)
    return found


def _ordered(content: Content) -> list[Tag]:
    return sorted(content.tags.values(), key=lambda t: (t.label.casefold(), t.id))


def tags_context(content: Content, tagged: dict[str, list[Sheet]]) -> TagsContext:
    tags = _ordered(content)
    views = tuple(
        TagView(
            t.label,
            t.description,
            paths.tag_anchor(tag_slug(t.label)),
            paths.page_link(paths.TAGS, paths.tag_page(t.id)),
            len(tagged.get(t.id, ())),
        )
        for t in tags
    )
    fields = {
        "title": "Tags",
        "description": "Fact sheets by tag.",
        "search": NOT_SEARCHED,
        # label as in the sheets' front matter (HTML-escaped) -> the tag's page, for the hook
        "tag_pages": {html.escape(" ".join(t.label.split())): paths.tag_page(t.id) for t in tags},
    }
    return TagsContext(front_matter(fields), views)


def tag_contexts(tag: Tag, content: Content, sheets: list[Sheet]) -> dict[str, TagPageContext]:
    """The pages of one tag (docs path -> context)."""
    first = paths.tag_page(tag.id)
    chunks = split(newest_first(sheets), TAG_SHEETS_PER_PAGE)
    where = page_paths(first, len(chunks))
    contexts = {}
    for page, chunk, pager in zip(where, chunks, pagers(first, len(chunks)), strict=True):
        title = f"Tag: {tag.label}" + (f", {pager.label}" if pager.number > 1 else "")
        description = f"Fact sheets tagged {tag.label}."
        contexts[page] = TagPageContext(
            front_matter=front_matter({"title": title, "description": description, "search": NOT_SEARCHED}),
            title=title,
            label=tag.label,
            description=tag.description,
            sheets=summarize_sheets(content, chunk, page),
            pager=pager,
            total=len(sheets),
            index_href=paths.page_link(page, paths.TAGS),
        )
    return contexts


def render_tags_page(content: Content) -> dict[str, str]:
    tagged = sheets_by_tag(content)
    pages = {paths.TAGS: render_page("tags.md.j2", tags_context(content, tagged))}
    for tag in content.tags.values():
        for page, context in tag_contexts(tag, content, tagged.get(tag.id, [])).items():
            pages[page] = render_page("tag.md.j2", context)
    return pages
