"""After an edit, render again only the pages that show what changed (`factsheet serve`).

The preview keeps the content, the index and every rendered page from the last run. When files
change, `changed_records` compares the old and the new model: a file that was not read again
yields the very same objects, so an identity test finds the sheets, sources and actors that
differ. `pages_to_render` turns those into the groups of pages that show them, from both the
old and the new index (a claim that moved shows on its old pages and its new ones):

- a sheet: its page; the pages of the sources its claims and reviews cite, of the actors that
  made or passed on its claims, of its tags and its claims' tags, of the months of its claims;
  sheets whose claims are superseded by one of its claims; and the lists (home, sheets,
  sources, actors, tags, timeline), whose counts and summaries it is in;
- a source: its page, the sheets citing it, the sources list;
- an actor: its pages, the sheets of its claims, the actors list.

A change to tags.yaml, or pages of a kind this module does not know (a new page kind that
pages/registry.py renders), mean rendering everything (`RenderPlan.everything`). Data files,
the feed and the redirects are left to the caller (they are not pages; the preview writes them
after the reload). Pages are compared with their previous text; only those that differ count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import paths
from ..content.history import History
from ..content.index import SiteIndex
from ..content.model import Content, Sheet
from ..pages import actors, home, sources, tags, timeline
from ..pages.changes import render_changes_page
from ..pages.environment import render_page
from ..pages.registry import render_pages
from ..pages.sheet import render_sheet
from ..pages.views import ClaimLines
from ..settings import Settings


@dataclass(frozen=True)
class ChangedRecords:
    sheets: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    tags: bool = False

    def __bool__(self) -> bool:
        return bool(self.sheets or self.sources or self.actors or self.tags)


def _differ(old: Mapping[str, object], new: Mapping[str, object]) -> frozenset[str]:
    return frozenset(key for key in old.keys() | new.keys() if old.get(key) is not new.get(key))


def changed_records(old: Content, new: Content) -> ChangedRecords:
    """What differs between two models whose unchanged files were not read again."""
    return ChangedRecords(
        sheets=_differ({s.id: s for s in old.sheets}, {s.id: s for s in new.sheets}),
        sources=_differ(old.sources, new.sources),
        actors=_differ(old.actors, new.actors),
        tags=old.tags != new.tags,
    )


# The lists: "sheets" (home and the list of sheets), "sources", "actors", "tags" (the tags page)
# and "timeline" (its first page). A sheet is in all of them (summaries, counts, newest claims),
# but an edit changes them only when it changes what they show of it; a source is only in the
# sources list, an actor only in the actors list.


@dataclass
class RenderPlan:
    """The groups of pages to render again."""

    everything: bool = False
    sheets: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    periods: set[timeline.Period] = field(default_factory=set)
    lists: set[str] = field(default_factory=set)  # of the lists named above


def _listed(sheet: Sheet | None) -> tuple | None:
    """What the sheet lists and the tag pages show of a sheet (pages/home.py: SheetSummary)."""
    return (
        None if sheet is None else (sheet.title, sheet.summary, sheet.updated, len(sheet.claims), sheet.tags)
    )


def _citing(sheet: Sheet | None) -> tuple | None:
    """Which claims and reviews of the sheet cite which sources: the sources list's counts."""
    if sheet is None:
        return None
    claims = tuple((c.id, frozenset(x.source for x in c.citations)) for c in sheet.claims)
    reviews = tuple(
        (r.id, frozenset(x.source for x in r.citations) | {r.appearance_source}) for r in sheet.reviews
    )
    return claims, reviews


def _attributed(sheet: Sheet | None) -> tuple | None:
    """Who made and passed on each claim of the sheet: the actors list's counts."""
    return None if sheet is None else tuple((c.id, c.claimant, c.via) for c in sheet.claims)


