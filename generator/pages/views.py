"""Views that several page kinds show alike: a claim as a line of a list, a source, tag labels.

A view holds plain text, already worded by `formatting.py`, and the links the page needs; the
templates only escape and arrange it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import ClaimRef, SiteIndex
from ..content.model import Content, Source


def tag_labels(content: Content, tag_ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(content.tags[t].label if t in content.tags else t for t in tag_ids)


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
            figure = formatting.figure_with_unit(claim.figure, metric.metric.unit if metric else "")
            if claim.figure.basis != "cumulative":
                figure += " " + formatting.basis_words(claim.figure, claim.claimed_on)
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
class SourceView:
    """A cited source as a sheet's source list shows it."""

    title: str
    publisher: str
    agency: str | None
    kind: str  # in words: "official statement"
    published: str
    url: str
    archive_url: str | None


def source_view(source: Source) -> SourceView:
    return SourceView(
        title=formatting.source_title(source),
        publisher=source.publisher,
        agency=source.agency,
        kind=formatting.label(source.kind),
        published=formatting.long_date(source.published),
        url=source.url,
        archive_url=source.archive_url,
    )
