"""Posting due digests, each (channel, slot) at most once, whichever process gets there first.

Every ``poll`` seconds the scheduler looks at each subscription whose
platform has a deliverer in this process (adapters register one when they
connect). The latest slot at or before now is due unless it was handled:
after downtime that is one catch-up digest covering the whole gap, never one
per missed slot. The slot is claimed in the database, composed, recorded as
``posting``, handed to the platform, and recorded as ``sent`` only when the
platform accepted it. A refused post is retried with exponential backoff and
logged each time; after ``digest_retry_attempts`` it is logged as an error and
its news carries over into the next digest (the watermark did not move).
A process that stops while posting leaves a ``posting`` row: once its lease
runs out it is marked ``uncertain`` and not posted again, because it may
already be in the channel; its news also carries over.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.digest.compose import compose
from bot.digest.cron import Schedule
from bot.models import DigestAnswer
from bot.store.digest_store import DigestStore, SubscriptionRow

__all__ = ["DigestScheduler", "Deliver", "Outcome", "run_digests"]

log = logging.getLogger(__name__)

Deliver = Callable[[SubscriptionRow, DigestAnswer], Awaitable[bool]]
CLAIM_LEASE = 120.0  # seconds a claim is held before another process may take it over
POST_TIMEOUT = 60.0  # a platform call that takes longer counts as failed (and is retried)
POST_LEASE = POST_TIMEOUT * 2  # a `posting` row older than this: its process stopped
MAX_BACKOFF = 3600.0


@dataclass(frozen=True)
class Outcome:
    subscription_id: int
    slot: str
    status: str  # sent | empty | failed | abandoned
    missed: int = 0


class DigestScheduler:
    def __init__(self, newsdesk, owner: str | None = None) -> None:
        self.newsdesk = newsdesk
        self.settings = newsdesk.settings
        self.store = DigestStore(newsdesk.repo)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.deliverers: dict[str, Deliver] = {}

    def register(self, platform: str, deliver: Deliver) -> None:
        """``deliver(subscription, digest) -> bool``: True once the platform accepted the post."""
        self.deliverers[platform] = deliver

    def unregister(self, platform: str) -> None:
        self.deliverers.pop(platform, None)

    async def run(self, poll: float) -> None:
        """Tick every ``poll`` seconds until cancelled; a failing tick is logged, the next one runs."""
        if poll <= 0:
            return
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("digest scheduler: tick failed")
            await asyncio.sleep(poll)

    async def tick(self) -> list[Outcome]:
        """Post every due digest this process can deliver; returns what happened to each."""
        if not self.deliverers:
            return []
        await asyncio.to_thread(self.newsdesk.ensure_index)
        outcomes = []
        for sub in await asyncio.to_thread(self.store.subscriptions):
            deliver = self.deliverers.get(sub.platform)
            if deliver is None:
                continue
            try:
                outcome = await self._handle(sub, deliver)
            except Exception:
                log.exception("digest #%s (%s %s): failed", sub.id, sub.platform, sub.channel_name or sub.channel)
                continue
            if outcome is not None:
                outcomes.append(outcome)
                self.newsdesk.metrics.digest(outcome.status, sub.platform)
        return outcomes

    async def _handle(self, sub: SubscriptionRow, deliver: Deliver) -> Outcome | None:
        schedule = Schedule(sub.cron, sub.tz)
        now = time.time()
        due = schedule.latest_until(datetime.fromtimestamp(now, timezone.utc))
        if due is None or due.timestamp <= sub.created_at or due.timestamp <= (sub.last_slot_at or 0):
            return None
        after = datetime.fromtimestamp(max(sub.created_at, sub.last_slot_at or 0), timezone.utc)
        missed = max(0, schedule.count_between(after, due.at) - 1)
        post = await asyncio.to_thread(
            self.store.claim, sub, due.key, due.timestamp, missed, self.owner, now + CLAIM_LEASE, now
        )
        if post is None:
            return None
        name = sub.channel_name or sub.channel
        answer, window = await asyncio.to_thread(self._compose, sub, schedule, post.missed)
        if answer.empty and not self.settings.digest_post_empty:
            await asyncio.to_thread(self.store.empty, sub.id, due.key, due.timestamp, window.until, time.time())
            log.info("digest #%s %s slot %s: nothing new, not posted", sub.id, name, due.key)
            return Outcome(sub.id, due.key, "empty", post.missed)
        started = await asyncio.to_thread(
            self.store.start_posting, sub.id, due.key, self.owner, time.time() + POST_LEASE, window, time.time()
        )
        if not started:
            return None
        error = None
        try:
            accepted = await asyncio.wait_for(deliver(sub, answer), POST_TIMEOUT)
        except Exception as exc:  # the platform or the network failed: a retry may succeed
            accepted, error = False, f"{type(exc).__name__}: {exc}"
        if accepted:
            await asyncio.to_thread(self.store.sent, sub.id, due.key, due.timestamp, window.until, time.time())
            log.info("digest #%s %s slot %s: posted%s", sub.id, name, due.key, f" (catching up {post.missed})" if post.missed else "")
            return Outcome(sub.id, due.key, "sent", post.missed)
        return await asyncio.to_thread(self._failed, sub, due.key, due.timestamp, post.attempts + 1, error)

    def _compose(self, sub: SubscriptionRow, schedule: Schedule, missed: int):
        self.newsdesk.context.refresh()  # another process may have indexed what is new
        window = self.store.news(sub.watermark)
        answer = compose(
            self.newsdesk.context,
            window,
            topic=sub.topic,
            channel=sub.channel_name or sub.channel,
            schedule=schedule.describe(),
            missed=missed,
        )
        return answer, window

    def _failed(self, sub: SubscriptionRow, slot: str, slot_at: float, attempts: int, error: str | None) -> Outcome:
        name = sub.channel_name or sub.channel
        reason = error or "the platform refused the post"
        now = time.time()
        if attempts >= self.settings.digest_retry_attempts:
            self.store.abandoned(sub.id, slot, slot_at, reason, now)
            log.error(
                "digest #%s %s slot %s: given up after %d attempts (%s); its news goes into the next digest",
                sub.id, name, slot, attempts, reason,
            )
            return Outcome(sub.id, slot, "abandoned")
        delay = min(self.settings.digest_retry_seconds * 2 ** (attempts - 1), MAX_BACKOFF)
        self.store.failed(sub.id, slot, reason, now + delay, now)
        log.warning(
            "digest #%s %s slot %s: post failed (attempt %d of %d: %s); retrying in %.0f s",
            sub.id, name, slot, attempts, self.settings.digest_retry_attempts, reason, delay,
        )
        return Outcome(sub.id, slot, "failed")


async def run_digests(newsdesk) -> None:
    """The scheduler loop of ``newsdesk run``; adapters register their deliverers on ``newsdesk.digests``."""
    await newsdesk.digests.run(newsdesk.settings.digest_poll_seconds)
