"""The context of a sheet page: every claim, figure, review and citation ready to print.

Strings here are plain editor text (dates and figures formatted); the template escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.index import Estimate, Footnote, SiteIndex
from ..content.model import Claim, Content, Review, Sheet, Source
from ..settings import Settings
from .core import format_date, format_figure, front_matter, page_link, sheet_page, tag_labels
from .sheet_extras import SheetExtras, sheet_extras

# Page-level anchors contain "_", which no content id may, so they never clash with a claim's.
KEY_FIGURES_ANCHOR = "_key-figures"
REVIEWS_ANCHOR = "_reviews"
SOURCES_ANCHOR = "_sources"


def metric_anchor(metric_id: str) -> str:
    return f"_metric-{metric_id}"


@dataclass(frozen=True)
class CitationView:
    """A footnote: the cited source and the supporting quote (shown in the tooltip)."""

    number: int
    source_id: str
    title: str
    publisher: str
    agency: str | None
    authors: tuple[str, ...]
    published: str
    accessed: str
    url: str
    archive_url: str | None
    archived: str
    quote: str | None
    locator: str | None
    note: str | None


@dataclass(frozen=True)
class ClaimView:
    id: str
    text: str
    kind: str
    status: str
    claimant: str | None  # the actor's name
    via: tuple[str, ...]  # names, in the order the claim passed through them
    claimed_on: str
    metric: str | None  # the label of the figure's metric
    figure: str | None  # "about 600 (500–700)"
    as_of: str
    scope: str | None
    quote: str | None
    quote_language: str | None
    footnotes: tuple[int, ...]
    superseded_by_href: str | None
    notes: str | None
    tags: tuple[str, ...]
    former_ids: tuple[str, ...] = ()  # old anchors kept beside the claim (urls.py)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    intro: str | None
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class EstimateRow:
    """One line of a metric's table of estimates."""

    claim_id: str
    href: str
    claimed_on: str
    claimant: str
    figure: str
    as_of: str
    scope: str | None
    status: str  # the badge: superseded, disputed, contradicted and retracted show here
    is_latest: bool


@dataclass(frozen=True)
class MetricView:
    id: str
    anchor: str
    label: str
    unit: str
    definition: str
    rows: tuple[EstimateRow, ...]


@dataclass(frozen=True)
class KeyFigureView:
    metric_label: str
    metric_href: str
    claimant: str
    unit: str
    figure: str
    claimed_on: str
    status: str
    href: str


@dataclass(frozen=True)
class ReviewView:
    id: str
    statement: str
    rating: str
    rating_label: str
    finding: str
    appearance: str | None  # plain description of where the statement appeared
    appearance_title: str | None  # ... or the cited source it appeared in
    appearance_url: str | None
    claimed_by: str | None
    claimed_on: str
    reviewed_on: str
    footnotes: tuple[int, ...]


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    publisher: str
    agency: str | None
    kind: str
    published: str
    url: str
    archive_url: str | None


@dataclass(frozen=True)
class SheetContext:
    front_matter: str
    id: str
    title: str
    summary: str
    updated: str
    tags: tuple[str, ...]
    key_figures_anchor: str
    key_figures: tuple[KeyFigureView, ...]
    metrics: tuple[MetricView, ...]
    sections: tuple[SectionView, ...]
    reviews_anchor: str
    reviews: tuple[ReviewView, ...]
    sources_anchor: str
    sources: tuple[SourceView, ...]
    footnotes: tuple[CitationView, ...]
    extras: SheetExtras  # charts, "Cite this page", JSON-LD (sheet_extras.py)


