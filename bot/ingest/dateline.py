"""Metadata written into the text of an article: datelines, time stamps, the outlet it speaks for.

Wire copy opens with "MOSCOW (Sputnik) - " or "LONDON, April 12 (Reuters) - ";
crawlers put "date 2026-01-24" before the headline; Sputnik pages carry a
"07:40 GMT 24.01.2026 (Updated: ...)" line. The information is worth keeping
(who filed the story, when it was published) but the words are not part of
any sentence, and quote or date extractors trip over them. This module reads
them; ``clean`` decides what is removed. An article with no dateline may still
say whose it is ("Karasin told Izvestia"): ``named_outlet`` reads that. The
patterns are data, in ``bot/data/boilerplate.yaml``; outlet names in
``bot/data/organisations.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot import wordlists


@dataclass(frozen=True, slots=True)
class Dateline:
    """The opening "PLACE, Date (Outlet) - " of a wire story."""

    prefix: str  # exactly the text taken off the start of the line
    place: str | None  # "MOSCOW", "UNITED NATIONS"
    region: str | None  # "Ukraine" in "KYIV, Ukraine (AP) —"
    outlet: str | None  # "Sputnik", "Reuters", "TASS"
    partial_date: str | None  # "April 12": no year, so never a publication date


@dataclass(frozen=True, slots=True)
class _Patterns:
    date_stamp: re.Pattern[str]
    publication_lines: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    not_places: frozenset[str]
    months: dict[str, int]
    outlet_cues: tuple[re.Pattern[str], ...]
    outlet_cue_min: int


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = wordlists.load("boilerplate")
    return _Patterns(
        date_stamp=re.compile(data["date_stamp"], re.IGNORECASE),
        publication_lines=tuple(re.compile(p, re.IGNORECASE) for p in data["publication_lines"]),
        # Case matters here: a dateline place is written in capitals.
        datelines=tuple(re.compile(p) for p in data["datelines"]),
        not_places=frozenset(str(w).upper() for w in data["not_places"]),
        months={str(k).lower(): int(v) for k, v in data["months"].items()},
        outlet_cues=_outlet_cues(data["outlet_cues"]),
        outlet_cue_min=int(data["outlet_cue_min"]),
    )


def _outlet_cues(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Each cue with ``{outlet}`` as a named group of every outlet name, the longest first."""
    names = sorted({str(n) for n in wordlists.load("organisations")["outlets"]}, key=len, reverse=True)
    outlet = "(?P<outlet>" + "|".join(re.escape(n) for n in names) + ")"
    return tuple(re.compile(p.replace("{outlet}", outlet)) for p in patterns)


def _to_date(year: str, month: str, day: str) -> date | None:
    """A calendar date from matched parts; month may be a number or a name."""
    months = _patterns().months
    month_number = int(month) if month.isdigit() else months.get(month.lower().rstrip("."))
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:  # "31.02.2026": a stamp that is not a date is no date
        return None


def strip_date_stamp(line: str) -> tuple[date | None, str]:
    """Split a leading "date YYYY-MM-DD " stamp off a line.

    Returns the stamp's date (None if there is no valid stamp) and the rest
    of the line, which is usually the headline.
    """
    match = _patterns().date_stamp.match(line)
    if not match:
        return None, line
    stamped = _to_date(match["year"], match["month"], match["day"])
    if stamped is None:
        return None, line
    return stamped, line[match.end():].strip()


def publication_date(line: str) -> date | None:
    """The publication date a time-stamp line states, if it is one.

    "07:40 GMT 24.01.2026 (Updated: 09:30 GMT 24.01.2026)" gives 2026-01-24:
    the first date is the publication, the second the update.
    """
    for pattern in _patterns().publication_lines:
        match = pattern.match(line)
        if match:
            found = _to_date(match["year"], match["month"], match["day"])
            if found is not None:
                return found
    return None


def split_dateline(line: str) -> Dateline | None:
    """The dateline opening ``line``, or None if it has none.

    The sentence after the prefix must remain: a line that is only a
    dateline-like label is not taken.
    """
    patterns = _patterns()
    for pattern in patterns.datelines:
        match = pattern.match(line)
        if not match or match.end() >= len(line):
            continue
        groups = match.groupdict()
        place = groups.get("place")
        if place and place.strip(" .").upper() in patterns.not_places:
            continue
        return Dateline(
            prefix=match.group(0),
            place=place.strip(" .") if place else None,
            region=(groups.get("region") or "").strip() or None,
            outlet=(groups.get("outlet") or "").strip() or None,
            partial_date=groups.get("date"),
        )
    return None


def named_outlet(text: str) -> str | None:
    """The outlet an article without a dateline speaks for: the one its text says people told or confirmed
    things to ("told Izvestia", "Izvestia found out") at least ``outlet_cue_min`` times, when it names no
    other outlet so; None when the text does not make it plain."""
    patterns = _patterns()
    counts: dict[str, int] = {}
    for cue in patterns.outlet_cues:
        for match in cue.finditer(text):
            counts[match["outlet"]] = counts.get(match["outlet"], 0) + 1
    if len(counts) != 1:
        return None
    [(outlet, times)] = counts.items()
    return outlet if times >= patterns.outlet_cue_min else None