def _sheet_records(sheet: Sheet, plan: RenderPlan) -> None:
    """What one version of a sheet shows on other pages (the lists: `_sheet_lists`)."""
    plan.sheets.add(sheet.id)
    for claim in sheet.claims:
        plan.tags.update(claim.tags)  # a tag's page lists its claims
        plan.sources.update(c.source for c in claim.citations)
        if claim.claimant:
            plan.actors.add(claim.claimant)
        plan.actors.update(actor for hop in claim.via for actor in hop)
        plan.periods.add((claim.claimed_on.year, claim.claimed_on.month))
    for review in sheet.reviews:
        plan.sources.update(c.source for c in review.citations)
        if review.appearance_source:
            plan.sources.add(review.appearance_source)


def _sheet_lists(
    before: Sheet | None, after: Sheet | None, old: SiteIndex, new: SiteIndex, plan: RenderPlan
) -> None:
    """The lists a changed sheet is in, where what they show of it changed."""
    if _listed(before) != _listed(after):
        plan.lists.update(("sheets", "tags"))
        plan.tags.update((before.tags if before else ()) + (after.tags if after else ()))
    claim_tags = [tuple(c.tags for c in sheet.claims) if sheet else None for sheet in (before, after)]
    if claim_tags[0] != claim_tags[1]:  # the tags page counts each tag's claims
        plan.lists.add("tags")
    if _citing(before) != _citing(after):
        plan.lists.add("sources")
    if _attributed(before) != _attributed(after):
        plan.lists.add("actors")
    # The timeline's first page shows the newest claims, of every sheet.
    ids = {c.id for sheet in (before, after) if sheet for c in sheet.claims}
    recent = timeline.RECENT_CLAIMS
    if any(ref.claim.id in ids for index in (old, new) for ref in index.timeline[:recent]):
        plan.lists.add("timeline")


def pages_to_render(changed: ChangedRecords, old: SiteIndex, new: SiteIndex) -> RenderPlan:
    plan = RenderPlan()
    if changed.tags:
        plan.everything = True
        return plan
    for sheet_id in changed.sheets:
        _sheet_lists(old.sheets.get(sheet_id), new.sheets.get(sheet_id), old, new, plan)
    if changed.sources:
        plan.lists.add("sources")
    if changed.actors:
        plan.lists.add("actors")
    for index in (old, new):
        for sheet_id in changed.sheets:
            sheet = index.sheets.get(sheet_id)
            if sheet is not None:
                _sheet_records(sheet, plan)
                # Other sheets whose claims link a claim of this one as their newer estimate.
                ids = {claim.id for claim in sheet.claims}
                plan.sheets.update(
                    ref.sheet.id for ref in index.claims.values() if ref.claim.superseded_by in ids
                )
        for source_id in changed.sources:
            plan.sources.add(source_id)
            plan.sheets.update(ref.sheet.id for ref in index.claims_by_source.get(source_id, ()))
            plan.sheets.update(ref.sheet.id for ref in index.reviews_by_source.get(source_id, ()))
        for actor_id in changed.actors:
            plan.actors.add(actor_id)
            plan.sheets.update(c.ref.sheet.id for c in index.claims_by_actor.get(actor_id, ()))
    # A period that appears or disappears changes its neighbours' links to newer and older months.
    if set(timeline.group_by_period(old)) != set(timeline.group_by_period(new)):
        plan.periods.update(timeline.group_by_period(old))
        plan.periods.update(timeline.group_by_period(new))
    return plan


def list_pages(first: str, pages: Mapping[str, str]) -> set[str]:
    """The pages a list whose first page is `first` had (paths.list_page)."""
    found, number = set(), 1
    while (page := paths.list_page(first, number)) in pages:
        found.add(page)
        number += 1
    return found


