"""Numbers in a text, in any spelling pages use: each number expression read as a whole.

"15,000", "15 000", "15.000", "15k", "15-thousand", "fifteen thousand", "four-thousand-100",
"1.5 million": `numbers_in` yields every expression of a text (already `evidence.normalise`d)
with the values it can mean, so a number is never found inside a larger one ("1,500" is not
in "11,500", "600" not in "600,000"). Dates, times and ordinals are no counts. Used by
`evidence.py` (does a quote hold a figure's number?).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

Value = int | float | Decimal

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Letters written straight after digits: "15k", "1.5m", "2bn". Any other letter there makes
# the digits part of something else ("2000s", "600km", "1st") and nothing is read.
_SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

_TOKEN = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}(?![\d.,])|\d{1,2}/\d{1,2}/\d{2,4}(?![\d.,]))"
    r"|(?P<num>\d+(?:[.,:/]\d+)*)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<space> )"
    r"|(?P<hyphen>-)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_PLAIN = re.compile(r"0|[1-9]\d*")
_COMMA_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL = re.compile(r"(?:0|[1-9]\d*)\.\d+")
_DOT_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # European thousands: 15.000, 1.500.000


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.lastgroup or "other", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _digit_values(text: str) -> frozenset[Decimal]:
    """What a run of digits and separators can mean; empty when it is no count at all.

    "15.000" is both 15 (decimal) and 15,000 (European grouping): either reading may be the
    page's, so both are offered. Times, dates, fractions ("12:30", "2024/25"), leading zeros
    ("04"), version numbers ("1.2.3") and bad grouping ("1,5000") mean nothing.
    """
    if _PLAIN.fullmatch(text) or (_DECIMAL.fullmatch(text) and not _DOT_GROUPED.fullmatch(text)):
        return frozenset({Decimal(text)})
    if _COMMA_GROUPED.fullmatch(text):
        return frozenset({Decimal(text.replace(",", ""))})
    if _DOT_GROUPED.fullmatch(text):
        grouped = Decimal(text.replace(".", ""))
        return frozenset({grouped, Decimal(text)}) if text.count(".") == 1 else frozenset({grouped})
    return frozenset()


def _word_value(tokens: list[_Token], i: int) -> tuple[int, Decimal] | None:
    """A number word at i ("twelve", "twenty-five", "twenty five"): (next index, value)."""
    word = tokens[i].text.casefold()
    if word in _ONES:
        return i + 1, Decimal(_ONES[word])
    if word in _TENS:
        value = _TENS[word]
        if i + 2 < len(tokens) and tokens[i + 1].kind in ("hyphen", "space"):
            unit = _ONES.get(tokens[i + 2].text.casefold()) if tokens[i + 2].kind == "word" else None
            if unit is not None and 0 < unit < 10:
                return i + 3, Decimal(value + unit)
        return i + 1, Decimal(value)
    return None


def _small(tokens: list[_Token], i: int, *, first: bool) -> tuple[int, frozenset[Decimal]] | None:
    """A component below a scale word: digits (with their readings) or number words."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.kind == "num":
        values = _digit_values(token.text)
        # Inside a compound ("four-thousand-100") only plain digits are read.
        if not first and not _PLAIN.fullmatch(token.text):
            return None
        return i + 1, values
    if token.kind == "word":
        found = _word_value(tokens, i)
        if found:
            return found[0], frozenset({found[1]})
    return None


def _separator(tokens: list[_Token], i: int, *, allow_and: bool) -> int | None:
    """Index after a separator inside a number ("-", " ", " and "), or None."""
    if i < len(tokens) and tokens[i].kind in ("hyphen", "space"):
        if (
            allow_and
            and tokens[i].kind == "space"
            and i + 2 < len(tokens)
            and tokens[i + 1].text.casefold() == "and"
            and tokens[i + 2].kind == "space"
        ):
            return i + 3
        return i + 1
    return None


def _scale(tokens: list[_Token], i: int) -> int | None:
    if i < len(tokens) and tokens[i].kind == "word":
        return _SCALES.get(tokens[i].text.casefold())
    return None


def _may_start(tokens: list[_Token], i: int) -> bool:
    """False where digits or a word continue something else: "A600", "SA-22", "mid-2024"."""
    if i == 0:
        return True
    before = tokens[i - 1]
    if before.kind in ("word", "num"):
        return False
    if before.kind == "hyphen" and i >= 2 and tokens[i - 2].kind == "word":
        return False
    return not (before.text in ".," and i >= 2 and tokens[i - 2].kind == "num")


def _space_grouped(tokens: list[_Token], i: int) -> tuple[int, str]:
    """Join "15 000" and "1 500 000" (groups of three after a group of one to three digits)."""
    text = tokens[i].text
    j = i + 1
    if not re.fullmatch(r"[1-9]\d{0,2}", text):
        return j, text
    while (
        j + 1 < len(tokens)
        and tokens[j].kind == "space"
        and tokens[j + 1].kind == "num"
        and re.fullmatch(r"\d{3}", tokens[j + 1].text)
    ):
        text += tokens[j + 1].text
        j += 2
    return j, text


