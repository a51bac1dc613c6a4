"""Every Jinja filter, registered by name in one place (`FILTERS`, `register_filters`).

Templates write Markdown, and every editor string is hostile. The escaping filters turn text
into Markdown that renders as exactly the characters typed, wherever it lands, while staying
readable: a character is escaped only where Python-Markdown (with the extensions of mkdocs.yml)
could read it as markup.

- Wherever they stand: backslash, backtick, `*`, `[`, `]` and `{` get a backslash; `<` becomes
  `&lt;`; `&` becomes `&amp;` when it would start a character reference; `_` gets a backslash
  unless it sits between two letters or digits (where it cannot open or close emphasis).
- At the start of the text (which may be the start of a line): `#`, `>`, `+`, `-`, `!`, `=`,
  `~` and an ordered-list number's full stop; at the end, `#` (a heading's closing hashes).
- In a table cell also `|`.
- Runs of whitespace, newlines included, become one space and the ends are stripped (a newline
  or two trailing spaces would be Markdown syntax); no-break spaces are kept (as references at
  the ends, which Python-Markdown would strip).
- Control characters (C0 and C1 other than whitespace, DEL) and lone surrogates are dropped:
  no page can show them, and Python-Markdown marks its placeholders with \\x02 and \\x03.

Text inside raw HTML that Markdown reads (`html`, also registered as `e` and `escape`) is
stricter: every ASCII punctuation character that HTML or a Markdown inline pattern reads there
becomes a numeric character reference. Inside a raw HTML block, which Markdown does not read,
`html_block` escapes only what HTML reads.

The results are `Markup`, so a template with autoescape on would not escape them a second time.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

# ------------------------------------------------------------------------------ text

NO_BREAK_SPACES = "\u00a0\u2007\u202f"
# Every character str.isspace() accepts, minus the no-break spaces (tests check the list).
COLLAPSIBLE_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)
_SPACE_RUN = re.compile(f"[{re.escape(COLLAPSIBLE_SPACES)}]+")
_UNSHOWABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")

# Markdown wherever it stands (code spans, emphasis, links, footnotes, attribute lists, HTML).
_INLINE = str.maketrans(
    {"\\": "\\\\", "`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "{": "\\{", "<": "&lt;"}
)
# What Python-Markdown reads as a character reference: its ENTITY_RE, and a numeric one without
# the semicolon, which its HTML parser completes.
_REFERENCE_START = re.compile(r"&(?=#[0-9]|#[xX][0-9a-fA-F]|[a-zA-Z0-9]+;)")
# An underscore that could open or close emphasis: any but one between two letters or digits
# (snake_case stays as typed; in "__x" both are escaped, since an escaped one counts as a boundary).
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Block syntax at the start of a line: headings, quotes, lists, admonitions, fences, setext.
_LINE_START_BACKSLASH = frozenset("#>+-!")
_LINE_START_REFERENCE = {"=": "&#61;", "~": "&#126;"}  # not in Python-Markdown's escapable set
_ORDERED_LIST = re.compile(r"^([0-9]+)\.(?= |$)")

# Raw HTML: what ends an attribute or tag, and what Python-Markdown's inline patterns read
# before (backticks, backslashes, brackets) or inside (emphasis) inline HTML.
# Attribute values are always written in double quotes, so a single quote needs no reference; an
# underscore needs one only where it could open or close emphasis (as in `md`).
_HTML_SPECIAL = "&<>\"`[]{}\\*|"
_HTML_REFERENCES = {ord(char): f"&#{ord(char)};" for char in _HTML_SPECIAL}


def _require_text(value: object, filter_name: str) -> str:
    # A number or None reaching a text filter is a template mistake; say which filter.
    if not isinstance(value, str):
        raise TypeError(f"filter {filter_name!r} expects text, got {type(value).__name__}: {value!r}")
    return value


def _one_line(text: str) -> str:
    text = _UNSHOWABLE.sub("", text)
    return _SPACE_RUN.sub(" ", text).strip(" ")


# Memoized: pure, and the same strings (actor names, source titles) are escaped on many pages.
@lru_cache(maxsize=1 << 16)
def _markdown_text(text: str) -> Markup:
    text = _REFERENCE_START.sub("&amp;", _one_line(text))
    text = _EMPHASIS_UNDERSCORE.sub(r"\\_", text.translate(_INLINE))
    if not text:
        return Markup("")
    first = text[0]
    if first in _LINE_START_BACKSLASH:
        text = "\\" + text
    elif first in _LINE_START_REFERENCE:
        text = _LINE_START_REFERENCE[first] + text[1:]
    else:
        text = _ORDERED_LIST.sub(r"\1\\.", text, count=1) if first.isdigit() else text
    if text.endswith("#") and not _escaped_last(text):
        text = text[:-1] + "\\#"
    if text[0] in NO_BREAK_SPACES or text[-1] in NO_BREAK_SPACES:
        text = _edge_no_break_spaces(text)
    return Markup(text)


def _edge_no_break_spaces(text: str) -> str:
    """No-break spaces at the ends as references: Python-Markdown strips a line's or a cell's
    ends with str.strip(), which counts them as whitespace."""
    inner = text.strip(NO_BREAK_SPACES)
    lead, trail = text[: text.index(inner)] if inner else text, text[len(text.rstrip(NO_BREAK_SPACES)) :]
    trail = trail if inner else ""
    return "".join(f"&#{ord(c)};" for c in lead) + inner + "".join(f"&#{ord(c)};" for c in trail)


def _escaped_last(text: str) -> bool:
    """Whether the last character already has a backslash of its own (an odd run before it)."""
    run = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return run % 2 == 1


def md(value: str) -> Markup:
    """Editor text -> Markdown inline text that renders as the typed characters, on one line."""
    if value.__class__ is str:  # the usual case, checked without a call (filters run ~400,000 times)
        return _markdown_text(value)
    return _markdown_text(_require_text(value, "md"))


def md_cell(value: str) -> Markup:
    """Text for a pipe-table cell: `md`, and `|` escaped so it cannot split the cell."""
    return _cell_text(_require_text(value, "md_cell"))


@lru_cache(maxsize=1 << 14)
def _cell_text(text: str) -> Markup:
    return Markup(_markdown_text(text).replace("|", "\\|"))


@lru_cache(maxsize=1 << 14)
def _html_text(text: str) -> Markup:
    return Markup(_EMPHASIS_UNDERSCORE.sub("&#95;", _one_line(text).translate(_HTML_REFERENCES)))


def html(value: str) -> Markup:
    """Text for raw HTML in a Markdown page: element content or a quoted attribute value.

    Stronger than HTML escaping of `&<>"'`: Python-Markdown still reads backticks, backslashes
    and brackets inside inline HTML, and Markdown inside `<div markdown>`. Always quote the
    attribute value. Also registered as `e` and `escape`, so `|e` is safe in these pages.
    """
    return _html_text(_require_text(value, "html"))


@lru_cache(maxsize=1 << 14)
def _block_text(text: str) -> Markup:
    return Markup(_one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                  .replace('"', "&quot;"))


def html_block(value: str) -> Markup:
    """Text inside a raw HTML block: a block-level tag that starts a line, with no `markdown`
    attribute and no blank line inside, which Python-Markdown passes through unread. Only what
    HTML itself reads is escaped (`& < > "`; attribute values in double quotes). Never use it
    where Markdown is read (a paragraph, a `markdown` block): there, use `e`."""
    return _block_text(_require_text(value, "html_block"))


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


@lru_cache(maxsize=1 << 14)  # pure, and a source's URL is made safe for every citation of it
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


# ------------------------------------------------------------------------------ registry

FILTERS: dict[str, Callable[..., Any]] = {
    "md": md,
    "md_cell": md_cell,
    "html": html,
    # Jinja's own `e` only escapes &<>"', which is not enough inside Markdown (see `html`).
    "e": html,
    "escape": html,
    "html_block": html_block,
    "link_url": link_url,
}


def register_filters(env: jinja2.Environment) -> jinja2.Environment:
    """Install every filter on `env` (replacing Jinja's `e`/`escape`) and return it."""
    env.filters.update(FILTERS)
    return env
