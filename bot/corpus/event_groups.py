"""One event told by several articles becomes one timeline entry.

Events are grouped when they carry the same date at the same precision and
speak of the same thing: the same participants, or the same place and a
participant, or mostly the same words. A day, a range of days and a week that
holds the other's date are compared too ("this week" and "on January 22-23"
and "late on Thursday" told of one visit), more strictly: mostly the same
words, or, in one article, the same kind of happening.

Grouping runs in two passes. First, within each date bucket (one date at one
precision), the events that tell one happening are joined (``join_bucket``:
the connected pairs). A person or place named by many of the index's events
(``common_names``) says little by itself. Then (``join_fine``) days, ranges
and weeks that hold one another's date are joined, in date order, so that a
group never holds two different days.

No pass compares every pair of a bucket: each event looks its possible
partners up (``BucketIndex``) by a rare person, place or count it names, by
its rarest words (enough of them that any pair sharing the share of words a
rule asks for shares one of them), by a pair of people and a happening, or by
its article. The result is the same as comparing every pair, and what one
event changes can be found by the same lookups, so the index keeps its groups
up to date one article at a time (``bot.corpus.event_index``).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from anyascii import anyascii

from bot import wordlists
from bot.disjoint_sets import DisjointSets
from bot.extract.places import country_of
from bot.query.terms import stop_words

_WORD = re.compile(r"[a-z][a-z'-]+")
# counts that identify a happening ("390 prisoners", "1,000 for 1,000"), not years
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d{3,}(?![\w.,])")
# A person or place named by more than this share of the index's events (and more than COMMON_MIN) says little
# by itself. Past COMMON_CAP events the limit stays where it is (COMMON_SHARE * COMMON_CAP): a name turns common
# when its own count passes it, not because other events were added, so one article changes only its own names.
COMMON_SHARE = 0.02
COMMON_MIN = 15
COMMON_CAP = 5000
# the lowest share of words (Jaccard) any rule of ``same_event`` accepts without a rare name, a count or two people
_WORDS_ALONE = 0.2


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


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    word = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
    return _vocabulary()[0].get(word, word)


def content_words(text: str) -> set[str]:
    stop = stop_words()
    folded = text.lower() if text.isascii() else anyascii(text).lower()
    return {_stem(w) for w in _WORD.findall(folded) if w not in stop and len(w) > 2}


def numbers(text: str) -> set[str]:
    """Counts written in the text, years left out."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    return {n for n in found if not (len(n) == 4 and n[:2] in ("19", "20"))}


def _surnames(names: list[str]) -> set[str]:
    return {anyascii(n).split()[-1].lower() for n in names if n.strip()}


def _wording(item: Mapping) -> frozenset[str]:
    """An event's words less its own names and the calendar: what two events' wording is compared on."""
    own = item.get("wording")
    if own is None:
        named = item["people"] | {p.lower() for p in item["places"]} | _vocabulary()[2]
        own = frozenset(item["words"] - named)
    return own


def same_event(a: Mapping, b: Mapping, day_precise: bool, common: frozenset[str] = frozenset()) -> bool:
    """Two statements with the same date: the same event when they share who, where or what.

    A shared day is itself strong evidence, so day-precise events need less
    shared wording than events dated only by month or year. People and places
    named everywhere in the bucket (the two presidents, the two countries) do
    not by themselves make two statements one happening: they need shared
    wording too, or a shared count ("390 prisoners"). Wording is compared
    without each statement's own names and calendar words.
    """
    people = a["people"] & b["people"]
    places = a["places"] & b["places"]
    rare = (people | places) - common
    happenings = _vocabulary()[1]
    words_a, words_b = _wording(a), _wording(b)
    shared = words_a & words_b
    union = len(words_a | words_b) or 1
    jaccard = len(shared) / union
    shared_count = bool(a.get("numbers", set()) & b.get("numbers", set()))
    if rare & people and (len(people) >= 2 or places or jaccard >= 0.15):
        return True
    if people and (rare & places or jaccard >= 0.2):
        return True
    if len(people) >= 2 and (jaccard >= 0.15 or shared & happenings):
        return True
    if day_precise and shared_count and jaccard >= 0.1:
        return True
    if day_precise and rare & people and shared & happenings:
        return True  # the same day, a participant few statements name, the same kind of happening
    if day_precise and rare & places and (jaccard >= 0.12 or shared & happenings):
        return True
    # the same day, a rare place and the same parties, capitals counted as their countries ("Washington and Kyiv
    # met in Saudi Arabia's Jeddah", "talks in Saudi Arabia ... a joint US-Ukraine statement")
    sides = _sides(a) & _sides(b)
    if day_precise and rare & (places | sides) and len(sides) >= 3:
        return True
    if day_precise and jaccard >= 0.25:
        return True
    return jaccard >= 0.35


