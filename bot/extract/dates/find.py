"""Temporal expressions in news text, normalised the TimeML TIMEX3 way.

``find_dates`` is the entry point. Finding is plain regexes over the text
(``scanner``), anchoring is calendar arithmetic against the publication
date (``resolve``); this module only arbitrates between overlapping
finds and finishes the expressions that lean on a neighbour ("a day
earlier", "07:40 GMT 24.01.2026").
"""
from __future__ import annotations

import re
from datetime import date

from bot.extract.dates.resolve import value_end
from bot.extract.dates.scanner import Candidate, Scanner, attach_clock, reanchor
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


_HAS_YEAR = re.compile(r"\b\d{4}\b")
_DEICTIC_YEAR = re.compile(r"^(?:last|this|next)\s+year$", re.IGNORECASE)


def _join_year(kept: list[Candidate], text: str) -> list[Candidate]:
    """"August last year", "December 14 and 15 last year": one date in the year named after it.

    Kept apart they would give two events, a month and a whole year, for one happening.
    """
    out: list[Candidate] = []
    for cand in kept:
        m = cand.mention
        prev = out[-1].mention if out else None
        if (prev is not None and _DEICTIC_YEAR.match(m.text) and m.precision == "year"
                and prev.precision in ("day", "month", "range") and not _HAS_YEAR.search(prev.text)
                and re.fullmatch(r"\s*(?:of\s+)?", text[prev.end:m.start]) and _CALENDAR.match(prev.value)):
            prev.value = m.value + prev.value[4:]
            if prev.end_value and _CALENDAR.match(prev.end_value):
                prev.end_value = m.value + prev.end_value[4:]
            prev.text, prev.end = text[prev.start:m.end], m.end
            prev.future = m.future
            continue
        out.append(cand)
    return out


# how far back (in characters) a date with its year written out sets the year of the story
_NARRATIVE_REACH = 600
# a yearless date read this close before publication is the news itself, not a retrospective
_RECENT_DAYS = 90
_MONTH_NAME = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


def _story_year_conflicts(kept: list[Candidate], published: date | None) -> None:
    """Leave undated a yearless "March 7" that the story's own year contradicts.

    A retrospective ("In February 2022 ... talks ended on March 7") tells its
    dates in the year it last wrote out, while publication-date anchoring would
    put March 7 in the year of the article. When that reading lies months back
    (news dates its recent events without a year) and the nearest written-out
    month or day just before disagrees with it, the year is uncertain and the
    mention dates no event: a wrong year is worse than none.
    """
    if published is None:
        return
    anchor: tuple[date, int] | None = None  # first day of the last written-out date, and its end
    for cand in kept:
        m = cand.mention
        if m.type != "DATE" or not _CALENDAR.fullmatch(m.value):
            continue
        written = _HAS_YEAR.search(m.text) is not None
        if written and m.precision in ("day", "month", "range"):
            anchor = (_first_day(m.value), m.end)
            continue
        if (written or anchor is None or m.precision not in ("day", "month", "range")
                or not _MONTH_NAME.search(m.text) or m.start - anchor[1] > _NARRATIVE_REACH
                or (published - value_end(m.value)).days <= _RECENT_DAYS):
            continue
        parts = [int(p) for p in m.value.split("-")]
        first = anchor[0]
        year = first.year if (parts[1], parts[2] if len(parts) > 2 else first.day) >= (first.month, first.day) \
            else first.year + 1
        if year != parts[0]:
            m.precision = "unknown"
            anchor = (first, m.end)  # the retrospective goes on


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every temporal expression in ``text``, sorted by start, non-overlapping.

    Partial and relative expressions are resolved against ``published``;
    without it they keep TimeML placeholders (``XXXX-08-15``), never the
    current year.
    """
    kept = _join_year(_select(list(Scanner(text, published).all())), text)
    _story_year_conflicts(kept, published)
    _finish(kept)
    return [c.mention for c in kept]
