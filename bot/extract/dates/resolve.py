"""Calendar arithmetic that turns a found expression into a TIMEX3 value.

Finding (``scanner``) and anchoring are kept apart so that the one policy
that matters most for news, which occurrence of a yearless date or a bare
weekday is meant, lives in one place: reported events are in the past, so the
most recent occurrence wins unless the clause speaks of the future.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from bot import wordlists

PAST = "past"  # no cue: the most recent occurrence on or before the reference
FUTURE = "future"  # a strong cue ("will", "is scheduled"): the next occurrence
NEAR = "near"  # a weak cue ("would"): the occurrence nearest the reference

# A yearless date this many days after publication, with no future cue, is
# taken in the publication year: a reporter who meant last year's date would
# have had to name the year, while datelines often lag the story by a day or two.
NEAR_DAYS = 3

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_CLAUSE_BREAK = re.compile(r"[.!?;:,—–\"“”(\n]|\bthat\b|\bbut\b|\bwhile\b|\bwhen\b")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cues = wordlists.load("dates")["future_cues"]

    def compile_(words: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE)

    return compile_(cues["strong"]), compile_(cues["weak"]), compile_(cues["past"])


@lru_cache(maxsize=1)
def _near_before() -> re.Pattern[str]:
    """A limit word right before the date ("until May", "by the end of", "suggested April 20")."""
    words = wordlists.load("dates")["future_cues"]["near_before"]
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?:\s+(?:the|early|mid|late))*\s*$",
                      re.IGNORECASE)


# a clause that is only "On Thursday," before its date: its verb comes after the date
_BARE_OPENING = re.compile(r"^\s*(?:(?:and|then|also|on|in|by|late|early)\s+)*$", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|says|told|tells|announced|added|stated|claimed)\b", re.IGNORECASE)


def _after_opening(text: str, start: int) -> str:
    """The clause after a sentence-opening date: "On Thursday, Starmer will visit" -> "Starmer will visit".

    Cut at the next clause break or reporting verb: in "On Monday, the Kremlin
    said it will ..." the "will" is what was said, not when Monday is.
    """
    window = text[start:start + 120]
    comma = window.find(",")
    if comma < 0 or comma > 40:
        return ""
    rest = window[comma + 1:]
    cut = _CLAUSE_BREAK.search(rest)
    rest = rest[:cut.start()] if cut else rest
    said = _REPORTING.search(rest)
    return rest[:said.start()] if said else rest


def clause_tense(text: str, start: int) -> str:
    """PAST, FUTURE or NEAR from the cue words before ``start`` in its clause.

    Only the words before the date count: in "Lavrov said on January 20 that
    talks will resume" the "will" belongs to another clause.
    """
    return clause_outlook(text, start)[0]


def looks_ahead(text: str, start: int) -> bool:
    """Whether the clause tells what is dated at ``start`` as still to come: a strong cue ("will", "is
    scheduled to") or a weak one ("would", "hopes to"); a limit word alone ("before Sunday's vote",
    "until May") dates a bound, not a plan."""
    tense, limit = clause_outlook(text, start)
    return tense == FUTURE or (tense == NEAR and not limit)


def clause_outlook(text: str, start: int) -> tuple[str, bool]:
    """The clause's tense (see ``clause_tense``) and whether a limit word right before the date decided it."""
    window = text[max(0, start - 120):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    # the break right before the date ("on January 22, the Kremlin said") is not a clause start
    breaks = [b for b in breaks if window[b.end():].strip()]
    if breaks:
        window = window[breaks[-1].end():]
    strong, weak, past = _cue_patterns()
    if _near_before().search(window) and not past.search(window):
        return (FUTURE, True) if strong.search(window) else (NEAR, True)
    if _BARE_OPENING.match(window) and (breaks or start < 120):
        window = _after_opening(text, start)
    if past.search(window):  # "was expected to be signed in February": a plan seen from the past
        return NEAR, False
    if strong.search(window):
        return FUTURE, False
    if weak.search(window):
        return NEAR, False
    return PAST, False


def week_value(day: date) -> str:
    """ISO week as TimeML writes it: 2026-W04."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(day: date, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _pick(options: list, ref, tense: str, distance) -> object:
    """The occurrence meant by a partial expression, by the module's policy."""
    if tense == FUTURE:
        ahead = [o for o in options if o >= ref]
        return min(ahead) if ahead else max(options)
    if tense == NEAR:
        return min(options, key=lambda o: (abs(distance(o, ref)), o > ref))
    behind = [o for o in options if o <= ref]
    return max(behind) if behind else min(options)


def resolve_month_day(month: int, day: int, ref: date | None, tense: str) -> tuple[str, bool] | None:
    """Value of a yearless "August 15" and whether it lies after ``ref``; None if no such day."""
    if ref is None:
        if not 1 <= day <= 31:
            return None
        return f"XXXX-{month:02d}-{day:02d}", tense == FUTURE
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    if tense == PAST:
        # a few days ahead with no cue: the publication year, see NEAR_DAYS
        limit = ref + timedelta(days=NEAR_DAYS)
        chosen = max((o for o in options if o <= limit), default=min(options))
    else:
        chosen = _pick(options, ref, tense, lambda a, b: (a - b).days)
    return chosen.isoformat(), chosen > ref


def resolve_month(month: int, ref: date | None, tense: str, offset: int | None = None) -> tuple[str, bool]:
    """Value of a bare month ("in November", "last June") against ``ref``."""
    if ref is None:
        return f"XXXX-{month:02d}", tense == FUTURE or offset == 1
    current = ref.year * 12 + ref.month - 1
    options = [y * 12 + month - 1 for y in (ref.year - 1, ref.year, ref.year + 1)]
    if offset == -1:
        chosen = max(o for o in options if o < current)
    elif offset == 1:
        chosen = min(o for o in options if o > current)
    elif offset == 0:
        chosen = ref.year * 12 + month - 1
    else:
        chosen = _pick(options, current, tense, lambda a, b: a - b)
    return f"{chosen // 12:04d}-{chosen % 12 + 1:02d}", chosen > current


def resolve_season(code: str, ref: date | None, tense: str, offset: int | None = None) -> tuple[str, bool]:
    """Value of "last summer", "this winter" against ``ref`` (TimeML 2025-SU)."""
    if ref is None:
        return f"XXXX-{code}", tense == FUTURE or offset == 1
    month = _SEASON_MONTH[code]
    value, future = resolve_month(month, ref, tense, offset)
    return f"{value[:4]}-{code}", future


def resolve_weekday(weekday: int, ref: date | None, tense: str, offset: int | None = None) -> tuple[str, bool]:
    """Value of "Tuesday", "last Friday": the latest on or before ``ref`` for
    reported events, the next one after ``ref`` when the clause looks ahead."""
    if ref is None:
        return f"XXXX-WXX-{weekday}", tense == FUTURE or offset == 1
    back = (ref.isoweekday() - weekday) % 7
    ahead = (weekday - ref.isoweekday()) % 7 or 7
    if offset == -1:
        chosen = ref - timedelta(days=back or 7)
    elif tense == NEAR and offset is None:
        chosen = ref - timedelta(days=back) if back <= ahead else ref + timedelta(days=ahead)
    elif tense == FUTURE and offset is None and not back:
        chosen = ref  # "will hold rallies on Friday" in a Friday article: that day
    elif offset == 1 or tense == FUTURE or (offset == 0 and back):
        chosen = ref + timedelta(days=ahead)
    else:
        chosen = ref - timedelta(days=back)
    return chosen.isoformat(), chosen > ref


_PRECISION = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "Y": "year",
              "DE": "decade", "CE": "century"}


