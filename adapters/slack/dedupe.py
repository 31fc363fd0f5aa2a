"""Handle each Slack event once, even when Slack delivers it again.

Slack retries an event it thinks went unanswered (``retry_attempt`` in
Socket Mode, ``X-Slack-Retry-Num`` over HTTP) with the same ``event_id``;
answering the retry would post the answer twice. This remembers the most
recent event ids of one process, in bounded memory, and, given a shared
log (``bot.store.deliveries.DeliveryLog`` on the index database), also
what every other instance on that database has handled: several instances
behind one app (HTTP mode behind a load balancer) answer an event once.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from slack_bolt.response import BoltResponse

__all__ = ["SeenEvents"]

log = logging.getLogger(__name__)


class SeenEvents:
    """The last ``size`` event ids, oldest forgotten first."""

    def __init__(self, size: int = 10_000, shared=None) -> None:
        if size < 1:
            raise ValueError(f"SeenEvents size must be at least 1, got {size}")
        self.size = size
        self.shared = shared  # a DeliveryLog, or None for this process only
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """True the first time ``event_id`` is seen (and remembers it), False after."""
        if event_id in self._ids:
            self._ids.move_to_end(event_id)
            return False
        self._ids[event_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True

    async def middleware(self, body: dict, next) -> BoltResponse | None:
        """Bolt global middleware: acknowledge a repeated event without handling it again."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not (self.first_time(event_id) and await self._first_everywhere(event_id)):
            log.info("event %s already handled; acknowledging the retry only", event_id)
            return BoltResponse(status=200, body="")
        return await next()

    async def _first_everywhere(self, event_id: str) -> bool:
        if self.shared is None:
            return True
        try:
            return await asyncio.to_thread(self.shared.first_time, f"slack:{event_id}")
        except Exception:  # the database is down: answering twice beats not answering
            log.exception("could not check event %s in the shared log; handling it", event_id)
            return True
