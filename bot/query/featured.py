"""Which entries of a long answer a compact rendering shows first.

An answer keeps every entry (``--json`` is complete); ``featured`` names the
few worth reading first, as indexes into its list, the most relevant first:

- a person's key statements: their own words before a paraphrase, words that
  several articles carried, a whole thought before a fragment, recent before
  old, and never two of the same statement;
- a timeline's entries: the best-told events (widely reported, dated to the
  day, a sentence of some length naming who and where), spread over the range
  asked for, so a year reads as a year and not as its busiest week;
- quotes found for a topic: the best-ranked, without repeating a statement.

The weights are in ``bot/data/featured.yaml``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from bot import wordlists
from bot.models import Event, Quote

__all__ = ["shown", "key_quotes", "ranked_quotes", "timeline", "first"]

_WORD = re.compile(r"\w+")


def shown(what: str) -> int:
    """How many entries a compact answer shows: "statements", "quotes", "events" or "results"."""
    return int(wordlists.load("featured")["shown"][what])


def first(count: int, n: int) -> list[int]:
    """The first ``n`` of ``count`` entries already in order of relevance (search results)."""
    return list(range(min(count, n)))


def key_quotes(quotes: Sequence[Quote], n: int) -> list[int]:
    """The ``n`` most telling of one person's statements, best first (all of them when there are no more)."""
    if not quotes:
        return []
    weights = wordlists.load("featured")["quotes"]
    dates = sorted({_when(q) for q in quotes if _when(q)})
    recency = {d: i / max(1, len(dates) - 1) for i, d in enumerate(dates)}
    scores = [_quote_score(q, weights, recency.get(_when(q) or "", 0.0)) for q in quotes]
    order = sorted(range(len(quotes)), key=lambda i: -scores[i])
    return _distinct(quotes, order, n, weights["same_article_penalty"], scores)


def ranked_quotes(quotes: Sequence[Quote], order: Sequence[int], n: int) -> list[int]:
    """``n`` of the best-ranked ``quotes`` (``order``: their indexes, best-ranked first) for a topic: among the
    first few times ``n``, a whole statement in the speaker's words before a fragment a little higher in the
    ranking (full-text ranking favours short texts), never one that repeats a statement shown."""
    weights = wordlists.load("featured")["quotes"]
    pool = list(order)[: n * weights["topic_pool"]]
    scores = {i: _quote_score(quotes[i], weights, 0.0) - weights["rank_step"] * k for k, i in enumerate(pool)}
    return _distinct(quotes, pool, n, 0.0, [scores.get(i, 0.0) for i in range(len(quotes))])


def timeline(events: Sequence[Event], n: int, start: str | None = None, end: str | None = None) -> list[int]:
    """``n`` of ``events`` (in date order) chosen by how well they are told and spread from ``start`` to ``end``,
    best first. Without a range asked for, the range is that of the news (events reported within a year of
    happening): a recap's 1917 or 2014 does not stretch it."""
    weights = wordlists.load("featured")["events"]
    scores = [_event_score(e, weights) for e in events]
    if len(events) <= n:
        return sorted(range(len(events)), key=lambda i: -scores[i])
    days = [_day(e.date) for e in events]
    news = [d for d, e in zip(days, events) if _reported(e) and not _background(e, weights)] or days
    reported = [_day(c.published) for e in events for c in e.citations if c.published] or days
    low = _day(start) if start else min(news)
    high = _day(end, last=True) if end else max(min(news), min(max(news), max(reported)))
    width = max(1.0, (high - low + 1) / n)
    bucket = [min(n - 1, max(0, int((d - low) / width))) for d in days]
    chosen: list[int] = []
    taken: dict[int, int] = {}
    # each stretch of the range gets its best event, if it has one worth showing
    for b in sorted(set(bucket)):
        members = [i for i in range(len(events)) if bucket[i] == b and scores[i] >= weights["floor"]]
        if members:
            chosen.append(max(members, key=lambda i: (scores[i], -i)))
            taken[b] = 1
    chosen = sorted(chosen, key=lambda i: -scores[i])[:n]
    # then the best of the rest, a stretch giving up a little for each event it already has; one below the floor
    # only when nothing better is left
    rest = [i for i in range(len(events)) if i not in set(chosen)]
    while len(chosen) < n and rest:
        good = [i for i in rest if scores[i] >= weights["floor"]] or rest
        pick = max(good, key=lambda i: (scores[i] - weights["crowding_penalty"] * taken.get(bucket[i], 0)
                                        - weights["same_day_penalty"] * _same_day(events, chosen, i), -i))
        rest.remove(pick)
        if any(_same_words(events[pick].text, events[c].text, 0.8) for c in chosen):
            continue  # one event told twice (two dates read for it): once is enough
        chosen.append(pick)
        taken[bucket[pick]] = taken.get(bucket[pick], 0) + 1
    return sorted(chosen, key=lambda i: -scores[i])