def _countries(places: set[str]) -> set[str]:
    return {country_of(p) or p for p in places}


def _sides(it: Mapping) -> set[str]:
    """The countries an event's places stand for (a capital for its country), as ``item`` keeps them."""
    found = it.get("sides")
    return found if found is not None else _countries(it["places"])


def names(item: Mapping) -> set[str]:
    """The people (surnames) and places an event names, as ``common_names`` counts them."""
    return item["people"] | item["places"]


def common_limit(events: int) -> int:
    """How many events may name a person or place before it is common, for an index of ``events`` events."""
    return max(COMMON_MIN, int(COMMON_SHARE * min(events, COMMON_CAP)))


def common_names(items: Iterable[Mapping]) -> frozenset[str]:
    """People and places named by too many events to identify a happening by themselves."""
    counts: Counter[str] = Counter()
    total = 0
    for it in items:
        total += 1
        counts.update(names(it))
    limit = common_limit(total)
    return frozenset(n for n, c in counts.items() if c > limit)


# dates precise enough to compare across precisions: a day inside a week or a range can be the same happening
FINE = ("day", "range", "week")


def _interval(row) -> tuple[date, date] | None:
    """First and last day a fine event's date covers; None for coarser ones."""
    if row["precision"] not in FINE:
        return None
    try:
        first = date.fromisoformat(row["date"])
        if row["precision"] == "week":
            return first, first + timedelta(days=6)
        last = date.fromisoformat(row["end_date"]) if row["precision"] == "range" and row["end_date"] else first
    except ValueError:
        return None
    return first, last


def _one_day_told(a: Mapping, b: Mapping) -> bool:
    """Two sentences of one article on one day led by the same person ("Trump suggested on Sunday ...",
    "Trump's comments on Sunday ..."), or naming the same kind of happening with no other person leading
    ("Talks Monday in Riyadh ...", "the talks had ended"): one happening told in parts. Statements of
    different people that day ("Ushakov also said on Thursday") stay apart."""
    if a["article"] != b["article"]:
        return False
    if a["lead"] and a["lead"] == b["lead"]:
        return True
    return (not a["lead"] or not b["lead"]) and bool(a["words"] & b["words"] & _vocabulary()[1])


def _one_telling(a: Mapping, b: Mapping) -> bool:
    """Two sentences of one article, dated at different precisions, that name the same kind of happening
    ("came to Moscow on January 22-23 ... the meeting" and "late on Thursday ... arrived for the talks")."""
    return a["article"] == b["article"] and bool(a["words"] & b["words"] & _vocabulary()[1])


