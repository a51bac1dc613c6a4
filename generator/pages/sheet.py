"""A sheet page: every claim, figure, review and reference, worded and numbered for the template.

The page answers its question first: the summary, then the latest figures at a glance, then the
sheet's overview sections, then each metric's key figures and chart, then every claim, the
reviews, the references and the sheet's changes. Strings here are plain editor text and words
from `formatting.py`; the template escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.history import History
from ..content.index import Estimate, SiteIndex
from ..content.model import Citation, Claim, Content, Review, Section, Sheet
from ..settings import Settings
from .changes import SheetChanges, sheet_changes
from .environment import front_matter, render_page
from .figures import GlanceMetric, KeyFigureGroup, glance, key_figure_groups
from .references import MarkerView, ReferenceView, markers, reference_views
from .sheet_extras import SheetExtras, sheet_charts, sheet_extras
from .views import Badge, last_change, rating_badge, status_badge

# Material's search ranks a page's sections by this factor: sheets (and their claims) first.
SEARCH_BOOST = 10


@dataclass(frozen=True)
class ClaimView:
    id: str
    text: str
    status: Badge
    attribution: str  # "Said by … on 30 April 2025, through …, then …."
    reported_by: str  # the outlets and the agencies they credit: "Reported by Yonhap and CNA (citing AFP)."
    metric: str | None  # the label of the figure's metric
    figure: str | None  # "about 600 (500–700) troops"
    counts: str  # what it counts, as the end of a sentence: "in total, as of March 2025; in Kursk."
    quote: str | None
    quote_language: str | None
    markers: tuple[MarkerView, ...]
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
    """One line of a metric's table of every estimate, oldest first."""

    href: str
    claimed_on: str
    claimant: str
    figure: str
    counts: str
    status: Badge
    is_latest: bool


@dataclass(frozen=True)
class MetricView:
    anchor: str
    label: str
    definition: str
    latest: tuple[KeyFigureGroup, ...]  # the key figures: latest of each claimant, by basis
    chart: str  # raw HTML, already escaped; "" without estimates
    rows: tuple[EstimateRow, ...]
    rows_summary: str  # "All 9 estimates, oldest first"


@dataclass(frozen=True)
class ReviewView:
    id: str
    statement: str
    rating: Badge
    finding: str
    appearance: str | None  # plain description of where the statement appeared
    appearance_title: str | None  # ... or the cited source it appeared in
    appearance_url: str | None
    said: str | None  # "Said by Trendozz in 2025."
    reviewed_on: str | None  # "Reviewed on 27 November 2026."
    markers: tuple[MarkerView, ...]


@dataclass(frozen=True)
class SheetContext:
    front_matter: str
    title: str
    summary: str
    updated: str
    counts: str  # "78 claims from 60 sources"
    quotes_checked: str  # "3 of 120 quotes checked against their pages"; "" when no citation quotes
    quote_checks_href: str  # how quotes are checked (the methodology page)
    json_href: str
    csv_href: str
    changes_anchor: str
    glance_anchor: str
    glance: tuple[GlanceMetric, ...]
    overview: tuple[SectionView, ...]  # leading sections without claims (a summary), shown first
    key_figures_anchor: str
    metrics: tuple[MetricView, ...]
    sections: tuple[SectionView, ...]
    reviews_anchor: str
    reviews: tuple[ReviewView, ...]
    references_anchor: str
    references: tuple[ReferenceView, ...]
    changes: SheetChanges
    extras: SheetExtras  # "Cite this page" and JSON-LD (sheet_extras.py)


def sheet_context(sheet: Sheet, index: SiteIndex, settings: Settings, history: History) -> SheetContext:
    page = paths.sheet_page(sheet.id)
    citations = index.citations[sheet.id]
    content = index.content
    extras = sheet_extras(sheet, index, settings, history)
    charts = sheet_charts(sheet, index)
    changed = history.sheet_changed(sheet)
    overview = _overview(sheet)
    sections = tuple(
        SectionView(
            id=section.id,
            title=section.title,
            intro=section.intro,
            claims=tuple(
                claim_view(index, page, claim, markers(citations, claim.id)) for claim in section.claims
            ),
        )
        for section in sheet.sections
    )
    claims = len(sheet.claims)
    sources = len(citations.sources)
    # Each quote once, however many claims cite the same words of the same page.
    quoted = list(dict.fromkeys(c for c in _citations_of(sheet) if c.quote))
    verified = sum(1 for citation in quoted if (check := index.check_of(citation)) and check.verified)
    return SheetContext(
        front_matter=front_matter(
            {
                "title": sheet.title,
                "description": sheet.summary,
                "tags": list(formatting.tag_labels(content.tags, sheet.tags)),
                "edit_url": settings.edit_url(paths.record_file("sheet", sheet.id)),
                "content_changed": last_change(history, _files_shown(sheet, index), sheet.updated),
                "search": {"boost": SEARCH_BOOST},
                "share_type": "article",
            }
        ),
        title=sheet.title,
        summary=sheet.summary,
        updated=formatting.long_date(changed),
        counts=f"{formatting.count(claims, 'claim')} from {formatting.count(sources, 'source')}",
        quotes_checked=formatting.quotes_checked(verified, len(quoted)) if quoted else "",
        quote_checks_href=paths.page_link(page, paths.METHODOLOGY, paths.QUOTES_ANCHOR),
        json_href=paths.page_link(page, paths.sheet_json(sheet.id)),
        csv_href=paths.page_link(page, paths.sheet_csv(sheet.id)),
        changes_anchor=paths.CHANGES_ANCHOR,
        glance_anchor=paths.GLANCE_ANCHOR,
        glance=glance(sheet, index, page),
        overview=sections[: len(overview)],
        key_figures_anchor=paths.KEY_FIGURES_ANCHOR,
        metrics=tuple(
            MetricView(
                anchor=paths.metric_anchor(metric.id),
                label=metric.label,
                definition=metric.definition,
                latest=key_figure_groups(sheet, index, page, metric),
                chart=charts[metric.id],
                rows=tuple(estimate_row(index, page, metric.unit, e) for e in index.estimates[metric.id]),
                rows_summary=_rows_summary(len(index.estimates[metric.id]), metric.label),
            )
            for metric in sheet.metrics
        ),
        sections=sections[len(overview) :],
        reviews_anchor=paths.REVIEWS_ANCHOR,
        reviews=tuple(
            review_view(content, page, review, markers(citations, review.id)) for review in sheet.reviews
        ),
        references_anchor=paths.REFERENCES_ANCHOR,
        references=reference_views(
            citations, page, {claim.id: claim.notes for claim in sheet.claims}, index.check_of
        ),
        changes=sheet_changes(sheet, index, history, settings, page),
        extras=extras,
    )


