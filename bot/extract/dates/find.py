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

from bot.extract.dates import narrative
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


def _finish(kept: list[Candidate], text: str) -> None:
    """Re-anchor relative-to-previous expressions and attach clock times to their dates.

    "The following month" and "ten days later" count from the last date written
    before them. With no such date near enough, or one too coarse for the shift
    ("a day later" after "in July"), the expression keeps its value counted from
    publication but is marked precision "unknown", so it dates no event; a soft
    one ("the end of the month") then keeps its publication reading. A yearless
    date in apposition to the shift ("Ten days later, on February 28") takes
    the shift's year: the two name one day.
    """
    previous: tuple[date, str] | None = None  # (first day, precision) of the last calendar date
    previous_end = 0
    for i, cand in enumerate(kept):
        if cand.shift is not None:
            near = previous is not None and cand.mention.start - previous_end <= _ANAPHOR_REACH
            if near and _FINE_ENOUGH[previous[1]] >= _NEEDS[cand.shift[1]]:
                reanchor(cand, previous[0])
                if i + 1 < len(kept):
                    _apposition(cand, kept[i + 1], text)
            elif not cand.soft:
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
_APPOSED = re.compile(r"\s*,?\s*(?:on\s+|in\s+)?")
_MONTH_DAY = re.compile(r"\d{4}-(\d{2})-(\d{2})")


def _apposition(shift: Candidate, nxt: Candidate, text: str) -> None:
    """"Ten days later, on February 28": the yearless date takes the year nearest the counted day."""
    counted, m = _MONTH_DAY.fullmatch(shift.mention.value), nxt.mention
    explicit = _MONTH_DAY.fullmatch(m.value)
    if (counted is None or explicit is None or m.precision != "day" or _HAS_YEAR.search(m.text)
            or not _APPOSED.fullmatch(text[shift.mention.end:m.start])):
        return
    day = date.fromisoformat(shift.mention.value)
    options = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            options.append(date(year, int(explicit[1]), int(explicit[2])))
        except ValueError:
            continue
    if options:
        m.value = min(options, key=lambda o: abs((o - day).days)).isoformat()
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
    narrative.conflicts(kept, published, narrative.sandwich(kept, published))
    _finish(kept, text)
    return [c.mention for c in kept]
