"""Derived views of the content: lookups, references (citations.py), estimates, timelines.

Everything a page needs that is computed from several objects lives here, once, so that
templates do no numbering or sorting and every page kind sees the same answers. Pure: the
index is built from a validated `Content` and never touches files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from .check_addresses import is_current
from .citations import SheetCitations, number_citations
from .evidence import normalised_quote
from .model import (
    BASES,
    Actor,
    Citation,
    Claim,
    Content,
    Figure,
    Metric,
    PartialDate,
    Review,
    Section,
    Sheet,
)

ActorRole = Literal["claimant", "via"]
# An estimate with one of these statuses is shown but is never a claimant's latest figure.
NOT_CURRENT_STATUSES = ("superseded", "retracted")
DISPUTED_STATUSES = ("disputed", "contradicted")


@dataclass(frozen=True)
class ClaimRef:
    """A claim with the sheet and section it stands in (its page and its anchor `#<claim.id>`)."""

    sheet: Sheet
    section: Section
    claim: Claim
    position: int  # 0-based place of the claim on its sheet, in reading order


@dataclass(frozen=True)
class ReviewRef:
    sheet: Sheet
    review: Review


@dataclass(frozen=True)
class MetricRef:
    sheet: Sheet
    metric: Metric


@dataclass(frozen=True)
class ActorClaim:
    """A claim an actor made (`claimant`) or passed on (`via`)."""

    ref: ClaimRef
    role: ActorRole


@dataclass(frozen=True)
class Estimate:
    """One figure claim in a metric's tracker, with its marks."""

    ref: ClaimRef
    figure: Figure
    claimant: Actor
    is_latest: bool  # the claimant's newest estimate that is neither superseded nor retracted
    is_superseded: bool
    is_disputed: bool  # disputed or contradicted
    is_retracted: bool

    @property
    def claim(self) -> Claim:
        return self.ref.claim


@dataclass(frozen=True)
class KeyFigure:
    """The latest estimate of one claimant for one metric of a sheet (one per basis)."""

    metric: Metric
    estimate: Estimate


@dataclass(frozen=True)
class CitationCheck:
    """The last check of a citation's quote against its page (content/checks/), by `factsheet verify`."""

    status: str  # verified, not-found, unreachable, blocked or unsupported
    checked: PartialDate
    archived_copy: bool  # the page read was the archived copy (else the live page)
    url: str  # the address asked for: the source's archive_url or url, as it is now
    read_url: str | None

    @property
    def verified(self) -> bool:
        """Found on the page: the only status a reader is told is "checked"."""
        return self.status == "verified"


@dataclass(frozen=True)
class SiteIndex:
    """Every derived view; build it with `build_index`. Treat the mappings as read-only."""

    content: Content
    sheets: dict[str, Sheet]
    claims: dict[str, ClaimRef]
    reviews: dict[str, ReviewRef]
    metrics: dict[str, MetricRef]
    citations: dict[str, SheetCitations]  # sheet id ->
    claims_by_source: dict[str, tuple[ClaimRef, ...]]  # source id -> claims citing it, site order
    reviews_by_source: dict[str, tuple[ReviewRef, ...]]  # cited by, or the appearance of, a review
    claims_by_actor: dict[str, tuple[ActorClaim, ...]]  # actor id -> claims, site order
    estimates: dict[str, tuple[Estimate, ...]]  # metric id -> by date claimed, then claimant
    key_figures: dict[str, tuple[KeyFigure, ...]]  # sheet id -> metric order, then series order
    timeline: tuple[ClaimRef, ...]  # every claim, newest claimed_on first
    # (source id, normalised quote) -> its last check: an edited quote no longer matches, nor does a
    # check made for an address the source no longer cites.
    checks: dict[tuple[str, str], CitationCheck] = field(default_factory=dict)

    def check_of(self, citation: Citation) -> CitationCheck | None:
        """The last check of a citation's quote on its source's page; None if never checked."""
        if not citation.quote:
            return None
        return self.checks.get((citation.source, normalised_quote(citation.quote)))


@dataclass
class _SheetPart:
    """What the index derives from one sheet alone, and what it also read of other records."""

    sheet: Sheet
    metrics: list[MetricRef]
    claims: list[ClaimRef]
    reviews: list[ReviewRef]
    by_source: list[tuple[str, ClaimRef]]
    reviews_by_source: list[tuple[str, ReviewRef]]
    by_actor: list[tuple[str, ActorClaim]]
    citations: SheetCitations | None = None
    estimates: dict[str, tuple[Estimate, ...]] | None = None
    key_figures: tuple[KeyFigure, ...] | None = None
    claimants: tuple[Actor | None, ...] = ()  # the actors of its figure claims, when estimated


