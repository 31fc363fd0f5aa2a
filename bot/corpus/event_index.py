"""Timeline entries kept up to date one article at a time (the grouping itself: ``bot.corpus.event_groups``).

What an article stored or removed can change, and how it is found:

* its events' date buckets: within a bucket, a new event is compared with the events it can tell one happening
  with (``BucketIndex``); the groups its removed events were in are taken apart and their members compared
  among themselves only (they were linked to nothing outside their group before, and nothing about them changed);
* a person or place turning common or rare (``common_names``, kept in meta): the groups of the events naming it
  are taken apart the same way;
* the second pass (days, ranges and weeks holding one another): taken again over the connected part of the
  index it can reach, its events' partners found in the buckets whose dates overlap theirs, in the same order
  as over the whole index.

Groups are known by their first event in ``canon`` order, so the result is the one grouping every event at
once gives (``refresh`` with ``full`` does that), whatever order the articles came in.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import timedelta

from bot.corpus.event_groups import (
    BucketIndex,
    FineDays,
    common_limit,
    fine_order,
    fine_partners,
    group,
    item,
    join_bucket,
    join_fine,
    lead,
    names,
)
from bot.disjoint_sets import DisjointSets
from bot.store.corpus_rows import CorpusRows, CorpusWrites

# a fine event's partners lie in buckets that start at most this long before it (a week; ranges are found by
# their own dates)
_WEEK = timedelta(days=6)


def _item(row) -> dict:
    return item({**dict(row), "people": json.loads(row["people"]), "places": json.loads(row["places"])},
                json.loads(row["features"]) if row["features"] else None)


def _features(it: dict) -> str:
    """What ``item`` computes from an event's text, as stored (``events.features``), so that reading a bucket
    again does not compute it again."""
    return json.dumps([sorted(it["words"]), sorted(it["numbers"])], separators=(",", ":"))


class _Buckets:
    """Date buckets read from the index, with their events' features, lookups and first-pass groups."""

    def __init__(self, rows: CorpusRows, common: frozenset[str]) -> None:
        self.rows = rows
        self.common = common
        self.item_of: dict[int, dict] = {}
        self.stored: dict[int, tuple] = {}  # id -> (date group, group) as stored
        self.members: dict[tuple, list[int]] = {}
        self.index: dict[tuple, BucketIndex] = {}
        self.first: dict[int, int] = {}  # id -> its date group (the first pass's), once known

    def add_rows(self, found) -> None:
        for r in found:
            if r["id"] not in self.item_of:
                self.item_of[r["id"]] = _item(r)
                self.stored[r["id"]] = (r["date_group"], r["group_id"])

    def load(self, key: tuple) -> list[int]:
        if key not in self.members:
            self.add_rows(self.rows.events_in_bucket(key))
            ids = sorted(i for i, it in self.item_of.items() if it["key"] == key)
            self.members[key] = ids
            self.index[key] = BucketIndex([self.item_of[i] for i in ids], ids, self.common)
        return self.members[key]


