"""Who carries a digest entry, in a few words: "Reuters, ABC News and 2 more", "Fox News (2)", "3 articles".

One short line of sources per entry, made of outlet names, never of file
names; the composer uses it to measure an entry, the layouts to show it.
"""
from __future__ import annotations

from collections.abc import Iterable

from bot.models import Citation

__all__ = ["carriers", "label", "reach", "SHOWN"]

SHOWN = 3  # outlets named before "and N more"


def carriers(citations: Iterable[Citation]) -> list[tuple[str | None, int]]:
    """(outlet, articles) in the order first met; articles whose outlet is unknown are counted under None."""
    counts: dict[str | None, int] = {}
    for c in citations:
        name = " ".join(c.outlet.split()) if c.outlet and c.outlet.strip() else None
        counts[name] = counts.get(name, 0) + 1
    return list(counts.items())


def reach(citations: Iterable[Citation]) -> int:
    """How many outlets carry it; each article of no known outlet counts as one."""
    return sum(1 if name is not None else n for name, n in carriers(citations))


def label(citations: Iterable[Citation]) -> str:
    """"Reuters, ABC News", "Fox News (2)", "Reuters, AP, BBC News and 2 more", "Sputnik and 1 more", "2 articles":
    the outlets by name, an outlet with several articles counted; the outlets past ``SHOWN`` and the articles of no
    known outlet are counted together."""
    found = carriers(citations)
    named = [(name, n) for name, n in found if name is not None]
    unnamed = sum(n for name, n in found if name is None)
    if not named:
        return f"{unnamed} article" + ("" if unnamed == 1 else "s")
    text = ", ".join(name + (f" ({n})" if n > 1 else "") for name, n in named[:SHOWN])
    rest = max(len(named) - SHOWN, 0) + unnamed
    return text + (f" and {rest} more" if rest else "")
