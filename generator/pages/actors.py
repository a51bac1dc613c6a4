"""A page per actor (who they are, the claims they made or passed on, their estimates), and their list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from .. import formatting, paths
from ..content.countries import country_name
from ..content.history import History, start_of
from ..content.index import Estimate, SiteIndex
from ..content.model import Actor
from ..settings import Settings
from .charts import ChartLinks, render_chart
from .environment import NOT_SEARCHED, front_matter, render_page
from .pagination import Pager, page_paths, pagers, split, split_by_size
from .views import ClaimLine, ClaimLines, last_change, moved_line

_EPOCH = date(1970, 1, 1)  # an actor's page outside git and without sheets: no better date known

# Actor pages are kept out of the search index (front matter `search: exclude`), like the lists:
# every claim on them is found on its sheet, and results from pages listing an agency's every
# claim would bury the sheets.


@dataclass(frozen=True)
class ActorProfile:
    """Who an actor is, worded for its page."""

    name: str
    kind: str  # "Agency", "Person", "Armed forces"
    country: str | None  # the country's name
    role: str | None
    description: str | None
    counts: str  # "12 claims made · 3 passed on"


# An actor's claims and charts are split into pages of about this many lines (pages/pagination.py):
# an agency quoted across the archive would otherwise list it all. Counted in lines, not
# characters, so that rewording a claim never moves others to another page.
ACTOR_PAGE_LINES = 80
CHART_LINES = 8  # a chart takes about the room of this many lines
ACTORS_PER_PAGE = 50  # rows on each page of the actors list


@dataclass(frozen=True)
class ActorMetric:
    """One actor's estimates of one metric, oldest first, with a chart of them."""

    number: int  # 1-based, among the actor's metrics: its anchor
    label: str
    href: str  # the metric's tracker on its sheet
    sheet_title: str
    estimates: tuple[ClaimLine, ...]
    chart: str  # SVG and table, its points linking from the page it is on


@dataclass(frozen=True)
class SectionPart:
    """The part of one section of an actor's page (estimates, claims made, passed on) that one
    page shows; None on a page without any of it."""

    items: tuple  # ActorMetric or ClaimLine
    continued: bool  # the section began on an earlier page


@dataclass(frozen=True)
class SectionLink:
    label: str
    href: str  # from the first page
    total: int


@dataclass(frozen=True)
class ActorPageContext:
    front_matter: str
    title: str
    actor: ActorProfile
    metrics: SectionPart | None
    made: SectionPart | None
    passed_on: SectionPart | None
    pager: Pager
    sections: tuple[SectionLink, ...]  # on the first page of several: where each section starts
    index_href: str
    estimated: int  # claims shown under the estimates, not again under the claims made


@dataclass(frozen=True)
class ActorRow:
    name: str
    href: str
    kind: str
    country: str | None
    role: str | None
    made: int
    passed_on: int


@dataclass(frozen=True)
class ActorsIndexContext:
    front_matter: str
    title: str
    rows: tuple[ActorRow, ...]
    pager: Pager
    total: int


def actor_profile(actor: Actor, made: int = 0, passed_on: int = 0) -> ActorProfile:
    return ActorProfile(
        name=actor.name,
        kind=formatting.actor_kind_words(actor.kind),
        country=country_name(actor.country) if actor.country else None,
        role=actor.role,
        description=actor.description,
        counts=f"{formatting.count(made, 'claim')} made · {formatting.count(passed_on, 'claim')} passed on",
    )


def estimates_by_actor(index: SiteIndex) -> dict[str, dict[str, list[Estimate]]]:
    """Actor id -> metric id -> the actor's estimates of it, metrics in site order (one pass)."""
    found: dict[str, dict[str, list[Estimate]]] = defaultdict(dict)
    for metric_id, estimates in index.estimates.items():
        for estimate in estimates:
            found[estimate.claimant.id].setdefault(metric_id, []).append(estimate)
    return found


# The three sections of an actor's page, in page order.
_SECTIONS = ("metrics", "made", "passed_on")
_SECTION_LABELS = {"metrics": "Estimates over time", "made": "Claims made", "passed_on": "Claims passed on"}


def _item_lines(item: tuple[str, object]) -> int:
    _, value = item
    if isinstance(value, ActorMetric):
        return CHART_LINES + len(value.estimates)
    return 1


def _moved(item, first: str, page: str):
    """An item made for the actor's first page, as a later (deeper) page links it."""
    if page == first or item is None:
        return item
    if isinstance(item, ActorMetric):
        estimates = tuple(moved_line(line, page) for line in item.estimates)
        return replace(item, href=paths.moved_link(item.href, first, page), estimates=estimates)
    return moved_line(item, page)


def _with_chart(
    metric: ActorMetric, metric_id: str, page: str, index: SiteIndex, estimates: dict[str, list[Estimate]]
) -> ActorMetric:
    """The metric with its chart, whose points link to their claims from `page`."""
    ref, mine = index.metrics[metric_id], estimates[metric_id]
    links = {e.claim.id: paths.html_link(page, paths.sheet_page(ref.sheet.id), e.claim.id) for e in mine}
    chart = render_chart(ref.metric, [e.claim for e in mine], index.content.actors, ChartLinks(links))
    return replace(metric, chart=chart)


