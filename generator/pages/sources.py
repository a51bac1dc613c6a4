"""A page per source (its full reference and every claim and review citing it), and their list."""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import SiteIndex
from ..content.model import Source
from ..settings import Settings
from .environment import NOT_SEARCHED, front_matter, render_page
from .pagination import Pager, page_paths, pagers, split
from .views import ClaimLine, ClaimLines

# Rows on each page of the sources list (pages/pagination.py): the list grows with the archive.
SOURCES_PER_PAGE = 100


@dataclass(frozen=True)
class SourceReference:
    """Every field of a source, worded for its page."""

    title: str
    publisher: str
    agency: str | None
    authors: tuple[str, ...]
    kind: str
    published: str
    accessed: str
    url: str
    archive_url: str | None
    archived: str
    language: str
    notes: str | None


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
    title: str
    href: str
    publisher: str
    agency: str | None
    kind: str
    published: str
    cited: int


@dataclass(frozen=True)
class SourcesIndexContext:
    front_matter: str
    title: str
    rows: tuple[SourceRow, ...]
    pager: Pager
    total: int  # sources on every page together


def source_reference(source: Source) -> SourceReference:
    return SourceReference(
        title=formatting.source_title(source),
        publisher=source.publisher,
        agency=source.agency,
        authors=source.authors,
        kind=formatting.label(source.kind),
        published=formatting.long_date(source.published),
        accessed=formatting.long_date(source.accessed),
        url=source.url,
        archive_url=source.archive_url,
        archived=formatting.optional_date(source.archived),
        language=source.language,
        notes=source.notes,
    )


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
                # Not searched: its title and publisher are on every sheet citing it, and the claims
                # it lists are found on their sheets.
                "search": NOT_SEARCHED,
            }
        ),
        source=source_reference(source),
        claims=tuple(lines(ref) for ref in index.claims_by_source.get(source.id, ())),
        reviews=reviews,
        index_href=paths.page_link(page, paths.SOURCES_INDEX),
    )


def sources_index_contexts(index: SiteIndex) -> dict[str, SourcesIndexContext]:
    """The pages of the sources list (docs path -> context): newest publication first; then by title."""
    sources = sorted(
        index.content.sources.values(),
        key=lambda s: (-s.published.year, -s.published.month, -s.published.day, s.title.casefold(), s.id),
    )
    chunks = split(sources, SOURCES_PER_PAGE)
    where = page_paths(paths.SOURCES_INDEX, len(chunks))
    contexts = {}
    for page, chunk, pager in zip(where, chunks, pagers(paths.SOURCES_INDEX, len(chunks)), strict=True):
        rows = tuple(
            SourceRow(
                title=formatting.source_title(s),
                href=paths.page_link(page, paths.source_page(s.id)),
                publisher=s.publisher,
                agency=s.agency,
                kind=formatting.label(s.kind),
                published=formatting.long_date(s.published),
                cited=len(index.claims_by_source.get(s.id, ())) + len(index.reviews_by_source.get(s.id, ())),
            )
            for s in chunk
        )
        title = f"Sources, {pager.label}" if pager.number > 1 else "Sources"
        fields = {"title": title, "description": "Every cited source.", "search": NOT_SEARCHED}
        contexts[page] = SourcesIndexContext(front_matter(fields), title, rows, pager, len(sources))
    return contexts


def render_source_pages(index: SiteIndex, settings: Settings, lines: ClaimLines) -> dict[str, str]:
    pages = {
        page: render_page("sources_index.md.j2", context)
        for page, context in sources_index_contexts(index).items()
    }
    for source in index.content.sources.values():
        context = source_context(source, index, settings, lines)
        pages[paths.source_page(source.id)] = render_page("source.md.j2", context)
    return pages
