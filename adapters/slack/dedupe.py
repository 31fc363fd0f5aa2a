"""Handle each Slack event, slash command and button press once, even when it arrives again.

Slack retries an event it thinks went unanswered (``retry_attempt`` in
Socket Mode, ``X-Slack-Retry-Num`` over HTTP) with the same ``event_id``;
answering the retry would post the answer twice. A slash command or a
button press is never retried by Slack, but a signed request can be
replayed as it is within its five minutes, and each carries a
``trigger_id`` that Slack makes once per invocation: a second request with
the same one is a copy. This remembers the most recent ids of one process,
in bounded memory, and, given a shared log (``bot.store.deliveries.DeliveryLog``
on the index database, which forgets ids after a day, long after their
signatures went stale), also what every other instance on that database
has handled: several instances behind one app (HTTP mode behind a load
balancer) answer each once.
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
        """Bolt global middleware: acknowledge a repeated event, command or press without handling it again."""
        key = delivery_key(body)
        if key and not (self.first_time(key) and await self._first_everywhere(key)):
            log.info("%s already handled; acknowledging the copy only", key)
            return BoltResponse(status=200, body="")
        return await next()

    async def _first_everywhere(self, key: str) -> bool:
        if self.shared is None:
            return True
        try:
            return await asyncio.to_thread(self.shared.first_time, f"slack:{key}")
        except Exception as exc:  # the database is down: answering twice beats not answering
            log.warning("could not check %s in the shared log (%s: %s); handling it", key, type(exc).__name__, exc)
            return True


def delivery_key(body: dict) -> str | None:
    """What makes a request one delivery: an event's ``event_id``, else a command's or a press's ``trigger_id``."""
    if body.get("type") == "event_callback":
        event_id = body.get("event_id")
        return event_id if isinstance(event_id, str) and event_id else None
    trigger_id = body.get("trigger_id")
    return f"trigger:{trigger_id}" if isinstance(trigger_id, str) and trigger_id else None
