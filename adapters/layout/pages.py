"""One page splitter for every platform: items in order, as many per page as the platform's limits allow."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["split"]

T = TypeVar("T")


def split(
    items: Sequence[T],
    size: Callable[[T], int],
    *,
    count: int,
    room: int,
    first: tuple[int, int] = (0, 0),
    later: tuple[int, int] | None = None,
) -> list[list[T]]:
    """``items`` over pages of at most ``count`` entries and ``room`` in total size.

    ``first`` and ``later`` are the (entries, size) a page already holds before
    its items: the head on page 1, a "page n of m" line after. A page always
    takes at least one item, and there is always at least one page.
    """
    later = first if later is None else later
    pages: list[list[T]] = [[]]
    used, filled = first
    for item in items:
        n = size(item)
        if pages[-1] and (used + 1 > count or filled + n > room):
            pages.append([])
            used, filled = later
        pages[-1].append(item)
        used += 1
        filled += n
    return pages
