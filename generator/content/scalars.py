"""Typing of one scalar by the text an editor typed: numbers, dates, URLs.

Each reader returns (value, None) or (None, a message that reads as a sentence); the
validator adds the place. YAML 1.1 typing never happens: these see the text as typed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from ..errors import printable
from .model import PartialDate

_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
# A figure's size: far beyond any count, and a float still draws it (a chart's scale).
MAX_WHOLE_DIGITS = 20
MAX_FRACTION_DIGITS = 10
_SEPARATED_NUMBER = re.compile(r"-?[0-9][0-9,_]*(\.[0-9_]+)?")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# Characters a URL must not hold raw: they end or bend a link in Markdown and HTML.
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"\\`]")
# What a text may not hold (CONTRIBUTING.md lists it): control characters other than tab and line
# feed (C0, DEL and C1; YAML escapes such as "\0", "\e" or "\x9b" type them), the line and
# paragraph separators, the bidi embedding and override controls (they reverse what follows
# them on screen), U+FEFF and lone surrogates ("\ud800": no page or file can encode one).
_TEXT_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ufeff\ud800-\udfff]")


def show(text: str, limit: int = 60) -> str:
    """A value quoted for a one-line message: control characters escaped, long text cut."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{printable(text)}'"


def read_number(text: str, plain: bool) -> tuple[Any, str | None]:
    """Only an unquoted integer or decimal is a number: '600' in quotes is text."""
    if not plain:
        if _NUMBER.fullmatch(text):
            return None, f"expected a number, got the quoted text {show(text)}; remove the quotes"
        return None, f"expected a number, got {show(text)}"
    if _NUMBER.fullmatch(text):
        whole, _, fraction = text.removeprefix("-").partition(".")
        if len(whole) > MAX_WHOLE_DIGITS:
            return None, (
                f"number {show(text, 30)} has {len(whole):,} digits before the decimal point; "
                f"the limit is {MAX_WHOLE_DIGITS}"
            )
        if len(fraction) > MAX_FRACTION_DIGITS:
            return None, (
                f"number {show(text, 30)} has {len(fraction):,} digits after the decimal point; "
                f"the limit is {MAX_FRACTION_DIGITS}"
            )
        # Exact: an integer, or a Decimal that keeps every digit typed (a float would round
        # 12345678901234567.5). Both are bounded above, so int() never meets its digit limit.
        return (Decimal(text) if fraction else int(text)), None
    if _SEPARATED_NUMBER.fullmatch(text) and re.search(r"[,_]", text):
        bare = re.sub(r"[,_]", "", text)
        return None, f"expected a number, got {show(text)}; write it without separators, like {bare}"
    return None, f"expected a number, got {show(text)}"


def read_date(text: str, today: date) -> tuple[Any, str | None]:
    match = _DATE.fullmatch(text)
    if not match:
        return None, f"expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got {show(text)}"
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if year < 1 or (match.group(2) and not 1 <= month <= 12):
        return None, f"{show(text)} is not a real date"
    if match.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None, f"{show(text)} is not a real date"
    value = PartialDate(year, month, day)
    if date(year, month or 1, day or 1) > today:
        return None, f"date {show(text)} is in the future"
    return value, None


def character_name(char: str) -> str:
    """'U+001B (a control character)': a character that cannot be shown, named for a message."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    elif char in "\u2028\u2029":
        kind = "a line or paragraph separator"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or char in "\u200e\u200f\u061c":
        kind = "a bidi control"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    else:
        kind = "an invisible character"
    return f"U+{code:04X} ({kind})"


def text_problem(text: str) -> str | None:
    """Why a text is refused, or None: it holds a character no page should carry."""
    found = _TEXT_FORBIDDEN.search(text)
    if found is None:
        return None
    return f"text holds {character_name(found.group())}, which is not allowed; remove it"


def url_problem(text: str) -> str | None:
    """Why a URL is refused, or None: only http(s) with a host, nothing that bends a link."""
    if _URL_FORBIDDEN.search(text):
        return (
            f"URL {show(text)} holds a space, quote, angle bracket, backslash, backtick or "
            "control character; percent-encode it"
        )
    hidden = next((char for char in text if not char.isprintable()), None)
    if hidden is not None:  # shown as something else, or not at all: the link would lie
        return f"URL {show(text)} holds {character_name(hidden)}; remove it or percent-encode it"
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        return f"expected an http:// or https:// URL, got {show(text)}"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"URL {show(text)} has an invalid port"
    if not parts.hostname:
        return f"URL {show(text)} has no host"
    if parts.username is not None or parts.password is not None:
        return f"URL {show(text)} holds a user name or password before the host; remove it"
    return None
