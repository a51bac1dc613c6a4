"""The tags page: every tag, and Material's list of the pages carrying each."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..content.model import Content
from .environment import NOT_SEARCHED, front_matter, render_page


@dataclass(frozen=True)
class TagView:
    label: str
    description: str | None


@dataclass(frozen=True)
class TagsContext:
    front_matter: str
    tags: tuple[TagView, ...]


def tags_context(content: Content) -> TagsContext:
    tags = sorted(content.tags.values(), key=lambda t: (t.label.casefold(), t.id))
    fields = {"title": "Tags", "description": "Fact sheets by tag.", "search": NOT_SEARCHED}
    return TagsContext(front_matter(fields), tuple(TagView(t.label, t.description) for t in tags))


def render_tags_page(content: Content) -> dict[str, str]:
    return {paths.TAGS: render_page("tags.md.j2", tags_context(content))}