def render_plan(
    plan: RenderPlan, index: SiteIndex, settings: Settings, history: History, previous: Mapping[str, str]
) -> tuple[dict[str, str], set[str]]:
    """Render the planned groups: (every page of them, docs path -> text; the pages these groups
    had before and have no more). With `plan.everything`, every page of the registry."""
    if plan.everything:
        every = render_pages(index, settings, history)
        return every, {page for page in previous if paths.is_page(page)} - every.keys()
    content = index.content
    lines = ClaimLines(index)
    pages: dict[str, str] = {}
    before: set[str] = set()  # the pages these groups had
    for sheet_id in plan.sheets:
        before.add(paths.sheet_page(sheet_id))
        if sheet_id in index.sheets:
            pages[paths.sheet_page(sheet_id)] = render_sheet(index.sheets[sheet_id], index, settings, history)
    for source_id in plan.sources:
        before.add(paths.source_page(source_id))
        if source_id in content.sources:
            context = sources.source_context(content.sources[source_id], index, settings, lines, history)
            pages[paths.source_page(source_id)] = render_page("source.md.j2", context)
    if plan.actors:
        estimates = actors.estimates_by_actor(index)
        for actor_id in plan.actors:
            before |= list_pages(paths.actor_page(actor_id), previous)
            if actor_id in content.actors:
                made = actors.actor_contexts(
                    content.actors[actor_id], index, settings, lines, estimates.get(actor_id, {}), history
                )
                pages.update({page: render_page("actor.md.j2", c) for page, c in made.items()})
    tagged = tags.tagged_records(index) if plan.tags or "tags" in plan.lists else {}
    for tag_id in plan.tags:
        before |= list_pages(paths.tag_page(tag_id), previous)
        if tag_id in tagged:
            made_tags = tags.tag_contexts(content.tags[tag_id], index, tagged[tag_id], lines)
            pages.update({page: render_page("tag.md.j2", c) for page, c in made_tags.items()})
    if plan.periods or "timeline" in plan.lists:
        before |= {timeline.period_page(p) for p in plan.periods}
        if "timeline" in plan.lists:
            before.add(paths.TIMELINE)
        pages.update(timeline.render_timeline_pages(index, lines, plan.periods, "timeline" in plan.lists))
    if "sheets" in plan.lists:
        before |= list_pages(paths.SHEETS_INDEX, previous) | {paths.HOME}
        pages.update(home.render_home_pages(content, settings.site_name))
    if "sources" in plan.lists:
        before |= list_pages(paths.SOURCES_INDEX, previous)
        for page, c in sources.sources_index_contexts(index).items():
            pages[page] = render_page("sources_index.md.j2", c)
    if "actors" in plan.lists:
        before |= list_pages(paths.ACTORS_INDEX, previous)
        for page, listed in actors.actors_index_contexts(index).items():
            pages[page] = render_page("actors_index.md.j2", listed)
    if "tags" in plan.lists:
        before.add(paths.TAGS)
        pages[paths.TAGS] = render_page("tags.md.j2", tags.tags_context(index, tagged))
    if plan.sheets:  # the log of changes names and links sheets and their added claims
        before.add(paths.CHANGES)
        pages.update(render_changes_page(index, history, settings))
    return pages, before - pages.keys()


def known_pages(index: SiteIndex, pages: Iterable[str]) -> set[str]:
    """The pages, of those given, that `render_plan` knows how to render again: the others are of
    a kind it does not know (the preview then renders everything after each edit)."""
    content = index.content
    known = {paths.sheet_page(s.id) for s in content.sheets}
    known |= {paths.source_page(s) for s in content.sources}
    # Pages that show no record (rendered again only with everything) or that render_plan renders.
    known |= {paths.TIMELINE, paths.TAGS, paths.HOME, paths.DATA_PAGE, paths.CHANGES}
    known |= {paths.METHODOLOGY, paths.LICENCE}
    known |= {timeline.period_page(p) for p in timeline.group_by_period(index)}
    pages = set(pages)
    for first in (
        paths.SOURCES_INDEX,
        paths.SHEETS_INDEX,
        paths.ACTORS_INDEX,
        *(paths.actor_page(a) for a in content.actors),
        *(paths.tag_page(t) for t in content.tags),
    ):
        known |= list_pages(first, dict.fromkeys(pages, ""))
    return known & pages
