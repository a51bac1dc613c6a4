"""How values read, everywhere: dates, numbers, figures, ratings, labels and attributions.

Pages, charts, citations, the feed and the data files all word a value through this module, so
the same figure reads the same in a table, a chart's tooltip and a feed entry. Every function
returns plain text; the page templates escape it for where it lands.

Rounding happens in one place only, `axis_number`, for a chart's axis ticks: every figure an
editor typed is shown with all its digits.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from .content.model import Figure, Number, PartialDate, Source, Tag
from .errors import one_line

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "at-least": "at least ",
    "more-than": "more than ",
    "at-most": "at most ",
    "up-to": "up to ",
}
BASIS_LABELS = {
    "cumulative": "Running totals",
    "at-date": "Counts on a date",
    "period": "Counts over a period",
}
# The kind of a source as a label ("News article"); a sentence starts "A news article by …".
SOURCE_KIND_LABELS = {
    "news": "News article",
    "wire": "News agency report",
    "official-statement": "Official statement",
    "briefing": "Briefing",
    "social-media": "Social media post",
    "report": "Report",
    "dataset": "Dataset",
    "other": "Document",
}
ACTOR_KIND_WORDS = {
    "agency": "Agency",
    "person": "Person",
    "government": "Government",
    "military": "Armed forces",
    "organisation": "Organisation",
    "media": "News organisation",
}
# BCP 47 primary language subtags of the sources; an unknown one reads as its tag.
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
    "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip
RATING_LABELS = {
    "accurate": "Accurate",
    "partly-accurate": "Partly accurate",
    "inaccurate": "Inaccurate",
    "misattributed": "Misattributed",
    "unsupported": "Unsupported",
}


def label(value: str) -> str:
    """A word from a list of choices as readers see it: 'official-statement' -> 'official statement'."""
    return value.replace("-", " ")


def tag_labels(tags: Mapping[str, Tag], tag_ids: Sequence[str]) -> tuple[str, ...]:
    """Tags as readers see them (pages, JSON-LD keywords, feed categories): each tag's label."""
    return tuple(tags[t].label if t in tags else t for t in tag_ids)


# ---------------------------------------------------------------- dates