class IndexCache:
    """`build_index`'s work on each sheet, kept between two builds (`factsheet serve`): a sheet
    that is the very object it was (its file was not read again) keeps its claim references, its
    footnotes while the sources they cite are the same objects, and its estimates and key figures
    while the actors of its figure claims are."""

    def __init__(self) -> None:
        self.parts: dict[str, _SheetPart] = {}


def build_index(content: Content, cache: IndexCache | None = None) -> SiteIndex:
    claims: dict[str, ClaimRef] = {}
    reviews: dict[str, ReviewRef] = {}
    metrics: dict[str, MetricRef] = {}
    claims_by_source: dict[str, list[ClaimRef]] = defaultdict(list)
    reviews_by_source: dict[str, list[ReviewRef]] = defaultdict(list)
    claims_by_actor: dict[str, list[ActorClaim]] = defaultdict(list)
    parts: dict[str, _SheetPart] = {}

    for sheet in content.sheets:
        part = cache.parts.get(sheet.id) if cache is not None else None
        if part is None or part.sheet is not sheet:
            part = _sheet_part(sheet)
        parts[sheet.id] = part
        metrics.update((ref.metric.id, ref) for ref in part.metrics)
        claims.update((ref.claim.id, ref) for ref in part.claims)
        reviews.update((ref.review.id, ref) for ref in part.reviews)
        for source_id, ref in part.by_source:
            claims_by_source[source_id].append(ref)
        for actor_id, actor_claim in part.by_actor:
            claims_by_actor[actor_id].append(actor_claim)
        for source_id, review_ref in part.reviews_by_source:
            reviews_by_source[source_id].append(review_ref)

    estimates: dict[str, tuple[Estimate, ...]] = {}
    for part in parts.values():
        if part.citations is None or any(content.sources.get(s.id) is not s for s in part.citations.sources):
            part.citations = number_citations(part.sheet, content.sources)
        claimants = tuple(
            content.actors.get(ref.claim.claimant or "") for ref in part.claims if ref.claim.figure
        )
        if (
            part.estimates is None
            or len(claimants) != len(part.claimants)
            or any(a is not b for a, b in zip(claimants, part.claimants, strict=True))
        ):
            # Figure claims use the metrics of their own sheet (crosscheck.py), so a sheet's
            # estimates come from its own claims, in site order.
            figures: dict[str, list[ClaimRef]] = defaultdict(list)
            for ref in part.claims:
                if ref.claim.figure:
                    figures[ref.claim.figure.metric].append(ref)
            part.estimates = {
                ref.metric.id: _estimates(content, figures.get(ref.metric.id, [])) for ref in part.metrics
            }
            part.key_figures = None
            part.claimants = claimants
        estimates.update(part.estimates)
    for part in parts.values():
        if part.key_figures is None:
            part.key_figures = _key_figures(part.sheet, estimates, content.actors)
    if cache is not None:
        cache.parts = parts
    return SiteIndex(
        content=content,
        sheets={sheet.id: sheet for sheet in content.sheets},
        claims=claims,
        reviews=reviews,
        metrics=metrics,
        citations={sheet_id: part.citations for sheet_id, part in parts.items()},  # type: ignore[misc]
        claims_by_source={k: tuple(v) for k, v in claims_by_source.items()},
        reviews_by_source={k: tuple(v) for k, v in reviews_by_source.items()},
        claims_by_actor={k: tuple(v) for k, v in claims_by_actor.items()},
        estimates=estimates,
        key_figures={sheet_id: part.key_figures for sheet_id, part in parts.items()},  # type: ignore[misc]
        timeline=tuple(sorted(claims.values(), key=_newest_first)),
        checks=_citation_checks(content),
    )


def _citation_checks(content: Content) -> dict[tuple[str, str], CitationCheck]:
    """Each checked quote by source and words. A quote cited by several claims was looked up once
    on the page; its entries agree, so the first is kept. A check made for an address the source
    no longer cites (or for an unknown one) is left out: its quotes read as never checked."""
    checks: dict[tuple[str, str], CitationCheck] = {}
    for source_id, check in content.checks.items():
        if check.url is None or not is_current(check, content.sources.get(source_id)):
            continue
        for quote in check.quotes:
            found = CitationCheck(quote.status, check.checked, check.archived_copy, check.url, check.read_url)
            checks.setdefault((source_id, normalised_quote(quote.quote)), found)
    return checks


