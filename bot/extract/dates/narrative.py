"""The year of a yearless date from the story it is told in, not only from the publication date.

A recap ("In June 2024 ... On February 18, delegations met in Saudi Arabia ...
Witkoff met Putin on August 15, 2025") tells its dates in order and writes a
year only now and then. Publication-date anchoring would put "February 18" in
the article's own year; the narrative around it says otherwise. Two rules,
both on dates whose year is written out ("anchors"):

* between two anchors that run forward in time, a yearless date that fits
  between them in exactly one year takes that year (``sandwich``);
* a yearless date read months before publication, which the nearest anchor
  just before it contradicts, is left undated: a wrong year is worse than none
  (``conflicts``).

A date fixed by the narrative is an anchor for the dates after it.
"""
from __future__ import annotations

import re
from datetime import date

from bot.extract.dates.resolve import value_end, value_start
from bot.extract.dates.scanner import Candidate

_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_HAS_YEAR = re.compile(r"\b\d{4}\b")
_MONTH_NAME = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
# "last June", "next March", "December 14 last year": the text itself says which year
_DEICTIC = re.compile(r"\b(?:last|next|this|past|coming|previous|current)\b", re.IGNORECASE)

# how far (in characters) an anchor may sit from the yearless date it dates
SANDWICH_REACH = 1500
# how far back a written-out date sets the year of the story for ``conflicts``
NARRATIVE_REACH = 600
# a yearless date read this close before publication is the news itself, unless
# anchors finer than a year on both sides place it elsewhere
RECENT_DAYS = 90
_YEARLESS_PRECISIONS = ("day", "month", "range")


def _yearless(cand: Candidate) -> bool:
    m = cand.mention
    return (m.type == "DATE" and m.precision in _YEARLESS_PRECISIONS and _CALENDAR.fullmatch(m.value) is not None
            and not _HAS_YEAR.search(m.text) and _MONTH_NAME.search(m.text) is not None
            and not _DEICTIC.search(m.text))


def _written(cand: Candidate) -> bool:
    m = cand.mention
    return (m.type == "DATE" and m.precision in ("day", "month", "range", "year")
            and _CALENDAR.fullmatch(m.value) is not None and _HAS_YEAR.search(m.text) is not None)


def _span(cand: Candidate) -> tuple[date, date, str]:
    m = cand.mention
    first, last = value_start(m.value), value_end(m.end_value or m.value)
    return first, last, m.precision


def _with_year(value: str, year: int) -> str | None:
    candidate = f"{year:04d}{value[4:]}"
    try:
        value_start(candidate)
        if len(candidate) == 10:
            date.fromisoformat(candidate)
    except ValueError:  # February 29 in a common year
        return None
    return candidate


def _set_year(cand: Candidate, year: int, published: date | None) -> None:
    m = cand.mention
    value = _with_year(m.value, year)
    if value is None:
        return
    if m.end_value and _CALENDAR.fullmatch(m.end_value):
        m.end_value = _with_year(m.end_value, year + int(m.end_value[:4]) - int(m.value[:4])) or m.end_value
    m.value = value
    first = value_start(value)
    m.future = bool(published and first and first > published)


def _fits(cand: Candidate, before: tuple[date, date, str], after: tuple[date, date, str],
          published: date | None) -> int | None:
    """The one year in which the yearless date lies between the two anchors, if exactly one."""
    low, high = before[0], after[1]
    if low > high:
        return None  # the text does not run forward here
    m = cand.mention
    current = value_start(m.value)
    recent = published is not None and current is not None and 0 <= (published - current).days <= RECENT_DAYS
    if recent and (before[2] == "year" or after[2] == "year"):
        return None  # the news itself, unless finer anchors say otherwise
    years = []
    for year in range(low.year, high.year + 1):
        value = _with_year(m.value, year)
        if value is None:
            continue
        first, last = value_start(value), value_end(value)
        if m.precision == "month":  # a month fits when it overlaps the stretch between the anchors
            inside = first >= low.replace(day=1) and first <= high
        else:
            inside = first >= low and last <= high
        if inside:
            years.append(year)
    return years[0] if len(years) == 1 else None


def sandwich(kept: list[Candidate], published: date | None) -> set[int]:
    """Give a yearless date the one year that fits between the anchors around it; the indices of those dated so."""
    anchors = [i for i, c in enumerate(kept) if _written(c)]
    fixed: set[int] = set()
    for i, cand in enumerate(kept):
        if not _yearless(cand):
            continue
        start = cand.mention.start
        before = [j for j in anchors if j < i and start - kept[j].mention.end <= SANDWICH_REACH]
        before += [j for j in fixed if start - kept[j].mention.end <= SANDWICH_REACH]
        after = [j for j in anchors if j > i and kept[j].mention.start - cand.mention.end <= SANDWICH_REACH]
        if not before or not after:
            continue
        year = _fits(cand, _span(kept[max(before)]), _span(kept[min(after)]), published)
        if year is None:
            continue
        if int(cand.mention.value[:4]) != year:
            _set_year(cand, year, published)
        fixed.add(i)
    return fixed


def conflicts(kept: list[Candidate], published: date | None, fixed: set[int] = frozenset()) -> None:
    """Leave undated a yearless "March 7" that the story's own year contradicts.

    A retrospective ("In February 2022 ... talks ended on March 7") tells its
    dates in the year it last wrote out, while publication-date anchoring would
    put March 7 in the year of the article. When that reading lies months back
    (news dates its recent events without a year) and the nearest written-out
    month or day just before disagrees with it, the year is uncertain and the
    mention dates no event. Dates ``fixed`` by ``sandwich`` count as written out.
    """
    if published is None:
        return
    anchor: tuple[date, int] | None = None  # first day of the last written-out date, and its end
    for i, cand in enumerate(kept):
        m = cand.mention
        if m.type != "DATE" or not _CALENDAR.fullmatch(m.value):
            continue
        written = i in fixed or _HAS_YEAR.search(m.text) is not None
        if written and m.precision in _YEARLESS_PRECISIONS:
            anchor = (value_start(m.value), m.end)
            continue
        if (written or anchor is None or m.precision not in _YEARLESS_PRECISIONS
                or not _MONTH_NAME.search(m.text) or m.start - anchor[1] > NARRATIVE_REACH
                or (published - value_end(m.value)).days <= RECENT_DAYS):
            continue
        parts = [int(p) for p in m.value.split("-")]
        first = anchor[0]
        year = first.year if (parts[1], parts[2] if len(parts) > 2 else first.day) >= (first.month, first.day) \
            else first.year + 1
        if year != parts[0]:
            m.precision = "unknown"
            anchor = (first, m.end)  # the retrospective goes on
