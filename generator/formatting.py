"""How values read, everywhere: dates, numbers, figures, ratings, labels and attributions.

Pages, charts, citations, the feed and the data files all word a value through this module, so
the same figure reads the same in a table, a chart's tooltip and a feed entry. Every function
returns plain text; the page templates escape it for where it lands.

Rounding happens in one place only, `axis_number`, for a chart's axis ticks: every figure an
editor typed is shown with all its digits.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from .content.model import Figure, Number, PartialDate, Source

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
RATING_LABELS = {
    "accurate": "Accurate",
    "partly-accurate": "Partly accurate",
    "inaccurate": "Inaccurate",
    "misattributed": "Misattributed",
    "unsupported": "Unsupported",
}


def one_line(text: str) -> str:
    """Runs of whitespace, line breaks included, as one space; the ends stripped."""
    return " ".join(text.split())


def label(value: str) -> str:
    """A word from a list of choices as readers see it: 'official-statement' -> 'official statement'."""
    return value.replace("-", " ")


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


def number(value: Number | Decimal) -> str:
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


def axis_number(value: Number) -> str:
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


def figure_with_unit(figure: Figure, unit: str) -> str:
    """'about 600 troops'."""
    return " ".join(part for part in (figure_words(figure), unit) if part)


def basis_words(figure: Figure, claimed_on: PartialDate) -> str:
    """What the figure counts, in words: 'in total, as of March 2025', 'in one week to
    27 December 2024', 'on 18 October 2024' (a count of what there was on a date)."""
    if figure.basis == "period":
        end = f" to {long_date(figure.as_of)}" if figure.as_of else ""
        return f"in {figure.period}{end}" if figure.period else f"over a period{end}"
    if figure.basis == "at-date":
        return on_date(figure.as_of or claimed_on)
    return f"in total, as of {long_date(figure.as_of)}" if figure.as_of else "in total"


def basis_label(basis: str) -> str:
    """The kind of count, for a heading or a column: 'Running totals', 'Counts over a period'."""
    return BASIS_LABELS[basis]


# ---------------------------------------------------------------- who said it


def attribution(claimant: str | None, hops: Sequence[Sequence[str]], claimed_on: PartialDate) -> str:
    """'Claimed by NIS, via Cho → Lee and Kim, on 30 April 2025': each hop passed it to the next;
    names in one hop passed it on side by side. 'On 6 August 2024' for an event, which nobody claims."""
    if not claimant:
        when = on_date(claimed_on)
        return when[0].upper() + when[1:]
    words = f"Claimed by {claimant}"
    if hops:
        words += ", via " + " → ".join(names(hop) for hop in hops)
    return f"{words}, {on_date(claimed_on)}"


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def reported_by(sources: Sequence[Source]) -> str:
    """The outlets that reported a claim and the agencies they credit, in citation order:
    'Korea JoongAng Daily; CNA, from AFP'."""
    outlets: dict[str, list[str]] = {}
    for source in sources:
        agencies = outlets.setdefault(source.publisher, [])
        if source.agency and source.agency not in agencies:
            agencies.append(source.agency)
    return "; ".join(
        f"{outlet}, from {names(agencies)}" if agencies else outlet for outlet, agencies in outlets.items()
    )


def source_title(source: Source) -> str:
    """A source's title as readers see it: a headline as it is, a description in square brackets
    (the page has no headline of its own)."""
    return f"[{source.title}]" if source.title_kind == "description" else source.title


def rating_label(rating: str) -> str:
    return RATING_LABELS[rating]
