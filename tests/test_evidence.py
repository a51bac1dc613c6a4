"""generator/content/evidence.py: normalising, numbers in quotes, qualifiers, passages."""

from __future__ import annotations

import random
import time
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.content.evidence import (
    closest_passage,
    find_passage,
    find_value,
    find_values,
    fold,
    fragments,
    normalise,
    qualifier_near,
)

# --- normalise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u201cYes,\u201d he said \u2018no\u2019", "\"Yes,\" he said 'no'"),
        ("a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h", "a-b-c-d-e-f-g-h"),
        ("15\u00a0000 and 15\u202f000 and 15\u2007000", "15 000 and 15 000 and 15 000"),
        ("in\u00adcred\u200bible\u200d\ufeff", "incredible"),
        ("wait\u2026 what", "wait... what"),
        ("  many \n\t spaces\r\n here  ", "many spaces here"),
        ("\uff11\uff15,\uff10\uff10\uff10 \ufb01ghters", "15,000 fighters"),  # full-width, ligature
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_fold_is_normalised_and_casefolded():
    assert fold("Stra\u00dfe \u201cKursk\u201d") == 'strasse "kursk"'


@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
    assert fold(once) == fold(text)


# --- numbers: examples ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "quote", "matched"),
    [
        (15000, "around 15,000 troops", "15,000"),
        (15000, "around 15 000 troops", "15 000"),
        (15000, "around 15\u00a0000 troops", "15 000"),
        (15000, "around 15\u202f000 troops", "15 000"),
        (15000, "around 15\u2009000 troops", "15 000"),
        (15000, "around 15000 troops", "15000"),
        (15000, "rund 15.000 Soldaten", "15.000"),
        (15000, "sent a total of 15-thousand troops", "15-thousand"),
        (15000, "sent 15 thousand troops", "15 thousand"),
        (15000, "sent 15k troops", "15k"),
        (15000, "sent 15K troops", "15K"),
        (15000, "sent fifteen thousand troops", "fifteen thousand"),
        (1500, "some 15-hundred were wounded", "15-hundred"),
        (1500, "fifteen hundred were wounded", "fifteen hundred"),
        (4100, "four-thousand-100 were injured", "four-thousand-100"),
        (4100, "four thousand one hundred were injured", "four thousand one hundred"),
        (1500000, "1.5 million people fled", "1.5 million"),
        (1500000, "1.5m people fled", "1.5m"),
        (1500000, "$1.5M in aid", "1.5M"),
        (2000000000, "a $2bn package", "2bn"),
        (Decimal("1.5"), "grew 1.5 percent", "1.5"),
        (1.5, "grew 1.5 percent", "1.5"),
        (2, "two soldiers", "two"),
        (12, "Twelve soldiers", "Twelve"),
        (20, "twenty soldiers", "twenty"),
        (25, "twenty-five soldiers", "twenty-five"),
        (1000, "more than a thousand soldiers", "a thousand"),
        (1000, "one thousand soldiers", "one thousand"),
        (100, "one hundred soldiers", "one hundred"),
        (250, "two hundred and fifty soldiers", "two hundred and fifty"),
        (2300000, "two million three hundred thousand", "two million three hundred thousand"),
        (1500, "between 1,500-2,000 troops", "1,500"),
        (2000, "between 1,500-2,000 troops", "2,000"),
        (2000, "between 1,500 and 2,000 troops", "2,000"),
        (600, "about 600 had been killed", "600"),
        (600, "(600)", "600"),
        (600, "600.", "600"),
        (600, "killed: 600; wounded: 4,100", "600"),
        (300, "On May 12 300 troops arrived", "300"),  # "May 12" is a date, 300 the count
        (4700, "estimated at around 4,700, including", "4,700"),
        (15000, "CASUALTIES: 15,000", "15,000"),
        (-5, "fell by 5 points", "5"),  # pages write magnitudes
    ],
)
def test_find_value_finds_the_spellings_pages_use(value, quote, matched):
    match = find_value(value, [quote])
    assert match is not None, quote
    assert match.text == normalise(matched)
    assert match.quote[match.start : match.end] == match.text


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (1500, "11,500 troops"),
        (1500, "1,5000 troops"),
        (1500, "1,500,000 troops"),
        (1500, "1,500.5 tonnes"),
        (1500, "15,000 troops"),
        (600, "6000 troops"),
        (600, "600,000 troops"),
        (600, "1600 troops"),
        (600, "600 thousand troops"),
        (600, "600k views"),
        (600, "600km front"),
        (600, "the 600th day"),
        (2000, "in the 2000s"),
        (2000, "in the 2,000s"),
        (22, "SA-22 missiles"),
        (2024, "mid-2024"),
        (600, "A600 road"),
        (4, "on 2025-04-28"),
        (28, "on 2025-04-28"),
        (28, "on April 28, 2025"),
        (28, "on 28 April"),
        (12, "at 12:30"),
        (24, "the 2024/25 budget"),
        (4, "04 units"),
        (100, "four-thousand-100 were injured"),
        (4, "four-thousand-100 were injured"),
        (15, "15 000 troops"),
        (15, "fifteen thousand troops"),
        (15, "15-hundred troops"),
        (5, "twenty-five soldiers"),
        (1, "1.2.3 release"),
        (1.5, "1.5 million people"),
        (1000, "thousands of troops"),
        (100, "hundreds of troops"),
        (1, "a soldier"),
    ],
)
def test_find_value_never_reads_part_of_a_larger_number_or_a_date(value, quote):
    assert find_value(value, [quote]) is None, find_value(value, [quote])


