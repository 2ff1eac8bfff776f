"""Long card lists split into numbered pages: …/craftsmen/, …/craftsmen/page/2/, …/craftsmen/page/3/.

A reader on a phone should never download hundreds of cards at once, so no
listing page holds more than the `page_size` setting (tekan/settings.py) of them. The first page keeps the
list's own address, so a link to a listing stays valid however long the list
grows. Later pages sit under `page/<n>/`, as in Material's blog plugin: a path
of two segments, which no entry id (one segment) can ever take.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

# Pages named on each side of the current one; the first and last are always named.
# 1 … 4 5 [6] 7 8 … 25 would not fit a 360 px screen; 1 … 5 [6] 7 … 25 does.
PAGER_NEIGHBOURS = 1

T = TypeVar("T")


def page_url(base_url: str, number: int) -> str:
    """Site-relative address of page `number` (from 1) of the list at `base_url` (which ends in '/')."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def split_pages(items: Sequence[T], size: int) -> list[list[T]]:
    """`items` in runs of at most `size`, in order; an empty list is one empty page."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    return [list(items[start : start + size]) for start in range(0, len(items), size)] or [[]]


@dataclass(frozen=True)
class PagerLink:
    """One page number in the pager; `number` 0 stands for the gap (…) between named pages."""

    number: int
    url: str = ""
    current: bool = False

    @property
    def gap(self) -> bool:
        return self.number == 0


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its list: what the pager, <title> and rel=prev/next are made from."""

    number: int
    urls: tuple[str, ...]  # every page of the list, first to last
    first: int  # position of the page's first card in the whole list, from 1 (0 on an empty list)
    last: int
    total: int  # cards in the whole list, on all its pages

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def paged(self) -> bool:
        """More than one page: only then is there a pager to show."""
        return self.count > 1

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str:
        return self.urls[self.number - 2] if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.urls[self.number] if self.number < self.count else ""

    @property
    def links(self) -> list[PagerLink]:
        """The first and last page, the current one and its neighbours; a gap stands for two or more pages."""
        shown = {1, self.count, *range(self.number - PAGER_NEIGHBOURS, self.number + PAGER_NEIGHBOURS + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        links: list[PagerLink] = []
        for number in numbers:
            if links and number - links[-1].number == 2:
                # One hidden page: its number takes no more room than "…" would.
                links.append(PagerLink(number - 1, self.urls[number - 2]))
            elif links and number - links[-1].number > 2:
                links.append(PagerLink(0))
            links.append(PagerLink(number, self.urls[number - 1], number == self.number))
        return links


def paginate(base_url: str, items: Sequence[T], size: int) -> list[tuple[list[T], Pager]]:
    """Each page of the list at `base_url`: its items and its pager."""
    pages = split_pages(items, size)
    urls = tuple(page_url(base_url, number) for number in range(1, len(pages) + 1))
    result = []
    start = 0
    for number, page in enumerate(pages, start=1):
        first = start + 1 if page else 0
        result.append((page, Pager(number, urls, first, start + len(page), len(items))))
        start += len(page)
    return result
