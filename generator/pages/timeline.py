"""The timeline: every dated claim, newest first, split so that no page grows with the archive.

Layout (one page of every claim grew with the archive and dominated preview reloads):
- `timeline/index.md` (URL /timeline/): the newest RECENT_CLAIMS claims, grouped by month, each
  month linking to its own page, then a list of every period page, one line per year.
- `timeline/<yyyy>-<mm>.md`: every claim made in that month, newest first.
- `timeline/<yyyy>.md`: the claims dated only by their year (no month given), when there are any.

Why months, not years: a page's size must follow the newsroom's rate of work, not the size of the
archive. A year page of the benchmark's largest corpus already held over a thousand claims, and a busier
newsroom fills a year faster; a month page holds a month's work whatever the archive's age. One
fixed scheme also keeps URLs stable: a year that switched to month pages once it grew would
break its published URL. Each claim is listed on exactly one period page; the index repeats the
newest ones as a preview.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .. import formatting, paths
from ..content.index import ClaimRef, SiteIndex
from ..content.model import PartialDate
from ..paths import TIMELINE, page_link
from .environment import NOT_SEARCHED, front_matter, render_page
from .views import ClaimLine, ClaimLines

# Enough for a few weeks of a busy newsroom; the month pages hold the rest.
RECENT_CLAIMS = 100

Period = tuple[int, int]  # (year, month); month 0: dated only by the year


def period_page(period: Period) -> str:
    return paths.period_page(*period)


def period_label(period: Period) -> str:
    year, month = period
    return formatting.long_date(PartialDate(year, month)) if month else f"{year} (month not given)"


@dataclass(frozen=True)
class MonthGroup:
    label: str  # "April 2025", or "2025 (month not given)"
    anchor: str  # "_2025-04"; "_" keeps it apart from content ids
    href: str  # the period's own page, from the page showing this group
    total: int  # claims of the period (the index may show fewer)
    claims: tuple[ClaimLine, ...]


@dataclass(frozen=True)
class PeriodLink:
    label: str  # "April", or "month not given"
    href: str
    count: int


@dataclass(frozen=True)
class YearLinks:
    year: int
    periods: tuple[PeriodLink, ...]  # newest first


@dataclass(frozen=True)
class TimelineContext:
    front_matter: str
    months: tuple[MonthGroup, ...]
    archive: tuple[YearLinks, ...]
    shown: int
    total: int


@dataclass(frozen=True)
class PeriodPageContext:
    front_matter: str
    title: str
    claims: tuple[ClaimLine, ...]
    index_href: str
    newer: PeriodLink | None
    older: PeriodLink | None


def group_by_period(index: SiteIndex) -> dict[Period, list[ClaimRef]]:
    """Claim refs per period, newest period first, in the index's newest-first order."""
    periods: dict[Period, list[ClaimRef]] = {}
    for ref in index.timeline:  # newest claimed_on first; a year alone after that year's months
        when = ref.claim.claimed_on
        periods.setdefault((when.year, when.month), []).append(ref)
    return periods


def _month_name(period: Period) -> str:
    return formatting.MONTHS[period[1] - 1] if period[1] else "month not given"


def timeline_context(
    index: SiteIndex, periods: dict[Period, list[ClaimRef]], link: ClaimLines
) -> TimelineContext:
    groups, shown = [], 0
    for period, refs in periods.items():
        if shown >= RECENT_CLAIMS:
            break
        taken = refs[: RECENT_CLAIMS - shown]
        shown += len(taken)
        groups.append(
            MonthGroup(
                label=period_label(period),
                anchor=paths.period_anchor(*period),
                href=page_link(TIMELINE, period_page(period)),
                total=len(refs),
                claims=tuple(link(ref) for ref in taken),
            )
        )
    years: dict[int, list[PeriodLink]] = {}
    for period, refs in periods.items():
        years.setdefault(period[0], []).append(
            PeriodLink(_month_name(period), page_link(TIMELINE, period_page(period)), len(refs))
        )
    description = "The newest claims and events by the date they were made, and every month's page."
    fields = {"title": "Timeline", "description": description, "search": NOT_SEARCHED}
    return TimelineContext(
        front_matter=front_matter(fields),
        months=tuple(groups),
        archive=tuple(YearLinks(year, tuple(links)) for year, links in years.items()),
        shown=shown,
        total=len(index.timeline),
    )


def period_context(
    period: Period, refs: list[ClaimRef], neighbours: tuple, link: ClaimLines
) -> PeriodPageContext:
    page = period_page(period)
    newer, older = (
        PeriodLink(period_label(p), page_link(page, period_page(p)), 0) if p else None for p in neighbours
    )
    title = f"Timeline: {period_label(period)}"
    fields = {
        "title": title,
        "description": f"Claims and events of {period_label(period)}, newest first.",
        "search": NOT_SEARCHED,
    }
    return PeriodPageContext(
        front_matter=front_matter(fields),
        title=title,
        claims=tuple(link(ref) for ref in refs),
        index_href=page_link(page, TIMELINE),
        newer=newer,
        older=older,
    )


def render_timeline_pages(
    index: SiteIndex, link: ClaimLines, only: Collection[Period] | None = None, first_page: bool = True
) -> dict[str, str]:
    """The timeline's pages; `link(ref)` gives a claim's line (views.ClaimLines). With `only`,
    the pages of those periods, and the first page unless `first_page` is False (`factsheet
    serve` after an edit)."""
    periods = group_by_period(index)
    pages = {}
    if first_page:
        pages[TIMELINE] = render_page("timeline.md.j2", timeline_context(index, periods, link))
    order = list(periods)
    for number, period in enumerate(order):
        if only is not None and period not in only:
            continue
        newer = order[number - 1] if number else None
        older = order[number + 1] if number + 1 < len(order) else None
        context = period_context(period, periods[period], (newer, older), link)
        pages[period_page(period)] = render_page("timeline_period.md.j2", context)
    return pages
