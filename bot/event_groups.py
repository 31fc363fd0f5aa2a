"""One event told by several articles becomes one timeline entry.

Events are grouped when they carry the same date at the same precision and
speak of the same thing: the same participants, or the same place and a
participant, or mostly the same words.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from anyascii import anyascii

from bot import wordlists
from bot.disjoint_sets import DisjointSets
from bot.store.repository import Repository

_WORD = re.compile(r"[a-z][a-z'-]+")


def _stop_words() -> frozenset[str]:
    return frozenset(wordlists.load("stopwords")["english"])


def content_words(text: str) -> set[str]:
    stop = _stop_words()
    return {w for w in _WORD.findall(anyascii(text).lower()) if w not in stop and len(w) > 2}


def _surnames(names: list[str]) -> set[str]:
    return {anyascii(n).split()[-1].lower() for n in names if n.strip()}


def same_event(a: dict, b: dict, day_precise: bool) -> bool:
    """Two statements with the same date: the same event when they share who, where or what.

    A shared day is itself strong evidence, so day-precise events need less
    shared wording than events dated only by month or year.
    """
    people = len(a["people"] & b["people"])
    places = len(a["places"] & b["places"])
    words_a, words_b = a["words"], b["words"]
    union = len(words_a | words_b) or 1
    jaccard = len(words_a & words_b) / union
    if people >= 2:
        return True
    if people >= 1 and (places >= 1 or jaccard >= 0.15):
        return True
    if day_precise and (jaccard >= 0.25 or (places >= 1 and jaccard >= 0.15)):
        return True
    return jaccard >= 0.35


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
            }
        )
    assignments: list[tuple[int, int]] = []
    for (_, precision), items in buckets.items():
        groups = DisjointSets(range(len(items)))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if groups.find(i) != groups.find(j) and same_event(items[i], items[j], precision == "day"):
                    groups.union(i, j)
        for i, item in enumerate(items):
            assignments.append((items[min(groups.group(i))]["id"], item["id"]))
    repo.set_event_groups(assignments)