def render_sheet(sheet: Sheet, index: SiteIndex, settings: Settings, history: History) -> str:
    return render_page("sheet.md.j2", sheet_context(sheet, index, settings, history))


def _files_shown(sheet: Sheet, index: SiteIndex) -> list[str]:
    """The content files whose words the sheet page shows: its own, its sources', its actors'."""
    files = [paths.record_file("sheet", sheet.id), "tags.yaml"]
    files += [paths.record_file("source", s.id) for s in index.citations[sheet.id].sources]
    actors = {
        a for claim in sheet.claims for a in (claim.claimant, *[x for hop in claim.via for x in hop]) if a
    }
    files += [paths.record_file("actor", actor_id) for actor_id in sorted(actors)]
    return files


def _overview(sheet: Sheet) -> tuple[Section, ...]:
    """The leading sections that hold no claims, only words (a summary): they open the page."""
    count = 0
    for section in sheet.sections:
        if section.claims:
            break
        count += 1
    return sheet.sections[:count]


def _rows_summary(count: int, label: str) -> str:
    return f"The only estimate of {label.lower()}" if count == 1 else f"All {count} estimates, oldest first"


def claim_href(index: SiteIndex, from_page: str, claim_id: str) -> str:
    return paths.claim_link(from_page, index.claims[claim_id].sheet.id, claim_id)


def claim_view(index: SiteIndex, page: str, claim: Claim, claim_markers: tuple[MarkerView, ...]) -> ClaimView:
    actors = index.content.actors
    sources = index.content.sources
    figure = claim.figure
    metric = index.metrics[figure.metric].metric if figure else None
    return ClaimView(
        id=claim.id,
        text=claim.text,
        status=status_badge(claim.status, page),
        attribution=formatting.sentence(
            formatting.attribution(
                actors[claim.claimant].name if claim.claimant else None,
                [[actors[actor_id].name for actor_id in hop] for hop in claim.via],
                claim.claimed_on,
            )
        ),
        reported_by=formatting.sentence(
            "Reported by " + formatting.reported_by([sources[c.source] for c in claim.citations])
        ),
        metric=metric.label if metric else None,
        figure=formatting.figure_with_unit(figure, metric.unit) if figure and metric else None,
        counts=formatting.sentence(formatting.counts_words(figure, claim.claimed_on)) if figure else "",
        quote=claim.quote.text if claim.quote else None,
        quote_language=claim.quote.language if claim.quote else None,
        markers=claim_markers,
        superseded_by_href=claim_href(index, page, claim.superseded_by) if claim.superseded_by else None,
        notes=claim.notes,
        former_ids=claim.former_ids,
    )


def estimate_row(index: SiteIndex, page: str, unit: str, estimate: Estimate) -> EstimateRow:
    claim = estimate.claim
    return EstimateRow(
        href=claim_href(index, page, claim.id),
        claimed_on=formatting.date_cell(claim.claimed_on),
        claimant=estimate.claimant.name,
        figure=formatting.figure_with_unit(estimate.figure, unit),
        counts=formatting.counts_words(estimate.figure, claim.claimed_on),
        status=status_badge(claim.status, page, for_html=True),
        is_latest=estimate.is_latest,
    )


def review_view(
    content: Content, page: str, review: Review, review_markers: tuple[MarkerView, ...]
) -> ReviewView:
    appeared_in = content.sources.get(review.appearance_source or "")
    said = None
    if review.claimed_by:
        said = f"Said by {review.claimed_by}"
        if review.claimed_on:
            said += " " + formatting.on_date(review.claimed_on)
    elif review.claimed_on:
        said = "Said " + formatting.on_date(review.claimed_on)
    return ReviewView(
        id=review.id,
        statement=review.statement,
        rating=rating_badge(review.rating, page),
        finding=review.finding,
        appearance=formatting.after_preposition(review.appearance) if review.appearance else None,
        appearance_title=formatting.cited_title(appeared_in) if appeared_in else None,
        appearance_url=appeared_in.url if appeared_in else None,
        said=formatting.sentence(said) if said else None,
        reviewed_on=f"Reviewed {formatting.on_date(review.reviewed_on)}." if review.reviewed_on else None,
        markers=review_markers,
    )


def _citations_of(sheet: Sheet) -> list[Citation]:
    found = [c for claim in sheet.claims for c in claim.citations]
    return found + [c for review in sheet.reviews for c in review.citations]
