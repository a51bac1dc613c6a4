"""A sheet's figures as readers meet them: the at-a-glance block and each metric's key figures.

Both start from the latest estimate of each claimant (`SiteIndex.key_figures`) and group them by
metric, then by what they count (the figure's basis: running totals, counts on a date, counts
over a period), so that a one-week count is never ranked among running totals. Within a group
the newest estimate comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import Estimate, KeyFigure, SiteIndex
from ..content.model import Metric, PartialDate, Sheet
from .views import Badge, status_badge

# Running totals first, then what there was on a day; counts over a period last, apart.
GROUP_ORDER = ("cumulative", "at-date", "period")
# Statuses a key figure shows as a badge; a plain report or a corroboration needs no mark.
MARKED_STATUSES = ("disputed", "contradicted", "retracted", "superseded")


@dataclass(frozen=True)
class GlanceEstimate:
    """One claimant's latest estimate, as a line of the at-a-glance block (raw HTML)."""

    href: str
    figure: str  # "about 2,000"
    claimant: str
    claimed_on: str
    status: Badge | None  # only when disputed, contradicted or retracted


@dataclass(frozen=True)
class GlanceGroup:
    """The latest estimates of one metric that count the same thing."""

    basis: str  # "Running totals"
    span: str  # "350 to 4,000 troops"
    summary: str  # "The latest of each of 5 claimants; the newest on 2 September 2025."
    estimates: tuple[GlanceEstimate, ...]  # newest first


@dataclass(frozen=True)
class GlanceMetric:
    label: str
    href: str  # the metric's key figures further down (raw HTML link)
    groups: tuple[GlanceGroup, ...]  # running totals first


@dataclass(frozen=True)
class KeyFigureRow:
    href: str
    claimed_on: str
    claimant: str
    figure: str  # "about 2,000 troops"
    counts: str  # "in total, as of 2 September 2025; in the Kursk region"
    status: Badge | None


@dataclass(frozen=True)
class KeyFigureGroup:
    basis: str  # "Running totals"
    note: str  # why this group stands apart: "" for the first group
    rows: tuple[KeyFigureRow, ...]  # newest first


def latest_by_basis(key_figures: tuple[KeyFigure, ...], metric: Metric) -> list[list[Estimate]]:
    """The metric's latest estimates in groups of one basis (GROUP_ORDER), newest first."""
    groups: dict[str, list[Estimate]] = {}
    for key_figure in key_figures:
        if key_figure.metric.id == metric.id:
            groups.setdefault(key_figure.estimate.figure.basis, []).append(key_figure.estimate)
    ordered = [groups[basis] for basis in GROUP_ORDER if basis in groups]
    for group in ordered:
        group.sort(key=_newest_first)
    return ordered


def _newest_first(estimate: Estimate) -> tuple:
    # A partial date sorts after the full dates inside it (as on the timeline): "2025" after
    # "2 September 2025"; then the newer as_of; then the claimant's name.
    claimed = estimate.claim.claimed_on
    as_of = estimate.figure.as_of or claimed
    return (_descending(claimed), _descending(as_of), estimate.claimant.name.casefold(), estimate.claim.id)


def _descending(date: PartialDate) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day)  # 0 for a missing part: after the full dates


def glance(sheet: Sheet, index: SiteIndex, page: str) -> tuple[GlanceMetric, ...]:
    metrics = []
    for metric in sheet.metrics:
        groups = []
        for estimates in latest_by_basis(index.key_figures[sheet.id], metric):
            newest = estimates[0]
            count = len({e.claimant.id for e in estimates})
            newest_on = formatting.on_date(newest.claim.claimed_on)
            groups.append(
                GlanceGroup(
                    basis=formatting.basis_label(newest.figure.basis),
                    span=" ".join(
                        part
                        for part in (formatting.figures_range([e.figure for e in estimates]), metric.unit)
                        if part
                    ),
                    summary=(
                        f"The latest of 1 claimant, {newest_on}."
                        if count == 1
                        else f"The latest of each of {count} claimants; the newest {newest_on}."
                    ),
                    estimates=tuple(
                        GlanceEstimate(
                            href=paths.html_link(page, page, e.claim.id),
                            figure=_figure_and_basis(e),
                            claimant=e.claimant.name,
                            claimed_on=formatting.date_cell(e.claim.claimed_on),
                            status=_badge(e, page, for_html=True),
                        )
                        for e in estimates
                    ),
                )
            )
        if groups:
            metrics.append(
                GlanceMetric(
                    metric.label, paths.html_link(page, page, paths.metric_anchor(metric.id)), tuple(groups)
                )
            )
    return tuple(metrics)


def key_figure_groups(
    sheet: Sheet, index: SiteIndex, page: str, metric: Metric
) -> tuple[KeyFigureGroup, ...]:
    groups = []
    for number, estimates in enumerate(latest_by_basis(index.key_figures[sheet.id], metric)):
        basis = estimates[0].figure.basis
        groups.append(
            KeyFigureGroup(
                basis=formatting.basis_label(basis),
                note="" if number == 0 else SET_APART[basis],
                rows=tuple(
                    KeyFigureRow(
                        href=paths.page_link(page, page, e.claim.id),
                        claimed_on=formatting.date_cell(e.claim.claimed_on),
                        claimant=e.claimant.name,
                        figure=formatting.figure_with_unit(e.figure, metric.unit),
                        counts=formatting.counts_words(e.figure, e.claim.claimed_on),
                        status=_badge(e, page, for_html=True),
                    )
                    for e in estimates
                ),
            )
        )
    return tuple(groups)


# Why a group of estimates stands apart from the one above it.
SET_APART = {
    "cumulative": "Running totals since the start.",
    "at-date": "What there was on one day: not a running total, so not ranked with one.",
    "period": "What was counted over a stated period only: not a running total, so not ranked with one.",
}


def _figure_and_basis(estimate: Estimate) -> str:
    """'about 2,000'; a count over a period or on a date also says which: 'more than 1,000 in one
    week to …', '600 on 18 April 2025'."""
    return formatting.figure_and_basis(estimate.figure, estimate.claim.claimed_on)


def _badge(estimate: Estimate, page: str, for_html: bool = False) -> Badge | None:
    status = estimate.claim.status
    return status_badge(status, page, for_html) if status in MARKED_STATUSES else None
