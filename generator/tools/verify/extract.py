"""A fetched page's text, title and date, ready to look quotes up in.

Two texts are kept because quotes come from both:
- `main`: the article as trafilatura extracts it (no menus, footers, "most read" lists).
  Its SHA-256 tells whether the article changed since the last check, unmoved by the
  page's adverts and menus. A page trafilatura finds no article in uses the full text.
- `full`: every text of the HTML body (scripts and styles removed), block elements kept
  apart. Captions, subheads and bylines that trafilatura drops are in it, so a quote not in
  `main` is looked for here, and the report says which text held it.

Both are `evidence.normalise`d. A consent, pay or bot wall is detected by its wording on a
page with little article text; quotes not found on such a page were not really looked for.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

import lxml.etree
import lxml.html
import trafilatura

from generator.content.evidence import find_passage, fold, normalise

from .decode import HTML_TYPES

TextUsed = Literal["main", "full"]

# Wording of consent, pay and bot walls. Enough to flag a page only when its article text is
# short: a long article may well say "subscribe to continue" in a footer.
WALL_PHRASES = (
    "subscribe to continue", "subscribe to read", "subscribe now to read", "to continue reading",
    "continue reading with a subscription", "already a subscriber", "this article is for subscribers",
    "for subscribers only", "exclusive to subscribers", "sign in to continue", "log in to continue",
    "register to continue", "create a free account to continue",
    "we value your privacy", "before you continue", "accept all cookies", "cookie consent",
    "consent to the use of cookies", "manage your privacy", "we and our partners",
    "verify you are human", "checking your browser", "enable javascript and cookies to continue",
    "are you a robot", "access denied", "attention required",
)  # fmt: skip
WALL_TEXT_LIMIT = 1500  # characters of article text below which wall wording means a wall
_WALL_TITLES = ("just a moment", "attention required", "access denied", "are you a robot")

# Elements whose text is never page text; their tails (the text after them) are kept.
_DROPPED = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
# Elements that end a line in a browser: their text must not run into the next block's.
_BLOCKS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
     "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
     "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
     "td", "tfoot", "th", "thead", "tr", "ul")
)  # fmt: skip
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class PageText:
    main: str
    full: str
    title: str | None
    date: str | None  # ISO date as the page states it, YYYY-MM-DD
    sha256: str  # of `main`, UTF-8
    wall: str | None  # why the page looks like a consent, pay or bot wall; None if not
    extractor: str  # "trafilatura", "full-text" (trafilatura found no article) or "plain"

    def locate(self, quote: str) -> TextUsed | None:
        """Which text holds the quote: the main text first, then the full text."""
        if find_passage(quote, self.main):
            return "main"
        if self.full != self.main and find_passage(quote, self.full):
            return "full"
        return None


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def full_text(html: str) -> str:
    """Every visible-in-principle text of the HTML body, normalised, blocks apart."""
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html))
    except (lxml.etree.ParserError, ValueError):
        return ""
    lxml.etree.strip_elements(root, lxml.etree.Comment, *_DROPPED, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return normalise(root.text_content())


def detect_wall(main: str, full: str, title: str | None) -> str | None:
    """A reason when the page looks like a wall instead of the article, else None."""
    if title and fold(title).startswith(_WALL_TITLES):
        return f"the page is titled {title!r}"
    if len(main) >= WALL_TEXT_LIMIT:
        return None
    text = fold(full or main)
    for phrase in WALL_PHRASES:
        if phrase in text:
            return f"little article text and the page says {phrase!r}"
    return None


def extract_page(
    text: str, media_type: str, url: str | None = None, *, today: date | None = None
) -> PageText:
    """The texts, title and date of a decoded page (`media_type` as fetch reported it)."""
    if media_type not in HTML_TYPES:
        plain = normalise(text)
        return PageText(plain, plain, None, None, sha256(plain), detect_wall(plain, plain, None), "plain")
    full = full_text(text)
    document = trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,  # more text rather than less: a quote may sit at the article's edge
        deduplicate=False,
        # Dates from the page's metadata and address only; guessing from its text finds
        # any date the article mentions.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": (today or date.today()).isoformat(),
        },
    )
    # bare_extraction returns a Document (a dict only when asked with as_dict=True).
    fields = document.as_dict() if isinstance(document, trafilatura.settings.Document) else {}
    main = normalise(fields.get("text") or "")
    extractor = "trafilatura"
    if not main:
        main, extractor = full, "full-text"
    title = normalise(fields["title"]) if fields.get("title") else None
    page_date = fields.get("date") or None
    return PageText(main, full, title, page_date, sha256(main), detect_wall(main, full, title), extractor)
