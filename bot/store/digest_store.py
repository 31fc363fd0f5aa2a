"""Digest subscriptions, their posts and watermarks: every read and write of the digest tables.

The database is the coordination point between bot processes: a slot is
claimed in one write transaction (``BEGIN IMMEDIATE`` on SQLite, the advisory
write lock on PostgreSQL: bot/store/backend.py), so of two processes that
find the same slot due, one gets it and the other sees it taken. Who works on
a slot is its ``owner`` while ``lease_until`` lies ahead; its ``status`` says
what its last attempt did:

- ``claimed``: no attempt yet (being composed);
- ``posting``: the platform is being called (written before the call);
- ``failed``: the platform refused; nothing is in the channel; retried at ``next_try``;
- ``unknown``: an attempt may have reached the channel (a timeout, a lost
  connection, a process that stopped while posting: a ``posting`` row whose
  lease ran out becomes ``unknown``); every later attempt first looks for the
  slot's key in the channel (``bot.digest.posting``), and stays ``unknown``;
- ``sent`` (found in the channel or accepted), ``empty`` (nothing new),
  ``abandoned`` (given up, or superseded while surely not in the channel);
  ``uncertain`` is written by older versions only.

An attempt is composed from the window recorded by the first one
(``window_from``, ``window_to``), so whichever attempt reached the channel, the
watermark moves to what it carried. The watermark moves only with ``sent`` or
``empty``, so what an abandoned post carried is in the next one.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.store.backend import Connection, Row
from bot.store.repository import Repository

__all__ = ["DigestStore", "SubscriptionRow", "PostRow", "NewsWindow", "DuplicateSubscription"]

log = logging.getLogger(__name__)

TERMINAL = ("sent", "empty", "abandoned", "uncertain")
DOUBTFUL = ("unknown", "posting")  # may be in the channel: looked for before anything else is posted


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
        """Take (subscription, slot) for ``owner``, or None when another process has it, it waits, or it is done.

        A new slot is inserted (``claimed``); an unfinished one is taken over
        when nobody holds its lease and its retry is due, keeping its status
        (``failed`` or ``unknown``). A ``posting`` row whose lease ran out
        lost its process mid-post: it becomes ``unknown`` and is taken over at
        once, to be looked for in the channel before it is posted again.
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
                # an older slot surely not in the channel and waiting for a retry is replaced: this digest carries
                # its news (one that may be in the channel is settled by the scheduler before a newer slot is claimed)
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
                if post.lease_until is not None and post.lease_until > now:  # someone works on it (maybe we)
                    return None
                status = post.status
                if status == "posting":
                    status = "unknown"
                    log.warning(
                        "digest #%s slot %s: the process posting it (%s) stopped while posting; the post may or may "
                        "not be in the channel, so it is looked for there before it is posted again",
                        sub.id, slot, post.owner,
                    )
                elif (post.next_try or 0) > now:
                    return None
                c.execute(
                    "UPDATE digest_posts SET status = ?, owner = ?, lease_until = ?, updated_at = ?"
                    " WHERE subscription_id = ? AND slot = ?",
                    (status, owner, lease_until, now, sub.id, slot),
                )
            row = c.execute(
                "SELECT * FROM digest_posts WHERE subscription_id = ? AND slot = ?", (sub.id, slot)
            ).fetchone()
        return _post(row)

    def doubtful(self, sub_id: int, before: float) -> list[PostRow]:
        """Slots before ``before`` whose post may be in the channel (``unknown``, or ``posting``), oldest first."""
        marks = ",".join("?" * len(DOUBTFUL))
        rows = self.repo.query(
            f"SELECT * FROM digest_posts WHERE subscription_id = ? AND slot_at < ? AND status IN ({marks})"
            " ORDER BY slot_at",
            (sub_id, before, *DOUBTFUL),
        )
        return [_post(r) for r in rows]

    def start_posting(
        self, sub_id: int, slot: str, owner: str, lease_until: float, window: NewsWindow, now: float
    ) -> bool:
        """Record that the platform is about to be called; False when the claim was lost meanwhile.

        The first attempt records its window; later ones keep it (they carry the same news).
        """
        with self.repo.transaction() as c:
            return (
                c.execute(
                    "UPDATE digest_posts SET status = 'posting', attempts = attempts + 1, lease_until = ?,"
                    " window_from = COALESCE(window_from, ?), window_to = COALESCE(window_to, ?), updated_at = ?"
                    " WHERE subscription_id = ? AND slot = ? AND owner = ? AND status IN ('claimed', 'failed', 'unknown')",
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

    def failed(
        self, sub_id: int, slot: str, error: str, next_try: float, now: float, doubtful: bool = False,
        count: bool = False,
    ) -> None:
        """A refused attempt (``failed``), or one that may have reached the channel (``doubtful``: ``unknown``);
        ``count``: an attempt that ``start_posting`` did not count (it only looked in the channel)."""
        with self.repo.transaction() as c:
            c.execute(
                "UPDATE digest_posts SET status = ?, error = ?, next_try = ?, lease_until = NULL, updated_at = ?,"
                " attempts = attempts + ? WHERE subscription_id = ? AND slot = ?",
                ("unknown" if doubtful else "failed", error[:500], next_try, now, int(count), sub_id, slot),
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

    # ---- what is new ------------------------------------------------------

    def news(self, since: float, until: float | None = None) -> NewsWindow:
        """Articles first seen or changed after ``since`` (and at or before ``until`` if given: an earlier
        attempt's window again); ``until`` is the newest such time (a snapshot)."""
        rows = self.repo.query(
            "SELECT l.article_id, l.first_seen, l.changed FROM article_log l JOIN articles a ON a.id = l.article_id"
            " WHERE l.first_seen > ? OR l.changed > ? ORDER BY l.first_seen",
            (since, since),
        )
        if until is not None:
            rows = [r for r in rows if since < r["first_seen"] <= until or since < r["changed"] <= until]
            return NewsWindow(
                since, until, [r["article_id"] for r in rows if r["first_seen"] > since],
                [r["article_id"] for r in rows if r["first_seen"] <= since],
            )
        until = max((max(r["first_seen"], r["changed"]) for r in rows), default=since)
        new = [r["article_id"] for r in rows if r["first_seen"] > since]
        changed = [r["article_id"] for r in rows if r["first_seen"] <= since]
        return NewsWindow(since, until, new, changed)

    def first_seen(self) -> dict[str, float]:
        return {r["article_id"]: r["first_seen"] for r in self.repo.query("SELECT article_id, first_seen FROM article_log")}
