"""Inferring when an undated article was published, from the dates it mentions.

Used when the header and dateline give no date. The evidence, weakest claim first:

* a fully dated past event bounds the publication from below, a fully dated
  future one ("will be held on May 5, 2026") from above;
* a yearless date ("On March 29 ... talks in Turkey") that tells of the same
  event as a dated sentence from another article (same month and day, enough
  shared content words) takes that article's year;
* a yearless date shortly after a fully dated one in a narrative is read in
  that year and, like a known event, is background to the story;
* by news convention, yearless dates lie within about twelve months before
  publication (future ones after it), and a story's own yearless dates lie
  near publication, and the story's own news comes after the background
  events it recalls: the earliest publication day that fits them best wins.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

from bot import wordlists
from bot.extract.dates.find import find_dates
from bot.extract.dates.resolve import FUTURE, PAST, clause_tense, value_end, value_start
from bot.extract.types import DateMention

# yearless dates are at most this old at publication (the news convention)
YEARLESS_REACH = timedelta(days=365)
# a story's own yearless dates are expected this close to publication
STORY_REACH = timedelta(days=120)
# a yearless date this close after a fully dated one is read in that date's year
CONTEXT_REACH = 300
# how far past the lower bound candidate publication days are tried
HORIZON = timedelta(days=2 * 366)
# a yearless date matches a known event when the sentences share this many
# content words, and this share of the shorter sentence's content words
MIN_SHARED = 3
MIN_SHARE = 0.3

_YEARLESS = re.compile(r"XXXX-(\d{2})(?:-(\d{2}))?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@dataclass(frozen=True, slots=True)
class InferredDate:
    """A publication date range: published on or after ``earliest`` and, when
    known, on or before ``latest``; ``anchor`` is what to resolve the article's
    partial and relative dates against."""

    earliest: date
    latest: date | None
    anchor: date
    reason: str


@dataclass(slots=True)
class _Yearless:
    mention: DateMention
    month: int
    day: int
    future: bool


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span: cut at sentence punctuation or a line break."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "! ", "? ")))
    right = min((i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "! ", "? "))) if i >= 0),
                default=len(text))
    return text[left + 1:right + 1].strip()


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    d = wordlists.load("dates")
    return frozenset(list(d["months"]) + list(d["weekdays"]))


@lru_cache(maxsize=4096)
def _content(sentence: str) -> frozenset[str]:
    """Stems of the sentence's content words: no stop words, no calendar words, no numbers."""
    stem = snowballstemmer.stemmer("english").stemWord
    words = (w.lower().strip("'’-") for w in _WORD.findall(sentence))
    return frozenset(stem(w) for w in words
                     if len(w) > 2 and w not in STOP_WORDS and w not in _calendar_words())


def _known_year(item: _Yearless, sentence: str, known_events: Sequence[tuple[str, str]]) -> date | None:
    """The date of the known event this yearless mention tells of, if one matches well enough."""
    words = _content(sentence)
    best: tuple[float, date] | None = None
    for value, event_sentence in known_events:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not m or (int(m[2]), int(m[3])) != (item.month, item.day):
            continue
        other = _content(event_sentence)
        shared = len(words & other)
        share = shared / max(1, min(len(words), len(other)))
        if shared >= MIN_SHARED and share >= MIN_SHARE and (best is None or share > best[0]):
            best = (share, date.fromisoformat(value))
    return best[1] if best else None


def _occurrence(item: _Yearless, year: int) -> date | None:
    try:
        return date(year, item.month, item.day)
    except ValueError:  # February 29 in a common year
        return None


def _context_year(item: _Yearless, dated: list[DateMention]) -> date | None:
    """A yearless date right after a fully dated one in a narrative ("In March 2022
    ... On March 7, ...") is read in that date's year: the first such day on or after it."""
    before = [m for m in dated if m.end <= item.mention.start and item.mention.start - m.end <= CONTEXT_REACH]
    if not before:
        return None
    start = value_start(before[-1].value)
    if start is None:
        return None
    following = [d for d in (_occurrence(item, start.year + k) for k in (0, 1)) if d is not None and d >= start]
    return min(following, default=None)


def _resolve(item: _Yearless, published: date) -> date | None:
    """The occurrence of a yearless date for a given publication day: the latest on
    or before it for past events, the first on or after it for future ones."""
    years = range(published.year - 1, published.year + 2)
    options = [d for d in (_occurrence(item, y) for y in years) if d is not None]
    if item.future:
        return min((d for d in options if d >= published), default=None)
    return max((d for d in options if d <= published), default=None)