def refresh(rows: CorpusRows, writes: CorpusWrites, articles: set[str], pending: Mapping[str, set[str]],
            full: bool) -> set[int]:
    """Group again what the stored or removed ``articles`` (and ``pending``: the groups, buckets their removed
    events were in) can change, and add the events whose groups changed to ``writes``; returns the ids of the
    timeline entries (groups) that changed, before and after."""
    if full:
        return _everything(rows, writes)
    new_rows = rows.events_of(articles)
    new_items = {r["id"]: _item(r) for r in new_rows}
    unnamed = set(new_items) - rows.named_events(new_items)
    rows.add_event_names([(n, i) for i in sorted(unnamed) for n in sorted(names(new_items[i]))],
                         [(_features(new_items[i]), i) for i in sorted(unnamed)])
    common, flipped = _common(rows, writes, new_items.values())
    buckets = _Buckets(rows, common)
    buckets.add_rows(new_rows)
    new = set(new_items)

    # the first pass: buckets of new events, of groups taken apart, of events naming a name that flipped
    naming = set(rows.events_naming(flipped)) if flipped else set()
    apart_dates = {int(k) for k in pending.get("date_group", ())}
    apart_groups = {int(k) for k in pending.get("event_group", ())}
    flagged = rows.events_by_ids(naming)
    buckets.add_rows(flagged)
    apart_dates |= {r["date_group"] for r in flagged if r["date_group"] is not None}
    apart_groups |= {r["group_id"] for r in flagged if r["group_id"] is not None}
    in_apart = rows.events_in_groups("date_group", apart_dates)
    buckets.add_rows(in_apart)
    touched = {it["key"] for it in new_items.values()} | {tuple(k.split("|", 1)) for k in pending.get("bucket", ())}
    touched |= {(r["date"], r["precision"]) for r in (*flagged, *in_apart)}
    changed_first: set[int] = set()
    for key in sorted(touched):
        ids = buckets.load(key)
        if not ids:
            continue
        loose = {i for i in ids if i in new or buckets.stored[i][0] is None}
        taken_apart = {i for i in ids if buckets.stored[i][0] in apart_dates and i not in loose}
        groups = DisjointSets(ids)
        by_stored: dict[int, int] = {}
        for i in ids:
            if i in loose or i in taken_apart:
                continue
            g = buckets.stored[i][0]
            if g in by_stored:
                groups.union(by_stored[g], i)
            else:
                by_stored[g] = i
        index = buckets.index[key]
        join_bucket(index, groups, sorted(loose))
        join_bucket(index, groups, sorted(taken_apart), scope=taken_apart)
        leads: dict[int, int] = {}
        for i in ids:
            root = groups.find(i)
            if root not in leads:
                leads[root] = lead(buckets.item_of, groups.group(root))
            buckets.first[i] = leads[root]
            if buckets.first[i] != buckets.stored[i][0]:
                changed_first.add(i)

    # the second pass, over the part of the index its changes reach
    seeds = {i for i in changed_first if buckets.item_of[i]["interval"]}
    seeds |= {i for i in new if buckets.item_of[i]["interval"]}
    for r in rows.events_in_groups("group_id", apart_groups):
        buckets.add_rows([r])
        seeds.add(r["id"])
    region, pairs = _region(rows, buckets, seeds)
    final: dict[int, int] = {}
    if region:
        for i in region:
            _first_of(buckets, i)
        groups = DisjointSets(sorted(region))
        by_first: dict[int, int] = {}
        for i in sorted(region):
            f = buckets.first[i]
            if f in by_first:
                groups.union(by_first[f], i)
            else:
                by_first[f] = i
        item_of = {i: buckets.item_of[i] for i in region}
        join_fine(fine_order(item_of), item_of, [p for p in pairs if p[0] in region and p[1] in region], groups)
        leads = {}
        for i in region:
            root = groups.find(i)
            if root not in leads:
                leads[root] = lead(buckets.item_of, groups.group(root))
            final[i] = leads[root]
    for key in touched:
        for i in buckets.members.get(key, ()):
            if not buckets.item_of[i]["interval"]:
                final[i] = buckets.first[i]
            elif i not in final:  # a fine event the second pass did not reach: its entry stands
                final[i] = buckets.stored[i][1] if buckets.stored[i][1] is not None else buckets.first[i]
    entries = {int(k) for k in pending.get("event_group", ())}  # removed events' entries
    for i, g in sorted(final.items()):
        f = _first_of(buckets, i)
        if (f, g) != buckets.stored[i]:
            writes.event_groups.append((f, g, i))
            entries.add(g)
            if buckets.stored[i][1] is not None:
                entries.add(buckets.stored[i][1])
    return entries


def _first_of(buckets: _Buckets, i: int) -> int:
    if i not in buckets.first:
        buckets.load(buckets.item_of[i]["key"])
        stored = buckets.stored[i][0]
        buckets.first[i] = stored if stored is not None else i
    return buckets.first[i]


