"""Long lists split into numbered pages, so that no page grows with the archive.

A list's first page keeps the list's address (sources/, actors/<id>/, ...), so every published
URL stays; page n is `<folder>/page/<n>/` (`paths.list_page`). Every page links every other
(`Pager`), so the first page reaches them all. Pages are cut by count (`split`) or, where items
differ much in size (an actor's charts and claim lines), by their estimated size (`split_by_size`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .. import paths

T = TypeVar("T")


@dataclass(frozen=True)
class PageLink:
    number: int
    href: str  # from the page showing the pager; "" for the page itself


@dataclass(frozen=True)
class Pager:
    """Where one page stands in its list, with links to every page of it."""

    number: int  # 1-based
    count: int
    pages: tuple[PageLink, ...]
    previous: str | None  # href, None on the first page
    next: str | None  # href, None on the last page

    @property
    def label(self) -> str:
        """ "" on a single page; "page 2 of 5" otherwise."""
        return f"page {self.number} of {self.count}" if self.count > 1 else ""


def split(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """Consecutive slices of at most `per_page` items; one empty page for an empty list."""
    return [items[start : start + per_page] for start in range(0, len(items), per_page)] or [items[:0]]


def split_by_size(items: Sequence[T], size: Callable[[T], int], budget: int) -> list[Sequence[T]]:
    """Consecutive slices whose sizes add up to at most `budget` (an item larger than that gets a
    page of its own); one empty page for an empty list."""
    pages: list[Sequence[T]] = []
    start, total = 0, 0
    for end, item in enumerate(items):
        weight = size(item)
        if end > start and total + weight > budget:
            pages.append(items[start:end])
            start, total = end, 0
        total += weight
    pages.append(items[start:])
    return pages


def page_paths(first: str, count: int) -> list[str]:
    """The docs paths of a list's pages."""
    return [paths.list_page(first, number) for number in range(1, count + 1)]


def pagers(first: str, count: int) -> list[Pager]:
    """One pager per page of a list of `count` pages whose first page is `first`."""
    where = page_paths(first, count)
    made = []
    for number, page in enumerate(where, start=1):
        links = tuple(
            PageLink(n, "" if n == number else paths.page_link(page, other))
            for n, other in enumerate(where, 1)
        )
        made.append(
            Pager(
                number=number,
                count=count,
                pages=links,
                previous=links[number - 2].href if number > 1 else None,
                next=links[number].href if number < count else None,
            )
        )
    return made
