"""A page per actor (who they are, the claims they made or passed on, their estimates), and their list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import formatting, paths
from ..content.countries import country_name
from ..content.history import History, start_of
from ..content.index import SiteIndex
from ..content.model import Actor
from ..settings import Settings
from .charts import ChartLinks, render_chart
from .environment import NOT_SEARCHED, front_matter, render_page
from .views import ClaimLine, ClaimLines, last_change

# Material's search ranks an actor's page below the sheets and their claims.
SEARCH_BOOST = 0.5
_EPOCH = date(1970, 1, 1)  # an actor's page outside git and without sheets: no better date known


@dataclass(frozen=True)
class ActorProfile:
    """Who an actor is, worded for its page."""

    name: str
    kind: str  # "Agency", "Person", "Armed forces"
    country: str | None  # the country's name
    role: str | None
    description: str | None
    counts: str  # "12 claims made · 3 passed on"


@dataclass(frozen=True)
class ActorMetric:
    """One actor's estimates of one metric, oldest first, with a chart of them."""

    label: str
    href: str  # the metric's tracker on its sheet
    sheet_title: str
    estimates: tuple[ClaimLine, ...]
    chart: str


@dataclass(frozen=True)
class ActorPageContext:
    front_matter: str
    actor: ActorProfile
    made: tuple[ClaimLine, ...]
    passed_on: tuple[ClaimLine, ...]
    metrics: tuple[ActorMetric, ...]
    index_href: str


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
    rows: tuple[ActorRow, ...]


def actor_profile(actor: Actor, made: int = 0, passed_on: int = 0) -> ActorProfile:
    return ActorProfile(
        name=actor.name,
        kind=formatting.actor_kind_words(actor.kind),
        country=country_name(actor.country) if actor.country else None,
        role=actor.role,
        description=actor.description,
        counts=f"{formatting.count(made, 'claim')} made · {formatting.count(passed_on, 'claim')} passed on",
    )


def actor_context(
    actor: Actor, index: SiteIndex, settings: Settings, lines: ClaimLines, history: History
) -> ActorPageContext:
    page = paths.actor_page(actor.id)
    claims = index.claims_by_actor.get(actor.id, ())
    metrics = []
    # Only the metrics this actor estimated, found from its own claims.
    estimated = {c.ref.claim.figure.metric for c in claims if c.role == "claimant" and c.ref.claim.figure}
    for metric_id, ref in index.metrics.items():
        if metric_id not in estimated:
            continue
        mine = [e for e in index.estimates.get(metric_id, ()) if e.claimant.id == actor.id]
        if not mine:
            continue
        metrics.append(
            ActorMetric(
                label=ref.metric.label,
                href=paths.page_link(page, paths.sheet_page(ref.sheet.id), paths.metric_anchor(metric_id)),
                sheet_title=ref.sheet.title,
                estimates=tuple(lines(e.ref, show_sheet=False) for e in mine),
                chart=render_chart(
                    ref.metric,
                    [e.claim for e in mine],
                    index.content.actors,
                    ChartLinks(
                        {
                            e.claim.id: paths.html_link(page, paths.sheet_page(ref.sheet.id), e.claim.id)
                            for e in mine
                        }
                    ),
                ),
            )
        )
    description = actor.role or actor.description or f"Claims made or passed on by {actor.name}."
    made = sum(1 for c in claims if c.role == "claimant")
    files = [
        paths.record_file("actor", actor.id),
        *{paths.record_file("sheet", c.ref.sheet.id) for c in claims},
    ]
    return ActorPageContext(
        front_matter=front_matter(
            {
                "title": actor.name,
                "description": description,
                "edit_url": settings.edit_url(paths.record_file("actor", actor.id)),
                "content_changed": last_change(
                    history,
                    sorted(files),
                    max((start_of(c.ref.sheet.updated) for c in claims), default=_EPOCH),
                ),
                "search": {"boost": SEARCH_BOOST},
            }
        ),
        actor=actor_profile(actor, made, len(claims) - made),
        made=tuple(lines(c.ref) for c in claims if c.role == "claimant"),
        passed_on=tuple(lines(c.ref) for c in claims if c.role == "via"),
        metrics=tuple(metrics),
        index_href=paths.page_link(page, paths.ACTORS_INDEX),
    )


def actors_index_context(index: SiteIndex) -> ActorsIndexContext:
    actors = sorted(index.content.actors.values(), key=lambda a: (a.name.casefold(), a.id))
    rows = []
    for actor in actors:
        claims = index.claims_by_actor.get(actor.id, ())
        profile = actor_profile(actor)
        rows.append(
            ActorRow(
                name=actor.name,
                href=paths.page_link(paths.ACTORS_INDEX, paths.actor_page(actor.id)),
                kind=profile.kind,
                country=profile.country,
                role=actor.role,
                made=sum(1 for c in claims if c.role == "claimant"),
                passed_on=sum(1 for c in claims if c.role == "via"),
            )
        )
    description = "Who makes the claims, and who passes them on."
    fields = {"title": "Actors", "description": description, "search": NOT_SEARCHED}
    return ActorsIndexContext(front_matter(fields), tuple(rows))


def render_actor_pages(
    index: SiteIndex, settings: Settings, lines: ClaimLines, history: History
) -> dict[str, str]:
    pages = {paths.ACTORS_INDEX: render_page("actors_index.md.j2", actors_index_context(index))}
    for actor in index.content.actors.values():
        context = actor_context(actor, index, settings, lines, history)
        pages[paths.actor_page(actor.id)] = render_page("actor.md.j2", context)
    return pages