def _score(items: list[_Yearless], published: date, background: date | None) -> tuple[int, int]:
    """(how many of the story's yearless dates fall further than STORY_REACH from
    the publication day, how many of its past ones come before its latest
    background event); lower is likelier."""
    far = late = 0
    for item in items:
        resolved = _resolve(item, published)
        if resolved is None or abs((resolved - published).days) > STORY_REACH.days:
            far += 1
        if background and resolved and not item.future and resolved < background:
            late += 1
    return far, late


def yearless_days(text: str) -> set[str]:
    """The month-days ("03-29") of the yearless past dates in ``text``: the only days whose known events
    ``infer_publication`` reads, so a day event stored on another day cannot move this text's date."""
    days = set()
    for m in find_dates(text):
        yearless = _YEARLESS.fullmatch(m.value) if m.type == "DATE" else None
        if yearless and yearless[2] and clause_tense(text, m.start) == PAST:
            days.add(f"{yearless[1]}-{yearless[2]}")
    return days


def _describe(m: DateMention) -> str:
    return f'"{m.text}"'


def infer_publication(text: str, known_events: Sequence[tuple[str, str]] = ()) -> InferredDate | None:
    """Bound the publication date of ``text`` from the dates it mentions.

    ``known_events`` are ``(value, sentence)`` pairs of fully dated events from
    other, dated articles. Returns None when nothing in the text fixes a year.
    """
    lower: date | None = None
    lower_why = ""
    upper: date | None = None
    upper_why = ""
    background: date | None = None
    items: list[_Yearless] = []
    dated: list[DateMention] = []
    for m in find_dates(text):
        if m.type != "DATE":
            continue
        if value_start(m.value) is not None:
            dated.append(m)
        tense = clause_tense(text, m.start)
        yearless = _YEARLESS.fullmatch(m.value)
        if yearless:
            # a weak cue ("would") says too little; a bare month ("in May") is too often ahead
            if tense in (PAST, FUTURE) and yearless[2]:
                items.append(_Yearless(m, int(yearless[1]), int(yearless[2]), tense == FUTURE))
            continue
        first, last = value_start(m.value), value_end(m.end_value or m.value)
        if first is None or last is None:
            continue
        if tense == FUTURE and (upper is None or last < upper):
            upper, upper_why = last, f"it looks ahead to {_describe(m)}"
        elif tense == PAST and (lower is None or first > lower):
            lower, lower_why = first, f"it reports {_describe(m)}"

    story: list[_Yearless] = []
    for item in items:
        sentence = _sentence(text, item.mention.start, item.mention.end)
        known = None if item.future else _known_year(item, sentence, known_events)
        if known is None and not item.future:
            context = _context_year(item, dated)
            if context is not None:
                background = max(background or context, context)
                continue
        if known is None:
            story.append(item)
            continue
        if lower is None or known > lower:
            lower, lower_why = known, f"{_describe(item.mention)} matches a known event of {known.isoformat()}"
        background = max(background or known, known)
        limit = known + YEARLESS_REACH
        if upper is None or limit < upper:
            upper, upper_why = limit, f"yearless {_describe(item.mention)} is within a year of publication"
    if lower is None:
        return None
    if upper is not None and upper < lower:
        upper = None  # contradictory evidence: keep the firmer lower bound

    last_day = min(upper, lower + HORIZON) if upper else lower + HORIZON
    days = [lower + timedelta(days=i) for i in range((last_day - lower).days + 1)]
    scores = [_score(story, d, background) for d in days]
    earliest = days[scores.index(min(scores))]
    if earliest > lower:
        # the story's yearless dates fixed the year: its future ones now bound it from above
        # the latest of its past yearless dates set it; when every one lies ahead, the first of those
        past = [i for i in story if not i.future]
        setter = (max(past, key=lambda i: _resolve(i, earliest) or date.min) if past
                  else min(story, key=lambda i: _resolve(i, earliest) or date.max))
        lower_why = f"yearless {_describe(setter.mention)} is read in {earliest.year}, the year its story's dates share"
        for item in story:
            resolved = _resolve(item, earliest)
            if item.future and resolved is not None and (upper is None or resolved < upper):
                upper, upper_why = resolved, f"{_describe(item.mention)} ({resolved.isoformat()}) is still ahead"
    reason = f"Published on or after {earliest.isoformat()} because {lower_why}"
    if upper is not None and upper >= earliest:
        reason += f", and on or before {upper.isoformat()} because {upper_why}."
    else:
        upper = None
        reason += "; no upper bound."
    return InferredDate(earliest, upper, earliest, reason)