def sheet_context(sheet: Sheet, index: SiteIndex, settings: Settings) -> SheetContext:
    page = sheet_page(sheet.id)
    citations = index.citations[sheet.id]
    content = index.content
    extras = sheet_extras(sheet, index, settings)
    return SheetContext(
        front_matter=front_matter(
            {
                "title": sheet.title,
                "description": sheet.summary,
                "tags": list(tag_labels(content, sheet.tags)),
                "edit_url": settings.edit_url(f"sheets/{sheet.id}.yaml"),
            }
        ),
        id=sheet.id,
        title=sheet.title,
        summary=sheet.summary,
        updated=extras.updated,  # from git history; the `updated` field outside a checkout
        tags=tag_labels(content, sheet.tags),
        key_figures_anchor=KEY_FIGURES_ANCHOR,
        key_figures=tuple(
            KeyFigureView(
                metric_label=kf.metric.label,
                metric_href=page_link(page, page, metric_anchor(kf.metric.id)),
                claimant=kf.estimate.claimant.name,
                unit=kf.metric.unit,
                figure=format_figure(kf.estimate.figure),
                claimed_on=format_date(kf.estimate.claim.claimed_on),
                status=kf.estimate.claim.status,
                href=claim_href(index, page, kf.estimate.claim.id),
            )
            for kf in index.key_figures[sheet.id]
        ),
        metrics=tuple(
            MetricView(
                id=metric.id,
                anchor=metric_anchor(metric.id),
                label=metric.label,
                unit=metric.unit,
                definition=metric.definition,
                rows=tuple(estimate_row(index, page, e) for e in index.estimates[metric.id]),
            )
            for metric in sheet.metrics
        ),
        sections=tuple(
            SectionView(
                id=section.id,
                title=section.title,
                intro=section.intro,
                claims=tuple(
                    claim_view(index, page, claim, citations.by_item[claim.id]) for claim in section.claims
                ),
            )
            for section in sheet.sections
        ),
        reviews_anchor=REVIEWS_ANCHOR,
        reviews=tuple(review_view(content, review, citations.by_item[review.id]) for review in sheet.reviews),
        sources_anchor=SOURCES_ANCHOR,
        sources=tuple(source_view(source) for source in citations.sources),
        footnotes=tuple(citation_view(footnote) for footnote in citations.footnotes),
        extras=extras,
    )


def claim_href(index: SiteIndex, from_page: str, claim_id: str) -> str:
    """Where a claim is: its sheet page, at the anchor `#<claim-id>`."""
    return page_link(from_page, sheet_page(index.claims[claim_id].sheet.id), claim_id)


def claim_view(index: SiteIndex, page: str, claim: Claim, footnotes: tuple[int, ...]) -> ClaimView:
    actors = index.content.actors
    return ClaimView(
        id=claim.id,
        text=claim.text,
        kind=claim.kind,
        status=claim.status,
        claimant=actors[claim.claimant].name if claim.claimant else None,
        via=tuple(actors[actor_id].name for actor_id in claim.via),
        claimed_on=format_date(claim.claimed_on),
        metric=index.metrics[claim.figure.metric].metric.label if claim.figure else None,
        figure=format_figure(claim.figure) if claim.figure else None,
        as_of=format_date(claim.figure.as_of) if claim.figure else "",
        scope=claim.figure.scope if claim.figure else None,
        quote=claim.quote.text if claim.quote else None,
        quote_language=claim.quote.language if claim.quote else None,
        footnotes=footnotes,
        superseded_by_href=claim_href(index, page, claim.superseded_by) if claim.superseded_by else None,
        notes=claim.notes,
        tags=tag_labels(index.content, claim.tags),
        former_ids=claim.former_ids,
    )


def estimate_row(index: SiteIndex, page: str, estimate: Estimate) -> EstimateRow:
    claim = estimate.claim
    return EstimateRow(
        claim_id=claim.id,
        href=claim_href(index, page, claim.id),
        claimed_on=format_date(claim.claimed_on),
        claimant=estimate.claimant.name,
        figure=format_figure(estimate.figure),
        as_of=format_date(estimate.figure.as_of),
        scope=estimate.figure.scope,
        status=claim.status,
        is_latest=estimate.is_latest,
    )


def review_view(content: Content, review: Review, footnotes: tuple[int, ...]) -> ReviewView:
    appeared_in = content.sources.get(review.appearance_source or "")
    return ReviewView(
        id=review.id,
        statement=review.statement,
        rating=review.rating,
        rating_label=review.rating.replace("-", " ").capitalize(),
        finding=review.finding,
        appearance=review.appearance,
        appearance_title=appeared_in.title if appeared_in else None,
        appearance_url=appeared_in.url if appeared_in else None,
        claimed_by=review.claimed_by,
        claimed_on=format_date(review.claimed_on),
        reviewed_on=format_date(review.reviewed_on),
        footnotes=footnotes,
    )


def source_view(source: Source) -> SourceView:
    return SourceView(
        id=source.id,
        title=source.title,
        publisher=source.publisher,
        agency=source.agency,
        kind=source.kind.replace("-", " "),
        published=format_date(source.published),
        url=source.url,
        archive_url=source.archive_url,
    )


def citation_view(footnote: Footnote) -> CitationView:
    source, citation = footnote.source, footnote.citation
    return CitationView(
        number=footnote.number,
        source_id=source.id,
        title=source.title,
        publisher=source.publisher,
        agency=source.agency,
        authors=source.authors,
        published=format_date(source.published),
        accessed=format_date(source.accessed),
        url=source.url,
        archive_url=source.archive_url,
        archived=format_date(source.archived),
        quote=citation.quote,
        locator=citation.locator,
        note=citation.note,
    )