def actor_contexts(
    actor: Actor,
    index: SiteIndex,
    settings: Settings,
    lines: ClaimLines,
    estimates: dict[str, list[Estimate]],
    history: History,
) -> dict[str, ActorPageContext]:
    """The pages of one actor (docs path -> context); `estimates`: its own, by metric."""
    first = paths.actor_page(actor.id)
    claims = index.claims_by_actor.get(actor.id, ())
    metrics: list[ActorMetric] = []
    for metric_id, mine in estimates.items():
        ref = index.metrics[metric_id]
        metrics.append(
            ActorMetric(
                number=len(metrics) + 1,
                label=ref.metric.label,
                href=paths.page_link(first, paths.sheet_page(ref.sheet.id), paths.metric_anchor(metric_id)),
                sheet_title=ref.sheet.title,
                estimates=tuple(lines(e.ref, show_sheet=False) for e in mine),
                chart="",  # drawn once the page it is on is known: its points link from there
            )
        )
    # Each claim once on the actor's pages: its estimates under their charts, the rest as made.
    estimated = {e.claim.id for mine in estimates.values() for e in mine}
    sections: dict[str, list] = {
        "metrics": metrics,
        "made": [lines(c.ref) for c in claims if c.role == "claimant" and c.ref.claim.id not in estimated],
        "passed_on": [lines(c.ref) for c in claims if c.role == "via"],
    }
    # One sequence of items, split by size; an empty section (shown as "None on this site") is
    # one small item, so that it stands where it would.
    items: list[tuple[str, object]] = []
    for section in _SECTIONS:
        items += [(section, value) for value in sections[section]] or (
            [(section, None)] if section != "metrics" else []
        )
    chunks = split_by_size(items, _item_lines, ACTOR_PAGE_LINES)
    where = page_paths(first, len(chunks))
    starts: dict[str, int] = {}  # section -> the page it starts on
    for number, chunk in enumerate(chunks):
        for section, _ in chunk:
            starts.setdefault(section, number)
    description = actor.role or actor.description or f"Claims made or passed on by {actor.name}."
    made = sum(1 for c in claims if c.role == "claimant")
    profile = actor_profile(actor, made, len(claims) - made)
    files = sorted(
        {paths.record_file("actor", actor.id), *(paths.record_file("sheet", c.ref.sheet.id) for c in claims)}
    )
    changed = last_change(
        history, files, max((start_of(c.ref.sheet.updated) for c in claims), default=_EPOCH)
    )
    metric_ids = list(estimates)  # ActorMetric.number - 1 -> its metric
    contexts = {}
    for number, (page, chunk, pager) in enumerate(
        zip(where, chunks, pagers(first, len(chunks)), strict=True)
    ):
        parts: dict[str, SectionPart | None] = {}
        for section in _SECTIONS:
            shown = [_moved(value, first, page) for name, value in chunk if name == section]
            if section == "metrics":
                shown = [_with_chart(m, metric_ids[m.number - 1], page, index, estimates) for m in shown]
            parts[section] = (
                SectionPart(tuple(v for v in shown if v is not None), starts[section] < number)
                if shown
                else None
            )
        title = f"{actor.name}, {pager.label}" if pager.number > 1 else actor.name
        links: tuple[SectionLink, ...] = ()
        if number == 0 and len(chunks) > 1:
            links = tuple(
                SectionLink(
                    _SECTION_LABELS[section],
                    paths.page_link(page, where[starts[section]], paths.ACTOR_SECTION_ANCHORS[section]),
                    len(sections[section]),
                )
                for section in _SECTIONS
                if section in starts
            )
        contexts[page] = ActorPageContext(
            front_matter=front_matter(
                {
                    "title": title,
                    "description": description,
                    "edit_url": settings.edit_url(paths.record_file("actor", actor.id)),
                    "content_changed": changed,
                    "search": NOT_SEARCHED,
                }
            ),
            title=title,
            actor=profile,
            metrics=parts["metrics"],
            made=parts["made"],
            passed_on=parts["passed_on"],
            pager=pager,
            sections=links,
            index_href=paths.page_link(page, paths.ACTORS_INDEX),
            estimated=len(estimated),
        )
    return contexts


def actors_index_contexts(index: SiteIndex) -> dict[str, ActorsIndexContext]:
    """The pages of the actors list (docs path -> context), by name."""
    actors = sorted(index.content.actors.values(), key=lambda a: (a.name.casefold(), a.id))
    chunks = split(actors, ACTORS_PER_PAGE)
    where = page_paths(paths.ACTORS_INDEX, len(chunks))
    description = "Who makes the claims, and who passes them on."
    contexts = {}
    for page, chunk, pager in zip(where, chunks, pagers(paths.ACTORS_INDEX, len(chunks)), strict=True):
        rows = []
        for actor in chunk:
            claims = index.claims_by_actor.get(actor.id, ())
            profile = actor_profile(actor)
            rows.append(
                ActorRow(
                    name=actor.name,
                    href=paths.page_link(page, paths.actor_page(actor.id)),
                    kind=profile.kind,
                    country=profile.country,
                    role=actor.role,
                    made=sum(1 for c in claims if c.role == "claimant"),
                    passed_on=sum(1 for c in claims if c.role == "via"),
                )
            )
        title = f"Actors, {pager.label}" if pager.number > 1 else "Actors"
        fields = {"title": title, "description": description, "search": NOT_SEARCHED}
        contexts[page] = ActorsIndexContext(front_matter(fields), title, tuple(rows), pager, len(actors))
    return contexts


def render_actor_pages(
    index: SiteIndex, settings: Settings, lines: ClaimLines, history: History
) -> dict[str, str]:
    pages = {page: render_page("actors_index.md.j2", c) for page, c in actors_index_contexts(index).items()}
    estimates = estimates_by_actor(index)
    for actor in index.content.actors.values():
        made = actor_contexts(actor, index, settings, lines, estimates.get(actor.id, {}), history)
        pages.update((page, render_page("actor.md.j2", context)) for page, context in made.items())
    return pages
