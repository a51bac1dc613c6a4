"""The reader's ways in besides the sheets: sources, actors, the timeline, tags and the Data page.

The timeline's pages are laid out in render_timeline.py.

Each page kind has a `...Context` built here from the content and the index, and a template in
site_templates/. Links to claims are relative Markdown links to `sheets/<id>.md#<claim-id>`,
which MkDocs checks at build time (a missing page or anchor fails `--strict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..content.index import ClaimRef, SiteIndex
from ..content.model import Actor, Content, PartialDate, Source, Tag
from ..data import datadoc
from ..data.export import SCHEMA_VERSION
from ..settings import Settings
from . import filters
from .charts import render_chart
from .core import NOT_SEARCHED, environment, front_matter, page_link, render_page, sheet_page
from .timeline import render_timeline_pages

SOURCES_INDEX = "sources/index.md"
ACTORS_INDEX = "actors/index.md"
TAGS = "tags.md"
DATA_PAGE = "data/index.md"


def source_page(source_id: str) -> str:
    return f"sources/{source_id}.md"


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


@dataclass(frozen=True)
class ClaimLink:
    """A claim as one line of a list elsewhere than its sheet."""

    id: str
    href: str
    text: str
    kind: str
    status: str
    claimed_on: PartialDate
    claimant: str | None  # name
    figure: str | None  # "about 600 people"
    sheet_title: str
    sheet_href: str


def claim_link(ref: ClaimRef, index: SiteIndex, sheet_href: str) -> ClaimLink:
    """`sheet_href`: the link to the claim's sheet from the page listing it."""
    claim = ref.claim
    actors = index.content.actors
    figure = None
    if claim.figure:
        metric_ref = index.metrics.get(claim.figure.metric)
        unit = metric_ref.metric.unit if metric_ref else ""
        figure = " ".join(p for p in (filters.qualified(claim.figure), unit) if p)
    return ClaimLink(
        id=claim.id,
        href=f"{sheet_href}#{claim.id}",
        text=claim.text,
        kind=claim.kind,
        status=claim.status,
        claimed_on=claim.claimed_on,
        claimant=actors[claim.claimant].name if claim.claimant in actors else None,
        figure=figure,
        sheet_title=ref.sheet.title,
        sheet_href=sheet_href,
    )


# Every page listing claims lives one folder deep (sources/, actors/, timeline/), so a claim's
# links read the same from all of them: each claim's line is rendered once and shared.
ONE_FOLDER_DEEP = "sources/index.md"


class ClaimLines:
    """Each claim's Markdown list line (site_templates/_claim_link.md.j2), rendered once.

    At 1,000 sheets the source, actor and timeline pages list claims 50,000 times; building a
    ClaimLink, two relative links and an include for each cost most of their 3.5 s (issue 6).
    """

    def __init__(self, index: SiteIndex) -> None:
        self.index = index
        self._claim_line = environment().get_template("_claim_link.md.j2").module.claim_line  # type: ignore[attr-defined]
        self._lines: dict[tuple[str, bool], str] = {}
        self._links: dict[str, ClaimLink] = {}
        self._sheet_hrefs: dict[str, str] = {}

    def __call__(self, ref: ClaimRef, show_sheet: bool = True) -> str:
        key = (ref.claim.id, show_sheet)
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = str(self._claim_line(self._link(ref), show_sheet))
        return line

    def _link(self, ref: ClaimRef) -> ClaimLink:
        link = self._links.get(ref.claim.id)
        if link is None:
            sheet_href = self._sheet_hrefs.get(ref.sheet.id)
            if sheet_href is None:
                sheet_href = page_link(ONE_FOLDER_DEEP, sheet_page(ref.sheet.id))
                self._sheet_hrefs[ref.sheet.id] = sheet_href
            link = self._links[ref.claim.id] = claim_link(ref, self.index, sheet_href)
        return link


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class ReviewLink:
    statement: str
    rating: str
    href: str
    sheet_title: str


@dataclass(frozen=True)
class SourcePageContext:
    front_matter: str
    source: Source
    claims: tuple[str, ...]  # Markdown list lines (ClaimLines)
    reviews: tuple[ReviewLink, ...]
    index_href: str


