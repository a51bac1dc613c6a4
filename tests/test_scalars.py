"""Scalar readers: numbers, dates and URLs as typed (their places in files: test_validate)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from generator.content.model import PartialDate
from generator.content.scalars import read_date, read_number, show, text_problem, url_problem

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "value"),
    [("600", 600), ("0", 0), ("-3", -3), ("1.10", Decimal("1.10")), ("0.5", Decimal("0.5")),
     ("12345678901234567.5", Decimal("12345678901234567.5")), ("9" * 20, int("9" * 20)),
     ("0." + "0" * 9 + "1", Decimal("0.0000000001"))],
)  # fmt: skip
def test_plain_integers_and_decimals_are_numbers_with_every_digit_kept(text, value):
    number, problem = read_number(text, plain=True)
    assert (number, problem) == (value, None)
    assert type(number) is type(value)  # never a float
    assert str(number) == text or format(number, "f") == text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1" * 5000, "has 5,000 digits before the decimal point; the limit is 20"),
        ("9" * 400, "has 400 digits before the decimal point; the limit is 20"),
        ("-" + "9" * 21, "has 21 digits before the decimal point; the limit is 20"),
        ("1." + "5" * 11, "has 11 digits after the decimal point; the limit is 10"),
    ],
)
def test_numbers_are_bounded_in_size(text, problem):
    number, message = read_number(text, plain=True)
    assert number is None and message is not None
    assert message.startswith("number '") and message.endswith(problem)
    assert len(message) < 120  # the number is cut in the message


def test_a_quoted_number_is_text():
    assert read_number("600", plain=False) == (
        None,
        "expected a number, got the quoted text '600'; remove the quotes",
    )


@pytest.mark.parametrize(
    ("text", "bare"), [("4,700", "4700"), ("4_700", "4700"), ("1,000,000.5", "1000000.5")]
)
def test_separators_are_refused_with_the_plain_form(text, bare):
    assert read_number(text, plain=True) == (
        None,
        f"expected a number, got '{text}'; write it without separators, like {bare}",
    )


@pytest.mark.parametrize(
    "text", ["007", "1.", ".5", "1e3", "+1", "0x10", "0o7", ".inf", ".nan", "1:20", "on", "-"]
)
def test_everything_yaml_1_1_might_read_as_a_number_is_refused(text):
    assert read_number(text, plain=True) == (None, f"expected a number, got '{text}'")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025", PartialDate(2025)),
        ("2025-04", PartialDate(2025, 4)),
        ("2025-04-30", PartialDate(2025, 4, 30)),
        ("2026-11-26", PartialDate(2026, 11, 26)),
    ],
)
def test_partial_dates(text, value):
    assert read_date(text, TODAY) == (value, None)


@pytest.mark.parametrize("text", ["2026-11-27", "2026-12", "2027"])
def test_a_date_that_starts_after_today_is_in_the_future(text):
    assert read_date(text, TODAY) == (None, f"date '{text}' is in the future")


@pytest.mark.parametrize("text", ["2025-02-29", "2025-04-31", "2025-13", "2025-00", "0000", "2025-01-00"])
def test_impossible_dates(text):
    assert read_date(text, TODAY) == (None, f"'{text}' is not a real date")


def test_leap_day():
    assert read_date("2024-02-29", TODAY) == (PartialDate(2024, 2, 29), None)


@pytest.mark.parametrize(
    "text", ["30 April 2025", "2025-4-30", "25-04-30", "20250430", "2025/04/30", "2025-04-30T10:00"]
)
def test_other_date_forms(text):
    assert read_date(text, TODAY)[1] == f"expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got '{text}'"


def test_show_keeps_a_message_on_one_line():
    assert show("a\nb\tc\x00") == "'a\\nb\\tc\\x00'"
    assert show("x" * 100) == "'" + "x" * 59 + "…'"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/a?b=c#d",
        "https://example.org:8080/x",
        "https://example.org/%20a",
        "https://[2001:db8::1]/",
    ],
)
def test_http_urls_with_a_host_are_accepted(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "/relative/path",
        "example.org/x",
        "//example.org/x",
        "https://",
        "https:///x",
        "http:example.org",
        "https://exa mple.org",
        "https://example.org/\nx",
        "https://example.org/\x00",
        "https://example.org/<x>",
        'https://example.org/"x',
        "https://example.org\\@evil.example",
        "https://user:pw@example.org/",
        "https://example.org@evil.example/",
        "https://example.org:99999999999/",
        "mailto:a@example.org",
        # shown as something else, or not at all, where the URL is printed: its visible text would lie
        "https://example.org/\u202etxt.exe",
        "https://exa\u200bmple.org/",
        "https://example.org/\x9b31m",
        "https://example.org/\x85",
        "https://example.org/soft\u00adhyphen",
        "https://example.org/\ufeff",
        "https://example.org/\u2066x\u2069",
        "https://example.org/\U000e0041",
    ],
)
def test_everything_else_is_refused_as_a_url(url):
    assert url_problem(url) is not None


def test_a_url_with_letters_of_any_script_is_accepted():
    assert url_problem("https://example.org/뉴스/2025") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("reset\x1bc", "U+001B (a control character)"),
        ("nul\x00", "U+0000 (a control character)"),
        ("csi\x9b", "U+009B (a control character)"),
        ("del\x7f", "U+007F (a control character)"),
        ("cr\rlf", "U+000D (a control character)"),
        ("a\u2028b", "U+2028 (a line or paragraph separator)"),
        ("a\u2029b", "U+2029 (a line or paragraph separator)"),
        ("\u202eevil", "U+202E (a bidi control)"),
        ("\u202aembedded", "U+202A (a bidi control)"),
        ("bom\ufeff", "U+FEFF (an invisible character)"),
        ("lone \ud800", "U+D800 (a lone surrogate)"),
    ],
)
def test_a_text_may_not_hold_control_separator_or_override_characters(text, problem):
    assert text_problem(text) == f"text holds {problem}, which is not allowed; remove it"


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "two\nlines\tand a tab",  # block scalars and tabs: whitespace the pages collapse
        "עברית \u2067(RLI)\u2069 and \u200f marks",  # isolates and marks: right-to-left text needs them
        "می\u200cخواهم",  # zero-width non-joiner: Persian spelling
        "👩\u200d🔬",  # zero-width joiner: one emoji
        "no\u00a0break",
    ],
)
def test_a_text_may_hold_any_printable_character_line_breaks_tabs_and_joiners(text):
    assert text_problem(text) is None
