"""Every Jinja filter, registered by name in one place (`FILTERS`, `register_filters`).

Templates write Markdown, and every editor string is hostile. The escaping filters turn text
into something that renders as exactly the characters typed, wherever it lands:

- every ASCII punctuation character becomes a numeric character reference (`*` -> `&#42;`).
  No Markdown rule, Python-Markdown extension or HTML parser reads `&#NN;` as syntax, while the
  browser shows the character. One rule, whatever the position (line start, table cell, link
  text, raw HTML, attribute value) and whatever extension is added later;
- runs of whitespace, newlines included, become one space and the ends are stripped (a newline
  or two trailing spaces would be Markdown syntax); the no-break spaces U+00A0, U+2007 and
  U+202F are kept, as character references, because editors type them on purpose;
- control characters (C0 and C1 other than whitespace, DEL) and lone surrogates are dropped:
  no page can show them, and Python-Markdown marks its placeholders with \\x02 and \\x03.

The results are `Markup`, so a template with autoescape on would not escape them a second time.
The formatting filters (`date`, `number`, `qualified`) return plain text made only of letters,
digits, spaces and `,.-–()`, which Markdown leaves alone (tests render it to make sure).
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
import string
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from ..content.countries import country_name
from ..content.model import Figure, PartialDate

# ------------------------------------------------------------------------------ text

NO_BREAK_SPACES = "\u00a0\u2007\u202f"
# Every character str.isspace() accepts, minus the no-break spaces (tests check the list).
COLLAPSIBLE_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)
_SPACE_RUN = re.compile(f"[{re.escape(COLLAPSIBLE_SPACES)}]+")
# A blank line: a newline, then only whitespace other than newlines, then a newline.
_BLANK_LINES = re.compile(f"\n(?:[{re.escape(COLLAPSIBLE_SPACES.replace(chr(10), ''))}]*\n)+")
_UNSHOWABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")

_REFERENCES = {ord(char): f"&#{ord(char)};" for char in string.punctuation + NO_BREAK_SPACES}


def _require_text(value: object, filter_name: str) -> str:
    # A number or None reaching a text filter is a template mistake; say which filter.
    if not isinstance(value, str):
        raise TypeError(f"filter {filter_name!r} expects text, got {type(value).__name__}: {value!r}")
    return value


# Memoized: a pure function of its text, and the same strings (actor names, source titles, claim
# texts shown on several pages) are escaped again and again: ~600,000 calls at 1,000 sheets (issue 6).
@lru_cache(maxsize=1 << 16)
def _escape_line(text: str) -> str:
    """Text as one line of character references: the core of every escaping filter."""
    text = _UNSHOWABLE.sub("", text)
    text = _SPACE_RUN.sub(" ", text).strip(" ")
    return text.translate(_REFERENCES)


@lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> Markup:
    # The escaped line as Markup, memoized too: building a Markup object per call was a tenth of
    # the sheet pages' rendering time.
    return Markup(_escape_line(text))


def _paragraphs(text: str) -> list[str]:
    """Split on blank lines (lines of only whitespace); empty paragraphs are dropped."""
    text = _UNSHOWABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [line for part in _BLANK_LINES.split(text) if (line := _escape_line(part))]


def md(value: str) -> Markup:
    """Editor text -> Markdown inline text that renders as the typed characters, on one line."""
    return _escaped(_require_text(value, "md"))


def md_cell(value: str) -> Markup:
    """Text for a pipe-table cell. `|` is a reference like all punctuation, so it cannot split the
    cell, and the text is one line, so it cannot end the row. Kept apart from `md` so the table
    context has its own name if a later rule must differ."""
    return _escaped(_require_text(value, "md_cell"))


def md_block(value: str) -> Markup:
    """Multi-paragraph text: paragraphs split on blank lines, each escaped and on one line, joined
    by a blank line. Place it at the start of a line, outside indented blocks."""
    return Markup("\n\n".join(_paragraphs(_require_text(value, "md_block"))))


def footnote_text(value: str) -> Markup:
    """Text after `[^n]: `. Later paragraphs are indented four spaces, so they stay inside the
    footnote definition; each paragraph is one line, so nothing breaks the continuation."""
    return Markup("\n\n    ".join(_paragraphs(_require_text(value, "footnote_text"))))


def html(value: str) -> Markup:
    """Text for raw HTML in a Markdown page: element content or a quoted attribute value.

    Stronger than HTML escaping of `&<>"'`: Python-Markdown still reads backticks, backslashes
    and brackets inside inline HTML, and Markdown inside `<div markdown>`. Always quote the
    attribute value. Also registered as `e` and `escape`, so `|e` is safe in these pages.
    """
    return _escaped(_require_text(value, "html"))


def html_attr(value: str) -> Markup:
    """An HTML attribute value (write it inside double quotes)."""
    return _escaped(_require_text(value, "html_attr"))


# What JSON leaves raw but YAML refuses (non-printable) or reads as a line break (NEL, LS, PS).
_YAML_UNSAFE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def yaml_str(value: str) -> Markup:
    """A double-quoted YAML scalar holding exactly `value` (front matter the hook reads)."""
    quoted = json.dumps(_require_text(value, "yaml_str"), ensure_ascii=False)
    # JSON's escapes are valid in YAML's double-quoted style; the rest need \\uXXXX too.
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted))


def front_matter(value: str) -> Markup:
    """A front-matter value that Material prints as HTML (`title`, `description`, `tags`).

    Material inserts page.meta.title and tag names into the page unescaped (`<title>` included),
    so the value is escaped for HTML first, then quoted for YAML.
    """
    return yaml_str(str(html(_require_text(value, "front_matter"))))


# ------------------------------------------------------------------------------ URLs

# Kept as typed in path, query and fragment: RFC 3986 unreserved and reserved characters,
# except those that end or confuse a Markdown link destination: ( ) ' [ ].
_URL_KEEP = frozenset(string.ascii_letters + string.digits + "-._~" + "!$&*+,;=" + ":@/?")
_URL_START = re.compile(r"(https?)://([^/?#]*)(.*)", re.IGNORECASE | re.DOTALL)
_HOST_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::([0-9]{1,5}))?")
_DNS_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# Python-Markdown writes `&name;` / `&#NN;` in an href as it is, and the browser decodes it;
# encoding the `;` keeps the href the URL that was typed.
_ENTITY_LIKE = re.compile(r"(&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+));", re.IGNORECASE)


def _host(authority: str) -> str | None:
    """Lower-case host[:port] in ASCII (IDNA for non-ASCII names), or None when invalid."""
    if "@" in authority:  # credentials on a public page are never right, and a spoofing trick
        return None
    match = _HOST_PORT.fullmatch(authority)
    if not match:
        return None
    host, port = match.group(1), match.group(2)
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return None
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None
        if not _DNS_NAME.fullmatch(host):
            return None
    if port is not None and int(port) > 65535:
        return None
    return host if port is None else f"{host}:{port}"


def _encode_url_part(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        if char in _URL_KEEP:
            out.append(char)
        elif char == "%" and _PERCENT.match(text, index):
            out.append(char)  # an existing escape stays as typed
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def link_url(value: str | None) -> Markup | None:
    """An http(s) URL with a host, made safe as a Markdown link destination; None otherwise.

    Spaces, `<>()"'\\`, backticks, brackets, braces, control and non-ASCII characters in the
    path, query and fragment are percent-encoded (UTF-8); the host is lower-cased and IDNA
    encoded; URLs with credentials are refused. On None the template must render plain text.
    """
    if not isinstance(value, str):
        return None
    return _safe_url(value)


# Memoized: pure, and a source's URL is made safe again for every citation of it (issue 6).
@lru_cache(maxsize=1 << 14)
def _safe_url(value: str) -> Markup | None:
    match = _URL_START.fullmatch(value.strip())
    if not match:
        return None
    host = _host(match.group(2))
    if host is None:
        return None
    path_and_query, hash_mark, fragment = match.group(3).partition("#")
    rest = _encode_url_part(path_and_query)
    if hash_mark:
        rest += "#" + _encode_url_part(fragment)  # a second # too
    url = f"{match.group(1).lower()}://{host}{rest}"
    return Markup(_ENTITY_LIKE.sub(r"\1%3B", url))


# ------------------------------------------------------------------------------ formatting

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date(value: PartialDate | datetime.date) -> str:
    """30 April 2025, April 2025 or 2025, by the precision the editor gave."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if not isinstance(value, PartialDate):
        raise TypeError(f"filter 'date' expects a PartialDate, got {type(value).__name__}: {value!r}")
    if not value.month:
        return str(value.year)
    month = MONTHS[value.month - 1]
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def number(value: int | float) -> str:
    """1234567 -> 1,234,567; 1500.0 -> 1,500; 0.25 -> 0.25 (the digits the editor typed)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"filter 'number' expects a number, got {type(value).__name__}: {value!r}")
    if isinstance(value, int):
        return f"{value:,}"
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"filter 'number' got {value!r}")
    # repr() is the shortest text that reads back as the same float: what the editor wrote.
    text = format(Decimal(repr(value)), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "at-least": "at least ",
    "more-than": "more than ",
    "at-most": "at most ",
    "up-to": "up to ",
}


def qualified(figure: Figure) -> str:
    """A figure as words: '600', 'about 600', 'more than 6,000', 'about 600 (500–700)'.

    The parentheses hold the editor's low/high around the value; one bound alone reads
    'at least 500' or 'at most 700'.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"filter 'qualified' expects a Figure, got {type(figure).__name__}: {figure!r}")
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


# ------------------------------------------------------------------------------ registry

FILTERS: dict[str, Callable[..., Any]] = {
    "md": md,
    "md_cell": md_cell,
    "md_block": md_block,
    "footnote_text": footnote_text,
    "html": html,
    "html_attr": html_attr,
    # Jinja's own `e` only escapes &<>"', which is not enough inside Markdown (see `html`).
    "e": html,
    "escape": html,
    "yaml_str": yaml_str,
    "front_matter": front_matter,
    "link_url": link_url,
    "date": date,
    "number": number,
    "qualified": qualified,
    "country_name": country_name,
}


def register_filters(env: jinja2.Environment) -> jinja2.Environment:
    """Install every filter on `env` (replacing Jinja's `e`/`escape`) and return it."""
    env.filters.update(FILTERS)
    return env