@dataclass(frozen=True)
class SourceRow:
    title: str
    href: str
    publisher: str
    agency: str | None
    kind: str
    published: PartialDate
    cited: int


@dataclass(frozen=True)
class ListPageContext:
    """An index page: a title, an introduction and rows (sources or actors)."""

    front_matter: str
    rows: tuple


def source_context(
    source: Source, index: SiteIndex, settings: Settings, lines: ClaimLines
) -> SourcePageContext:
    page = source_page(source.id)
    reviews = tuple(
        ReviewLink(
            statement=ref.review.statement,
            rating=ref.review.rating,
            href=page_link(page, sheet_page(ref.sheet.id), ref.review.id),
            sheet_title=ref.sheet.title,
        )
        for ref in index.reviews_by_source.get(source.id, ())
    )
    return SourcePageContext(
        front_matter=front_matter(
            {
                "title": source.title,
                "description": f"{source.publisher}, {filters.date(source.published)}: the claims citing it.",
                "edit_url": settings.edit_url(f"sources/{source.id}.yaml"),
            }
        ),
        source=source,
        claims=tuple(lines(ref) for ref in index.claims_by_source.get(source.id, ())),
        reviews=reviews,
        index_href=page_link(page, SOURCES_INDEX),
    )


def sources_index_context(index: SiteIndex) -> ListPageContext:
    """Newest publication first; then by title."""
    sources = sorted(
        index.content.sources.values(),
        key=lambda s: (-s.published.year, -s.published.month, -s.published.day, s.title.casefold(), s.id),
    )
    rows = tuple(
        SourceRow(
            title=s.title,
            href=page_link(SOURCES_INDEX, source_page(s.id)),
            publisher=s.publisher,
            agency=s.agency,
            kind=s.kind,
            published=s.published,
            cited=len(index.claims_by_source.get(s.id, ())) + len(index.reviews_by_source.get(s.id, ())),
        )
        for s in sources
    )
    fields = {"title": "Sources", "description": "Every cited source.", "search": NOT_SEARCHED}
    return ListPageContext(front_matter(fields), rows)


# ---------------------------------------------------------------- actors


@dataclass(frozen=True)
class ActorMetric:
    """One actor's estimates of one metric, oldest first, with a chart of them."""

    label: str
    unit: str
    href: str  # the metric's tracker on its sheet
    sheet_title: str
    estimates: tuple[str, ...]  # Markdown list lines without the sheet (ClaimLines)
    chart: str


@dataclass(frozen=True)
class ActorPageContext:
    front_matter: str
    actor: Actor
    made: tuple[str, ...]  # Markdown list lines (ClaimLines)
    passed_on: tuple[str, ...]
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


def actor_context(actor: Actor, index: SiteIndex, settings: Settings, lines: ClaimLines) -> ActorPageContext:
    from .sheet import metric_anchor  # the anchor the sheet gives each metric's tracker

    page = actor_page(actor.id)
    claims = index.claims_by_actor.get(actor.id, ())
    metrics = []
    # Only the metrics this actor estimated, found from its own claims: filtering every
    # metric's estimates for every actor was O(actors x estimates) (issue 6).
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
                unit=ref.metric.unit,
                href=page_link(page, sheet_page(ref.sheet.id), metric_anchor(metric_id)),
                sheet_title=ref.sheet.title,
                estimates=tuple(lines(e.ref, show_sheet=False) for e in mine),
                chart=render_chart(ref.metric, [e.claim for e in mine], index.content.actors),
            )
        )
    description = actor.role or actor.description or f"Claims made or passed on by {actor.name}."
    return ActorPageContext(
        front_matter=front_matter(
            {
                "title": actor.name,
                "description": description,
                "edit_url": settings.edit_url(f"actors/{actor.id}.yaml"),
            }
        ),
        actor=actor,
        made=tuple(lines(c.ref) for c in claims if c.role == "claimant"),
        passed_on=tuple(lines(c.ref) for c in claims if c.role == "via"),
        metrics=tuple(metrics),
        index_href=page_link(page, ACTORS_INDEX),
    )


