"""Views that several page kinds show alike: a claim as a line of a list, a source.

A view holds plain text, already worded by `formatting.py`, and the links the page needs; the
templates only escape and arrange it. Views are flat frozen dataclasses, one per thing a template
shows, so many look alike (title, href, dates as text): on purpose, since each holds exactly what
its template reads (tests/test_template_context.py). What is worded alike is built once and shared
(`ClaimLine`, `SourceReference`, a key figure's `EstimateRow`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from .. import formatting, paths
from ..content.history import History, start_of
from ..content.index import ClaimRef, SiteIndex
from ..content.model import PartialDate


def last_change(history: History, files: Iterable[str], fallback: PartialDate | date) -> str:
    """The day a page's content last changed, for the sitemap (front matter `content_changed`): the
    newest commit of any content file the page shows; `fallback` outside a git checkout."""
    known = [history.changed[f] for f in files if f in history.changed]
    if known:
        return max(known).date().isoformat()
    return (fallback if isinstance(fallback, date) else start_of(fallback)).isoformat()


@dataclass(frozen=True)
class Badge:
    """A claim's status or a review's rating: a word on a tint, linking to its definition on the
    methodology page. `kind` is the value itself, for the CSS class (status--disputed)."""

    kind: str
    label: str
    href: str


@lru_cache(maxsize=1 << 14)  # pure; a page shows a badge per claim, most of them alike
def status_badge(status: str, from_page: str, for_html: bool = False) -> Badge:
    """`for_html`: the link goes into raw HTML (a browser URL), else into a Markdown link."""
    link = paths.html_link if for_html else paths.page_link
    return Badge(
        status,
        formatting.status_label(status),
        link(from_page, paths.METHODOLOGY, paths.status_anchor(status)),
    )


def rating_badge(rating: str, from_page: str) -> Badge:
    href = paths.page_link(from_page, paths.METHODOLOGY, paths.rating_anchor(rating))
    return Badge(rating, formatting.rating_label(rating), href)


@dataclass(frozen=True)
class ClaimLine:
    """A claim as one line of a list on a page other than its sheet."""

    href: str
    text: str
    status: Badge
    claimed_on: str
    figure: str | None  # "about 600 troops"
    sheet_title: str | None  # None where the list is of one sheet's claims
    sheet_href: str


class ClaimLines:
    """Each claim's line, made once and shared by the pages that list it.

    Every page listing claims lives one folder deep (sources/, actors/, timeline/), so a claim's
    links read the same from all of them.
    """

    FROM_PAGE = paths.SOURCES_INDEX  # any page one folder deep

    def __init__(self, index: SiteIndex) -> None:
        self.index = index
        self._lines: dict[tuple[str, bool], ClaimLine] = {}
        self._sheet_hrefs: dict[str, str] = {}
        self._badges: dict[str, Badge] = {}

    def __call__(self, ref: ClaimRef, show_sheet: bool = True) -> ClaimLine:
        key = (ref.claim.id, show_sheet)
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = self._line(ref, show_sheet)
        return line

    def _status(self, status: str) -> Badge:
        badge = self._badges.get(status)
        if badge is None:
            badge = self._badges[status] = status_badge(status, self.FROM_PAGE)
        return badge

    def _line(self, ref: ClaimRef, show_sheet: bool) -> ClaimLine:
        claim = ref.claim
        sheet_href = self._sheet_hrefs.get(ref.sheet.id)
        if sheet_href is None:
            sheet_href = self._sheet_hrefs[ref.sheet.id] = paths.page_link(
                self.FROM_PAGE, paths.sheet_page(ref.sheet.id)
            )
        figure = None
        if claim.figure:
            metric = self.index.metrics.get(claim.figure.metric)
            unit = metric.metric.unit if metric else ""
            figure = formatting.figure_and_basis(claim.figure, claim.claimed_on, unit)
        return ClaimLine(
            href=f"{sheet_href}#{claim.id}",
            text=claim.text,
            status=self._status(claim.status),
            claimed_on=formatting.date_cell(claim.claimed_on),
            figure=figure,
            sheet_title=ref.sheet.title if show_sheet else None,
            sheet_href=sheet_href,
        )


def moved_line(line: ClaimLine, page: str) -> ClaimLine:
    """A claim's line as `page` links it: ClaimLines writes links for a page one folder deep, and
    a long list's later pages are deeper (actors/x/page/2.md, tags/x/page/2.md)."""
    written_for = ClaimLines.FROM_PAGE

    def moved(href: str) -> str:
        return paths.moved_link(href, written_for, page)

    status = replace(line.status, href=moved(line.status.href))
    return replace(line, href=moved(line.href), sheet_href=moved(line.sheet_href), status=status)
