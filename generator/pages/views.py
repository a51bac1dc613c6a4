"""Views that several page kinds show alike: a claim as a line of a list, a source.

A view holds plain text, already worded by `formatting.py`, and the links the page needs; the
templates only escape and arrange it. Views are flat frozen dataclasses, one per thing a template
shows, so many look alike (title, href, dates as text): on purpose, since each holds exactly what
its template reads (tests/test_template_context.py). What is worded alike is built once and shared
(`ClaimLine`, `SourceReference`, a key figure's `EstimateRow`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import ClaimRef, SiteIndex
from ..content.model import Source


@dataclass(frozen=True)
class ClaimLine:
    """A claim as one line of a list on a page other than its sheet."""

    href: str
    text: str
    status: str
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

    def __call__(self, ref: ClaimRef, show_sheet: bool = True) -> ClaimLine:
        key = (ref.claim.id, show_sheet)
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = self._line(ref, show_sheet)
        return line

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
            status=claim.status,
            claimed_on=formatting.long_date(claim.claimed_on),
            figure=figure,
            sheet_title=ref.sheet.title if show_sheet else None,
            sheet_href=sheet_href,
        )


@dataclass(frozen=True)
class SourceReference:
    """Every field of a cited source, worded once for every page that shows it: the sheet's
    source list and footnotes, the source's own page and the list of sources."""

    title: str
    publisher: str
    agency: str | None
    authors: tuple[str, ...]
    kind: str  # in words: "official statement"
    published: str
    accessed: str
    url: str
    archive_url: str | None
    archived: str
    language: str
    notes: str | None


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
