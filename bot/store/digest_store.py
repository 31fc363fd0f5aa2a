"""Digest subscriptions, their posts and watermarks: every read and write of the digest tables.

The database is the coordination point between bot processes: a slot is
claimed in one write transaction (``BEGIN IMMEDIATE`` on SQLite, the advisory
write lock on PostgreSQL: bot/store/backend.py), so of two processes that
find the same slot due, one gets it and the other sees it taken. A post's life: ``claimed`` → ``posting`` (written before the platform
is called) → ``sent`` (only once the platform accepted it), or ``failed``
(retried later), ``abandoned`` (too many failures), ``uncertain`` (the
process stopped while posting: not posted again, so never twice) or
``empty`` (nothing new). The watermark moves only with ``sent`` or
``empty``, so what an abandoned or uncertain post carried is in the next one.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.store.backend import Connection, Row
from bot.store.repository import Repository

__all__ = ["DigestStore", "SubscriptionRow", "PostRow", "NewsWindow", "DuplicateSubscription"]

log = logging.getLogger(__name__)

TERMINAL = ("sent", "empty", "abandoned", "uncertain")


class DuplicateSubscription(Exception):
    def __init__(self, existing: "SubscriptionRow") -> None:
        super().__init__(f"subscription {existing.id} already covers this channel and topic")
        self.existing = existing


@dataclass(frozen=True)
class SubscriptionRow:
    id: int
    platform: str
    workspace: str
    channel: str
    channel_name: str | None
    cron: str
    tz: str
    topic: str | None
    created_by: str | None
    created_at: float
    watermark: float
    last_slot: str | None
    last_slot_at: float | None


@dataclass(frozen=True)
class PostRow:
    subscription_id: int
    slot: str
    slot_at: float
    status: str
    owner: str | None
    lease_until: float | None
    attempts: int
    next_try: float | None
    missed: int
    window_from: float | None
    window_to: float | None
    error: str | None


@dataclass(frozen=True)
class NewsWindow:
    """Article ids first seen, or changed, in (since, until]."""

    since: float
    until: float
    new: list[str]
    changed: list[str]


def _sub(r: Row) -> SubscriptionRow:
    return SubscriptionRow(**{k: r[k] for k in SubscriptionRow.__dataclass_fields__})


def _post(r: Row) -> PostRow:
    return PostRow(**{k: r[k] for k in PostRow.__dataclass_fields__})


class DigestStore:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    # ---- subscriptions --------------------------------------------------

    def subscribe(
        self,
        *,
        platform: str,
        workspace: str,
        channel: str,
        channel_name: str | None,
        cron: str,
        tz: str,
        topic: str | None,
        created_by: str | None,
        now: float,
        watermark: float,
    ) -> SubscriptionRow:
        same = (
            "SELECT * FROM digest_subscriptions WHERE platform = ? AND workspace = ? AND channel = ? AND "
            + ("topic IS NULL" if topic is None else "topic = ?")
        )
        key = (platform, workspace, channel) + (() if topic is None else (topic,))
        with self.repo.transaction() as c:
            existing = c.execute(same, key).fetchone()
            if existing:
                raise DuplicateSubscription(_sub(existing))
            c.execute(
                "INSERT INTO digest_subscriptions(platform, workspace, channel, channel_name, cron, tz, topic,"
                " created_by, created_at, watermark, last_slot, last_slot_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,NULL,?)",
                (platform, workspace, channel, channel_name, cron, tz, topic, created_by, now, watermark, now),
            )
            row = c.execute(same, key).fetchone()
        return _sub(row)

    def unsubscribe(self, subscription_id: int) -> bool:
        with self.repo.transaction() as c:
            return c.execute("DELETE FROM digest_subscriptions WHERE id = ?", (subscription_id,)).rowcount > 0

    def get(self, subscription_id: int) -> SubscriptionRow | None:
        rows = self.repo.query("SELECT * FROM digest_subscriptions WHERE id = ?", (subscription_id,))
        return _sub(rows[0]) if rows else None

    def subscriptions(
        self, platform: str | None = None, workspace: str | None = None, channel: str | None = None
    ) -> list[SubscriptionRow]:
        where, params = [], []
        for column, value in (("platform", platform), ("workspace", workspace), ("channel", channel)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT * FROM digest_subscriptions" + (" WHERE " + " AND ".join(where) if where else "")
        return [_sub(r) for r in self.repo.query(sql + " ORDER BY id", params)]

    def by_channel(self, channel: str) -> list[SubscriptionRow]:
        """Subscriptions whose channel id or name is ``channel`` ("C123", "#general", "general")."""
        name = channel if channel.startswith("#") else "#" + channel
        rows = self.repo.query(
            "SELECT * FROM digest_subscriptions WHERE channel = ? OR channel_name = ? OR platform || ':' || channel = ?"
            " ORDER BY id",
            (channel, name, channel),
        )
        return [_sub(r) for r in rows]

    # ---- posts ----------------------------------------------------------

    def post(self, subscription_id: int, slot: str) -> PostRow | None:
        rows = self.repo.query(
            "SELECT * FROM digest_posts WHERE subscription_id = ? AND slot = ?", (subscription_id, slot)
        )
        return _post(rows[0]) if rows else None

    def posts(self, subscription_id: int) -> list[PostRow]:
        rows = self.repo.query("SELECT * FROM digest_posts WHERE subscription_id = ? ORDER BY slot_at", (subscription_id,))
        return [_post(r) for r in rows]

    def open_posts(self) -> list[PostRow]:
        """Posts not finished yet: claimed, posting or failed (waiting for a retry)."""
        marks = ",".join("?" * len(TERMINAL))
        rows = self.repo.query(f"SELECT * FROM digest_posts WHERE status NOT IN ({marks}) ORDER BY slot_at", TERMINAL)
        return [_post(r) for r in rows]

    def claim(
        self, sub: SubscriptionRow, slot: str, slot_at: float, missed: int, owner: str, lease_until: float, now: float
    ) -> PostRow | None:
        """Take (subscription, slot) for ``owner``, or None when another process has it or it is done.

        A new slot is inserted; an unfinished one is taken over only when its
        lease has run out and it was not being posted (a ``posting`` row whose
        owner went away becomes ``uncertain``: it may have reached the channel).
        """
        with self.repo.transaction() as c:
            current = c.execute(
                "SELECT * FROM digest_subscriptions WHERE id = ?", (sub.id,)
            ).fetchone()
            if current is None:  # unsubscribed meanwhile
                return None
            row = c.execute(
                "SELECT * FROM digest_posts WHERE subscription_id = ? AND slot = ?", (sub.id, slot)
            ).fetchone()
            if row is None:
                # an older slot still waiting for a retry is replaced: this digest carries its news
                c.execute(
                    "UPDATE digest_posts SET status = 'abandoned', error = 'superseded by ' || ?, lease_until = NULL,"
                    " updated_at = ? WHERE subscription_id = ? AND slot_at < ? AND status IN ('claimed', 'failed')",
                    (slot, now, sub.id, slot_at),
                )
                c.execute(
                    "INSERT INTO digest_posts(subscription_id, slot, slot_at, status, owner, lease_until, missed,"
                    " updated_at) VALUES (?,?,?,'claimed',?,?,?,?)",
                    (sub.id, slot, slot_at, owner, lease_until, missed, now),
                )
            else:
                post = _post(row)
                if post.status in TERMINAL:
                    return None
                lease_over = post.lease_until is None or post.lease_until <= now
                if post.status == "posting":
                    if lease_over:
                        self._finish(c, sub.id, slot, "uncertain", now, error="stopped while posting")
                        log.warning(
                            "digest #%s slot %s: the process posting it (%s) stopped while posting; it may or may "
                            "not have reached the channel, so it is not posted again, and its news goes into the "
                            "next digest",
                            sub.id, slot, post.owner,
                        )
                    return None
                if post.status == "claimed" and not lease_over:  # being composed right now, maybe by us
                    return None
                if post.status == "failed" and (post.next_try or 0) > now:
                    return None
                c.execute(
                    "UPDATE digest_posts SET status = 'claimed', owner = ?, lease_until = ?, updated_at = ?"
                    " WHERE subscription_id = ? AND slot = ?",
                    (owner, lease_until, now, sub.id, slot),
                )
            row = c.execute(
                "SELECT * FROM digest_posts WHERE subscription_id = ? AND slot = ?", (sub.id, slot)
            ).fetchone()
        return _post(row)

    def start_posting(
        self, sub_id: int, slot: str, owner: str, lease_until: float, window: NewsWindow, now: float
    ) -> bool:
        """Record that the platform is about to be called; False when the claim was lost meanwhile."""
        with self.repo.transaction() as c:
            return (
                c.execute(
                    "UPDATE digest_posts SET status = 'posting', attempts = attempts + 1, lease_until = ?,"
                    " window_from = ?, window_to = ?, updated_at = ?"
                    " WHERE subscription_id = ? AND slot = ? AND owner = ? AND status = 'claimed'",
                    (lease_until, window.since, window.until, now, sub_id, slot, owner),
                ).rowcount
                == 1
            )

    def sent(self, sub_id: int, slot: str, slot_at: float, watermark: float, now: float) -> None:
        self._done(sub_id, slot, slot_at, "sent", now, watermark=watermark)

    def empty(self, sub_id: int, slot: str, slot_at: float, watermark: float, now: float) -> None:
        self._done(sub_id, slot, slot_at, "empty", now, watermark=watermark)

    def abandoned(self, sub_id: int, slot: str, slot_at: float, error: str, now: float) -> None:
        self._done(sub_id, slot, slot_at, "abandoned", now, error=error)

    def failed(self, sub_id: int, slot: str, error: str, next_try: float, now: float) -> None:
        with self.repo.transaction() as c:
            c.execute(
                "UPDATE digest_posts SET status = 'failed', error = ?, next_try = ?, lease_until = NULL,"
                " updated_at = ? WHERE subscription_id = ? AND slot = ?",
                (error[:500], next_try, now, sub_id, slot),
            )

    def _done(
        self, sub_id: int, slot: str, slot_at: float, status: str, now: float,
        watermark: float | None = None, error: str | None = None,
    ) -> None:
        with self.repo.transaction() as c:
            self._finish(c, sub_id, slot, status, now, error=error)
            c.execute(  # the watermark and the last slot's instant only move forward
                "UPDATE digest_subscriptions SET watermark = CASE WHEN ? > watermark THEN ? ELSE watermark END,"
                " last_slot = ?, last_slot_at = CASE WHEN last_slot_at IS NULL OR ? > last_slot_at THEN ?"
                " ELSE last_slot_at END WHERE id = ?",
                (watermark, watermark, slot, slot_at, slot_at, sub_id),
            )

    @staticmethod
    def _finish(c: Connection, sub_id: int, slot: str, status: str, now: float, error: str | None) -> None:
        c.execute(
            "UPDATE digest_posts SET status = ?, error = COALESCE(?, error), lease_until = NULL, updated_at = ?"
            " WHERE subscription_id = ? AND slot = ?",
            (status, error, now, sub_id, slot),
        )
        if status == "uncertain":  # the slot is over either way; the next digest carries its news
            post = c.execute(
                "SELECT slot_at FROM digest_posts WHERE subscription_id = ? AND slot = ?", (sub_id, slot)
            ).fetchone()
            c.execute(
                "UPDATE digest_subscriptions SET last_slot = ?, last_slot_at = CASE WHEN last_slot_at IS NULL"
                " OR ? > last_slot_at THEN ? ELSE last_slot_at END WHERE id = ?",
                (slot, post["slot_at"], post["slot_at"], sub_id),
            )

    # ---- what is new ------------------------------------------------------

    def news(self, since: float) -> NewsWindow:
        """Articles first seen or changed after ``since``; ``until`` is the newest such time (a snapshot)."""
        rows = self.repo.query(
            "SELECT l.article_id, l.first_seen, l.changed FROM article_log l JOIN articles a ON a.id = l.article_id"
            " WHERE l.first_seen > ? OR l.changed > ? ORDER BY l.first_seen",
            (since, since),
        )
        until = max((max(r["first_seen"], r["changed"]) for r in rows), default=since)
        new = [r["article_id"] for r in rows if r["first_seen"] > since]
        changed = [r["article_id"] for r in rows if r["first_seen"] <= since]
        return NewsWindow(since, until, new, changed)

    def first_seen(self) -> dict[str, float]:
        return {r["article_id"]: r["first_seen"] for r in self.repo.query("SELECT article_id, first_seen FROM article_log")}
