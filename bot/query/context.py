"""What every command reads: the repository plus in-memory caches.

The caches (people and their name index, article metadata, stories, the indexed vocabulary, the timeline
entries read lately: ``bot.query.event_rows``) are loaded on first use. After an index change (a new generation,
made by this process or another) they are not dropped but brought up to date: each generation records what it
changed (``index_changes``: articles, persons, timeline entries, indexed terms), and ``refresh`` reads those again
and builds new caches beside the old, sharing what did not change, then puts them in place together. A generation
that did not record its changes (other code, or too far behind) reloads them all.
"""
from __future__ import annotations

import gc
import json
import sys
import threading
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import cached_property, lru_cache, wraps

from bot.models import Citation
from bot.query.terms import Vocabulary
from bot.settings import Settings
from bot.store.repository import Repository


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    affiliation: str | None
    is_org: bool
    keys: tuple[str, ...]
    mentions: int


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    id: str
    title: str
    outlet: str | None
    published: str | None  # stated date, or the inferred anchor
    inferred: bool
    earliest: str | None
    latest: str | None
    story: str
    url: str | None = None

    def citation(self) -> Citation:
        """This article as a source an answer cites (title, outlet, date and the link when known)."""
        return _citation(self)


@lru_cache(maxsize=1 << 17)  # a frozen model, made once for an article cited over and over (a new meta: a new one)
def _citation(meta: ArticleMeta) -> Citation:
    return Citation(article_id=meta.id, title=meta.title, outlet=meta.outlet, published=meta.published, url=meta.url)


def settled(load):
    """A cache loader whose result is kept for the life of an index generation: once loaded, every object alive is
    moved out of the garbage collector's generations (``gc.freeze``), so that a full collection, which a large load
    sets off, does not walk hundreds of thousands of cached people and articles in the middle of an answer."""

    @wraps(load)
    def loaded(*args, **kwargs):
        value = load(*args, **kwargs)
        gc.freeze()
        return value

    return loaded


def _person_order(p: PersonRow) -> tuple:
    return (-p.mentions, p.name, p.id)


# The garbage collector's young generation collected every 100,000 allocations, not 700: an answer over thousands
# of timeline entries or quotes makes hundreds of thousands of objects, and collecting them every 700 made a /timeline
# at 100,000 articles half as slow again (bench/scale.py). Cached objects are frozen (``settled``) besides.
GC_THRESHOLDS = (100_000, 50, 100)


