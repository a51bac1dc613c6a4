"""Offline rules that tie a claim to the words of its pages: part of every `factsheet check`.

1. Every citation of a figure claim carries a `quote`, the words copied from the page (error).
2. The figure's value is found in one of its quotes, in any spelling pages use (`evidence.py`);
   for a range, `low` and `high` are each found, and the value need not be (error).
3. The qualifier agrees with the words next to the number in the quote: "more than" is
   `more-than`, "about" or "some" `about`, no such word `exact` (warning: a reader of the page
   may weigh the words differently; `--strict` fails on it).
4. A quote claim's words appear in one of its citations' quotes (error).

What the rules cannot see is whether a quote is really on its page: `factsheet verify` reads the
pages. These rules make sure there is something for it to check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..errors import Problem
from ..formatting import number as _plain
from .evidence import Match, find_passage, find_value, find_values, qualifier_near
from .located import Located, fields_of, join
from .scalars import show

QUOTE_SHOWN = 200  # characters of a quote shown in a message


def check_quotes(claims: list[Located]) -> Iterator[Problem]:
    for claim in claims:
        citations = [child for child in claim.children if child.kind == "citation"]
        kind = claim.values.get("kind")
        if kind == "figure":
            yield from _figure_rules(claim, citations)
        elif kind == "quote":
            yield from _quote_rule(claim, citations)


def _child(claim: Located, kind: str) -> Located | None:
    return next((child for child in claim.children if child.kind == kind), None)


def _quotes(citations: Sequence[Located]) -> list[str]:
    return [citation.values["quote"] for citation in citations if citation.values.get("quote")]


def _searched(quotes: Sequence[str]) -> str:
    return "; ".join(show(quote, QUOTE_SHOWN) for quote in quotes)


def _figure_rules(claim: Located, citations: Sequence[Located]) -> Iterator[Problem]:
    for citation in citations:
        if not citation.values.get("quote") and "quote" not in fields_of(citation.node):
            yield citation.problem(
                None,
                "a figure's citation needs a quote: add `quote:` with the words of the page that "
                "give the number, copied exactly",
            )
        elif not citation.values.get("quote"):
            yield citation.problem(
                "quote",
                "the quote is empty: copy in the words of the page that give the number",
            )
    figure = _child(claim, "figure")
    quotes = _quotes(citations)
    if figure is None or not quotes:
        return
    value, low, high = (figure.values.get(name) for name in ("value", "low", "high"))
    if value is None:
        return
    ranged = low is not None or high is not None
    matches = find_values(value, quotes)
    if not matches and not ranged:
        yield figure.problem(
            "value",
            f"{_plain(value)} appears in none of the claim's quotes, which were searched in every "
            f"spelling pages use: {_searched(quotes)}; correct the value, or quote the page's words "
            "that give it",
        )
    for name, bound in (("low", low), ("high", high)):
        if bound is not None and find_value(bound, quotes) is None:
            yield figure.problem(
                name,
                f"the range's {name} end {_plain(bound)} appears in none of the claim's quotes: "
                f"{_searched(quotes)}; correct it, or quote the page's words that give the range",
            )
    if matches:
        yield from _qualifier_rule(figure, matches)


def _qualifier_rule(figure: Located, matches: list[Match]) -> Iterator[Problem]:
    qualifier = figure.values.get("qualifier", "exact")
    readings = [qualifier_near(match.quote, match.span) for match in matches]
    if any((found[0] if found else "exact") == qualifier for found in readings):
        return
    first, found = matches[0], readings[0]
    quote = show(first.quote, QUOTE_SHOWN)
    if found is None:
        message = (
            f"qualifier is '{qualifier}' but no qualifier word goes with '{first.text}' in the quote "
            f"{quote}; set `qualifier: exact`, or quote the words that qualify the number"
        )
    else:
        message = (
            f"qualifier is '{qualifier}' but the quote says '{found[1]}' ({found[0]}) before "
            f"'{first.text}': {quote}; set `qualifier: {found[0]}`, or check the quote"
        )
    line, column, _ = figure.where("qualifier")
    yield Problem(figure.path, line, column, message, join(figure.field_path, "qualifier"), "warning")


def _quote_rule(claim: Located, citations: Sequence[Located]) -> Iterator[Problem]:
    quoted = _child(claim, "quote")
    words = quoted.values.get("text") if quoted is not None else None
    if quoted is None or not words:
        return
    quotes = _quotes(citations)
    # A quotation ends a sentence of our own text: its closing punctuation and marks may differ.
    needle = words.strip().strip("\"'\u201c\u201d").rstrip(".,;:!?\u2026").strip()
    if not quotes:
        yield quoted.problem(
            "text",
            "none of the claim's citations carries a quote: add `quote:` to a citation with the "
            "page's words, copied exactly, including the words quoted here",
        )
    elif not any(find_passage(needle, quote) for quote in quotes):
        yield quoted.problem(
            "text",
            f"the words quoted appear in none of the claim's citation quotes: {_searched(quotes)}; "
            "correct the words, or quote the page's passage that holds them",
        )
