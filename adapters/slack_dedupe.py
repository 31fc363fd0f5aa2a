"""Handle each Slack event once, even when Slack delivers it again.

Slack retries an event it thinks went unanswered (``retry_attempt`` in
Socket Mode, ``X-Slack-Retry-Num`` over HTTP) with the same ``event_id``;
answering the retry would post the answer twice. This remembers the most
recent event ids of one process, in bounded memory. Several instances
behind one app would each see some retries, so they would need a shared
store (the index database) instead.
"""
from __future__ import annotations

import logging
from collections import OrderedDict

from slack_bolt.response import BoltResponse

__all__ = ["SeenEvents"]

log = logging.getLogger(__name__)


class SeenEvents:
    """The last ``size`` event ids, oldest forgotten first."""

    def __init__(self, size: int = 10_000) -> None:
        if size < 1:
            raise ValueError(f"SeenEvents size must be at least 1, got {size}")
        self.size = size
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
        if event_id and not self.first_time(event_id):
            log.info("event %s already handled; acknowledging the retry only", event_id)
            return BoltResponse(status=200, body="")
        return await next()
