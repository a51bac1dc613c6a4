"""A sheet page: every claim, figure, review and citation, worded and numbered for the template.

Strings here are plain editor text and words from `formatting.py`; the template escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.history import History
from ..content.index import Estimate, Footnote, SiteIndex
from ..content.model import Claim, Content, Review, Sheet
from ..settings import Settings
from .charts import render_chart
from .environment import front_matter, render_page
from .sheet_extras import SheetExtras, sheet_extras
from .views import SourceReference, source_reference


@dataclass(frozen=True)
class CitationView:
    """A footnote: the cited source and the supporting quote (shown in the tooltip)."""

    number: int
    source: SourceReference
    quote: str | None
    locator: str | None
    note: str | None
    check: str  # "Quote found on the page, checked 27 November 2026 (archived copy)."; "" unless found


@dataclass(frozen=True)
class ClaimView:
    id: str
    text: str
    status: str
    attribution: str  # "Claimed by ..., via ... → ... and ..., on 30 April 2025"
    reported_by: str  # the outlets and the agencies they credit: "Korea JoongAng Daily; CNA, from AFP"
    metric: str | None  # the label of the figure's metric
    figure: str | None  # "about 600 (500–700)"
    basis: str  # what it counts: "in total, as of March 2025", "in one week to 27 December 2024"
    scope: str | None
    quote: str | None
    quote_language: str | None
    footnotes: tuple[int, ...]
    superseded_by_href: str | None
    notes: str | None
    former_ids: tuple[str, ...]  # old anchors kept beside the claim (site/urls.py)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    intro: str | None
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class EstimateRow:
    """One line of a metric's table of estimates."""

    href: str
    claimed_on: str
    claimant: str
    figure: str
    basis: str
    scope: str | None
    status: str  # the badge: superseded, disputed, contradicted and retracted show here
    is_latest: bool


@dataclass(frozen=True)
class MetricView:
    anchor: str
    label: str
    unit: str
    definition: str
    chart: str  # raw HTML, already escaped; "" without estimates
    rows: tuple[EstimateRow, ...]


@dataclass(frozen=True)
class KeyFigureView:
    """A claimant's latest estimate of a metric: the row of the metric's table, and the metric."""

    metric_label: str
    metric_href: str
    unit: str
    estimate: EstimateRow


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
class SheetContext:
    front_matter: str
    title: str
    summary: str
    updated: str
    tags: tuple[str, ...]
    quotes_checked: str  # "3 of 12 quotes checked against their pages"; "" when no citation quotes
    quote_checks_href: str  # the explanation of quote checks on the Data page
    key_figures_anchor: str
    key_figures: tuple[KeyFigureView, ...]
    metrics: tuple[MetricView, ...]
    sections: tuple[SectionView, ...]
    reviews_anchor: str
    reviews: tuple[ReviewView, ...]
    sources_anchor: str
    sources: tuple[SourceReference, ...]
    footnotes: tuple[CitationView, ...]
    extras: SheetExtras  # "Cite this page" and JSON-LD (sheet_extras.py)


