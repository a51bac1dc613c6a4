"""A sheet's references, as in an encyclopedia: one numbered entry per cited source, markers
[1][2] in the text, and labelled back-links (^ a b c) from each entry to the places citing it.

Each place citing a source (a claim or a review) has its own line in the entry, with the words
of the source that support it: the marker points at that line, so following it (or tapping it
on a phone, which shows the line in place) shows the exact quote next to the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import formatting, paths
from ..content.citations import CitationUse, Reference, SheetCitations
from ..content.index import CitationCheck
from ..content.model import Citation, Source

CheckOf = Callable[[Citation], CitationCheck | None]


@dataclass(frozen=True)
class MarkerView:
    """[24] in the text after a claim or a review."""

    number: int
    id: str  # its own anchor, where the back-link returns to
    href: str  # the line of the reference entry it stands for


@dataclass(frozen=True)
class CitationView:
    """The words of a source that support one claim or review (one citation)."""

    quote: str | None  # already in quotes: “…”
    locator: str | None  # "paragraph 3"
    note: str | None  # never the claim's own note again
    check: str | None  # "Quote found on the page, checked 27 November 2026 (archived copy)." or None


@dataclass(frozen=True)
class UseView:
    """One place citing the source: its back-link letter and the citations it makes."""

    id: str  # the line's anchor, what the marker points at
    letter: str  # "a", "b", …; shown when the source is cited more than once
    backlink: str  # "#_cite-24-a"
    backlink_label: str  # "Back to the text (citation 24a)"
    source_line: str  # the source in a few words, shown only where the line stands alone (a tooltip)
    citations: tuple[CitationView, ...]


@dataclass(frozen=True)
class ReferenceView:
    id: str
    number: int
    title: str  # a headline in quotes, or a description in square brackets
    is_description: bool  # the title describes the page (it has no headline of its own)
    url: str
    publisher: str
    agency: str | None
    authors: str | None  # "Lee Hyun-ju and Kim Min-ji"
    published: str  # "30 April 2025", "in 2025"
    archive_url: str | None
    archived: str | None
    accessed: str
    notes: str | None
    source_href: str  # the source's own page on this site
    uses: tuple[UseView, ...]


def markers(citations: SheetCitations, item_id: str) -> tuple[MarkerView, ...]:
    return tuple(
        MarkerView(
            number=number,
            id=paths.marker_anchor(number, letter),
            href="#" + paths.use_anchor(number, letter),
        )
        for number, letter in citations.by_item.get(item_id, ())
    )


def reference_views(
    citations: SheetCitations, page: str, item_notes: dict[str, str | None], check_of: CheckOf
) -> tuple[ReferenceView, ...]:
    """`item_notes`: each claim's own note, so that a citation note repeating it is not shown twice.
    `check_of`: a citation's last check against its page (`factsheet verify`), if any."""
    return tuple(_reference(reference, page, item_notes, check_of) for reference in citations.references)


def source_line(source: Source) -> str:
    """'Korea JoongAng Daily, 30 April 2025: “NIS estimates …”': the source in one line."""
    return f"{source.publisher}, {formatting.date_cell(source.published)}: {formatting.cited_title(source)}"


def _reference(
    reference: Reference, page: str, item_notes: dict[str, str | None], check_of: CheckOf
) -> ReferenceView:
    source = reference.source
    shown_once = len(reference.uses) == 1
    return ReferenceView(
        id=paths.reference_anchor(reference.number),
        number=reference.number,
        title=formatting.cited_title(source),
        is_description=source.title_kind == "description",
        url=source.url,
        publisher=source.publisher,
        agency=source.agency if source.agency != source.publisher else None,
        authors=formatting.names(source.authors) if source.authors else None,
        published=formatting.date_cell(source.published),
        archive_url=source.archive_url,
        archived=formatting.optional_date(source.archived) or None,
        accessed=formatting.long_date(source.accessed),
        notes=source.notes,
        source_href=paths.html_link(page, paths.source_page(source.id)),
        uses=tuple(
            _use(reference, use, shown_once, item_notes.get(use.item_id), check_of) for use in reference.uses
        ),
    )


def _use(
    reference: Reference, use: CitationUse, shown_once: bool, item_note: str | None, check_of: CheckOf
) -> UseView:
    seen: set[str] = set()
    if item_note:
        seen.add(item_note)
    views = []
    for citation in use.citations:
        note = citation.note if citation.note and citation.note not in seen else None
        if note:
            seen.add(note)
        views.append(_citation(citation, note, check_of(citation)))
    label = f"{reference.number}" if shown_once else f"{reference.number}{use.letter}"
    return UseView(
        id=paths.use_anchor(reference.number, use.letter),
        letter="" if shown_once else use.letter,
        backlink="#" + paths.marker_anchor(reference.number, use.letter),
        backlink_label=f"Back to the text (citation {label})",
        source_line=source_line(reference.source),
        citations=tuple(views),
    )


def _citation(citation: Citation, note: str | None, check: CitationCheck | None) -> CitationView:
    return CitationView(
        quote=formatting.quoted(citation.quote) if citation.quote else None,
        locator=citation.locator,
        note=note,
        # A quote not found, or a page not read, is never shown as checked.
        check=formatting.quote_check(check.checked, check.archived_copy)
        if check and check.verified
        else None,
    )
