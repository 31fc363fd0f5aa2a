"""One event told by several articles becomes one timeline entry.

Events are grouped when they carry the same date at the same precision and
speak of the same thing: the same participants, or the same place and a
participant, or mostly the same words. A day, a range of days and a week that
holds the other's date are compared too ("this week" and "on January 22-23"
and "late on Thursday" told of one visit), more strictly: mostly the same
words, or, in one article, the same kind of happening.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

from anyascii import anyascii

from bot import wordlists
from bot.disjoint_sets import DisjointSets
from bot.extract.places import country_of
from bot.query.terms import stop_words
from bot.store.repository import Repository

_WORD = re.compile(r"[a-z][a-z'-]+")
# counts that identify a happening ("390 prisoners", "1,000 for 1,000"), not years
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d{3,}(?![\w.,])")
# a person or place named in more than this share of a date's bucket peers says little
COMMON_SHARE = 0.02
COMMON_MIN = 15


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(synonyms, happening nouns, calendar words) from bot/data/events.yaml and dates.yaml."""
    data, dates = wordlists.load("events"), wordlists.load("dates")
    calendar = {w for w in dates["months"] if len(w) > 3} | {w for w in dates["weekdays"] if len(w) > 3}
    return (
        {str(k): str(v) for k, v in data["synonyms"].items()},
        frozenset(data["happenings"]),
        frozenset(calendar | set(data["calendar_words"])),
    )


def _stem(word: str) -> str:
    word = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
    return _vocabulary()[0].get(word, word)


def content_words(text: str) -> set[str]:
    stop = stop_words()
    return {_stem(w) for w in _WORD.findall(anyascii(text).lower()) if w not in stop and len(w) > 2}


def numbers(text: str) -> set[str]:
    """Counts written in the text, years left out."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    return {n for n in found if not (len(n) == 4 and n[:2] in ("19", "20"))}


def _surnames(names: list[str]) -> set[str]:
    return {anyascii(n).split()[-1].lower() for n in names if n.strip()}


def same_event(a: dict, b: dict, day_precise: bool, common: frozenset[str] = frozenset()) -> bool:
    """Two statements with the same date: the same event when they share who, where or what.

    A shared day is itself strong evidence, so day-precise events need less
    shared wording than events dated only by month or year. People and places
    named everywhere in the corpus (the two presidents, the two countries) do
    not by themselves make two statements one happening: they need shared
    wording too, or a shared count ("390 prisoners").
    """
    people = a["people"] & b["people"]
    places = a["places"] & b["places"]
    rare = (people | places) - common
    # names and the date itself are counted above, not again as shared wording
    _, happenings, calendar = _vocabulary()
    named = a["people"] | b["people"] | {p.lower() for p in a["places"] | b["places"]} | calendar
    words_a, words_b = a["words"] - named, b["words"] - named
    union = len(words_a | words_b) or 1
    jaccard = len(words_a & words_b) / union
    shared_count = bool(a.get("numbers", set()) & b.get("numbers", set()))
    if rare & people and (len(people) >= 2 or places or jaccard >= 0.15):
        return True
    if people and (rare & places or jaccard >= 0.2):
        return True
    if len(people) >= 2 and (jaccard >= 0.15 or words_a & words_b & happenings):
        return True
    if day_precise and shared_count and jaccard >= 0.1:
        return True
    if day_precise and rare & people and words_a & words_b & happenings:
        return True  # the same day, a participant few statements name, the same kind of happening
    if day_precise and rare & places and (jaccard >= 0.12 or words_a & words_b & happenings):
        return True
    # the same day, a rare place and the same parties, capitals counted as their countries ("Washington and Kyiv
    # met in Saudi Arabia's Jeddah", "talks in Saudi Arabia ... a joint US-Ukraine statement")
    sides = _countries(a["places"]) & _countries(b["places"])
    if day_precise and rare & (places | sides) and len(sides) >= 3:
        return True
    if day_precise and jaccard >= 0.25:
        return True
    return jaccard >= 0.35


def _countries(places: set[str]) -> set[str]:
    return {country_of(p) or p for p in places}


def _common(rows: list[dict]) -> frozenset[str]:
    """People and places too frequent in the whole index to identify a happening."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        for name in r["people"] | r["places"]:
            counts[name] += 1
    limit = max(COMMON_MIN, COMMON_SHARE * len(rows))
    return frozenset(n for n, c in counts.items() if c > limit)