class Context:
    def __init__(self, repo: Repository, settings: Settings | None = None) -> None:
        self.repo = repo
        self.settings = settings or Settings()
        self._lock = threading.Lock()
        if gc.get_threshold()[0] < GC_THRESHOLDS[0]:
            gc.set_threshold(*GC_THRESHOLDS)

    def refresh(self) -> None:
        """Bring the caches up to date when the index changed since they were filled (another process may have
        indexed): what changed is read again, the rest kept, and the new caches put in place together. While
        another thread does it, this one answers from the caches as they stand rather than wait."""
        generation = self.repo.generation()
        if generation == self.__dict__.get("_generation") or not self._lock.acquire(blocking=False):
            return
        try:
            known = self.__dict__.get("_generation")
            if generation == known:
                return
            changes = self.repo.changes_between(known, generation) if known is not None else None
            if changes is None:
                self.invalidate()
            else:
                self.__dict__.update(settled(self._updated)(changes))
                self.__dict__.pop("sentence_count", None)  # one COUNT(*) when next asked
            self._generation = generation
        finally:
            self._lock.release()

    def invalidate(self) -> None:
        for name in ("persons", "persons_by_id", "articles", "vocabulary", "stories", "person_index",
                     "timeline_entries", "sentence_count"):
            self.__dict__.pop(name, None)

    def _updated(self, changes: dict[str, set[str]]) -> dict:
        """The loaded caches with ``changes`` applied: new objects, to be put in place together."""
        new: dict = {}
        loaded = self.__dict__
        articles = loaded.get("articles")
        changed_articles = changes.get("article", set())
        if articles is not None and changed_articles:
            new["articles"] = articles = self._articles_with(articles, changed_articles)
            if "stories" in loaded:
                new["stories"] = self._stories_with(loaded["stories"], loaded["articles"], articles, changed_articles)
        persons = loaded.get("persons")
        changed_persons = {int(k) for k in changes.get("person", ())}
        if persons is not None and changed_persons:
            fresh = self._person_rows(changed_persons)
            persons = list(persons)
            by_id = dict(loaded.get("persons_by_id") or {p.id: p for p in persons})
            for pid in changed_persons:
                old = by_id.pop(pid, None)
                if old is not None:
                    at = bisect_left(persons, _person_order(old), key=_person_order)
                    del persons[at]
            for p in fresh:
                insort(persons, p, key=_person_order)
                by_id[p.id] = p
            new["persons"], new["persons_by_id"] = persons, by_id
            if "person_index" in loaded:
                new["person_index"] = (persons, loaded["person_index"][1].patched(changed_persons - {p.id for p in fresh},
                                                                                   fresh))
        if "timeline_entries" in loaded:
            from bot.query.event_rows import changed_entries

            entries = changed_entries(self, (int(k) for k in changes.get("entry", ())), changed_articles)
            new["timeline_entries"] = loaded["timeline_entries"].without(entries)
        if "vocabulary" in loaded and changes.get("term"):
            vocabulary = loaded["vocabulary"]
            # a term already in many sentences keeps its count: one article moves its weight by a hair, and
            # counting it again reads its whole posting list (most of a second for a few hundred common words
            # at 100,000 articles); new, rare and vanishing terms are counted exactly
            recount = {t for t in changes["term"] if vocabulary.counts.get(t, 0) < RECOUNT_BELOW}
            new["vocabulary"] = vocabulary.patched(self.repo.fulltext.term_counts(recount), recount)
        return new

    def _person_rows(self, ids) -> list[PersonRow]:
        return [_person(r) for r in self.repo.query_in("SELECT * FROM persons WHERE id IN ({marks})", sorted(ids))]

    def _articles_with(self, articles: dict[str, ArticleMeta], ids: set[str]) -> dict[str, ArticleMeta]:
        """``articles`` with ``ids`` read again (gone when removed): a new article goes last (readers that list
        them sort by id), so the cost is a copy of the mapping, not a sort."""
        ids = sorted(ids)
        fresh = _articles(self.repo.query_in(_ARTICLES + " WHERE id IN ({marks})", ids))
        gone = [i for i in ids if i in articles and i not in fresh]
        out = {**articles, **fresh}
        for i in gone:
            del out[i]
        return out

    @staticmethod
    def _stories_with(stories: dict[str, list[str]], before: dict[str, ArticleMeta], after: dict[str, ArticleMeta],
                      ids: set[str]) -> dict[str, list[str]]:
        out = dict(stories)
        touched = {before[i].story for i in ids if i in before} | {after[i].story for i in ids if i in after}
        for story in touched:
            members = [m for m in out.get(story, []) if m not in ids]
            members += [i for i in ids if i in after and after[i].story == story]
            if members:
                out[story] = sorted(members)
            else:
                out.pop(story, None)
        return out

    @cached_property
    @settled
    def persons(self) -> list[PersonRow]:
        persons = [_person(r) for r in _paged(self.repo, "SELECT * FROM persons")]
        persons.sort(key=_person_order)
        return persons

    @cached_property
    @settled
    def persons_by_id(self) -> dict[int, PersonRow]:
        return {p.id: p for p in self.persons}

    @cached_property
    @settled
    def articles(self) -> dict[str, ArticleMeta]:
        return _articles(_paged(self.repo, _ARTICLES))

    @cached_property
    @settled
    def stories(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for meta in self.articles.values():
            groups.setdefault(meta.story, []).append(meta.id)
        for members in groups.values():
            members.sort()
        return groups

    @cached_property
    @settled
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.repo.fulltext.term_counts())

    @cached_property
    def sentence_count(self) -> int:
        """How many sentences are indexed (the N of a word's rarity)."""
        rows = self.repo.query("SELECT COUNT(*) AS n FROM sentences")
        return int(rows[0]["n"]) if rows else 0

_ARTICLES = ("SELECT id, title, outlet, published, anchor, published_earliest, published_latest, story_id, url"
             " FROM articles")


PAGE = 5000
RECOUNT_BELOW = 2000  # sentences: a term in more keeps its count when the index changes (Context._updated)


def _paged(repo: Repository, select: str):
    """The rows of ``select`` (over a table with an ``id`` key), in id order, read a page at a time: a whole table
    read at once would sit in memory beside what is made of it, and leave the process that much larger after."""
    last = None
    while True:
        rows = repo.query(select + (" WHERE id > ?" if last is not None else "") + f" ORDER BY id LIMIT {PAGE}",
                          () if last is None else (last,))
        yield from rows
        if len(rows) < PAGE:
            return
        last = rows[-1]["id"]


def _articles(rows) -> dict[str, ArticleMeta]:
    return {
        r["id"]: ArticleMeta(
            r["id"],
            r["title"],
            r["outlet"],
            r["published"] or r["anchor"],
            r["published"] is None,
            r["published_earliest"],
            r["published_latest"],
            r["story_id"] or r["id"],
            r["url"],
        )
        for r in rows
    }


def _person(r) -> PersonRow:
    # roles, affiliations and keys recur over many people: each string kept once
    return PersonRow(
        r["id"],
        r["name"],
        tuple(json.loads(r["aliases"])),
        tuple(map(sys.intern, json.loads(r["roles"]))),
        sys.intern(r["affiliation"]) if r["affiliation"] else r["affiliation"],
        bool(r["is_org"]),
        tuple(map(sys.intern, json.loads(r["keys"]))),
        r["mentions"],
    )
