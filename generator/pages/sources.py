"""A page per source (its full reference and every claim and review citing it), and their list."""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import SiteIndex
from ..content.model import Source
from ..settings import Settings
from .environment import NOT_SEARCHED, front_matter, render_page
from .views import ClaimLine, ClaimLines, SourceReference, source_reference


@dataclass(frozen=True)
class ReviewLink:
    statement: str
    rating: str
    href: str
    sheet_title: str


@dataclass(frozen=True)
class SourcePageContext:
    front_matter: str
    source: SourceReference
    claims: tuple[ClaimLine, ...]
    reviews: tuple[ReviewLink, ...]
    index_href: str


@dataclass(frozen=True)
class SourceRow:
    source: SourceReference
    href: str
    cited: int  # claims and reviews citing it


@dataclass(frozen=True)
class SourcesIndexContext:
    front_matter: str
    rows: tuple[SourceRow, ...]


def source_context(
    source: Source, index: SiteIndex, settings: Settings, lines: ClaimLines
) -> SourcePageContext:
    page = paths.source_page(source.id)
    reviews = tuple(
        ReviewLink(
            statement=ref.review.statement,
            rating=formatting.label(ref.review.rating),
            href=paths.page_link(page, paths.sheet_page(ref.sheet.id), ref.review.id),
            sheet_title=ref.sheet.title,
        )
        for ref in index.reviews_by_source.get(source.id, ())
    )
    published = formatting.long_date(source.published)
    return SourcePageContext(
        front_matter=front_matter(
            {
                "title": formatting.source_title(source),
                "description": f"{source.publisher}, {published}: the claims citing it.",
                "edit_url": settings.edit_url(paths.record_file("source", source.id)),
            }
        ),
        source=source_reference(source),
        claims=tuple(lines(ref) for ref in index.claims_by_source.get(source.id, ())),
        reviews=reviews,
        index_href=paths.page_link(page, paths.SOURCES_INDEX),
    )


def sources_index_context(index: SiteIndex) -> SourcesIndexContext:
    """Newest publication first; then by title."""
    sources = sorted(
        index.content.sources.values(),
        key=lambda s: (-s.published.year, -s.published.month, -s.published.day, s.title.casefold(), s.id),
    )
    rows = tuple(
        SourceRow(
            source=source_reference(s),
            href=paths.page_link(paths.SOURCES_INDEX, paths.source_page(s.id)),
            cited=len(index.claims_by_source.get(s.id, ())) + len(index.reviews_by_source.get(s.id, ())),
        )
        for s in sources
    )
    fields = {"title": "Sources", "description": "Every cited source.", "search": NOT_SEARCHED}
    return SourcesIndexContext(front_matter(fields), rows)


def render_source_pages(index: SiteIndex, settings: Settings, lines: ClaimLines) -> dict[str, str]:
    pages = {paths.SOURCES_INDEX: render_page("sources_index.md.j2", sources_index_context(index))}
    for source in index.content.sources.values():
        context = source_context(source, index, settings, lines)
        pages[paths.source_page(source.id)] = render_page("source.md.j2", context)
    return pages
