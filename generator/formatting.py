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

from .content.model import Figure, Number, PartialDate

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


def figure_with_unit(figure: Figure, unit: str) -> str:
    """'about 600 troops'."""
    return " ".join(part for part in (figure_words(figure), unit) if part)


# ---------------------------------------------------------------- who said it


def attribution(claimant: str | None, via: Sequence[str], claimed_on: PartialDate) -> str:
    """'Claimed by NIS, via Lee → Kim, on 30 April 2025'; 'Reported on 6 August 2024' for events."""
    words = f"Claimed by {claimant}" if claimant else "Reported"
    if via:
        words += ", via " + " → ".join(via)
    return f"{words}, on {long_date(claimed_on)}"


def rating_label(rating: str) -> str:
    return RATING_LABELS[rating]