def _contains(outer: tuple[date, date], inner: tuple[date, date]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def item(row: Mapping, computed: list | None = None) -> dict:
    """What grouping compares of one event row (article_id, date, precision, end_date, text, start, people and
    places as lists); ``canon`` orders events the same whatever order they were stored in. ``computed``: its
    content words and counts as computed before (``[words, numbers]``), not computed again."""
    people = _surnames(row["people"])
    words, counts = (set(computed[0]), set(computed[1])) if computed else (content_words(row["text"]),
                                                                           numbers(row["text"]))
    found = {
        "article": row["article_id"],
        "key": (row["date"], row["precision"]),
        "interval": _interval(row),
        "people": people,
        "lead": next(iter(_surnames(row["people"][:1])), None),  # the first person named: who leads it
        "places": set(row["places"]),
        "words": words,
        "numbers": counts,
        "canon": (row["date"], row["precision"], row.get("end_date") or "", row["article_id"],
                  row.get("start") or 0, row.get("end") or 0, row["text"]),
    }
    found["wording"] = _wording(found)
    found["sides"] = _countries(found["places"])
    return found


class BucketIndex:
    """The events of one date bucket (``items`` under their ``ids``), looked up by what a partner must share with
    them (see the module's notes)."""

    def __init__(self, items: Sequence[Mapping], ids: Sequence, common: frozenset[str]) -> None:
        self.item_of = dict(zip(ids, items))
        self.common = common
        self.day = bool(items) and items[0]["key"][1] == "day"
        self.postings: dict[str, list] = defaultdict(list)
        for i, it in zip(ids, items):
            for key in _keys(it):
                self.postings[key].append(i)

    def candidates(self, it: Mapping, common: frozenset[str]) -> set:
        """Ids of the events that can tell one happening with ``it`` (a superset), given the names common to
        both buckets; ``it`` itself may be among them."""
        found: set = set()
        post = self.postings
        for p in it["people"] - common:
            found.update(post.get("p:" + p, ()))
        for p in it["places"] - common:
            found.update(post.get("l:" + p, ()))
        for n in it["numbers"]:
            found.update(post.get("n:" + n, ()))
        found.update(post.get("a:" + it["article"], ()))
        for x, y in combinations(sorted(it["people"] & common), 2):  # two shared people, both common
            found.update(post.get(f"pp:{x}|{y}", ()))
        # any |W| - ceil(t|W|) + 1 of an event's words meet every event sharing a share t of them: the rarest
        words = sorted(it["wording"], key=lambda w: (len(post.get("w:" + w, ())), w))
        for w in words[: len(words) - math.ceil(_WORDS_ALONE * len(words)) + 1]:
            found.update(post.get("w:" + w, ()))
        return found


def _keys(it: Mapping) -> set[str]:
    keys = {"p:" + p for p in it["people"]} | {"l:" + p for p in it["places"]} | {"n:" + n for n in it["numbers"]}
    keys |= {"w:" + w for w in it["wording"]}
    keys.add("a:" + it["article"])
    keys |= {f"pp:{x}|{y}" for x, y in combinations(sorted(it["people"]), 2)}
    return keys


def join_bucket(index: BucketIndex, groups: DisjointSets, loose: Iterable, scope: set | None = None) -> None:
    """Join in ``groups`` every pair of the bucket that tells one happening and has an end in ``loose``; with
    ``scope``, only partners within it (the others are known not to tell the same happening)."""
    item_of, day, common = index.item_of, index.day, index.common
    for i in loose:
        a = item_of[i]
        for j in index.candidates(a, common):
            if j == i or (scope is not None and j not in scope) or groups.find(i) == groups.find(j):
                continue
            b = item_of[j]
            if same_event(a, b, day, common) or (day and _one_day_told(a, b)):
                groups.union(i, j)


def fine_partners(i, a: Mapping, indexes: Iterable[BucketIndex], a_common: frozenset[str]) -> Iterator:
    """Ids of the fine events of ``indexes`` that ``a`` (id ``i``) joins in the second pass when their groups
    allow: one's dates hold the other's, the dates differ, and they tell one happening."""
    for index in indexes:
        common = a_common | index.common
        for j in index.candidates(a, common):
            b = index.item_of[j]
            if j == i or a["key"] == b["key"] or not b["interval"]:
                continue
            if not (_contains(a["interval"], b["interval"]) or _contains(b["interval"], a["interval"])):
                continue
            if same_event(a, b, False, common) or _one_telling(a, b):
                yield j


def fine_order(item_of: Mapping) -> list:
    """Ids of fine events in the order the second pass takes them: by their dates, then ``canon``."""
    return sorted((i for i, it in item_of.items() if it["interval"]),
                  key=lambda i: (item_of[i]["interval"], item_of[i]["canon"]))


def join_fine(order: Sequence, item_of: Mapping, pairs: Iterable[tuple], groups: DisjointSets) -> None:
    """The second pass: ``order`` from ``fine_order``, ``pairs`` the id pairs ``fine_partners`` accepts, ``groups``
    holding the first pass's groups. Pairs are taken in date order; a pair joins unless the two groups would
    then hold two different days."""
    position = {i: x for x, i in enumerate(order)}
    days: dict = {}
    for i in order:
        if item_of[i]["key"][1] == "day":
            days.setdefault(groups.find(i), set()).add(item_of[i]["key"][0])
    for _, _, i, j in sorted({(*sorted((position[a], position[b])), a, b) for a, b in pairs}):
        root_i, root_j = groups.find(i), groups.find(j)
        if root_i == root_j:
            continue
        joined = days.get(root_i, set()) | days.get(root_j, set())
        if len(joined) <= 1:
            days[groups.union(i, j)] = joined


class FineDays:
    """Which fine buckets cover each day: the buckets whose dates can hold, or be held by, a given interval."""

    def __init__(self) -> None:
        self.by_day: dict[date, set] = defaultdict(set)

    def add(self, key, interval: tuple[date, date]) -> None:
        for n in range((interval[1] - interval[0]).days + 1):
            self.by_day[interval[0] + timedelta(days=n)].add(key)

    def over(self, interval: tuple[date, date]) -> set:
        keys: set = set()
        for n in range((interval[1] - interval[0]).days + 1):
            keys |= self.by_day.get(interval[0] + timedelta(days=n), set())
        return keys


def group(item_of: Mapping, common: frozenset[str]) -> dict:
    """Every event's groups, all compared at once: id -> (its date bucket group's first id, its entry's first id),
    first in ``canon`` order."""
    buckets: dict[tuple[str, str], list] = defaultdict(list)
    for i, it in item_of.items():
        buckets[it["key"]].append(i)
    indexes = {key: BucketIndex([item_of[i] for i in members], members, common) for key, members in buckets.items()}
    groups = DisjointSets(item_of)
    fine_days = FineDays()
    for key, index in indexes.items():
        join_bucket(index, groups, buckets[key])
        if item_of[buckets[key][0]]["interval"]:
            fine_days.add(key, item_of[buckets[key][0]]["interval"])
    first = {i: lead(item_of, groups.group(i)) for i in item_of}
    order = fine_order(item_of)
    pairs = [
        (i, j)
        for i in order
        for j in fine_partners(i, item_of[i], [indexes[k] for k in sorted(fine_days.over(item_of[i]["interval"]))],
                               common)
    ]
    join_fine(order, item_of, pairs, groups)
    return {i: (first[i], lead(item_of, groups.group(i))) for i in item_of}


def lead(item_of: Mapping, members: Iterable):
    """The first of ``members`` in ``canon`` order (the id the group is known by)."""
    return min(members, key=lambda i: (item_of[i]["canon"], i))


def assign(events: list[Mapping]) -> list[int]:
    """For each event, the index of the first event of its group: the same date at the same precision
    and the same happening, or a day, range or week that holds another's date and tells the same happening.

    ``events``: mappings with article_id, date, precision, end_date, text, people and places (lists).
    """
    item_of = {i: item(r) for i, r in enumerate(events)}
    grouped = group(item_of, common_names(item_of.values()))
    return [grouped[i][1] for i in range(len(events))]
