"""Check one source: read its page, look up each quote cited from it, compare title and date.

The page read is the archived copy (`archive_url`) when there is one, since that is the text
the editors cited; the live `url` is read only when the archive cannot be (error or wall).
A quote is looked up as `extract.PageText.locate` does (main text, then full text); a quote
not found gets the page's closest passage and how alike it is, so the editor sees whether it
is a typo or a missing sentence.

`check_source` does the network part; `check_page` is pure (a page's text in, results out)
and is what tests and an offline re-check use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

from generator.content.evidence import closest_passage, fold, normalise

from .extract import PageText, extract_page
from .fetch import FetchResult, PageStatus

QuoteStatus = Literal["verified", "not-found", "unreachable", "blocked", "unsupported"]
QUOTE_STATUSES: tuple[QuoteStatus, ...] = ("verified", "not-found", "unreachable", "blocked", "unsupported")
PAGE_STATUSES: tuple[PageStatus, ...] = ("ok", "unreachable", "blocked", "unsupported")


@dataclass(frozen=True)
class SourceRef:
    """What verify needs of a source. `published` is an ISO date, possibly partial (2025-04)."""

    id: str
    url: str
    title: str
    published: str | None = None
    archive_url: str | None = None


@dataclass(frozen=True)
class QuoteRef:
    """One quote cited from the source, with where it is written, for the report."""

    claim: str  # the claim's (or review's) id
    quote: str
    path: str = ""
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class QuoteResult:
    claim: str
    quote: str  # normalised
    status: QuoteStatus
    found_in: Literal["main", "full"] | None = None  # for verified quotes: which text held it
    closest: str | None = None  # for not-found quotes: the page's most alike passage
    similarity: float | None = None  # 0..1, two decimals
    ref: QuoteRef | None = field(default=None, compare=False)  # the citation, for reporting


@dataclass(frozen=True)
class Attempt:
    """One address tried, in order: what happened there."""

    url: str
    archived: bool
    status: PageStatus
    reason: str


@dataclass(frozen=True)
class SourceResult:
    source: str
    checked: str  # ISO date of the check
    read_url: str | None  # the address whose text was read (after redirects)
    archived_copy: bool  # whether that was the archive_url
    page_status: PageStatus
    reason: str | None  # why the page status is not ok
    text_sha256: str | None  # of the main text last read (kept from before when unread)
    changed: bool  # the text differs from the previous check's, at the same address
    page_title: str | None
    page_date: str | None
    quotes: tuple[QuoteResult, ...]
    # The address asked for, before redirects: the source's archive_url when archived_copy, else its
    # url (also when nothing could be read). The check counts only while the source cites it.
    url: str | None = None
    # Not stored: derived again from the source and the stored fields, or only for the run.
    warnings: tuple[str, ...] = field(default=(), compare=False)
    attempts: tuple[Attempt, ...] = field(default=(), compare=False)


class PageFetcher(Protocol):
    def fetch(self, url: str) -> FetchResult: ...


_TITLE_SEPARATORS = re.compile(r" [|:·•»] | - | :: ")


def _bare_title(title: str) -> str:
    return fold(title).strip(" .,;:!?\"'")


def titles_agree(source_title: str, page_title: str) -> bool:
    """Same after normalising and casefolding, or the page's title is the source's plus the
    site's name ("Headline | Example News", "Example News - Headline")."""
    wanted = _bare_title(source_title)
    if wanted == _bare_title(page_title):
        return True
    return wanted in (_bare_title(part) for part in _TITLE_SEPARATORS.split(normalise(page_title)))


def dates_agree(published: str, page_date: str) -> bool:
    """Equal at the precision of the less precise one: 2025-04 agrees with 2025-04-28."""
    precision = min(len(published), len(page_date))
    return published[:precision] == page_date[:precision]


def page_warnings(source: SourceRef, page_title: str | None, page_date: str | None) -> list[str]:
    """Title and date disagreements between the source as written and the page as read."""
    warnings = []
    if page_title and not titles_agree(source.title, page_title):
        warnings.append(f"the page's title {page_title!r} differs from the source's title {source.title!r}")
    if page_date and source.published and not dates_agree(source.published, page_date):
        warnings.append(
            f"the page's date {page_date} differs from the source's published date {source.published}"
        )
    return warnings


