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

_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# how fine a previous date is, and how fine it must be for a shift counted in each unit
_FINE_ENOUGH = {"day": 3, "week": 2, "month": 2, "year": 1}
_NEEDS = {"D": 3, "W": 3, "WE": 3, "M": 2, "Q": 2, "Y": 1, "DE": 1, "CE": 1}
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
    """Re-anchor relative-to-previous expressions and attach clock times to their dates.

    "The following month" and "ten days later" count from the last date written
    before them. With no such date near enough, or one too coarse for the shift
    ("a day later" after "in July"), the expression keeps its value counted from
    publication but is marked precision "unknown", so it dates no event.
    """
    previous: tuple[date, str] | None = None  # (first day, precision) of the last calendar date
    previous_end = 0
    for cand in kept:
        if cand.shift is not None:
            near = previous is not None and cand.mention.start - previous_end <= _ANAPHOR_REACH
            if near and _FINE_ENOUGH[previous[1]] >= _NEEDS[cand.shift[1]]:
                reanchor(cand, previous[0])
            else:
                cand.mention.precision = "unknown"
        m = cand.mention
        if m.type == "DATE" and m.precision in _FINE_ENOUGH and _CALENDAR.fullmatch(m.value):
            previous, previous_end = (_first_day(m.value), m.precision), m.end
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


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every temporal expression in ``text``, sorted by start, non-overlapping.

    Partial and relative expressions are resolved against ``published``;
    without it they keep TimeML placeholders (``XXXX-08-15``), never the
    current year.
    """
    kept = _select(list(Scanner(text, published).all()))
    _finish(kept)
    return [c.mention for c in kept]