def _expression(tokens: list[_Token], i: int) -> tuple[int, frozenset[Decimal]] | None:
    """Read the whole number expression that starts at token i: (end index, its values).

    Returns None when nothing starts here, and an empty set for something that is numeric
    but no count ("2000s"), so the caller skips all of it and never reads a part alone.
    """
    token = tokens[i]
    if token.kind == "num":
        j, digits = _space_grouped(tokens, i)
        values = _digit_values(digits)
        if j < len(tokens) and tokens[j].kind == "word":  # letters straight after the digits
            multiplier = _SUFFIXES.get(tokens[j].text.casefold())
            if multiplier is None or not values:
                return j + 1, frozenset()
            return j + 1, frozenset(value * multiplier for value in values)
        if len(values) != 1:
            return j, values  # no count, or ambiguous ("15.000"): no compound continues it
        current = next(iter(values))
    elif token.kind == "word":
        word = token.text.casefold()
        if word in ("a", "an"):  # "a thousand", "a hundred": only before a scale word
            after = _separator(tokens, i + 1, allow_and=False)
            if after is None or tokens[i + 1].kind != "space" or _scale(tokens, after) is None:
                return None
            j, current = i + 1, Decimal(1)
        else:
            found = _word_value(tokens, i)
            if found is None:
                return None
            j, current = found
    else:
        return None

    # Scale words and the parts after them: "15-hundred", "four-thousand-100",
    # "two hundred and fifty", "1.5 million", "two million three hundred thousand".
    total = Decimal(0)
    last = "small"  # the kind of the last component: small, hundred or scale
    limit = None  # the last scale word: later scales must be smaller
    below = None  # a small part after a scale word must be below this
    while True:
        after = _separator(tokens, j, allow_and=last != "small")
        if after is None:
            break
        scale = _scale(tokens, after)
        if scale == 100 and last == "small" and 0 < current < 100 and current % 1 == 0:
            current *= 100
            j, last, below = after + 1, "hundred", Decimal(100)
            continue
        if scale and scale > 100 and last != "scale" and current > 0 and (limit is None or scale < limit):
            total += current * scale
            current = Decimal(0)
            j, last, limit, below = after + 1, "scale", scale, Decimal(scale)
            continue
        if scale is None and last != "small":
            part = _small(tokens, after, first=False)
            if part and len(part[1]) == 1 and 0 < (value := next(iter(part[1]))) < (below or 0):
                end = part[0]
                if tokens[end - 1].kind == "num" and end < len(tokens) and tokens[end].kind == "word":
                    return end + 1, frozenset()  # letters straight after: "four-thousand-100s"
                current += value
                j, last = part[0], "small"
                continue
        break
    return j, frozenset({total + current})


@dataclass(frozen=True)
class NumberSpan:
    """One number expression in a normalised text: where it is and what it can mean."""

    start: int
    end: int
    values: frozenset[Decimal]


_MONTHS = frozenset(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
     "Sept", "Oct", "Nov", "Dec")
)  # fmt: skip


def _is_day(tokens: list[_Token], i: int) -> bool:
    """One or two digits next to a month name ("April 28", "28 April"): a date, not a count.

    Month names are matched with their capital, so the verb "may" is no month.
    """
    if not re.fullmatch(r"\d{1,2}", tokens[i].text):
        return False
    before = i >= 2 and tokens[i - 1].kind == "space" and tokens[i - 2].text in _MONTHS
    after = i + 2 < len(tokens) and tokens[i + 1].kind == "space" and tokens[i + 2].text in _MONTHS
    return before or after


_RANGE_JOIN = re.compile(r" ?(?:-|to|and) ?", re.IGNORECASE)
_SCALE_STEPS = (Decimal(1_000_000_000), Decimal(1_000_000), Decimal(1_000))


def _shared_scale(upper: Decimal) -> Decimal | None:
    """The scale an upper end gives a bare lower end: 12,000 -> 1,000; 2 million -> 1,000,000."""
    for scale in _SCALE_STEPS:
        if upper % scale == 0 and upper >= scale:
            return scale
    return None


def numbers_in(text: str) -> Iterator[NumberSpan]:
    """Every number expression of a normalised text, left to right, each read as a whole.

    In a spoken range the lower end may leave out the scale the upper end states: "11 to
    12,000", "between 5 and 7 million", "1.5-2 million". Such a lower end is read both ways
    (11 and 11,000), as "15.000" is.
    """
    spans = list(_number_spans(text))
    for i in range(len(spans) - 1):
        lower, upper = spans[i], spans[i + 1]
        if len(lower.values) != 1 or len(upper.values) != 1:
            continue
        low, high = next(iter(lower.values)), next(iter(upper.values))
        scale = _shared_scale(high)
        if (
            scale is not None
            and 0 < low < 1000
            and low < high / scale
            and _RANGE_JOIN.fullmatch(text[lower.end : upper.start])
        ):
            spans[i] = NumberSpan(lower.start, lower.end, frozenset({low, low * scale}))
    yield from spans


def _number_spans(text: str) -> Iterator[NumberSpan]:
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "num" and _is_day(tokens, i):
            i += 1
            continue
        if token.kind in ("num", "word") and _may_start(tokens, i):
            found = _expression(tokens, i)
            if found is not None:
                end, values = found
                if values:
                    yield NumberSpan(token.start, tokens[end - 1].end, values)
                i = end
                continue
        if token.kind == "num":  # digits that may not start here: skip with their suffix
            i += 2 if i + 1 < len(tokens) and tokens[i + 1].kind == "word" else 1
            continue
        i += 1


def as_decimal(value: Value) -> Decimal:
    """A figure's value as a Decimal; floats through their shortest repr (1.5, not 1.4999...)."""
    if isinstance(value, bool):
        raise TypeError("a figure's value is a number, not a bool")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"a figure's value is a number, not {type(value).__name__}")
