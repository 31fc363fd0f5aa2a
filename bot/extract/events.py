"""Events: dated statements with who took part and where.

An event is a sentence that carries a resolved calendar date. The sentence is
the statement; the people resolved inside it are its participants and the
places named in it are its places. Cross-article merging happens in
``bot.event_groups``.
"""
from __future__ import annotations

import re
from datetime import date

from bot.extract.types import DateMention, EventSpan

_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_EVENT_PRECISIONS = {"day", "month", "year", "range", "week", "season", "quarter"}
MAX_EVENT_CHARS = 600


def calendar_value(mention: DateMention) -> tuple[str, str] | None:
    """The mention as a calendar date ("2025-08-15" | "2025-08" | "2025") and its precision, if it is one."""
    value, precision = mention.value, mention.precision
    if precision not in _EVENT_PRECISIONS:
        return None
    week = _WEEK.match(value)
    if week:
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        return monday.isoformat(), "week"
    head = value[:10] if precision == "range" else value
    if not _CALENDAR.match(head):
        return None
    return head, precision


def find_events(
    text: str,
    sentences: list[tuple[int, int]],
    dates: list[DateMention],
    people_at: "callable[[int, int], list[str]]",
    places_at: "callable[[int, int], list[str]]",
) -> list[EventSpan]:
    events: list[EventSpan] = []
    di = 0
    for s_start, s_end in sentences:
        seen: set[str] = set()
        while di < len(dates) and dates[di].start < s_start:
            di += 1
        j = di
        while j < len(dates) and dates[j].start < s_end:
            mention = dates[j]
            j += 1
            cal = calendar_value(mention)
            if cal is None or cal[0] in seen:
                continue
            seen.add(cal[0])
            start, end = _trim(text, s_start, s_end)
            if end - start > MAX_EVENT_CHARS:
                start, end = _clause(text, start, end, mention)
            end_date = None
            if mention.end_value and _CALENDAR.match(mention.end_value):
                end_date = mention.end_value
            events.append(
                EventSpan(
                    date=cal[0],
                    precision=cal[1],
                    text=text[start:end],
                    start=start,
                    end=end,
                    date_text=mention.text,
                    end_date=end_date,
                    people=people_at(start, end),
                    places=places_at(start, end),
                )
            )
    return events


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t—–-\"“”«»'":
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    return start, end


def _clause(text: str, start: int, end: int, mention: DateMention) -> tuple[int, int]:
    """Cut an over-long sentence down to the part around the date."""
    lo = max(start, mention.start - MAX_EVENT_CHARS // 2)
    hi = min(end, mention.end + MAX_EVENT_CHARS // 2)
    while lo > start and not text[lo - 1].isspace():
        lo -= 1
    while hi < end and not text[hi].isspace():
        hi += 1
    return lo, hi
