"""The feeds followed, the entries seen in each, and the web pages indexed (schema 10; ``bot.sources``).

A feed row holds its HTTP state (ETag, Last-Modified, the hash of the last
body), its health (last success, last error with the status, failures in a
row, next poll) and, once disabled, why. Entries are remembered per feed by
key; web pages by canonical URL, with the hash of their text, so one article
reached twice (two feeds, a tracking-parameter variant, a changed guid, a copy
under another URL) is indexed once.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from bot.store.backend import Row
from bot.store.repository import Repository

__all__ = ["FeedStore", "FeedRow", "DuplicateFeed"]


class DuplicateFeed(Exception):
    pass


@dataclass(frozen=True)
class FeedRow:
    id: int
    url: str
    title: str | None
    added_at: float
    added_by: str | None
    platform: str | None
    workspace: str | None
    channel: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_success: float | None
    last_attempt: float | None
    last_status: int | None
    last_error: str | None
    failures: int
    next_poll: float
    disabled: str | None
    told: int
    polls: int

    @classmethod
    def of(cls, row: Row) -> "FeedRow":
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


class FeedStore:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    # ---- feeds -------------------------------------------------------------

    def add(self, url: str, title: str | None, added_by: str | None = None, platform: str | None = None,
            workspace: str | None = None, channel: str | None = None) -> FeedRow:
        now = time.time()
        with self.repo.transaction() as c:
            if c.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                raise DuplicateFeed(url)
            c.execute(
                "INSERT INTO feeds(url, title, added_at, added_by, platform, workspace, channel, next_poll)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (url, title, now, added_by, platform, workspace, channel, 0.0),
            )
        return self.by_url(url)

    def by_url(self, url: str) -> FeedRow | None:
        rows = self.repo.query("SELECT * FROM feeds WHERE url = ?", (url,))
        return FeedRow.of(rows[0]) if rows else None

    def get(self, feed_id: int) -> FeedRow | None:
        rows = self.repo.query("SELECT * FROM feeds WHERE id = ?", (feed_id,))
        return FeedRow.of(rows[0]) if rows else None

    def all(self, workspace: str | None = None) -> list[FeedRow]:
        """Every feed by number; ``workspace``: only those added in that Slack team / Discord guild."""
        if workspace is None:
            rows = self.repo.query("SELECT * FROM feeds ORDER BY id")
        else:
            rows = self.repo.query("SELECT * FROM feeds WHERE workspace = ? ORDER BY id", (workspace,))
        return [FeedRow.of(r) for r in rows]

    def due(self, now: float) -> list[FeedRow]:
        rows = self.repo.query(
            "SELECT * FROM feeds WHERE disabled IS NULL AND next_poll <= ? ORDER BY next_poll, id", (now,)
        )
        return [FeedRow.of(r) for r in rows]

    def remove(self, feed_id: int) -> None:
        with self.repo.transaction() as c:
            c.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed_id,))
            c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))

    def update(self, feed_id: int, **values) -> None:
        if not values:
            return
        names = ", ".join(f"{k} = ?" for k in values)
        with self.repo.transaction() as c:
            c.execute(f"UPDATE feeds SET {names} WHERE id = ?", (*values.values(), feed_id))

    def move(self, feed_id: int, url: str) -> bool:
        """A permanent redirect: the feed is polled at ``url`` from now on (False when another feed has it)."""
        with self.repo.transaction() as c:
            if c.execute("SELECT 1 FROM feeds WHERE url = ? AND id <> ?", (url, feed_id)).fetchone():
                return False
            c.execute("UPDATE feeds SET url = ?, etag = NULL, last_modified = NULL WHERE id = ?", (url, feed_id))
        return True

    # ---- entries and pages --------------------------------------------------

    def entry_keys(self, feed_id: int) -> set[str]:
        return {r["entry_key"] for r in self.repo.query("SELECT entry_key FROM feed_entries WHERE feed_id = ?",
                                                         (feed_id,))}

    def entry_titles(self, feed_id: int) -> set[str]:
        rows = self.repo.query("SELECT title FROM feed_entries WHERE feed_id = ? AND title IS NOT NULL", (feed_id,))
        return {r["title"] for r in rows}

    def record_entries(self, feed_id: int, entries: Iterable[tuple[str, str | None, str | None, str | None, str | None]]) -> None:
        """(key, canonical url, title, article id, error) of entries now seen."""
        now = time.time()
        rows = [(feed_id, key, url, title, article, error, now) for key, url, title, article, error in entries]
        if not rows:
            return
        with self.repo.transaction() as c:
            c.executemany(
                "INSERT INTO feed_entries(feed_id, entry_key, url, title, article_id, error, seen_at)"
                " VALUES (?,?,?,?,?,?,?) ON CONFLICT(feed_id, entry_key) DO UPDATE SET url = excluded.url,"
                " title = excluded.title, article_id = excluded.article_id, error = excluded.error",
                rows,
            )

    def page(self, url: str) -> Row | None:
        rows = self.repo.query("SELECT * FROM web_pages WHERE url = ?", (url,))
        return rows[0] if rows else None

    def article_with_text(self, text_hash: str) -> str | None:
        rows = self.repo.query("SELECT article_id FROM web_pages WHERE text_hash = ? LIMIT 1", (text_hash,))
        return rows[0]["article_id"] if rows else None

    def record_page(self, url: str, article_id: str, text_hash: str, etag: str | None = None,
                    last_modified: str | None = None) -> None:
        with self.repo.transaction() as c:
            c.execute(
                "INSERT INTO web_pages(url, article_id, text_hash, etag, last_modified, fetched_at) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET article_id = excluded.article_id, text_hash = excluded.text_hash,"
                " etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
                (url, article_id, text_hash, etag, last_modified, time.time()),
            )

    def articles_of(self, feed_id: int) -> int:
        rows = self.repo.query(
            "SELECT COUNT(*) AS n FROM feed_entries WHERE feed_id = ? AND article_id IS NOT NULL", (feed_id,)
        )
        return int(rows[0]["n"])

    def news_since(self, article_id: str, first_seen: float) -> None:
        """When an article counts as first seen, for digests: a backlog item of a new feed counts from its
        publication (so it is no news unless it is recent), not from when it was indexed."""
        with self.repo.transaction() as c:
            c.execute("UPDATE article_log SET first_seen = ?, changed = ? WHERE article_id = ? AND first_seen > ?",
                      (first_seen, first_seen, article_id, first_seen))