def sheet_context(sheet: Sheet, index: SiteIndex, settings: Settings, history: History) -> SheetContext:
    page = paths.sheet_page(sheet.id)
    citations = index.citations[sheet.id]
    content = index.content
    extras = sheet_extras(sheet, index, settings, history)
    quoted = [footnote.citation for footnote in citations.footnotes if footnote.citation.quote]
    verified = sum(1 for citation in quoted if (check := index.check_of(citation)) and check.verified)
    return SheetContext(
        front_matter=front_matter(
            {
                "title": sheet.title,
                "description": sheet.summary,
                "tags": list(formatting.tag_labels(content.tags, sheet.tags)),
                "edit_url": settings.edit_url(paths.record_file("sheet", sheet.id)),
            }
        ),
        title=sheet.title,
        summary=sheet.summary,
        # The day its YAML file last changed in git; the `updated` field as written outside git.
        updated=formatting.long_date(
            history.sheet_changed(sheet) if history.changed_at(sheet) else sheet.updated
        ),
        tags=formatting.tag_labels(content.tags, sheet.tags),
        quotes_checked=formatting.quotes_checked(verified, len(quoted)) if quoted else "",
        quote_checks_href=paths.page_link(page, paths.DATA_PAGE, paths.QUOTE_CHECKS_ANCHOR),
        key_figures_anchor=paths.KEY_FIGURES_ANCHOR,
        key_figures=tuple(
            KeyFigureView(
                metric_label=kf.metric.label,
                metric_href=paths.page_link(page, page, paths.metric_anchor(kf.metric.id)),
                unit=kf.metric.unit,
                estimate=estimate_row(index, page, kf.estimate),
            )
            for kf in index.key_figures[sheet.id]
        ),
        metrics=tuple(
            MetricView(
                anchor=paths.metric_anchor(metric.id),
                label=metric.label,
                unit=metric.unit,
                definition=metric.definition,
                chart=render_chart(metric, [e.claim for e in index.estimates[metric.id]], content.actors),
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
        reviews_anchor=paths.REVIEWS_ANCHOR,
        reviews=tuple(review_view(content, review, citations.by_item[review.id]) for review in sheet.reviews),
        sources_anchor=paths.SOURCES_ANCHOR,
        sources=tuple(source_reference(source) for source in citations.sources),
        footnotes=tuple(citation_view(footnote, index) for footnote in citations.footnotes),
        extras=extras,
    )


def render_sheet(sheet: Sheet, index: SiteIndex, settings: Settings, history: History) -> str:
    return render_page("sheet.md.j2", sheet_context(sheet, index, settings, history))


def claim_href(index: SiteIndex, from_page: str, claim_id: str) -> str:
    return paths.claim_link(from_page, index.claims[claim_id].sheet.id, claim_id)


def claim_view(index: SiteIndex, page: str, claim: Claim, footnotes: tuple[int, ...]) -> ClaimView:
    actors = index.content.actors
    sources = index.content.sources
    figure = claim.figure
    return ClaimView(
        id=claim.id,
        text=claim.text,
        status=claim.status,
        attribution=formatting.attribution(
            actors[claim.claimant].name if claim.claimant else None,
            [[actors[actor_id].name for actor_id in hop] for hop in claim.via],
            claim.claimed_on,
        ),
        reported_by=formatting.reported_by([sources[c.source] for c in claim.citations]),
        metric=index.metrics[figure.metric].metric.label if figure else None,
        figure=formatting.figure_words(figure) if figure else None,
        basis=formatting.basis_words(figure, claim.claimed_on) if figure else "",
        scope=figure.scope if figure else None,
        quote=claim.quote.text if claim.quote else None,
        quote_language=claim.quote.language if claim.quote else None,
        footnotes=footnotes,
        superseded_by_href=claim_href(index, page, claim.superseded_by) if claim.superseded_by else None,
        notes=claim.notes,
        former_ids=claim.former_ids,
    )


def estimate_row(index: SiteIndex, page: str, estimate: Estimate) -> EstimateRow:
    claim = estimate.claim
    return EstimateRow(
        href=claim_href(index, page, claim.id),
        claimed_on=formatting.long_date(claim.claimed_on),
        claimant=estimate.claimant.name,
        figure=formatting.figure_words(estimate.figure),
        basis=formatting.basis_words(estimate.figure, claim.claimed_on),
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
        rating_label=formatting.rating_label(review.rating),
        finding=review.finding,
        appearance=review.appearance,
        appearance_title=formatting.source_title(appeared_in) if appeared_in else None,
        appearance_url=appeared_in.url if appeared_in else None,
        claimed_by=review.claimed_by,
        claimed_on=formatting.optional_date(review.claimed_on),
        reviewed_on=formatting.optional_date(review.reviewed_on),
        footnotes=footnotes,
    )


def citation_view(footnote: Footnote, index: SiteIndex) -> CitationView:
    citation = footnote.citation
    check = index.check_of(citation)
    return CitationView(
        number=footnote.number,
        source=source_reference(footnote.source),
        quote=citation.quote,
        locator=citation.locator,
        note=citation.note,
        # A quote not found, or a page not read, is never shown as checked.
        check=formatting.quote_check(check.checked, check.archived_copy) if check and check.verified else "",
    )
