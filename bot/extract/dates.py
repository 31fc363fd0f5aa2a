"""Temporal expressions in news text, normalised the TimeML TIMEX3 way.

``find_dates`` is the entry point. Finding is plain regexes over the text
(``date_find``), anchoring is calendar arithmetic against the publication
date (``date_resolve``); this module only arbitrates between overlapping
finds and finishes the expressions that lean on a neighbour ("a day
earlier", "07:40 GMT 24.01.2026").
"""
from __future__ import annotations

import re
from datetime import date

from bot.extract.date_find import Candidate, Scanner, attach_clock, reanchor
from bot.extract.types import DateMention

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# how far (in characters) "a day later" may sit from the date it counts from
_ANAPHOR_REACH = 500
# how far (in characters) a clock time may sit from the date it belongs to
_CLOCK_REACH = 12


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first, then the finder's priority; no two kept spans overlap."""
    order = sorted(candidates, key=lambda c: (c.mention.start - c.mention.end, c.priority, c.mention.start))
    taken: list[Candidate] = []
    for cand in order:
        m = cand.mention
        if m.end <= m.start or not m.text.strip():
            continue
        if all(m.end <= t.mention.start or m.start >= t.mention.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.mention.start)


def _finish(kept: list[Candidate]) -> None:
    """Re-anchor relative-to-previous expressions and attach clock times to their dates."""
    previous: date | None = None
    previous_end = 0
    for cand in kept:
        if cand.mention.start - previous_end <= _ANAPHOR_REACH:
            reanchor(cand, previous)
        m = cand.mention
        if m.type == "DATE" and _DAY.fullmatch(m.value) and cand.shift is None:
            previous, previous_end = date.fromisoformat(m.value), m.end
    for i, cand in enumerate(kept):
        if cand.clock is None:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(kept):
                other = kept[j].mention
                gap = other.start - cand.mention.end if j > i else cand.mention.start - other.end
                if other.type == "DATE" and other.precision == "day" and 0 <= gap <= _CLOCK_REACH:
                    attach_clock(cand, other.value)
                    break


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every temporal expression in ``text``, sorted by start, non-overlapping.

    Partial and relative expressions are resolved against ``published``;
    without it they keep TimeML placeholders (``XXXX-08-15``), never the
    current year.
    """
    kept = _select(list(Scanner(text, published).all()))
    _finish(kept)
    return [c.mention for c in kept]
