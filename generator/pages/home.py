"""The home page and the list of every sheet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import formatting, paths
from ..content.model import Content, PartialDate, Sheet
from .environment import NOT_SEARCHED, front_matter, render_page
from .pagination import Pager, page_paths, pagers, split

# The home page lists only the most recently updated sheets, so it does not grow with the
# archive; sheets/index.md lists them all, SHEETS_PER_PAGE to a page (pages/pagination.py).
HOME_SHEETS = 20
HOME_TITLE = "Contested facts, every claim attributed, dated and cited"
HOME_DESCRIPTION = (
    "Fact sheets on contested facts such as casualty counts and troop numbers: every claim says who "
    "made it, when, through whom, and which published page supports it."
)
SHEETS_PER_PAGE = 100


@dataclass(frozen=True)
class SheetSummary:
    """A sheet as listed on the home page and on sheets/index.md."""

    title: str
    summary: str
    updated: str
    href: str
    claim_count: int
    tags: tuple[str, ...]


@dataclass(frozen=True)
class HomeContext:
    front_matter: str
    site_name: str
    sheets: tuple[SheetSummary, ...]  # the HOME_SHEETS most recently updated
    sheet_count: int
    sheets_index_href: str


@dataclass(frozen=True)
class SheetsIndexContext:
    front_matter: str
    title: str
    sheets: tuple[SheetSummary, ...]
    pager: Pager
    total: int  # sheets on every page together


def newest_first(sheets: Iterable[Sheet]) -> list[Sheet]:
    """Newest update first, then by title: what changed recently is what readers look for."""
    return sorted(sheets, key=lambda s: (_negated(s.updated), s.title.casefold(), s.id))


def summarize_sheets(content: Content, sheets: Iterable[Sheet], from_page: str) -> tuple[SheetSummary, ...]:
    """The sheets as listed, in the order given."""
    return tuple(
        SheetSummary(
            title=sheet.title,
            summary=sheet.summary,
            updated=formatting.date_cell(sheet.updated),
            href=paths.page_link(from_page, paths.sheet_page(sheet.id)),
            claim_count=len(sheet.claims),
            tags=formatting.tag_labels(content.tags, sheet.tags),
        )
        for sheet in sheets
    )


def home_context(content: Content, site_name: str) -> HomeContext:
    return HomeContext(
        # The page's <title> (and share previews): never the site's name twice ("Fact sheets - Fact sheets").
        front_matter=front_matter(
            {"title": HOME_TITLE, "description": HOME_DESCRIPTION, "search": NOT_SEARCHED}
        ),
        site_name=site_name,
        sheets=summarize_sheets(content, newest_first(content.sheets)[:HOME_SHEETS], paths.HOME),
        sheet_count=len(content.sheets),
        sheets_index_href=paths.page_link(paths.HOME, paths.SHEETS_INDEX),
    )


def sheets_index_contexts(content: Content) -> dict[str, SheetsIndexContext]:
    """The pages of the list of every sheet (docs path -> context)."""
    chunks = split(newest_first(content.sheets), SHEETS_PER_PAGE)
    where = page_paths(paths.SHEETS_INDEX, len(chunks))
    contexts = {}
    for page, chunk, pager in zip(where, chunks, pagers(paths.SHEETS_INDEX, len(chunks)), strict=True):
        title = f"All fact sheets, {pager.label}" if pager.number > 1 else "All fact sheets"
        contexts[page] = SheetsIndexContext(
            front_matter=front_matter({"title": title, "search": NOT_SEARCHED}),
            title=title,
            sheets=summarize_sheets(content, chunk, page),
            pager=pager,
            total=len(content.sheets),
        )
    return contexts


def render_home_pages(content: Content, site_name: str) -> dict[str, str]:
    pages = {paths.HOME: render_page("home.md.j2", home_context(content, site_name))}
    for page, context in sheets_index_contexts(content).items():
        pages[page] = render_page("sheets_index.md.j2", context)
    return pages


def _negated(date: PartialDate) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day)
