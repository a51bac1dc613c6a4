"""A page per source (its full reference and every claim and review citing it), and their list."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import formatting, paths
from ..content.history import History
from ..content.index import SiteIndex
from ..content.model import Source
from ..settings import Settings
from .environment import NOT_SEARCHED, front_matter, render_page
from .pagination import Pager, page_paths, pagers, split
from .views import Badge, ClaimLine, ClaimLines, last_change, rating_badge

# Material's search ranks a source's page below the sheets and their claims (issue 12: results
# show sheets and claims first; a source's snippet reads as a sentence).
SEARCH_BOOST = 0.1

# Rows on each page of the sources list (pages/pagination.py): the list grows with the archive.
SOURCES_PER_PAGE = 100


@dataclass(frozen=True)
class SourceReference:
    """A source, worded for its page as sentences (which search results quote)."""

    title: str  # the headline, or a description in square brackets
    described: bool  # the title describes the page, which has no headline of its own
    lede: str  # "A news article by …, published by … on 30 April 2025, credited to Yonhap, in English."
    url: str
    host: str  # the publisher's site, as the link reads: koreajoongangdaily.joins.com
    archive_url: str | None
    archived: str | None  # "on 26 November 2026"
    accessed: str
    notes: str | None


@dataclass(frozen=True)
class ReviewLink:
    statement: str
    rating: Badge
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
    cited: int  # claims and reviews citing it


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
        described=source.title_kind == "description",
        lede=formatting.source_lede(source),
        url=source.url,
        host=urlsplit(source.url).hostname or source.url,
        archive_url=source.archive_url,
        archived=formatting.on_date(source.archived) if source.archived else None,
        accessed=formatting.on_date(source.accessed),
        notes=source.notes,
    )


def source_context(
    source: Source, index: SiteIndex, settings: Settings, lines: ClaimLines, history: History
) -> SourcePageContext:
    page = paths.source_page(source.id)
    reviews = tuple(
        ReviewLink(
            statement=ref.review.statement,
            rating=rating_badge(ref.review.rating, page),
            href=paths.page_link(page, paths.sheet_page(ref.sheet.id), ref.review.id),
            sheet_title=ref.sheet.title,
        )
        for ref in index.reviews_by_source.get(source.id, ())
    )
    # Sheet ids, not sheets: hashing a frozen sheet hashes every claim in it.
    sheets = {ref.sheet.id for ref in index.claims_by_source.get(source.id, ())}
    sheets |= {ref.sheet.id for ref in index.reviews_by_source.get(source.id, ())}
    files = [paths.record_file("source", source.id), *(paths.record_file("sheet", s) for s in sheets)]
    return SourcePageContext(
        front_matter=front_matter(
            {
                "title": formatting.source_title(source),
                "description": formatting.source_lede(source),
                "edit_url": settings.edit_url(paths.record_file("source", source.id)),
                "content_changed": last_change(history, files, source.accessed),
                "search": {"boost": SEARCH_BOOST},
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
                kind=formatting.source_kind_label(s.kind),
                published=formatting.date_cell(s.published),
                cited=len(index.claims_by_source.get(s.id, ())) + len(index.reviews_by_source.get(s.id, ())),
            )
            for s in chunk
        )
        title = f"Sources, {pager.label}" if pager.number > 1 else "Sources"
        fields = {"title": title, "description": "Every cited source.", "search": NOT_SEARCHED}
        contexts[page] = SourcesIndexContext(front_matter(fields), title, rows, pager, len(sources))
    return contexts


def render_source_pages(
    index: SiteIndex, settings: Settings, lines: ClaimLines, history: History
) -> dict[str, str]:
    pages = {
        page: render_page("sources_index.md.j2", context)
        for page, context in sources_index_contexts(index).items()
    }
    for source in index.content.sources.values():
        context = source_context(source, index, settings, lines, history)
        pages[paths.source_page(source.id)] = render_page("source.md.j2", context)
    return pages
