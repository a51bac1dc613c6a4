"""A sheet's references: one numbered entry per cited source, and each citing place's marker.

Numbered as an encyclopedia numbers them: sources in reading order (claims section by section,
then reviews); each place citing a source gets a letter within that source's entry (a, b, c…),
its back-link. `index.py` numbers every sheet once; the pages show the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Citation, Sheet, Source


@dataclass(frozen=True)
class CitationUse:
    """Where one claim or review cites one source: a back-link of the source's reference (a, b, c…).

    It holds every citation of that source by the item (usually one quote; sometimes several).
    """

    item_id: str  # claim or review id
    letter: str  # "a", "b", … "z", "aa", … in order of appearance on the sheet
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Reference:
    """One numbered entry of a sheet's references: a source, and every place citing it."""

    number: int  # 1-based, in order of first citation on the page
    source: Source
    uses: tuple[CitationUse, ...]  # in reading order


@dataclass(frozen=True)
class SheetCitations:
    """The references of one sheet and the markers of each claim and review.

    One reference per cited source (as in an encyclopedia); a claim citing three sources has
    three markers, and a source cited by five claims has five back-links.
    """

    references: tuple[Reference, ...]  # in number order
    by_item: dict[str, tuple[tuple[int, str], ...]]  # claim or review id -> (number, letter), in order
    sources: tuple[Source, ...]  # every cited source, in order of first citation (= references)


def number_citations(sheet: Sheet, sources: dict[str, Source]) -> SheetCitations:
    """Number the sheet's cited sources in reading order (claims section by section, then
    reviews), and give each place citing a source its letter within that source's reference."""
    items: list[tuple[str, tuple[Citation, ...]]] = [(c.id, c.citations) for c in sheet.claims]
    items += [(r.id, r.citations) for r in sheet.reviews]
    numbers: dict[str, int] = {}  # source id -> reference number
    uses: dict[str, list[CitationUse]] = {}
    by_item: dict[str, tuple[tuple[int, str], ...]] = {}
    for item_id, citations in items:
        grouped: dict[str, list[Citation]] = {}
        for citation in citations:
            grouped.setdefault(citation.source, []).append(citation)
        markers = []
        for source_id, cited in grouped.items():
            if source_id not in numbers:
                numbers[source_id] = len(numbers) + 1
                uses[source_id] = []
            letter = use_letter(len(uses[source_id]))
            uses[source_id].append(CitationUse(item_id, letter, tuple(cited)))
            markers.append((numbers[source_id], letter))
        by_item[item_id] = tuple(markers)
    references = tuple(
        Reference(number, sources[source_id], tuple(uses[source_id])) for source_id, number in numbers.items()
    )
    return SheetCitations(references, by_item, tuple(r.source for r in references))


def use_letter(position: int) -> str:
    """The back-link letter of the n-th place citing a source (0-based): a … z, aa, ab, … zz, aaa."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        text = letters[rest] + text
    return text
