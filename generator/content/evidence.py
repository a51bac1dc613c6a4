"""Does a quote support a claim? Pure text functions, no I/O: used offline by `factsheet check`
and online by `factsheet verify`.

- `normalise` / `fold`: one spelling of the characters that pages and editors type differently
  (curly quotes, dashes, no-break spaces, soft hyphens, the ellipsis character).
- `find_value` / `find_values`: is a figure's number in a quote, in any spelling pages use
  ("15,000", "15 000", "15.000", "15k", "15-thousand", "fifteen thousand", "four-thousand-100",
  "1.5 million")? Quotes are read as number expressions first, each a whole, so a number is
  never found inside a larger one ("1,500" is not in "11,500", "600" not in "600,000"); the
  lower end of a spoken range takes the upper end's scale too ("11 to 12,000" holds 11,000).
- `qualifier_near` / `qualifier_agrees`: the qualifier word ("about", "more than", ...) that
  goes with the matched number, to compare with the figure's `qualifier`.
- `check_figure`: the offline rule built from the two: human-readable problems, empty if fine.
- `find_passage` / `closest_passage`: is a quote on a page (fragments joined by "..." in
  order), and if not, the page's passage most like it, to show the editor.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

# --- normalisation -------------------------------------------------------------------------

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a"  # ‘ ’ ‚ ‛ ′ ‹ ›
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb"  # “ ” „ ‟ « »
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63"  # ‐ ‑ ‒ – — ― − ⁃ ﹘ ﹣
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u3000"  # no-break, narrow no-break, figure, thin, hair
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"  # soft hyphen, zero-width characters

_TRANSLATION: dict[int, str | None] = {
    **{ord(char): "'" for char in _SINGLE_QUOTES},
    **{ord(char): '"' for char in _DOUBLE_QUOTES},
    **{ord(char): "-" for char in _DASHES},
    **{ord(char): " " for char in _SPACES},
    **{ord(char): None for char in _INVISIBLE},
    ord("\u2026"): "...",  # NFKC does this too; kept so the table alone is complete
}
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text with one spelling for characters that look alike, whitespace collapsed.

    NFKC first (full-width digits, ligatures, compatibility spaces), then the table above,
    then runs of whitespace become one space. Idempotent, so spans found in a normalised
    text stay valid when a function normalises it again.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    return _WHITESPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """`normalise`d and casefolded: the form quotes and pages are compared in.

    Casefolding can change the length ("ß" -> "ss"), so spans are never taken from this form.
    """
    return normalise(text).casefold()


# --- numbers in text -------------------------------------------------------------------------

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


class _Token(NamedTuple):
    # A named tuple, not a frozen dataclass: every character run of every quote becomes one, and
    # `factsheet check` reads every figure's quotes on every run.
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


@dataclass(frozen=True)
class Match:
    """A number found in a quote. `quote` is the normalised quote; start:end index into it."""

    quote_index: int
    quote: str
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.quote[self.start : self.end]

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def find_values(value: Value, quotes: Iterable[str]) -> list[Match]:
    """Every place a number appears in the quotes, in quote order then text order.

    The sign is ignored ("fell by 5" supports -5): pages write magnitudes in words.
    """
    wanted = abs(as_decimal(value))
    matches = []
    for index, quote in enumerate(quotes):
        text, numbers = _read_numbers(quote)
        for number in numbers:
            if wanted in number.values:
                matches.append(Match(index, text, number.start, number.end))
    return matches


@lru_cache(maxsize=4096)
def _read_numbers(quote: str) -> tuple[str, tuple[NumberSpan, ...]]:
    """A quote normalised and its numbers, read once however many values are looked up in it."""
    text = normalise(quote)
    return text, tuple(numbers_in(text))


def find_value(value: Value, quotes: Iterable[str]) -> Match | None:
    """The first place a number appears in the quotes, or None."""
    matches = find_values(value, quotes)
    return matches[0] if matches else None


# --- qualifiers ----------------------------------------------------------------------------

QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "more-than": (
        "more than", "over", "exceeded", "exceeding", "exceeds", "upwards of", "surpassed",
        "surpassing", "in excess of", "greater than", "above",
    ),
    "at-least": ("at least", "no fewer than", "no less than", "not less than", "a minimum of"),
    "about": (
        "about", "around", "some", "approximately", "roughly", "nearly", "almost", "estimated",
        "an estimated", "close to", "circa", "approx",
    ),
    "up-to": ("up to", "as many as"),
    "at-most": (
        "at most", "no more than", "not more than", "a maximum of", "fewer than", "less than",
    ),
}  # fmt: skip
# Longest first, so "no more than" wins over "more than" and "an estimated" over "estimated".
_PHRASES = sorted(
    (
        (tuple(phrase.split()), qualifier)
        for qualifier, phrases in QUALIFIER_WORDS.items()
        for phrase in phrases
    ),
    key=lambda item: -len(item[0]),
)
_ANY_QUALIFIER = re.compile(
    r"\b(?:" + "|".join(re.escape(" ".join(words)) for words, _ in _PHRASES) + r")\b", re.IGNORECASE
)
_PHRASE_QUALIFIER = {" ".join(words): qualifier for words, qualifier in _PHRASES}
# Words that may stand between a qualifier and its number: "estimated at 4,700",
# "surpassed the 1,000 mark", "estimated to be 600". "of" is not one: "some of the 600".
_FILLERS = frozenset({"the", "at", "to", "be", "been", "is", "was", "are", "were"})
_MAX_FILLERS = 3
# Punctuation ends the clause a qualifier could belong to: "over the past week, 600 ...".
_WORDS_BACK = re.compile(r"[^\W\d_]+|[,;:.!?()\[\]\"]|\d+")
_SYMBOLS_BEFORE = {
    "~": "about", "≈": "about", ">": "more-than", "≥": "at-least", "<": "at-most", "≤": "at-most",
}  # fmt: skip
_AFTER = (
    (re.compile(r"\+(?!\d)|-plus\b"), "more-than"),
    (re.compile(r" or more\b", re.IGNORECASE), "at-least"),
    (re.compile(r" or so\b", re.IGNORECASE), "about"),
    (re.compile(r" or (?:fewer|less)\b", re.IGNORECASE), "at-most"),
)


def qualifier_in(text: str) -> tuple[str, str] | None:
    """The first qualifier word anywhere in a text: (qualifier, the words as written)."""
    text = normalise(text)
    found = _ANY_QUALIFIER.search(text)
    if found is None:
        return None
    return _PHRASE_QUALIFIER[found.group().casefold()], found.group()


def qualifier_near(quote: str, span: tuple[int, int]) -> tuple[str, str] | None:
    """The qualifier that goes with the number at span in a normalised quote, or None.

    Design: only the words right before the number count (up to three filler words such as
    "at", "the", "to be" may stand between), within the same clause (no comma or full stop
    in between); a qualifier elsewhere in the quote belongs to something else ("over the past
    week, 600 were killed" is exact). Also a symbol before ("~600", ">600") and a few phrases
    right after ("600 or more", "600+", "600 or so").
    """
    text = normalise(quote)
    start, end = span
    before = text[:start].rstrip(" $€£¥")
    if before and before[-1] in _SYMBOLS_BEFORE:
        return _SYMBOLS_BEFORE[before[-1]], before[-1]
    for pattern, qualifier in _AFTER:
        after = pattern.match(text, end)
        if after:
            return qualifier, after.group().strip()

    words: list[str] = []
    for token in reversed(_WORDS_BACK.findall(text[max(0, start - 120) : start])):
        if not token[0].isalpha():
            break
        words.insert(0, token)
        if len(words) > _MAX_FILLERS + 4:
            break
    folded = [word.casefold() for word in words]
    for skipped in range(_MAX_FILLERS + 1):
        if skipped and folded[-skipped] not in _FILLERS:
            break
        head = folded[: len(folded) - skipped]
        for phrase, qualifier in _PHRASES:
            if len(phrase) <= len(head) and tuple(head[len(head) - len(phrase) :]) == phrase:
                original = words[len(head) - len(phrase) : len(head)]
                return qualifier, " ".join(original)
        if skipped == len(folded):
            break
    return None


def qualifier_agrees(qualifier: str, quote: str, span: tuple[int, int]) -> tuple[bool, str | None]:
    """Does a figure's qualifier agree with the quote at span? (ok, the qualifier word found).

    `exact` agrees when no qualifier goes with the number; any other qualifier needs a word
    of its own class ("about" is satisfied by "around", "some", "nearly" ...).
    """
    found = qualifier_near(quote, span)
    if found is None:
        return qualifier == "exact", None
    return found[0] == qualifier, found[1]


def _format(value: Value) -> str:
    number = as_decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def check_figure(
    value: Value,
    quotes: Sequence[str],
    *,
    qualifier: str = "exact",
    low: Value | None = None,
    high: Value | None = None,
) -> list[str]:
    """The offline rule for a figure and the quotes of its citations: problems, [] if fine.

    - without a range, the value must appear in a quote with a qualifier of the figure's class
      (one agreeing occurrence in any quote is enough);
    - with a range, `low` and `high` must each appear in a quote; the value need not (it is
      often the editor's central estimate of "between 500 and 700"), but when it appears its
      qualifier must agree.
    No quotes, no problems: a citation without a quote is checked by other rules.
    """
    if not quotes:
        return []
    problems = []
    ranged = low is not None or high is not None
    matches = find_values(value, quotes)
    if not matches and not ranged:
        problems.append(f"the figure {_format(value)} appears in none of its quotes")
    if matches and not any(qualifier_agrees(qualifier, m.quote, m.span)[0] for m in matches):
        first = matches[0]
        found = qualifier_near(first.quote, first.span)
        if found is None:
            problems.append(
                f"the figure is '{qualifier}' but its quote has no qualifier word with "
                f"{first.text!r}: {first.quote!r}"
            )
        else:
            problems.append(
                f"the figure is '{qualifier}' but its quote says {found[1]!r} ({found[0]}): {first.quote!r}"
            )
    for name, bound in (("low", low), ("high", high)):
        if bound is not None and find_value(bound, quotes) is None:
            problems.append(f"the range's {name} end {_format(bound)} appears in none of its quotes")
    return problems


# --- passages ------------------------------------------------------------------------------

_ELLIPSIS = re.compile(r"\s*\[?\.\.\.\]?\s*")


def fragments(needle: str) -> list[str]:
    """A quote's parts: an ellipsis ("...", "…", "[...]") stands for left-out words."""
    return [part for part in _ELLIPSIS.split(fold(needle)) if part]


def _find_whole(fragment: str, haystack: str, start: int) -> int:
    """Where fragment occurs from start without cutting a word at either end; -1 if nowhere."""
    at = haystack.find(fragment, start)
    while at != -1:
        cut_before = fragment[0].isalnum() and at > 0 and haystack[at - 1].isalnum()
        end = at + len(fragment)
        cut_after = fragment[-1].isalnum() and end < len(haystack) and haystack[end].isalnum()
        if not cut_before and not cut_after:
            return at
        at = haystack.find(fragment, at + 1)
    return -1


def find_passage(needle: str, haystack: str) -> bool:
    """Is the quote in the text? Normalised and case-insensitive; fragments in order.

    A fragment must start and end at word edges ("600 killed" is not in "1600 killed").
    An empty quote is found nowhere.
    """
    parts = fragments(needle)
    if not parts:
        return False
    text = fold(haystack)
    position = 0
    for part in parts:
        at = _find_whole(part, text, position)
        if at == -1:
            return False
        position = at + len(part)
    return True


_WORD = re.compile(r"\S+")
_KEY = re.compile(r"[\W_]+")
_MAX_CANDIDATES = 300  # windows proposed by the rare words of a quote
_SCORED = 20  # of those, compared character by character


def _closest_fragment(
    needle: str, words: list[re.Match[str]], keys: list[str], counts: Counter[str], text: str
) -> tuple[str, float]:
    target = fold(needle)
    needle_keys = [_KEY.sub("", word.casefold()) for word in needle.split()]
    size = len(needle_keys)
    if not size or not words:
        return "", 0.0
    # Anchors: the needle's words that are rarest on the page. Each occurrence proposes
    # a window aligned with where that word sits in the needle.
    ranked = sorted({key for key in needle_keys if key and counts[key]}, key=lambda key: (counts[key], key))
    starts: set[int] = set()
    positions: dict[str, list[int]] = {key: [] for key in ranked[:8]}
    for i, key in enumerate(keys):
        if key in positions:
            positions[key].append(i)
    for key in ranked[:8]:
        offsets = [i for i, k in enumerate(needle_keys) if k == key]
        for at in positions[key]:
            starts.update(at - offset for offset in offsets)
        if len(starts) >= _MAX_CANDIDATES:
            break
    if not starts:
        return "", 0.0

    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(target)  # the matcher indexes seq2 once; windows vary in seq1

    def score(first: int, last: int) -> float:
        matcher.set_seq1(text[words[first].start() : words[last - 1].end()].casefold())
        return matcher.ratio()

    def window(start: int) -> tuple[int, int]:
        first = min(max(start, 0), len(words) - 1)
        return first, min(max(start + size, first + 1), len(words))

    # Cheap first pass: how many of the needle's words each window shares; only the best
    # windows get the character-level comparison.
    wanted = Counter(needle_keys)

    def overlap(bounds: tuple[int, int]) -> int:
        return sum((Counter(keys[bounds[0] : bounds[1]]) & wanted).values())

    windows = sorted({window(start) for start in starts}, key=lambda bounds: (-overlap(bounds), bounds))
    scored = sorted(((score(*bounds), bounds) for bounds in windows[:_SCORED]), reverse=True)
    best_ratio, (best_first, best_last) = scored[0]
    # Refine the best few by moving either end a few words: the page may have more or fewer
    # words than the quote where they differ.
    for _, (first, last) in scored[:5]:
        improved = True
        ratio = score(first, last)
        while improved:
            improved = False
            for df, dl in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                f, l_ = first + df, last + dl
                if 0 <= f < l_ <= len(words) and (new := score(f, l_)) > ratio:
                    first, last, ratio, improved = f, l_, new, True
        if ratio > best_ratio:
            best_ratio, best_first, best_last = ratio, first, last
    passage = text[words[best_first].start() : words[best_last - 1].end()]
    # Words carry their punctuation ("4,700,"): drop what the quote does not have at its ends.
    if target[-1].isalnum():
        passage = re.sub(r"[\W_]+$", "", passage) or passage
    if target[0].isalnum():
        passage = re.sub(r"^[\W_]+", "", passage) or passage
    matcher.set_seq1(passage.casefold())
    return passage, matcher.ratio()


def closest_passage(needle: str, haystack: str) -> tuple[str, float]:
    """The passage of the text most like the quote, and how alike they are (0..1).

    Candidate windows come from the needle's rarest words on the page, so a 200 KB page
    costs a few hundred short comparisons rather than one per position. For a quote in
    fragments, the least-found fragment is the one reported. ("", 0.0) when the page shares
    no word with the quote. The passage is returned normalised but in the page's case.
    """
    text = normalise(haystack)
    words = list(_WORD.finditer(text))
    keys = [_KEY.sub("", word.group().casefold()) for word in words]
    parts = [part for part in _ELLIPSIS.split(normalise(needle)) if part]
    counts = Counter(keys)
    results = [_closest_fragment(part, words, keys, counts, text) for part in parts]
    if not results:
        return "", 0.0
    return min(results, key=lambda result: result[1])
