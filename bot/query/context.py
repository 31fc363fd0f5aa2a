"""What every command reads: the repository plus small in-memory caches.

The caches (people, article metadata, indexed vocabulary) are loaded on first
use and dropped by ``invalidate()`` after each indexing run, so commands stay
fast in a warm process without serving stale data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from bot.models import Citation
from bot.query.terms import Vocabulary
from bot.settings import Settings
from bot.store.repository import Repository


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    affiliation: str | None
    is_org: bool
    keys: tuple[str, ...]
    mentions: int


@dataclass(frozen=True)
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
        return Citation(article_id=self.id, title=self.title, outlet=self.outlet, published=self.published, url=self.url)


class Context:
    def __init__(self, repo: Repository, settings: Settings | None = None) -> None:
        self.repo = repo
        self.settings = settings or Settings()

    def refresh(self) -> None:
        """Drop the caches when the index changed since they were filled (another process may have indexed)."""
        generation = self.repo.generation()
        if generation != self.__dict__.get("_generation"):
            self.invalidate()
            self._generation = generation

    def invalidate(self) -> None:
        for name in ("persons", "persons_by_id", "articles", "vocabulary", "stories", "sentence_count"):
            self.__dict__.pop(name, None)

    @cached_property
    def persons(self) -> list[PersonRow]:
        rows = self.repo.query("SELECT * FROM persons ORDER BY mentions DESC, name, id")
        return [
            PersonRow(
                r["id"],
                r["name"],
                tuple(json.loads(r["aliases"])),
                tuple(json.loads(r["roles"])),
                r["affiliation"],
                bool(r["is_org"]),
                tuple(json.loads(r["keys"])),
                r["mentions"],
            )
            for r in rows
        ]

    @cached_property
    def persons_by_id(self) -> dict[int, PersonRow]:
        return {p.id: p for p in self.persons}

    @cached_property
    def articles(self) -> dict[str, ArticleMeta]:
        rows = self.repo.query(
            "SELECT id, title, outlet, published, anchor, published_earliest, published_latest, story_id, url"
            " FROM articles ORDER BY id"
        )
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

    @cached_property
    def stories(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for meta in self.articles.values():
            groups.setdefault(meta.story, []).append(meta.id)
        return groups

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.repo.fulltext.term_counts())

    @cached_property
    def sentence_count(self) -> int:
        """How many sentences are indexed (the N of a word's rarity)."""
        rows = self.repo.query("SELECT COUNT(*) AS n FROM sentences")
        return int(rows[0]["n"]) if rows else 0
