"""The home page and the list of every sheet."""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.model import Content, PartialDate
from .environment import NOT_SEARCHED, front_matter, render_page

# The home page lists only the most recently updated sheets, so it does not grow with the
# archive; sheets/index.md lists them all.
HOME_SHEETS = 20
HOME_TITLE = "Contested facts, every claim attributed, dated and cited"
HOME_DESCRIPTION = (
    "Fact sheets on contested facts such as casualty counts and troop numbers: every claim says who "
    "made it, when, through whom, and which published page supports it."
)


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
    sheets: tuple[SheetSummary, ...]


def summarize_sheets(content: Content, from_page: str) -> tuple[SheetSummary, ...]:
    """Newest update first, then by title: what changed recently is what readers look for."""
    ordered = sorted(content.sheets, key=lambda s: (_negated(s.updated), s.title.casefold(), s.id))
    return tuple(
        SheetSummary(
            title=sheet.title,
            summary=sheet.summary,
            updated=formatting.date_cell(sheet.updated),
            href=paths.page_link(from_page, paths.sheet_page(sheet.id)),
            claim_count=len(sheet.claims),
            tags=formatting.tag_labels(content.tags, sheet.tags),
        )
        for sheet in ordered
    )


def home_context(content: Content, site_name: str) -> HomeContext:
    return HomeContext(
        # The page's <title> (and share previews): never the site's name twice ("Fact sheets - Fact sheets").
        front_matter=front_matter(
            {"title": HOME_TITLE, "description": HOME_DESCRIPTION, "search": NOT_SEARCHED}
        ),
        site_name=site_name,
        sheets=summarize_sheets(content, paths.HOME)[:HOME_SHEETS],
        sheet_count=len(content.sheets),
        sheets_index_href=paths.page_link(paths.HOME, paths.SHEETS_INDEX),
    )


def sheets_index_context(content: Content) -> SheetsIndexContext:
    return SheetsIndexContext(
        front_matter=front_matter({"title": "All fact sheets", "search": NOT_SEARCHED}),
        sheets=summarize_sheets(content, paths.SHEETS_INDEX),
    )


def render_home_pages(content: Content, site_name: str) -> dict[str, str]:
    return {
        paths.HOME: render_page("home.md.j2", home_context(content, site_name)),
        paths.SHEETS_INDEX: render_page("sheets_index.md.j2", sheets_index_context(content)),
    }


def _negated(date: PartialDate) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day)