def _failed(quotes: Sequence[QuoteRef], status: QuoteStatus) -> tuple[QuoteResult, ...]:
    return tuple(QuoteResult(ref.claim, normalise(ref.quote), status, ref=ref) for ref in quotes)


def check_quotes(page: PageText, quotes: Sequence[QuoteRef]) -> tuple[QuoteResult, ...]:
    """Each quote looked up on the page; on a walled page, one not found is `blocked`."""
    results = []
    for ref in quotes:
        quote = normalise(ref.quote)
        found_in = page.locate(quote)
        if found_in is not None:
            results.append(QuoteResult(ref.claim, quote, "verified", found_in=found_in, ref=ref))
        elif page.wall is not None:
            results.append(QuoteResult(ref.claim, quote, "blocked", ref=ref))
        else:
            passage, ratio = closest_passage(quote, page.full or page.main)
            closest, similarity = passage or None, round(ratio, 2)
            results.append(QuoteResult(ref.claim, quote, "not-found", None, closest, similarity, ref=ref))
    return tuple(results)


def check_page(
    source: SourceRef,
    quotes: Sequence[QuoteRef],
    page: PageText,
    *,
    read_url: str,
    archived_copy: bool,
    previous: SourceResult | None = None,
    today: date | None = None,
    attempts: Sequence[Attempt] = (),
) -> SourceResult:
    """Results for a page whose text was read. Pure: no network, no files."""
    results = check_quotes(page, quotes)
    warnings = page_warnings(source, page.title, page.date)
    sha: str | None = page.sha256
    changed = False
    if page.wall is not None:
        # A wall's text says nothing about the article: keep the previous hash.
        sha = previous.text_sha256 if previous else None
    elif previous is not None and previous.text_sha256 is not None:
        if previous.read_url == read_url:
            changed = previous.text_sha256 != sha
        else:
            warnings.append(f"read {read_url}, not {previous.read_url} as last time: no comparison of texts")
    return SourceResult(
        source=source.id,
        checked=(today or date.today()).isoformat(),
        url=source.archive_url if archived_copy else source.url,
        read_url=read_url,
        archived_copy=archived_copy,
        page_status="blocked" if page.wall is not None else "ok",
        reason=page.wall,
        text_sha256=sha,
        changed=changed,
        page_title=page.title,
        page_date=page.date,
        quotes=results,
        warnings=tuple(warnings),
        attempts=tuple(attempts),
    )


def check_source(
    source: SourceRef,
    quotes: Sequence[QuoteRef],
    fetcher: PageFetcher,
    *,
    previous: SourceResult | None = None,
    today: date | None = None,
) -> SourceResult:
    """Fetch the source's page (archive first), look up its quotes, compare with `previous`."""
    addresses = [(source.archive_url, True)] if source.archive_url else []
    addresses.append((source.url, False))
    attempts: list[Attempt] = []
    walled: tuple[PageText, str, bool] | None = None
    last: FetchResult | None = None
    for address, archived in addresses:
        fetched = fetcher.fetch(address)
        last = fetched
        if not fetched.ok or fetched.text is None:
            attempts.append(Attempt(address, archived, fetched.status, fetched.reason))
            continue
        page = extract_page(fetched.text, fetched.media_type or "text/html", fetched.final_url, today=today)
        if page.wall is not None:
            attempts.append(Attempt(address, archived, "blocked", page.wall))
            walled = walled or (page, fetched.final_url, archived)
            continue
        attempts.append(Attempt(address, archived, "ok", ""))
        return check_page(
            source, quotes, page, read_url=fetched.final_url, archived_copy=archived,
            previous=previous, today=today, attempts=attempts,
        )  # fmt: skip
    if walled is not None:
        page, read_url, archived = walled
        return check_page(
            source, quotes, page, read_url=read_url, archived_copy=archived,
            previous=previous, today=today, attempts=attempts,
        )  # fmt: skip

    assert last is not None  # there is always the live address
    status = last.status
    reason = "; ".join(f"{'archive' if a.archived else 'page'}: {a.reason}" for a in attempts)
    return SourceResult(
        source=source.id,
        checked=(today or date.today()).isoformat(),
        url=source.url,
        read_url=None,
        archived_copy=False,
        page_status=status,
        reason=reason,
        text_sha256=previous.text_sha256 if previous else None,
        changed=False,
        page_title=None,
        page_date=None,
        quotes=_failed(quotes, status if status != "ok" else "unreachable"),
        attempts=tuple(attempts),
    )
