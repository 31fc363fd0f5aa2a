"""The timeline's events, read grouped: one entry per event, every article that tells it as a source.

Entries are read from the index when asked: those of a topic through the group index (``select``), those an
article tells (``told_by``, for the digests), or all of them (a bare ``/timeline``). The entries read lately are
kept in a cache of bounded size (``EntryCache``, ``NEWSDESK_TIMELINE_CACHE`` entries), which an index change
updates by dropping the entries it touched; nothing grows with the corpus in a serving process. Entries are
ordered by date, first source and first event, so the order does not depend on when the
events were stored.
"""
from __future__ import annotations

import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from bot.models import Event
from bot.query.context import Context

# the dates of one happening told at several precisions: the finest leads the entry
_FINENESS = {"day": 0, "range": 1, "week": 2, "month": 3, "season": 4, "quarter": 5, "year": 6}
_SELECT = ("SELECT e.id, e.article_id, e.date, e.precision, e.end_date, e.text, e.start, e.people, e.places,"
           " e.planned, COALESCE(e.group_id, e.id) AS gid FROM events e")


class Group:
    """One timeline entry: its id, its fields (date, precision, end date, text, people, places, sources, planned), its
    event with its citations (made when first asked for, then kept) and its first event (date, article, start, ...),
    which orders ties."""

    __slots__ = ("id", "first", "fields", "_cited")

    def __init__(self, gid: int, fields: tuple, first: tuple = ()) -> None:
        self.id, self.fields, self.first = gid, fields, first
        self._cited: Event | None = None

    @property
    def event(self) -> Event:
        return self._made(())

    def _made(self, citations) -> Event:
        date, precision, end_date, text, people, places, sources, planned = self.fields
        return Event.model_construct(date=date, precision=precision, end_date=end_date, text=text, people=list(people),
                                     places=list(places), sources=list(sources), planned=planned,
                                     citations=list(citations))

    @property
    def sources(self) -> tuple[str, ...]:
        return self.fields[6]

    def cited(self, articles: Mapping) -> Event:
        """The event with a citation of each of its sources (``articles``: the context's metadata, the same for
        the life of the entry: an index change that changes an article's metadata drops its entries), made once
        (a frozen model, shared by the answers that show it)."""
        if self._cited is None:
            self._cited = self._made(articles[a].citation() for a in self.fields[6] if a in articles)
        return self._cited


def order(g: Group) -> tuple:
    return (g.fields[0], g.fields[6][0], g.first)


def groups_for(ctx: Context) -> list[Group]:
    """Every entry, in timeline order: read from the index when asked (a bare /timeline; no cache holds them all:
    at 100,000 articles that would be hundreds of MB in every serving process)."""
    rows = ctx.repo.query(_SELECT + " ORDER BY e.date, e.article_id, e.start, e.id")
    return sorted(_build(rows, ctx.articles), key=order)


class EntryCache:
    """The timeline entries read lately, by id, at most ``size`` of them (the least recently used go first): a
    topic asked again is answered from memory, and memory does not grow with the index. After an index change the
    context drops the entries that changed (``without``)."""

    def __init__(self, size: int, entries: OrderedDict | None = None) -> None:
        self.size = size
        self.entries: OrderedDict[int, Group] = entries if entries is not None else OrderedDict()
        self.lock = threading.Lock()

    def take(self, ids: Iterable[int]) -> tuple[list[Group], list[int]]:
        """The cached entries of ``ids``, and the ids not cached."""
        found, missing = [], []
        with self.lock:
            for i in ids:
                g = self.entries.get(i)
                if g is None:
                    missing.append(i)
                else:
                    self.entries.move_to_end(i)
                    found.append(g)
        return found, missing

    def put(self, groups: Iterable[Group]) -> None:
        with self.lock:
            for g in groups:
                self.entries[g.id] = g
                self.entries.move_to_end(g.id)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def without(self, ids: Iterable[int]) -> EntryCache:
        """A new cache holding these entries but ``ids`` (changed: read again when next asked)."""
        with self.lock:
            kept = OrderedDict(self.entries)
        for i in ids:
            kept.pop(i, None)
        return EntryCache(self.size, kept)


def entry_cache(ctx: Context) -> EntryCache:
    cache = ctx.__dict__.get("timeline_entries")
    if cache is None:
        cache = ctx.__dict__["timeline_entries"] = EntryCache(ctx.settings.timeline_cache)
    return cache


def select(ctx: Context, ids: Iterable[int]) -> list[Group]:
    """The entries of these ids, in timeline order: from the cache, the others' events looked up through the group
    index."""
    cache = entry_cache(ctx)
    found, missing = cache.take(sorted(set(ids)))
    rows = ctx.repo.query_in(_SELECT + " WHERE e.group_id IN ({marks})", missing)
    rows += ctx.repo.query_in(_SELECT + " WHERE e.id IN ({marks}) AND e.group_id IS NULL", missing)
    rows.sort(key=lambda r: (r["date"], r["article_id"], r["start"], r["id"]))
    read = _build(rows, ctx.articles)
    cache.put(read)
    return sorted([*found, *read], key=order)


def changed_entries(ctx: Context, entries: Iterable[int], articles: Iterable[str]) -> set[int]:
    """The entries an index change touched: those it names, and those of the changed ``articles`` (an article's
    date or removal changes how its entries read)."""
    return set(entries) | _entries_of(ctx, articles)


def told_by(ctx: Context, article_ids: Iterable[str]) -> list[Group]:
    """The entries that these articles tell (each with all its sources), in timeline order."""
    return select(ctx, _entries_of(ctx, article_ids))


def _entries_of(ctx: Context, article_ids: Iterable[str]) -> set[int]:
    """The ids of the entries holding an event of these articles."""
    rows = ctx.repo.query_in("SELECT DISTINCT COALESCE(group_id, id) AS gid FROM events WHERE article_id IN ({marks})",
                             sorted(set(article_ids)))
    return {r["gid"] for r in rows}


def _build(rows, articles: Mapping) -> list[Group]:
    members: dict[int, list] = {}
    for r in rows:
        members.setdefault(r["gid"], []).append(r)
    groups: list[Group] = []
    for gid, items in members.items():
        # the finest date told as having happened, from a dated article, in a statement of some length
        lead = min(items, key=lambda r: (_FINENESS.get(r["precision"], len(_FINENESS)), bool(r["planned"]),
                                         _inferred(articles, r["article_id"]), len(r["text"]) < 40, r["article_id"]))
        people: list[str] = []
        places: list[str] = []
        for r in items:
            for name in json.loads(r["people"]):
                if name not in people and not any(name in p for p in people):
                    people.append(sys.intern(name))  # names recur over many entries: kept once
            for place in json.loads(r["places"]):
                if place not in places:
                    places.append(sys.intern(place))
        fields = (sys.intern(lead["date"]), sys.intern(lead["precision"]), lead["end_date"], lead["text"],
                  tuple(people), tuple(places), tuple(sorted({sys.intern(r["article_id"]) for r in items})),
                  all(r["planned"] for r in items))
        first = min(items, key=lambda r: (r["date"], r["article_id"], r["start"], r["precision"], r["end_date"] or "",
                                          r["text"]))
        groups.append(Group(gid, fields, (fields[0] if first is lead else sys.intern(first["date"]),
                                          sys.intern(first["article_id"]), first["start"], first["precision"],
                                          first["end_date"] or "", first["text"])))
    return groups


def _inferred(articles: Mapping, article_id: str) -> bool:
    meta = articles.get(article_id)
    return bool(meta and meta.inferred)
