"""Posting due digests, each (channel, slot) exactly once, whichever process gets there first.

Every ``poll`` seconds the scheduler looks at each subscription whose
platform has a deliverer in this process (adapters register one when they
connect). The latest slot at or before now is due unless it was handled:
after downtime that is one catch-up digest covering the whole gap, never one
per missed slot. The slot is claimed in the database, composed, recorded as
``posting``, handed to the platform with its idempotency key
(``bot.digest.posting``), and recorded as ``sent`` once the platform accepted
it.

What the platform says decides the retry. A refusal (``Refused``) is retried
with exponential backoff and logged each time; after
``digest_retry_attempts`` it is logged as an error and its news carries over
into the next digest (the watermark did not move). An unknown outcome (a
call slower than ``digest_post_timeout``, a dropped connection, a process
that stopped while posting) is never taken as a refusal: the slot becomes
``unknown`` and every later attempt first looks for its key in the channel,
recording it as sent when it is there and posting it only when it is not.
A slot in doubt when the next one is due is settled first (looked for, not
posted again), so the next digest neither repeats nor loses its news.

A subscription whose stored schedule cannot run (a row written before
schedules were checked) is skipped with one warning. While the database is
unreachable the scheduler logs one warning line per outage, not a traceback
per poll.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.digest.compose import compose
from bot.digest.cron import Schedule, stored_problem
from bot.digest.posting import Deliverer, Refused, post_key
from bot.store.backend import StoreUnavailable
from bot.store.digest_store import DigestStore, NewsWindow, PostRow, SubscriptionRow

__all__ = ["DigestScheduler", "Outcome", "run_digests", "CALLS_PER_ATTEMPT"]

log = logging.getLogger(__name__)

CLAIM_LEASE = 120.0  # seconds a claim is held before another process may take it over
CALLS_PER_ATTEMPT = 4  # platform calls one attempt may make (looking in the channel, then posting)
MAX_BACKOFF = 3600.0


@dataclass(frozen=True)
class Outcome:
    subscription_id: int
    slot: str
    status: str  # sent | empty | failed | unknown | abandoned
    missed: int = 0


class DigestScheduler:
    def __init__(self, newsdesk, owner: str | None = None) -> None:
        self.newsdesk = newsdesk
        self.settings = newsdesk.settings
        self.store = DigestStore(newsdesk.repo)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.deliverers: dict[str, Deliverer] = {}
        self._store_down = False
        self._invalid: set[int] = set()  # subscriptions already warned about

    @property
    def attempt_timeout(self) -> float:
        """How long one attempt (looking in the channel, then posting) may take before its outcome is unknown."""
        return self.settings.digest_post_timeout * CALLS_PER_ATTEMPT

    @property
    def post_lease(self) -> float:
        """A ``posting`` row older than this lost its process (longer than any attempt of a live one)."""
        return self.attempt_timeout + self.settings.digest_post_timeout

    def register(self, platform: str, deliverer: Deliverer) -> None:
        """``deliverer.find`` and ``deliverer.post`` (bot.digest.posting) for the subscriptions of ``platform``."""
        self.deliverers[platform] = deliverer

    def unregister(self, platform: str) -> None:
        self.deliverers.pop(platform, None)

    async def run(self, poll: float) -> None:
        """Tick every ``poll`` seconds until cancelled; a failing tick is logged, the next one runs."""
        if poll <= 0:
            return
        while True:
            await self.poll()
            await asyncio.sleep(poll)

    async def poll(self) -> list[Outcome]:
        """One tick that never raises: an unreachable database is one warning per outage, anything else a traceback."""
        try:
            outcomes = await self.tick()
        except StoreUnavailable as exc:
            if not self._store_down:
                log.warning("digest scheduler: %s; digests wait until the database is back", exc)
            self._store_down = True
            return []
        except Exception:
            log.exception("digest scheduler: tick failed")
            return []
        if self._store_down:
            log.info("digest scheduler: the database is back; due digests are posted")
            self._store_down = False
        return outcomes

    async def tick(self) -> list[Outcome]:
        """Post every due digest this process can deliver; returns what happened to each."""
        if not self.deliverers:
            return []
        await asyncio.to_thread(self.newsdesk.ensure_index)
        outcomes = []
        for sub in await asyncio.to_thread(self.store.subscriptions):
            deliverer = self.deliverers.get(sub.platform)
            if deliverer is None or not self._runnable(sub):
                continue
            try:
                outcome = await self._handle(sub, deliverer)
            except StoreUnavailable:
                raise
            except Exception:
                log.exception("digest #%s (%s %s): failed", sub.id, sub.platform, sub.channel_name or sub.channel)
                continue
            if outcome is not None:
                outcomes.append(outcome)
                self.newsdesk.metrics.digest(outcome.status, sub.platform)
        return outcomes

    def _runnable(self, sub: SubscriptionRow) -> bool:
        problem = stored_problem(sub.cron, sub.tz)
        if problem is None:
            self._invalid.discard(sub.id)
            return True
        if sub.id not in self._invalid:
            self._invalid.add(sub.id)
            log.warning(
                "digest #%s (%s %s): not posted, its schedule cannot run: %s; unsubscribe it and subscribe again",
                sub.id, sub.platform, sub.channel_name or sub.channel, problem,
            )
        return False

    async def _handle(self, sub: SubscriptionRow, deliverer: Deliverer) -> Outcome | None:
        schedule = Schedule(sub.cron, sub.tz)
        now = time.time()
        due = schedule.latest_until(datetime.fromtimestamp(now, timezone.utc))
        if due is None or due.timestamp <= sub.created_at or due.timestamp <= (sub.last_slot_at or 0):
            return None
        earlier = await asyncio.to_thread(self.store.doubtful, sub.id, due.timestamp)
        for row in earlier:
            settled = await self._settle(sub, row, deliverer)
            if settled is None or settled.status not in ("sent", "abandoned"):
                return settled  # still in doubt: nothing newer is posted until it is settled
        if earlier:  # settling moved the watermark and the last slot
            sub = await asyncio.to_thread(self.store.get, sub.id)
            if sub is None:
                return None
        after = datetime.fromtimestamp(max(sub.created_at, sub.last_slot_at or 0), timezone.utc)
        missed = max(0, schedule.count_between(after, due.at) - 1)
        post = await asyncio.to_thread(
            self.store.claim, sub, due.key, due.timestamp, missed, self.owner, now + CLAIM_LEASE, now
        )
        if post is None:
            return None
        name = sub.channel_name or sub.channel
        answer, window = await asyncio.to_thread(self._compose, sub, schedule, post)
        if answer.empty and not self.settings.digest_post_empty and post.attempts == 0:
            await asyncio.to_thread(self.store.empty, sub.id, due.key, due.timestamp, window.until, time.time())
            log.info("digest #%s %s slot %s: nothing new, not posted", sub.id, name, due.key)
            return Outcome(sub.id, due.key, "empty", post.missed)
        started = await asyncio.to_thread(
            self.store.start_posting, sub.id, due.key, self.owner, time.time() + self.post_lease, window, time.time()
        )
        if not started:
            return None
        key = post_key(sub.id, sub.created_at, due.key)
        doubtful = post.status == "unknown"  # an earlier attempt may be in the channel: look before posting
        try:
            found = await asyncio.wait_for(self._attempt(deliverer, sub, answer, key, doubtful), self.attempt_timeout)
        except Refused as exc:
            return await asyncio.to_thread(self._failed, sub, post, post.attempts + 1, f"refused: {exc}", doubtful)
        except Exception as exc:  # slow, dropped, or anything else: the post may be in the channel
            reason = f"outcome unknown: {_describe(exc)}"
            return await asyncio.to_thread(self._failed, sub, post, post.attempts + 1, reason, True)
        await asyncio.to_thread(self.store.sent, sub.id, due.key, due.timestamp, window.until, time.time())
        how = "found in the channel, not posted again" if found else "posted"
        log.info("digest #%s %s slot %s: %s%s", sub.id, name, due.key, how,
                 f" (catching up {post.missed})" if post.missed else "")
        return Outcome(sub.id, due.key, "sent", post.missed)

    @staticmethod
    async def _attempt(deliverer: Deliverer, sub: SubscriptionRow, answer, key: str, look_first: bool) -> bool:
        """Post, unless ``look_first`` finds the post in the channel; True when it was found."""
        if look_first and await deliverer.find(sub, key):
            return True
        await deliverer.post(sub, answer, key)
        return False

    async def _settle(self, sub: SubscriptionRow, row: PostRow, deliverer: Deliverer) -> Outcome | None:
        """An earlier slot that may be in the channel, now that a newer one is due: look, never post it again.

        Found: it was sent, and the watermark moves to what it carried. Not found: it is abandoned and its news
        goes into the newer digest. Cannot tell: it stays in doubt (retried with backoff), and so does the newer one.
        """
        now = time.time()
        post = await asyncio.to_thread(
            self.store.claim, sub, row.slot, row.slot_at, row.missed, self.owner, now + self.post_lease, now
        )
        if post is None:
            return None
        name = sub.channel_name or sub.channel
        try:
            found = await asyncio.wait_for(
                deliverer.find(sub, post_key(sub.id, sub.created_at, row.slot)), self.attempt_timeout
            )
        except Exception as exc:
            reason = f"cannot look in the channel: {_describe(exc)}"
            return await asyncio.to_thread(self._failed, sub, post, post.attempts + 1, reason, True, True)
        if found:
            await asyncio.to_thread(
                self.store.sent, sub.id, row.slot, row.slot_at, post.window_to or sub.watermark, time.time()
            )
            log.info("digest #%s %s slot %s: found in the channel, recorded as sent", sub.id, name, row.slot)
            self.newsdesk.metrics.digest("sent", sub.platform)
            return Outcome(sub.id, row.slot, "sent", post.missed)
        await asyncio.to_thread(
            self.store.abandoned, sub.id, row.slot, row.slot_at, "not in the channel; superseded by a newer slot",
            time.time(),
        )
        log.warning(
            "digest #%s %s slot %s: not in the channel; its news goes into the next digest", sub.id, name, row.slot
        )
        self.newsdesk.metrics.digest("abandoned", sub.platform)
        return Outcome(sub.id, row.slot, "abandoned", post.missed)

    def _compose(self, sub: SubscriptionRow, schedule: Schedule, post: PostRow):
        """The digest of this slot: what is new since the watermark, or, on a retry, the first attempt's window."""
        self.newsdesk.context.refresh()  # another process may have indexed what is new
        if post.window_from is not None and post.window_to is not None:
            window = self.store.news(post.window_from, post.window_to)
        else:
            window = self.store.news(sub.watermark)
        answer = compose(
            self.newsdesk.context,
            window,
            topic=sub.topic,
            channel=sub.channel_name or sub.channel,
            schedule=schedule.describe(),
            missed=post.missed,
        )
        return answer, window

    def _failed(
        self, sub: SubscriptionRow, post: PostRow, attempts: int, reason: str, doubtful: bool, counted: bool = False
    ) -> Outcome:
        """A refused attempt (``failed``) or one that may be in the channel (``unknown``): retry later, or give up.

        ``attempts``: this one included; ``counted``: an attempt start_posting did not count (only looked).
        """
        name, slot = sub.channel_name or sub.channel, post.slot
        now = time.time()
        if attempts >= self.settings.digest_retry_attempts:
            self.store.abandoned(sub.id, slot, post.slot_at, reason, now)
            log.error(
                "digest #%s %s slot %s: given up after %d attempts (%s); %sits news goes into the next digest",
                sub.id, name, slot, attempts, reason,
                "it may or may not be in the channel, and " if doubtful else "",
            )
            return Outcome(sub.id, slot, "abandoned")
        delay = min(self.settings.digest_retry_seconds * 2 ** (min(attempts, 30) - 1), MAX_BACKOFF)
        self.store.failed(sub.id, slot, reason, now + delay, now, doubtful=doubtful, count=counted)
        log.warning(
            "digest #%s %s slot %s: %s (attempt %d of %d: %s); %s in %.0f s",
            sub.id, name, slot, "may be in the channel" if doubtful else "post failed", attempts,
            self.settings.digest_retry_attempts, reason,
            "looking in the channel before posting again" if doubtful else "retrying", delay,
        )
        return Outcome(sub.id, slot, "unknown" if doubtful else "failed")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return "no answer in time"
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def run_digests(newsdesk) -> None:
    """The scheduler loop of ``newsdesk run``; adapters register their deliverers on ``newsdesk.digests``."""
    await newsdesk.digests.run(newsdesk.settings.digest_poll_seconds)
