"""Which platform deliveries (Slack event ids, ...) a bot process has taken, shared by every process on the index.

A platform that retries a delivery it thinks went unanswered sends the same
id again, possibly to another instance behind the same app. The first
process to insert the id handles it; the others see it taken. Ids older than
``KEEP_SECONDS`` are forgotten (platforms retry within minutes).
"""
from __future__ import annotations

import time

from bot.store.repository import Repository

__all__ = ["DeliveryLog"]

KEEP_SECONDS = 24 * 3600
PRUNE_EVERY = 500  # inserts between two deletions of old ids


class DeliveryLog:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._inserts = 0

    def first_time(self, delivery_id: str) -> bool:
        """True for the first process that records ``delivery_id``; False for every later one."""
        now = time.time()
        with self.repo.transaction() as c:
            taken = c.execute(
                "INSERT INTO deliveries(id, seen_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING", (delivery_id, now)
            ).rowcount == 0
            self._inserts += 1
            if self._inserts % PRUNE_EVERY == 0:
                c.execute("DELETE FROM deliveries WHERE seen_at < ?", (now - KEEP_SECONDS,))
        return not taken