def actors_index_context(index: SiteIndex) -> ListPageContext:
    actors = sorted(index.content.actors.values(), key=lambda a: (a.name.casefold(), a.id))
    rows = []
    for actor in actors:
        claims = index.claims_by_actor.get(actor.id, ())
        rows.append(
            ActorRow(
                name=actor.name,
                href=page_link(ACTORS_INDEX, actor_page(actor.id)),
                kind=actor.kind,
                country=actor.country,
                role=actor.role,
                made=sum(1 for c in claims if c.role == "claimant"),
                passed_on=sum(1 for c in claims if c.role == "via"),
            )
        )
    description = "Who makes the claims, and who passes them on."
    fields = {"title": "Actors", "description": description, "search": NOT_SEARCHED}
    return ListPageContext(front_matter(fields), tuple(rows))


# ---------------------------------------------------------------- tags and data


@dataclass(frozen=True)
class TagsContext:
    front_matter: str
    tags: tuple[Tag, ...]


def tags_context(content: Content) -> TagsContext:
    tags = tuple(sorted(content.tags.values(), key=lambda t: (t.label.casefold(), t.id)))
    fields = {"title": "Tags", "description": "Fact sheets by tag.", "search": NOT_SEARCHED}
    return TagsContext(front_matter(fields), tags)


_CODE = re.compile(r"`([^`]+)`")


def doc_text(text: str) -> Markup:
    """Our own documentation text: `code` spans as <code>, everything else escaped as text."""
    out = []
    for number, part in enumerate(_CODE.split(text)):
        if number % 2:
            out.append(f"<code>{filters.html(part)}</code>")
        elif part.strip():  # md() trims the ends; the spaces around a code span must stay
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
            out.append(f"{' ' if lead else ''}{filters.md(part)}{' ' if trail else ''}")
        else:
            out.append(" " if part else "")
    return Markup("".join(out))


@dataclass(frozen=True)
class DocRow:
    name: Markup
    type: Markup
    meaning: Markup


@dataclass(frozen=True)
class DocTable:
    name: str
    where: Markup
    rows: tuple[DocRow, ...]


@dataclass(frozen=True)
class DataFileLink:
    name: str
    href: str | None  # None for a pattern such as data/sheets/<id>.json
    meaning: Markup


@dataclass(frozen=True)
class DataPageContext:
    front_matter: str
    schema_version: int
    files: tuple[DataFileLink, ...]
    records: tuple[DocTable, ...]
    csv_notes: Markup


def data_context() -> DataPageContext:
    files = tuple(
        DataFileLink(
            name=f.path,
            href=None if "<" in f.path else page_link(DATA_PAGE, f.path),
            meaning=doc_text(f.meaning),
        )
        for f in datadoc.FILES
    )
    records = tuple(
        DocTable(
            name=r.name,
            where=doc_text(r.where),
            rows=tuple(
                DocRow(doc_text(f"`{f.name}`"), doc_text(f.type), doc_text(f.meaning)) for f in r.fields
            ),
        )
        for r in datadoc.RECORDS
    )
    return DataPageContext(
        front_matter=front_matter(
            {"title": "Data", "description": "The claims as JSON and CSV, every field explained."}
        ),
        schema_version=SCHEMA_VERSION,
        files=files,
        records=records,
        csv_notes=doc_text(datadoc.CSV_NOTES),
    )


# ---------------------------------------------------------------- all pages


def render_browse_pages(
    content: Content, index: SiteIndex, settings: Settings | None = None
) -> dict[str, str]:
    """Sources, actors, timeline, tags and the Data page, keyed by docs-relative path."""
    settings = settings or Settings()
    pages = {
        SOURCES_INDEX: render_page("sources_index.md.j2", sources_index_context(index)),
        ACTORS_INDEX: render_page("actors_index.md.j2", actors_index_context(index)),
        TAGS: render_page("tags.md.j2", tags_context(content)),
        DATA_PAGE: render_page("data.md.j2", data_context()),
    }
    lines = ClaimLines(index)  # shared by the timeline, source and actor pages
    pages.update(render_timeline_pages(index, lines))
    for source in content.sources.values():
        context = source_context(source, index, settings, lines)
        pages[source_page(source.id)] = render_page("source.md.j2", context)
    for actor in content.actors.values():
        pages[actor_page(actor.id)] = render_page("actor.md.j2", actor_context(actor, index, settings, lines))
    return pages