def shift_value(ref: date | None, amount: int, code: str) -> tuple[str, str]:
    """Value and precision of the period ``amount`` units of ``code`` from ``ref``.

    ``code`` is a TimeML unit letter (D, W, WE, M, Q, Y) or DE / CE for
    decades and centuries, which TimeML writes as the leading digits.
    """
    if ref is None:
        placeholders = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
                        "Q": "XXXX-QX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}
        return placeholders[code], _PRECISION[code]
    if code == "D":
        return (ref + timedelta(days=amount)).isoformat(), "day"
    if code in ("W", "WE"):
        value = week_value(ref + timedelta(weeks=amount))
        return (value + "-WE" if code == "WE" else value), "week"
    if code == "M":
        year, month = add_months(ref, amount)
        return f"{year:04d}-{month:02d}", "month"
    if code == "Q":
        index = ref.year * 4 + (ref.month - 1) // 3 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}", "quarter"
    if code == "DE":
        return f"{ref.year // 10 + amount:03d}", "decade"
    if code == "CE":
        return f"{ref.year // 100 + amount:02d}", "century"
    return f"{ref.year + amount:04d}", "year"


def value_start(value: str) -> date | None:
    """First day of a calendar DATE value (day, month, year, week, quarter); None otherwise."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if m:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    m = re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value)
    if m:
        return date.fromisocalendar(int(m[1]), int(m[2]), 1)
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        return date(int(m[1]), (int(m[2]) - 1) * 3 + 1, 1)
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        return date(int(m[1]), _SEASON_MONTH[m[2]], 1)
    return None


def value_end(value: str) -> date | None:
    """Last day of a calendar DATE value; None when it is not one."""
    first = value_start(value)
    if first is None:
        return None
    if re.fullmatch(r"\d{4}", value):
        return date(first.year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = add_months(first, 1)
        return date(year, month, 1) - timedelta(days=1)
    if "-W" in value:
        return first + timedelta(days=6)
    if "-Q" in value or value[5:] in _SEASON_MONTH:
        year, month = add_months(first, 3)
        return date(year, month, 1) - timedelta(days=1)
    return first