def test_fifteen_point_zero_zero_zero_can_be_either_reading():
    # European thousands or a decimal with trailing zeros: the page's reading is unknown.
    assert find_value(15000, ["15.000"]) and find_value(15, ["15.000"])


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (11000, "could be closer to around 11 to 12,000"),
        (5_000_000, "between 5 and 7 million people"),
        (1_500_000, "1.5-2 million people"),
        (15000, "15 to 20 thousand troops"),
    ],
)
def test_the_lower_end_of_a_spoken_range_takes_the_upper_ends_scale(value, quote):
    match = find_value(value, [quote])
    assert match is not None
    # Both readings stay: the bare number is found too, and its qualifier is the range's.
    bare = value / (1_000_000 if value >= 1_000_000 else 1_000)
    assert find_value(bare, [quote]) == match


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (600000, "600 to 1,000 troops"),  # the lower end is not below the upper end's count
        (11000, "aged 11 to 12"),  # no scale to share
        (11000, "11 of 12,000 troops"),  # not a range
    ],
)
def test_no_scale_is_shared_outside_a_range(value, quote):
    assert find_value(value, [quote]) is None


def test_find_value_says_which_quote_and_finds_every_place():
    quotes = ["2,000 were repatriated", "about 600 had been killed and 600 more"]
    match = find_value(600, quotes)
    assert match is not None and match.quote_index == 1 and match.span == (6, 9)
    assert [m.span for m in find_values(600, quotes)] == [(6, 9), (30, 33)]
    assert find_value(601, quotes) is None
    assert find_value(600, []) is None


def test_find_value_refuses_what_is_no_number():
    with pytest.raises(TypeError):
        find_value(True, ["1"])
    with pytest.raises(TypeError):
        find_value("600", ["600"])  # type: ignore[arg-type]