@lru_cache(maxsize=1 << 14)  # pure; a few thousand dates, each shown on several pages
def long_date(value: PartialDate | datetime.date) -> str:
    """30 April 2025, April 2025 or 2025, by the precision the editor gave."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if not isinstance(value, PartialDate):
        raise TypeError(f"long_date expects a PartialDate or a date, got {type(value).__name__}: {value!r}")
    if not value.month:
        return str(value.year)
    month = MONTHS[value.month - 1]
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def on_date(value: PartialDate) -> str:
    """'on 30 April 2025', 'in April 2025', 'in 2025': a date as the end of a phrase."""
    return f"{'on' if value.day else 'in'} {long_date(value)}"


def date_cell(value: PartialDate) -> str:
    """A date standing alone (a table cell, a list's date): '30 April 2025', 'April 2025', and
    'in 2025' for a year alone, which would otherwise read as a number."""
    return on_date(value) if not value.month else long_date(value)


def optional_date(value: PartialDate | datetime.date | None) -> str:
    """long_date, or "" when there is no date."""
    return long_date(value) if value is not None else ""


def short_month(day: datetime.date, with_year: bool = True) -> str:
    """'Sep 2025': a chart's month label, where a full month name would not fit on a phone."""
    month = MONTHS[day.month - 1][:3]
    return f"{month} {day.year}" if with_year else month


def iso_date(value: PartialDate | datetime.datetime | None) -> str | None:
    """The ISO form the data files use: 2025-04-30 (or 2025-04, 2025); times in UTC with a Z."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


# ---------------------------------------------------------------- numbers and figures


def number(value: Number | float) -> str:
    """Every digit the editor typed, thousands grouped: 1234567 -> 1,234,567; 1234.567 -> 1,234.567."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"number expects a number, got {type(value).__name__}: {value!r}")
    if isinstance(value, int):
        return f"{value:,}"
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))  # repr: the typed digits
    if not exact.is_finite():
        raise ValueError(f"number got {value!r}")
    text = format(exact, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def axis_number(value: Number | float) -> str:
    """A chart's axis tick: round steps, so at most a few significant digits ever show."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


def figure_words(figure: Figure) -> str:
    """A figure as words: '600', 'about 600', 'more than 6,000', 'about 600 (500–700)'.

    The parentheses hold the editor's low/high around the value; one bound alone reads
    'at least 500' or 'at most 700'.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure_words expects a Figure, got {type(figure).__name__}: {figure!r}")
    words = QUALIFIER_WORDS[figure.qualifier]
    low, high = figure.low, figure.high
    if low is not None and high is not None:
        return f"{words}{number(figure.value)} ({number(low)}–{number(high)})"
    # A single bound that only repeats the value adds nothing ('at least 3,000 (at least 3,000)').
    if low is not None and low != figure.value:
        return f"{words}{number(figure.value)} (at least {number(low)})"
    if high is not None and high != figure.value:
        return f"{words}{number(figure.value)} (at most {number(high)})"
    return f"{words}{number(figure.value)}"


def count(number_of: int, noun: str, plural: str | None = None) -> str:
    """'1 claim', '12 claims', '1,204 sources'."""
    return f"1 {noun}" if number_of == 1 else f"{number_of:,} {plural or noun + 's'}"


def shortened(text: str, limit: int = 90) -> str:
    """Text cut at a word before `limit` characters, with an ellipsis when cut."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def figures_range(figures: Sequence[Figure]) -> str:
    """The span of several estimates, each end worded as its estimate is: 'about 350 to more than
    4,000'; one estimate (or several of one value) as it reads alone."""
    low = min(figures, key=lambda figure: figure.value)
    high = max(figures, key=lambda figure: figure.value)
    if low.value == high.value:
        return figure_words(low) if len({figure_words(f) for f in figures}) == 1 else number(low.value)
    return f"{figure_words(low)} to {figure_words(high)}"


def figure_with_unit(figure: Figure, unit: str) -> str:
    """'about 600 troops'."""
    return " ".join(part for part in (figure_words(figure), unit) if part)


def figure_and_basis(figure: Figure, claimed_on: PartialDate, unit: str = "") -> str:
    """A figure where it stands alone (a list line, a chart label, a feed entry): with its unit and,
    unless it is a running total, what it counts: 'about 600 troops on 18 October 2024'."""
    words = figure_with_unit(figure, unit)
    return words if figure.basis == "cumulative" else f"{words} {basis_words(figure, claimed_on)}"


def basis_words(figure: Figure, claimed_on: PartialDate) -> str:
    """What the figure counts, in words: 'in total, as of March 2025', 'in one week to
    27 December 2024', 'on 18 October 2024' (a count of what there was on a date)."""
    if figure.basis == "period":
        end = f" to {long_date(figure.as_of)}" if figure.as_of else ""
        return f"in {figure.period}{end}" if figure.period else f"over a period{end}"
    if figure.basis == "at-date":
        return on_date(figure.as_of or claimed_on)
    return f"in total, as of {long_date(figure.as_of)}" if figure.as_of else "in total"


def counts_words(figure: Figure, claimed_on: PartialDate) -> str:
    """What an estimate counts, basis and scope: 'in total, as of March 2025; wounded soldiers'."""
    basis = basis_words(figure, claimed_on)
    return f"{basis}; {figure.scope}" if figure.scope else basis


def basis_label(basis: str) -> str:
    """The kind of count, for a heading or a column: 'Running totals', 'Counts over a period'."""
    return BASIS_LABELS[basis]


# ---------------------------------------------------------------- who said it


def attribution(claimant: str | None, hops: Sequence[Sequence[str]], claimed_on: PartialDate) -> str:
    """'Said by NIS on 30 April 2025, through Cho, then Lee and Kim': each hop passed it to the
    next; names in one hop passed it on side by side. 'On 6 August 2024' for an event, which
    nobody claims."""
    when = on_date(claimed_on)
    if not claimant:
        return when[0].upper() + when[1:]
    words = f"Said by {claimant} {when}"
    if hops:
        words += ", through " + ", then ".join(names(hop) for hop in hops)
    return words


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def reported_by(sources: Sequence[Source]) -> str:
    """The outlets that reported a claim and the agencies they credit, in citation order:
    'Korea JoongAng Daily and CNA (citing AFP)'."""
    outlets: dict[str, list[str]] = {}
    for source in sources:
        agencies = outlets.setdefault(source.publisher, [])
        if source.agency and source.agency not in agencies and source.agency != source.publisher:
            agencies.append(source.agency)
    return names(
        [
            f"{outlet} (citing {names(agencies)})" if agencies else outlet
            for outlet, agencies in outlets.items()
        ]
    )


def source_title(source: Source) -> str:
    """A source's title as readers see it: a headline as it is, a description in square brackets
    (the page has no headline of its own)."""
    return f"[{source.title}]" if source.title_kind == "description" else source.title


class _QuoteResult(Protocol):
    """A quote's check: verify's result, or the record of it kept in content/checks/."""

    @property
    def status(self) -> str: ...
    @property
    def found_in(self) -> str | None: ...
    @property
    def closest(self) -> str | None: ...
    @property
    def similarity(self) -> Any: ...


def quote_result(result: _QuoteResult) -> str:
    """What a check of one quote found, in one line: "not found; closest passage: '...' (87 % alike)"."""
    if result.status == "verified":
        return "verified (outside the article text)" if result.found_in == "full" else "verified"
    if result.status == "not-found":
        if result.closest is None or result.similarity is None:
            return "not found; the page shares no word with it"
        alike = round(float(result.similarity) * 100)
        return f"not found; closest passage: {result.closest!r} ({alike} % alike)"
    return {"unreachable": "page unreachable", "blocked": "page blocked", "unsupported": "page unsupported"}[
        result.status
    ]


def cited_title(source: Source) -> str:
    """A source's title as a reference gives it: a headline in quotes, a description in brackets."""
    return source_title(source) if source.title_kind == "description" else quoted(source.title)


def rating_label(rating: str) -> str:
    return RATING_LABELS[rating]


# ---------------------------------------------------------------- quote checks


def quote_check(checked: PartialDate, archived_copy: bool) -> str:
    """What a reader is told of a quote found on its page by `factsheet verify`."""
    copy = "archived copy" if archived_copy else "live page"
    return f"Quote found on the page, checked {long_date(checked)} ({copy})."


def quotes_checked(verified: int, quotes: int) -> str:
    """'3 of 12 quotes checked against their pages', for the top of a sheet."""
    return f"{verified:,} of {quotes:,} quote{'' if quotes == 1 else 's'} checked against their pages"


def status_label(status: str) -> str:
    """A claim's status as its badge reads: 'reported', 'superseded'."""
    return label(status)


def source_kind_label(kind: str) -> str:
    return SOURCE_KIND_LABELS[kind]


def source_lede(source: Source) -> str:
    """A source in one sentence: 'A news article by Lee Hyun-ju, published by Korea JoongAng Daily
    on 30 April 2025, credited to Yonhap, in English.'"""
    kind = SOURCE_KIND_LABELS[source.kind].lower()
    words = f"{'An' if kind[0] in 'aeiou' else 'A'} {kind}"
    if source.authors:
        words += f" by {names(source.authors)}"
    words += f", published by {source.publisher} {on_date(source.published)}"
    if source.agency and source.agency != source.publisher:
        words += f", credited to {source.agency}"
    return sentence(f"{words}, in {language_name(source.language)}")


def actor_kind_words(kind: str) -> str:
    return ACTOR_KIND_WORDS[kind]


def language_name(tag: str) -> str:
    """'en' -> 'English', 'ko-KR' -> 'Korean'; an unknown tag as it is."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)


def quoted(text: str) -> str:
    """Words quoted, in curly quotes, never followed by a second full stop: the caller adds no
    punctuation after it (a quote ending in '.' would read 'deaths.”.')."""
    return f"“{one_line(text)}”"


def after_preposition(text: str) -> str:
    """A noun phrase placed after 'in': a leading article lower-cased ('An article' -> 'an article')."""
    text = one_line(text)
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") and rest else text


def sentence(text: str) -> str:
    """Text ending as a sentence: a full stop added unless it already ends in one (or ?, !, …),
    also inside closing quotes or brackets."""
    text = one_line(text)
    core = text.rstrip("”’\"')]")
    return text if not text or core.endswith((".", "?", "!", "…")) else text + "."
