"""Does a quote support a claim? Pure text functions, no I/O: used offline by `factsheet check`
and online by `factsheet verify`.

- `normalise` / `fold`: one spelling of the characters that pages and editors type differently
  (curly quotes, dashes, no-break spaces, soft hyphens, the ellipsis character).
- `find_value` / `find_values`: is a figure's number in a quote, in any spelling pages use
  ("15,000", "15 000", "15.000", "15k", "15-thousand", "fifteen thousand", "four-thousand-100",
  "1.5 million")? Quotes are read as number expressions first, each a whole, so a number is
  never found inside a larger one ("1,500" is not in "11,500", "600" not in "600,000"); the
  lower end of a spoken range takes the upper end's scale too ("11 to 12,000" holds 11,000);
  the reading is `numbers_in_text.py`.
- `qualifier_near`: the qualifier word ("about", "more than", ...) that goes with the matched
  number, to compare with the figure's `qualifier` (the rules themselves are in `quotes.py`).
- `find_passage` / `closest_passage`: is a quote on a page (fragments joined by "..." in
  order), and if not, the page's passage most like it, to show the editor.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .numbers_in_text import NumberSpan, Value, as_decimal, numbers_in

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
        text, numbers = _read_quote(quote)
        for number in numbers:
            if wanted in number.values:
                matches.append(Match(index, text, number.start, number.end))
    return matches


# A figure's quotes are searched for its value and for each end of its range, and `factsheet
# serve` checks every claim again after each edit: each quote is read once per process.
@lru_cache(maxsize=1 << 16)
def _read_quote(quote: str) -> tuple[str, tuple[NumberSpan, ...]]:
    text = normalised_quote(quote)
    return text, tuple(numbers_in(text))


@lru_cache(maxsize=1 << 16)  # a quote is looked up from its claim, its reference and its data
def normalised_quote(quote: str) -> str:
    """`normalise` for a quote (short, and asked for again and again), memoized."""
    return normalise(quote)


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


@lru_cache(maxsize=1 << 16)  # pure; serve asks again for every unchanged claim after an edit
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
