"""The content model: frozen dataclasses built by the validator, read by every later stage.

Values derived from several objects (citation numbers, latest estimates, claims by source)
live in `index.py`, never here: the model is exactly what editors wrote, checked and typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

SOURCE_KINDS = (
    "news",
    "wire",
    "official-statement",
    "briefing",
    "social-media",
    "report",
    "dataset",
    "other",
)
ACTOR_KINDS = ("agency", "person", "government", "military", "organisation", "media")
CLAIM_KINDS = ("figure", "event", "statement", "quote", "assessment")
# Kinds that must name who asserts them; an event is reported, not asserted.
CLAIMANT_REQUIRED = ("figure", "statement", "quote", "assessment")
STATUSES = ("reported", "corroborated", "disputed", "contradicted", "retracted", "superseded")
QUALIFIERS = ("exact", "about", "at-least", "more-than", "at-most", "up-to")
# What a figure counts: a running total since the start, a count over a stated period, or what
# there was on a date. Only like is compared with like (content/index.py).
BASES = ("cumulative", "period", "at-date")
TITLE_KINDS = ("headline", "description")
RATINGS = ("accurate", "partly-accurate", "inaccurate", "misattributed", "unsupported")
# What `factsheet verify` found (content/checks/<source-id>.yaml): the page, then each quote on it.
PAGE_STATUSES = ("ok", "unreachable", "blocked", "unsupported")
CHECK_STATUSES = ("verified", "not-found", "unreachable", "blocked", "unsupported")
FOUND_IN = ("main", "full")  # the article's text, or the whole page's

# Exact as typed: an integer, or a Decimal with the digits the editor wrote (never a float).
Number = int | Decimal


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO date that may stop at the year or the month: 2025, 2025-04, 2025-04-30.

    Ordering sorts a partial date before the full dates inside it (2025-04 < 2025-04-01).
    """

    year: int
    month: int = 0  # 0: not given
    day: int = 0  # 0: not given

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day:
            return "day"
        return "month" if self.month else "year"


@dataclass(frozen=True)
class Origin:
    """Where an object was written: the file (relative, POSIX) and the 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    kind: str
    url: str
    published: PartialDate
    accessed: PartialDate
    origin: Origin
    authors: tuple[str, ...] = ()
    agency: str | None = None
    archive_url: str | None = None
    archived: PartialDate | None = None
    language: str = "en"
    notes: str | None = None
    former_ids: tuple[str, ...] = ()
    title_kind: str = "headline"  # "description": the page has no headline; the title describes it


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    origin: Origin
    country: str | None = None
    role: str | None = None
    description: str | None = None
    former_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tag:
    id: str
    label: str
    description: str | None = None


@dataclass(frozen=True)
class Citation:
    source: str  # source id
    quote: str | None = None
    locator: str | None = None
    note: str | None = None
    # Where the quote is written (the citation itself when it has none), for `factsheet verify`'s
    # report. Not compared: identical citations in two places share one footnote.
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Figure:
    metric: str  # metric id on the same sheet
    value: Number
    basis: str = "cumulative"
    qualifier: str = "exact"
    low: Number | None = None
    high: Number | None = None
    as_of: PartialDate | None = None
    period: str | None = None  # for basis "period": its length in words, "one week" (ending as_of)
    scope: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    language: str = "en"


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    kind: str
    claimed_on: PartialDate
    status: str
    citations: tuple[Citation, ...]
    origin: Origin
    claimant: str | None = None  # actor id
    # Who passed it on, in order: each hop is one actor id, or several who passed it on side by side.
    via: tuple[tuple[str, ...], ...] = ()
    figure: Figure | None = None
    quote: Quote | None = None
    superseded_by: str | None = None  # claim id
    tags: tuple[str, ...] = ()
    notes: str | None = None
    former_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str
    definition: str
    origin: Origin
    series: tuple[str, ...] = ()  # actor ids: the order of the chart's series and table groups


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    origin: Origin
    intro: str | None = None
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Review:
    """A check of a statement made elsewhere (rendered on the sheet and as a ClaimReview)."""

    id: str
    statement: str
    rating: str
    finding: str
    citations: tuple[Citation, ...]
    origin: Origin
    appearance_source: str | None = None  # source id, when the statement's page is a source
    appearance: str | None = None  # plain description, when it is not (e.g. unknown publisher)
    claimed_by: str | None = None  # who made the statement, as plain text
    claimed_on: PartialDate | None = None
    reviewed_on: PartialDate | None = None


@dataclass(frozen=True)
class Sheet:
    id: str
    title: str
    summary: str
    updated: PartialDate
    origin: Origin
    tags: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()
    sections: tuple[Section, ...] = ()
    reviews: tuple[Review, ...] = ()
    former_ids: tuple[str, ...] = ()

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for section in self.sections for claim in section.claims)


@dataclass(frozen=True)
class QuoteCheck:
    """One quote looked up on its source's page. `quote` is the citation's quote, normalised."""

    claim: str  # the claim or review that cites it
    quote: str
    status: str  # one of CHECK_STATUSES
    found_in: str | None = None  # verified: "main" (the article) or "full" (elsewhere on the page)
    closest: str | None = None  # not-found: the page's passage most like the quote
    similarity: Number | None = None  # not-found: how alike, 0 to 1


@dataclass(frozen=True)
class SourceCheck:
    """The last check of one source's page by `factsheet verify` (content/checks/<source-id>.yaml).

    Written by the tool, committed by editors: builds read it and never fetch anything. It
    counts only while `url` is still the source's address (content/check_addresses.py).
    """

    source: str  # the source id; equals the file name
    checked: PartialDate  # when the page was read
    archived_copy: bool  # the text read was the source's archive_url (else its live url)
    page_status: str  # one of PAGE_STATUSES
    changed: bool  # the page's text differs from the previous check's
    # Where the check names the address it was made for (its `url`; the file's first field when it
    # has none): where `factsheet check` warns when the source now cites another.
    origin: Origin
    # The address asked for, before redirects: the source's archive_url when archived_copy, else
    # its url. None in a file written before verify recorded it.
    url: str | None = None
    read_url: str | None = None  # the address read, after redirects
    reason: str | None = None  # why page_status is not ok, in words
    text_sha256: str | None = None  # of the text read
    page_title: str | None = None
    page_date: str | None = None
    quotes: tuple[QuoteCheck, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything in content/, validated. Mappings are in id order; sheets in id order."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    sheets: tuple[Sheet, ...] = ()
    checks: dict[str, SourceCheck] = field(default_factory=dict)  # source id -> its last check
