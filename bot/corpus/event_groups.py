"""One event told by several articles becomes one timeline entry.

Events are grouped when they carry the same date at the same precision and
speak of the same thing: the same participants, or the same place and a
participant, or mostly the same words.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache

from anyascii import anyascii

from bot import wordlists
from bot.disjoint_sets import DisjointSets
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
    if day_precise and rare & places and (jaccard >= 0.12 or words_a & words_b & happenings):
        return True
    if day_precise and jaccard >= 0.25:
        return True
    return jaccard >= 0.35


def _common(rows: list[dict]) -> frozenset[str]:
    """People and places too frequent in the whole index to identify a happening."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        for name in r["people"] | r["places"]:
            counts[name] += 1
    limit = max(COMMON_MIN, COMMON_SHARE * len(rows))
    return frozenset(n for n, c in counts.items() if c > limit)


def rebuild(repo: Repository) -> None:
    rows = repo.all_events()
    buckets: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        buckets[(r["date"], r["precision"])].append(
            {
                "id": r["id"],
                "people": _surnames(json.loads(r["people"])),
                "places": set(json.loads(r["places"])),
                "words": content_words(r["text"]),
                "numbers": numbers(r["text"]),
            }
        )
    common = _common([item for items in buckets.values() for item in items])
    assignments: list[tuple[int, int]] = []
    for (_, precision), items in buckets.items():
        groups = DisjointSets(range(len(items)))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if groups.find(i) != groups.find(j) and same_event(items[i], items[j], precision == "day", common):
                    groups.union(i, j)
        for i, item in enumerate(items):
            assignments.append((items[min(groups.group(i))]["id"], item["id"]))
    repo.set_event_groups(assignments)