# -- scores ----------------------------------------------------------------------


def _quote_score(q: Quote, w: dict, recency: float) -> float:
    words = len(q.text.split())
    score = w["direct"] if q.direct else w["indirect"]
    score += w["per_source"] * math.log2(1 + len(q.sources or [q.article_id]))
    if words < w["fragment_words"]:
        score -= w["fragment_penalty"]
    elif words < w["short_words"]:
        score -= w["short_penalty"]
    elif words > w["long_words"]:
        score -= w["long_penalty"]
    if q.said_on:
        score += w["dated"]
    return score + w["recency"] * recency


def _event_score(e: Event, w: dict | None = None) -> float:
    w = w or wordlists.load("featured")["events"]
    score = w["per_source"] * math.log2(1 + len(e.sources))
    score += w["precision"].get(e.precision, 0.0)
    length = len(e.text)
    if length < w["short_chars"]:
        score -= w["short_penalty"]
    elif length < w["brief_chars"]:
        score -= w["brief_penalty"]
    elif length > w["long_chars"]:
        score -= w["long_penalty"]
    if e.text[:1].islower():
        score -= w["clause_penalty"]
    if e.people:
        score += w["people"]
    if e.places:
        score += w["places"]
    if e.planned:
        score -= w["planned_penalty"]
    if _background(e, w):
        score -= w["background_penalty"]
    return score


def _reported(e: Event) -> bool:
    return any(c.published for c in e.citations)


def _background(e: Event, w: dict) -> bool:
    """Told as history: the event ended long before the first article that reports it was published."""
    published = [c.published for c in e.citations if c.published]
    if not published:
        return False
    return _day(e.end_date or e.date, last=True) < _day(min(published)) - w["background_days"]


def _distinct(quotes: Sequence[Quote], order: list[int], n: int, same_article: float = 0.0,
              scores: Sequence[float] | None = None) -> list[int]:
    """Up to ``n`` of ``order``, skipping a statement that repeats one already taken; with ``scores``, a statement
    from an article already represented gives way to a nearly as good one from another. No more than ``n``:
    all of them, nothing skipped."""
    if len(order) <= n:
        return sorted(order, key=lambda i: -scores[i]) if scores is not None else list(order)
    chosen: list[int] = []
    pending = list(order)
    while pending and len(chosen) < n:
        if scores is not None:
            seen = {quotes[c].article_id for c in chosen}
            pick = max(pending, key=lambda i: (scores[i] - (same_article if quotes[i].article_id in seen else 0.0),
                                               -pending.index(i)))
        else:
            pick = pending[0]
        pending.remove(pick)
        if not any(_repeats(quotes[pick], quotes[c]) for c in chosen):
            chosen.append(pick)
    return chosen


def _repeats(a: Quote, b: Quote) -> bool:
    """The same statement in other words: most of the shorter one's words are in the other."""
    return _same_words(a.text, b.text, 0.6)


def _same_words(a: str, b: str, share: float) -> bool:
    x, y = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= share


def _same_day(events: Sequence[Event], chosen: Sequence[int], i: int) -> int:
    return sum(1 for c in chosen if events[c].date == events[i].date)


def _when(q: Quote) -> str | None:
    return q.said_on or q.date


@lru_cache(maxsize=1 << 16)  # a timeline of thousands of entries names far fewer dates
def _day(value: str, last: bool = False) -> int:
    """A date of any precision ("2025", "2025-03", "2025-03-14") as a day number: its first day, or its last."""
    parts = [int(p) for p in value.split("-")[:3]]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return date(year, month, parts[2]).toordinal()
    if not last:
        return date(year, month, 1).toordinal()
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following.toordinal() - 1