# --- numbers: properties -------------------------------------------------------------------

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int, draw_and: bool = False) -> str:
    """English number words, as a test oracle ("four thousand one hundred and five")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_ONES[hundreds]} hundred"
        return head + ((" and " if draw_and else " ") + words(rest) if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{words(thousands)} thousand" + (f" {words(rest, draw_and)}" if rest else "")


def spellings(n: int) -> list[str]:
    """Every way this module promises to read the integer n."""
    grouped = f"{n:,}"
    found = [str(n), grouped]
    if n >= 1000:
        found += [grouped.replace(",", sep) for sep in (" ", "\u00a0", "\u202f", "\u2009", ".")]
    if n % 1000 == 0 and n:
        k = n // 1000
        found += [f"{k}k", f"{k}K", f"{k}-thousand", f"{k} thousand"]
    if n % 100 == 0 and 0 < n // 100 < 100:
        found += [f"{n // 100}-hundred", f"{n // 100} hundred"]
    if n < 1_000_000:
        found += [words(n), words(n, draw_and=True)]
    if 1000 < n < 20_000 and n % 1000:
        found.append(f"{words(n // 1000)}-thousand-{n % 1000}")  # KBS: "four-thousand-100"
    if n >= 1_000_000 and n % 100_000 == 0:
        millions = f"{n / 1_000_000:g}"
        found += [f"{millions} million", f"{millions}m"]
    return found


# Words around a number that are neither number words nor month names.
BEFORE = st.sampled_from(["", "about ", "killed ", "(", "$", "- ", 'said "', "the ", "In total, "])
AFTER = st.sampled_from(["", " troops", ".", ",", " soldiers were killed", ")", '"', " - officials", "%"])
NUMBERS = st.one_of(
    st.integers(0, 2_000_000),
    st.integers(1, 999).map(lambda k: k * 1000),
    st.integers(1, 99).map(lambda k: k * 100),
    st.integers(1, 50).map(lambda k: k * 100_000),
)


@given(NUMBERS, st.data(), BEFORE, AFTER)
def test_a_number_in_any_supported_spelling_is_found(n, data, before, after):
    spelling = data.draw(st.sampled_from(spellings(n)))
    match = find_value(n, [before + spelling + after])
    assert match is not None, (n, before + spelling + after)
    assert match.text == normalise(spelling)


@given(st.integers(1, 2_000_000), st.data(), st.integers(1, 9), st.integers(1, 999))
def test_a_number_inside_a_larger_number_is_not_found(n, data, digit, group):
    digits = data.draw(st.sampled_from([str(n), f"{n:,}"]))
    larger = data.draw(
        st.sampled_from(
            [
                f"{digit}{digits}",  # 1,500 -> 11,500
                f"{digits}{digit}",  # 1,500 -> 1,5001
                f"{digits}0",  # 1,500 -> 1,5000
                f"{digits},{group:03d}",  # 1,500 -> 1,500,001
                f"{digits}.{digit}",  # 1,500 -> 1,500.1
                f"{digits}s",  # 2000 -> 2000s
                f"{digits} thousand",
                f"{digits}k",
                f"{digits}-million",
            ]
        )
    )
    assert find_value(n, [f"a total of {larger} troops"]) is None, larger


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_only_the_numbers_present_are_found(a, b):
    assume(a != b)
    assert find_value(b, [f"{a:,} killed"]) is None
    assert find_value(a, [f"{a:,} killed"]) is not None


@given(st.text(), st.integers(0, 10**6))
def test_find_value_reads_any_text(text, n):
    for match in find_values(n, [text]):
        assert match.quote == normalise(text) and match.text


# --- qualifiers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "value", "qualifier", "word"),
    [
        ("North Korea has deployed around 15,000 troops", 15000, "about", "around"),
        ("casualties are estimated at around 4,700, including some 600 deaths", 600, "about", "some"),
        ("casualties are estimated at 4,700", 4700, "about", "estimated"),
        ("an estimated 11,000 troops", 11000, "about", "an estimated"),
        ("approximately 600 deaths", 600, "about", "approximately"),
        ("roughly 600", 600, "about", "roughly"),
        ("nearly 3,000", 3000, "about", "nearly"),
        ("almost 3,000", 3000, "about", "almost"),
        ("about 600 had been killed", 600, "about", "about"),
        ("more than 600 soldiers", 600, "more-than", "more than"),
        ("More than a thousand soldiers", 1000, "more-than", "More than"),
        ("over 600 soldiers", 600, "more-than", "over"),
        ("casualties exceeded 1,000", 1000, "more-than", "exceeded"),
        ("casualties exceeding 1,000", 1000, "more-than", "exceeding"),
        ("the toll exceeds 1,000", 1000, "more-than", "exceeds"),
        ("upwards of 10,000 troops", 10000, "more-than", "upwards of"),
        ("losses surpassed the 1,000 mark", 1000, "more-than", "surpassed"),
        ("at least 300 were killed", 300, "at-least", "at least"),
        ("up to 2,000 troops", 2000, "up-to", "up to"),
        ("at most 2,000 troops", 2000, "at-most", "at most"),
        ("no more than 2,000 troops", 2000, "at-most", "no more than"),
        ("600 or more", 600, "at-least", "or more"),
        ("~600 dead", 600, "about", "~"),
        ("600+ dead", 600, "more-than", "+"),
    ],
)
def test_the_qualifier_before_a_number(quote, value, qualifier, word):
    match = find_value(value, [quote])
    assert match is not None
    assert qualifier_near(match.quote, match.span) == (qualifier, word)


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("Over the past week, 600 soldiers were killed", 600),  # the clause ends at the comma
        ("over the past week 600 soldiers were killed", 600),  # "week" is no filler word
        ("some of the 600 soldiers", 600),  # "of" is no filler word
        ("about 600 had been killed and 4,100 injured", 4100),  # "about" goes with 600
        ("2,000 injured North Korean soldiers were repatriated", 2000),
        ("sent a total of 15-thousand troops", 15000),
    ],
)
def test_a_qualifier_elsewhere_in_the_quote_does_not_count(quote, value):
    match = find_value(value, [quote])
    assert match is not None
    assert qualifier_near(match.quote, match.span) is None


# --- passages ------------------------------------------------------------------------------

PAGE = (
    "SEOUL, April 30 (Yonhap) \u2014 North Korean casualties are estimated at around 4,700, "
    "including some 600 deaths, a lawmaker said. The NIS said North Korea sent a total of "
    "15\u2011thousand troops to Russia via two deployments. \u201cWe will always honour the "
    "Korean heroes,\u201d Putin said\u2026 and left."
)


@pytest.mark.parametrize(
    "quote",
    [
        "casualties are estimated at around 4,700, including some 600 deaths",
        "CASUALTIES ARE ESTIMATED AT AROUND 4,700",
        "sent a total of 15-thousand troops ... via two deployments",
        "sent a total of 15-thousand troops \u2026 via two deployments",
        "sent a total of 15-thousand troops [...] via two deployments",
        '"We will always honour the Korean heroes," Putin said',
        "Putin said... and left",
        "Yonhap) - North Korean",
    ],
)
def test_find_passage_finds_quotes(quote):
    assert find_passage(quote, PAGE)


@pytest.mark.parametrize(
    "quote",
    [
        "casualties are estimated at about 4,700",
        "via two deployments ... sent a total of",  # fragments out of order
        "00 deaths",  # cuts a word
        "including some 600 death",  # cuts a word
        "",
        " ... ",
    ],
)
def test_find_passage_refuses_what_is_not_there(quote):
    assert not find_passage(quote, PAGE)


WORDS = st.lists(st.from_regex(r"[A-Za-z0-9,.'\u2019]{1,8}", fullmatch=True), min_size=1, max_size=40)


@given(WORDS, st.data())
def test_a_slice_of_a_page_is_found_whatever_its_spacing_and_quote_marks(page_words, data):
    start = data.draw(st.integers(0, len(page_words) - 1))
    end = data.draw(st.integers(start + 1, len(page_words)))
    spaces = st.sampled_from([" ", "\u00a0", "\n", "  ", "\u202f"])
    page = "".join(word + data.draw(spaces) for word in page_words)
    quote = " ".join(page_words[start:end]).replace("\u2019", "'")
    assert find_passage(quote, page)
    assert find_passage(quote.upper(), page)


def test_fragments_split_on_every_ellipsis_form():
    assert fragments("a ... b \u2026 c [...] d...") == ["a", "b", "c", "d"]


def test_closest_passage_points_at_the_likely_passage():
    passage, ratio = closest_passage("casualties are estimated at about 4,700", PAGE)
    assert passage == "casualties are estimated at around 4,700"
    assert 0.85 < ratio < 1
    assert closest_passage("casualties are estimated at around 4,700", PAGE)[1] == 1.0
    assert closest_passage("zzz qqq", PAGE) == ("", 0.0)
    assert closest_passage("", PAGE) == ("", 0.0)


def test_closest_passage_of_fragments_reports_the_worst_fragment():
    passage, ratio = closest_passage("sent a total of 15-thousand troops ... via three deployments", PAGE)
    assert passage.startswith("via two deployments")
    assert 0.7 < ratio < 1


def test_closest_passage_is_fast_on_a_200_kb_page():
    rng = random.Random(6)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(3000)]
    vocabulary += ["the", "of", "and", "a"] * 150
    page = " ".join(rng.choice(vocabulary) for _ in range(34_000))
    assert len(page) > 200_000
    words_ = page.split()
    quote = " ".join(words_[20_000:20_025])
    edited = quote.replace(words_[20_005], "typo", 1).replace(words_[20_012], "another", 1)
    started = time.perf_counter()
    passage, ratio = closest_passage(edited, page)
    elapsed = time.perf_counter() - started
    assert passage == quote and ratio > 0.85
    assert elapsed < 1.0, elapsed