# dates precise enough to compare across precisions: a day inside a week or a range can be the same happening
_FINE = ("day", "range", "week")


def _interval(row) -> tuple[date, date] | None:
    """First and last day a fine event's date covers; None for coarser ones."""
    if row["precision"] not in _FINE:
        return None
    try:
        first = date.fromisoformat(row["date"])
        if row["precision"] == "week":
            return first, first + timedelta(days=6)
        last = date.fromisoformat(row["end_date"]) if row["precision"] == "range" and row["end_date"] else first
    except ValueError:
        return None
    return first, last


def _one_day_told(a: dict, b: dict) -> bool:
    """Two sentences of one article on one day led by the same person ("Trump suggested on Sunday ...",
    "Trump's comments on Sunday ..."), or naming the same kind of happening with no other person leading
    ("Talks Monday in Riyadh ...", "the talks had ended"): one happening told in parts. Statements of
    different people that day ("Ushakov also said on Thursday") stay apart."""
    if a["article"] != b["article"]:
        return False
    if a["lead"] and a["lead"] == b["lead"]:
        return True
    return (not a["lead"] or not b["lead"]) and bool(a["words"] & b["words"] & _vocabulary()[1])


def _one_telling(a: dict, b: dict) -> bool:
    """Two sentences of one article, dated at different precisions, that name the same kind of happening
    ("came to Moscow on January 22-23 ... the meeting" and "late on Thursday ... arrived for the talks")."""
    return a["article"] == b["article"] and bool(a["words"] & b["words"] & _vocabulary()[1])


def _contains(outer: tuple[date, date], inner: tuple[date, date]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def rebuild(repo: Repository) -> None:
    """Group the stored events (``assign``) and record each event's group."""
    rows = repo.all_events()
    events = [{**dict(r), "people": json.loads(r["people"]), "places": json.loads(r["places"])} for r in rows]
    leads = assign(events)
    repo.set_event_groups([(rows[lead]["id"], r["id"]) for lead, r in zip(leads, rows)])


def assign(events: list[Mapping]) -> list[int]:
    """For each event, the index of the first event of its group: the same date at the same precision
    and the same happening, or a day, range or week that holds another's date and tells the same happening.

    ``events``: mappings with article_id, date, precision, end_date, text, people and places (lists).
    """
    items: list[dict] = []
    for r in events:
        items.append(
            {
                "article": r["article_id"],
                "key": (r["date"], r["precision"]),
                "interval": _interval(r),
                "people": _surnames(r["people"]),
                "lead": next(iter(_surnames(r["people"][:1])), None),  # the first person named: who leads it
                "places": set(r["places"]),
                "words": content_words(r["text"]),
                "numbers": numbers(r["text"]),
            }
        )
    common = _common(items)
    groups = DisjointSets(range(len(items)))
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        buckets[item["key"]].append(i)
    for (_, precision), members in buckets.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if groups.find(i) == groups.find(j):
                    continue
                a, b = items[i], items[j]
                if same_event(a, b, precision == "day", common) or (precision == "day" and _one_day_told(a, b)):
                    groups.union(i, j)
    # a group holds at most one day: a week that holds two different days ("Moscow on Tuesday, Kyiv on
    # Thursday") is never what joins them
    days: dict[int, set[str]] = defaultdict(set)
    for i, item in enumerate(items):
        if item["key"][1] == "day":
            days[groups.find(i)].add(item["key"][0])
    fine = sorted((i for i, item in enumerate(items) if item["interval"]), key=lambda i: items[i]["interval"])
    for x, i in enumerate(fine):
        a = items[i]
        for j in fine[x + 1:]:
            b = items[j]
            if b["interval"][0] > a["interval"][1]:
                break
            if a["key"] == b["key"] or groups.find(i) == groups.find(j):
                continue
            if not (_contains(a["interval"], b["interval"]) or _contains(b["interval"], a["interval"])):
                continue
            joined = days[groups.find(i)] | days[groups.find(j)]
            if len(joined) <= 1 and (same_event(a, b, False, common) or _one_telling(a, b)):
                groups.union(i, j)
                days[groups.find(i)] = joined
    return [min(groups.group(i)) for i in range(len(items))]