def _sheet_part(sheet: Sheet) -> _SheetPart:
    part = _SheetPart(sheet, [MetricRef(sheet, m) for m in sheet.metrics], [], [], [], [], [])
    position = 0
    for section in sheet.sections:
        for claim in section.claims:
            ref = ClaimRef(sheet, section, claim, position)
            position += 1
            part.claims.append(ref)
            part.by_source += [(source_id, ref) for source_id in _unique(c.source for c in claim.citations)]
            if claim.claimant:
                part.by_actor.append((claim.claimant, ActorClaim(ref, "claimant")))
            for actor_id in _unique(a for hop in claim.via for a in hop):
                if actor_id != claim.claimant:
                    part.by_actor.append((actor_id, ActorClaim(ref, "via")))
    for review in sheet.reviews:
        review_ref = ReviewRef(sheet, review)
        part.reviews.append(review_ref)
        cited = [c.source for c in review.citations]
        if review.appearance_source:
            cited.insert(0, review.appearance_source)
        part.reviews_by_source += [(source_id, review_ref) for source_id in _unique(cited)]
    return part


def _estimates(content: Content, figure_refs: list[ClaimRef]) -> tuple[Estimate, ...]:
    """A metric's estimates, from the figure claims that name it (in site order)."""
    refs = [r for r in figure_refs if r.claim.claimant in content.actors]
    # The latest of each claimant, for each basis (a count over a week is never the latest of a
    # running total): newest claimed_on, then newest as_of. Two current estimates that tie (two
    # reports of one briefing that disagree) are both latest: picking one would silently settle a
    # dispute the content records.
    newest: dict[tuple[str, str], tuple[PartialDate, PartialDate]] = {}
    for ref in refs:
        if ref.claim.status not in NOT_CURRENT_STATUSES:
            group = _group(ref)
            newest[group] = max(newest.get(group, _recency(ref)), _recency(ref))
    latest_ids = {
        ref.claim.id
        for ref in refs
        if ref.claim.status not in NOT_CURRENT_STATUSES and _recency(ref) == newest[_group(ref)]
    }

    def order(ref: ClaimRef) -> tuple:
        actor = content.actors[ref.claim.claimant or ""]
        return (ref.claim.claimed_on, actor.name.casefold(), actor.id, ref.sheet.id, ref.position)

    return tuple(
        Estimate(
            ref=ref,
            figure=ref.claim.figure,  # type: ignore[arg-type]  # filtered above
            claimant=content.actors[ref.claim.claimant or ""],
            is_latest=ref.claim.id in latest_ids,
            is_superseded=ref.claim.status == "superseded",
            is_disputed=ref.claim.status in DISPUTED_STATUSES,
            is_retracted=ref.claim.status == "retracted",
        )
        for ref in sorted(refs, key=order)
    )


def _key_figures(
    sheet: Sheet, estimates: dict[str, tuple[Estimate, ...]], actors: dict[str, Actor]
) -> tuple[KeyFigure, ...]:
    figures: list[KeyFigure] = []
    for metric in sheet.metrics:
        latest = [e for e in estimates.get(metric.id, ()) if e.is_latest]
        series = {actor_id: i for i, actor_id in enumerate(metric.series)}
        # By basis (running totals first; counts over a period last, apart), then claimants in the
        # metric's `series` order, the rest by name.
        latest.sort(
            key=lambda e: (
                BASES.index(e.figure.basis),
                series.get(e.claimant.id, len(series)),
                e.claimant.name.casefold(),
            )
        )
        figures.extend(KeyFigure(metric, e) for e in latest)
    return tuple(figures)


def charted(figure: Figure) -> bool:
    """Whether a figure is a point of its metric's chart (and of the chart's CSV): counts over a
    period are left out, since a week's count plotted among running totals would read as a fall."""
    return figure.basis != "period"


def _group(ref: ClaimRef) -> tuple[str, str]:
    """Whose estimate it is, and what it counts: latest marks compare only within one group."""
    figure = ref.claim.figure
    return (ref.claim.claimant or "", figure.basis if figure else "")


def _recency(ref: ClaimRef) -> tuple[PartialDate, PartialDate]:
    figure = ref.claim.figure
    as_of = figure.as_of if figure and figure.as_of else ref.claim.claimed_on
    return (ref.claim.claimed_on, as_of)


def _newest_first(ref: ClaimRef) -> tuple:
    date = ref.claim.claimed_on
    # Negated so that one ascending sort puts new dates first and keeps page order within a date.
    return (-date.year, -date.month, -date.day, ref.sheet.id, ref.position)


def _unique(items):
    """The items in first-seen order, without repeats."""
    return list(dict.fromkeys(items))