def _region(rows: CorpusRows, buckets: _Buckets, seeds: set[int]) -> tuple[set[int], set[tuple[int, int]]]:
    """The fine events the second pass must take again, from ``seeds``: closed under partners (in buckets whose
    dates overlap), first-pass groups and stored entries; and the partner pairs among them."""
    region: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    frontier = sorted(seeds)
    loaded_days = FineDays()
    known: set[tuple] = set()
    windows: dict[tuple, list] = {}
    while frontier:
        following: set[int] = set()
        wanted_groups: set[int] = set()
        for i in frontier:
            it = buckets.item_of[i]
            interval = it["interval"]
            if i in region or not interval:  # a coarser event: the second pass never takes it
                continue
            region.add(i)
            first, last = interval
            if interval not in windows:
                windows[interval] = rows.fine_buckets(first.isoformat(), last.isoformat(), (first - _WEEK).isoformat())
            for r in windows[interval]:
                key = (r["date"], r["precision"])
                if key not in known:
                    known.add(key)
                    ids = buckets.load(key)
                    if ids and buckets.item_of[ids[0]]["interval"]:
                        loaded_days.add(key, buckets.item_of[ids[0]]["interval"])
            indexes = [buckets.index[k] for k in sorted(loaded_days.over(interval))]
            for j in fine_partners(i, it, indexes, buckets.common):
                pairs.add((i, j) if i < j else (j, i))
                following.add(j)
            key = it["key"]
            f = _first_of(buckets, i)
            following.update(m for m in buckets.members[key] if _first_of(buckets, m) == f)
            stored_group = buckets.stored[i][1]
            if stored_group is not None:
                wanted_groups.add(stored_group)
        if wanted_groups:
            found = rows.events_in_groups("group_id", wanted_groups)
            buckets.add_rows(found)
            following.update(r["id"] for r in found)
        frontier = sorted(following - region)
    return region, pairs


def _common(rows: CorpusRows, writes: CorpusWrites, new_items: Iterable[Mapping]) -> tuple[frozenset[str], set[str]]:
    """The names common to the index's events now, and those that turned common or rare since last time."""
    limit = common_limit(rows.event_count())
    stored = rows.common_names()
    if stored is None:
        common = frozenset(rows.names_counted(limit))
        writes.common_names = {"names": sorted(common), "limit": limit}
        return common, set()
    before, old_limit = frozenset(stored[0]), stored[1]
    check = set(before) | {n for it in new_items for n in names(it)}
    counts = rows.name_counts(check)
    if limit != old_limit:
        counts.update(rows.names_counted(min(limit, old_limit), max(limit, old_limit)))
    common = frozenset(n for n, c in counts.items() if c > limit)  # a name counted nowhere now is rare
    flipped = set(before ^ common)
    if common != before or limit != old_limit:
        writes.common_names = {"names": sorted(common), "limit": limit}
    return common, flipped


def _everything(rows: CorpusRows, writes: CorpusWrites) -> set[int]:
    """Every event grouped at once (an index whose steps' code changed, or a first run)."""
    every = rows.repo.query(CorpusRows._EVENT)
    item_of = {r["id"]: _item({**dict(r), "features": None}) for r in every}  # computed anew by this code
    rows.clear_event_names()
    rows.add_event_names([(n, i) for i in sorted(item_of) for n in sorted(names(item_of[i]))],
                         [(_features(item_of[i]), i) for i in sorted(item_of)])
    limit = common_limit(len(item_of))
    common = frozenset(rows.names_counted(limit))
    writes.common_names = {"names": sorted(common), "limit": limit}
    grouped = group(item_of, common)
    entries = set()
    for r in every:
        f, g = grouped[r["id"]]
        if (f, g) != (r["date_group"], r["group_id"]):
            writes.event_groups.append((f, g, r["id"]))
            entries |= {g, r["group_id"]} - {None}
    return entries
