"""The methodology page: what every status, rating and kind of count means, how quotes are
checked and how corrections are made. Every status badge and rating on the site links to its
definition here (paths.status_anchor, paths.rating_anchor); a test keeps the lists complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.model import BASES, QUALIFIERS, RATINGS, STATUSES
from .environment import front_matter, render_page

STATUS_MEANINGS = {
    "reported": (
        "A claim that published pages attribute to the claimant, checked against those pages, but that no "
        "independent source confirms or contradicts. Most estimates are reported: a government's count of "
        "casualties is a claim about the count, not the count itself."
    ),
    "corroborated": (
        "A reported claim that at least one independent source confirms: another claimant, or evidence "
        "such as a document or footage that an outlet describes. The note on the claim says what "
        "corroborates it."
    ),
    "disputed": (
        "A claim that another claimant, or another report of the same statement, contests; the note on "
        "the claim says who disputes it and why. A disputed estimate still counts as its claimant's latest."
    ),
    "contradicted": (
        "A claim that stronger evidence contradicts: for example the claimant's own later correction, or "
        "a document that shows otherwise. It stays on the sheet, marked, so that readers who met it "
        "elsewhere can see what is known."
    ),
    "retracted": (
        "A claim its claimant, or the outlet that reported it, withdrew. It stays on the sheet, marked, "
        "and never counts as a latest estimate."
    ),
    "superseded": (
        "An estimate its claimant later replaced with a newer one, which the claim links to. It stays on "
        "the sheet as part of the record, and never counts as a latest estimate."
    ),
}

RATING_MEANINGS = {
    "accurate": "The statement matches what the sources cited in the review report.",
    "partly-accurate": (
        "Part of the statement matches the sources; another part is wrong, missing context or not "
        "supported. The finding says which part is which."
    ),
    "inaccurate": "The sources cited in the review show that the statement is wrong.",
    "misattributed": (
        "The statement puts words or figures in the mouth of someone who did not say them, or names the "
        "wrong source for them."
    ),
    "unsupported": (
        "No source found supports the statement, though none shows it to be wrong either. It may be "
        "true; nothing published that we could find says so."
    ),
}

BASIS_MEANINGS = {
    "cumulative": (
        "A running total since the start, for example all the troops killed since the first deployment."
    ),
    "at-date": (
        "What there was on one day, for example the troops in a region on 4 November 2024. It can "
        "fall as well as rise, so it is never ranked among running totals."
    ),
    "period": (
        "A count over a stated period only, for example the casualties of one week. It is listed apart "
        "and left out of the charts, where it would read as a fall in a running total."
    ),
}

QUALIFIER_MEANINGS = {
    "exact": "The figure as the claimant gave it, with no qualifier.",
    "about": "An approximate figure: the claimant said “about”, “some”, “around” or the like.",
    "at-least": "A lower bound: “at least”. The chart marks it with a caret pointing up.",
    "more-than": "A lower bound: “more than”, “over”. The chart marks it with a caret pointing up.",
    "at-most": "An upper bound: “at most”. The chart marks it with a caret pointing down.",
    "up-to": "An upper bound: “up to”. The chart marks it with a caret pointing down.",
}


@dataclass(frozen=True)
class Definition:
    anchor: str
    term: str
    meaning: str


@dataclass(frozen=True)
class MethodologyContext:
    front_matter: str
    statuses_anchor: str
    statuses: tuple[Definition, ...]
    ratings_anchor: str
    ratings: tuple[Definition, ...]
    bases_anchor: str
    bases: tuple[Definition, ...]
    qualifiers: tuple[Definition, ...]
    quotes_anchor: str
    corrections_anchor: str
    changes_href: str
    data_href: str
    licence_href: str


def methodology_context() -> MethodologyContext:
    return MethodologyContext(
        front_matter=front_matter(
            {
                "title": "How we work",
                "description": (
                    "What each status and rating means, how figures are compared, how quotes are "
                    "checked and how corrections are made."
                ),
            }
        ),
        statuses_anchor=paths.STATUSES_ANCHOR,
        statuses=tuple(
            Definition(paths.status_anchor(s), formatting.status_label(s), STATUS_MEANINGS[s])
            for s in STATUSES
        ),
        ratings_anchor=paths.RATINGS_ANCHOR,
        ratings=tuple(
            Definition(paths.rating_anchor(r), formatting.rating_label(r), RATING_MEANINGS[r])
            for r in RATINGS
        ),
        bases_anchor=paths.BASES_ANCHOR,
        bases=tuple(Definition("", formatting.basis_label(b), BASIS_MEANINGS[b]) for b in BASES),
        qualifiers=tuple(
            Definition("", formatting.QUALIFIER_WORDS[q].strip() or "no qualifier", QUALIFIER_MEANINGS[q])
            for q in QUALIFIERS
        ),
        quotes_anchor=paths.QUOTES_ANCHOR,
        corrections_anchor=paths.CORRECTIONS_ANCHOR,
        changes_href=paths.page_link(paths.METHODOLOGY, paths.CHANGES),
        data_href=paths.page_link(paths.METHODOLOGY, paths.DATA_PAGE),
        licence_href=paths.page_link(paths.METHODOLOGY, paths.LICENCE),
    )


def render_methodology_page() -> dict[str, str]:
    return {paths.METHODOLOGY: render_page("methodology.md.j2", methodology_context())}
