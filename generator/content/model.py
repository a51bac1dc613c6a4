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
RATINGS = ("accurate", "partly-accurate", "inaccurate", "misattributed", "unsupported")

SourceKind = Literal[
    "news", "wire", "official-statement", "briefing", "social-media", "report", "dataset", "other"
]
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


@dataclass(frozen=True)
class Figure:
    metric: str  # metric id on the same sheet
    value: Number
    qualifier: str = "exact"
    low: Number | None = None
    high: Number | None = None
    as_of: PartialDate | None = None
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
    via: tuple[str, ...] = ()  # actor ids, in the order the claim passed through them
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
class Content:
    """Everything in content/, validated. Mappings are in id order; sheets in id order."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    sheets: tuple[Sheet, ...] = ()
